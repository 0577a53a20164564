#pragma once

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

// Fake `ssh` and `systemd-stdio-bridge` in binDir(), for the front of a PATH: each writes
// a file into the marks folder when run, as should every payload a test builds with
// mark(). An empty marks() proves that a hostile input ran nothing.
class ProgramTrap final
{
public:
    ProgramTrap()
    {
        QDir(m_dir.path()).mkdir(QStringLiteral("bin"));
        QDir(m_dir.path()).mkdir(QStringLiteral("marks"));
        for (const QString &program : {QStringLiteral("ssh"), QStringLiteral("systemd-stdio-bridge")}) {
            QFile script(binDir() + u'/' + program);
            EXPECT_TRUE(script.open(QIODevice::WriteOnly));
            script.write(QStringLiteral("#!/bin/sh\necho \"$@\" > '%1'\nexit 1\n").arg(mark(program)).toUtf8());
            script.close();
            script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        }
    }
    Q_DISABLE_COPY_MOVE(ProgramTrap)

    QString binDir() const { return m_dir.filePath(QStringLiteral("bin")); }
    QString mark(const QString &name) const { return m_dir.filePath(QStringLiteral("marks/") + name); }
    QStringList marks() const { return QDir(m_dir.filePath(QStringLiteral("marks"))).entryList(QDir::Files); }
    // A place for the test's other files.
    QString filePath(const QString &name) const { return m_dir.filePath(name); }

private:
    QTemporaryDir m_dir;
};
