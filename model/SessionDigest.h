#pragma once

#include <QtGlobal>

#include <limits>

struct Session;

// What SnapshotDiff compares a session by, computed once per session where it is cheap (on
// a worker, or when a row is set) so that refreshing a hundred thousand unchanged rows reads
// numbers, not strings.
struct SessionDigest
{
    static constexpr qint64 NoIdleSince = std::numeric_limits<qint64>::min();

    quint64 key = 0;                     // the key, server aside (id and logon time)
    quint64 content = 0;                 // every other field but the server, the idle time and the CPU time
    qint64 idleSinceMSecs = NoIdleSince; // apart: it moves on every refresh of someone typing
    bool hasCpuTime = false;             // the CPU % is news on every snapshot where it is known

    static SessionDigest of(const Session &session);
    // The idle time in whole minutes at `observedAtMSecs`, as the Idle column shows it; -1
    // when the idle start is NoIdleSince. A refresh announces an idle change only when this moves.
    static qint64 idleMinutes(qint64 idleSinceMSecs, qint64 observedAtMSecs);
    // The session's idle start as idleSinceMSecs holds it.
    static qint64 idleSinceOf(const Session &session);
};
