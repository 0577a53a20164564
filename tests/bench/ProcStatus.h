#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>

#include <utility>

#include <unistd.h>

// One field of /proc/self/status as a number (VmRSS in kB, Threads), or -1 where there is none.
inline long procStatus(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLong();
    }
    return -1;
}

// The ssh processes this process started, and their PSS in kB.
inline std::pair<int, long> sshChildren()
{
    const QString self = QString::number(getpid());
    int count = 0;
    long pssKb = 0;
    for (const QString &pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        if (pid.toLong() <= 0)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = stat.readAll();
        const qsizetype close = text.lastIndexOf(')');
        const QByteArray name = text.mid(text.indexOf('(') + 1, close - text.indexOf('(') - 1);
        const QList<QByteArray> rest = text.mid(close + 2).split(' ');
        if (name != "ssh" || rest.value(1) != self.toLatin1())
            continue;
        ++count;
        QFile rollup(QStringLiteral("/proc/%1/smaps_rollup").arg(pid));
        if (!rollup.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &line : rollup.readAll().split('\n')) {
            if (line.startsWith("Pss:"))
                pssKb += line.mid(4).trimmed().split(' ').value(0).toLong();
        }
    }
    return {count, pssKb};
}
