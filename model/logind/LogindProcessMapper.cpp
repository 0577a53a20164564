#include "LogindProcessMapper.h"

QList<SessionProcess> LogindProcessMapper::fromUnitProcesses(const QVariantList &processes, const QString &server,
                                                             const QString &sessionId, const QString &user)
{
    QList<SessionProcess> mapped;
    mapped.reserve(processes.size());
    for (const QVariant &entry : processes) {
        const QVariantList fields = entry.toList();
        const qint64 pid = fields.value(1).toLongLong();
        if (!ProcessRef::isProcessId(pid))
            continue;
        SessionProcess process;
        process.server = server;
        process.sessionId = sessionId;
        process.pid = quint32(pid);
        process.commandLine = fields.value(2).toString();
        process.name = nameOf(process.commandLine);
        process.user = user;
        mapped << process;
    }
    return mapped;
}

QString LogindProcessMapper::nameOf(const QString &commandLine)
{
    if (commandLine.startsWith(u'[') && commandLine.endsWith(u']'))
        return commandLine.mid(1, commandLine.size() - 2);
    QString program = commandLine.section(u' ', 0, 0);
    program = program.section(u'/', -1);
    if (program.startsWith(u'-'))
        program.remove(0, 1);
    return program;
}
