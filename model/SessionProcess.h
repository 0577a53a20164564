#pragma once

#include "SessionRef.h"

#include <QCoreApplication>
#include <QMetaType>
#include <QString>

#include <optional>

// One process of a session, as its server lists it. What a backend cannot give stays empty.
struct SessionProcess final
{
    QString server;    // the canonical address, as Session::server
    QString sessionId; // the session the process runs in
    quint32 pid = 0;
    QString name;        // the image name: "excel.exe", "bash"
    QString commandLine; // empty where unknown
    QString user;        // DOMAIN\user (WTS) or the user name (logind); empty where unknown
    std::optional<qint64> threads;
    std::optional<qint64> handles;
    std::optional<qint64> memoryBytes; // working set (WTS), resident memory (Linux)
    std::optional<double> cpuSeconds;  // user and kernel time together
};

Q_DECLARE_METATYPE(SessionProcess)

// The process an action is meant for. Pids are reused like session ids, so an action names
// the pid together with the program that had it when it was listed and the logon it ran in;
// a backend checks all three just before it acts and refuses with Changed when they differ.
struct ProcessRef final
{
    quint32 pid = 0;
    QString name;       // checked when not empty
    SessionRef session; // checked unless it is a plain id; an empty id checks no session

    // The process shown in a row, in the logon `session` (the row's session).
    static ProcessRef of(const SessionProcess &process, const SessionRef &session);

    // Parses sessionctl's argument: "PID", or "PID@SESSION" with SESSION a session id or ref
    // as SessionRef::parse() reads it (so "1234@3" or "1234@3@2026-11-25T09:15:02.123Z").
    // The name is not part of it. nullopt, with `error` saying why, for anything else.
    static std::optional<ProcessRef> parse(const QString &text, QString *error);
    // The word parse() reads: "PID", or "PID@" and the session's ref.
    QString toString() const;

    // Whether `pid` names one process. 0 and what reads as a negative pid_t do not: kill()
    // reads them as the caller's process group or every process it may signal.
    static bool isProcessId(qint64 pid) { return pid > 0 && pid <= 0x7FFFFFFF; }

    bool operator==(const ProcessRef &) const = default;

    Q_DECLARE_TR_FUNCTIONS(ProcessRef)
};
