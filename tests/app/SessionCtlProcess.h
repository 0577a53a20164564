#pragma once

#include <QProcess>
#include <QStringList>

#include <gtest/gtest.h>

#include <initializer_list>

// Runs the real sessionctl (SESSIONCTL_PATH) as its own process, as a script would.
struct CtlRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

inline CtlRun sessionctl(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(SESSIONCTL_PATH), arguments);
    EXPECT_TRUE(process.waitForFinished(60000));
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

inline QStringList args(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *a : list)
        out << QString::fromUtf8(a);
    return out;
}
