#pragma once

#include "SessionProcess.h"

#include <QList>
#include <QVariantList>

// The processes of a session's scope unit as systemd's GetUnitProcesses lists them.
class LogindProcessMapper final
{
public:
    // GetUnitProcesses' a(sus) (cgroup path, pid, command line) as processes of session
    // `sessionId`, run by `user` (systemd names no user per process; a scope is one user's).
    static QList<SessionProcess> fromUnitProcesses(const QVariantList &processes, const QString &server,
                                                   const QString &sessionId, const QString &user);

    // The program's name from systemd's command line: the first word's basename, without
    // the "-" a login shell's argv[0] starts with; the comm of a process without a command
    // line, which systemd shows in brackets ("[kworker/0:1]").
    static QString nameOf(const QString &commandLine);
};
