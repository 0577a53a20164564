#pragma once

#include "Session.h"
#include "SessionDigest.h"

#include <QList>

#include <span>
#include <vector>

// What enumeration snapshots of some servers change in a list of rows that also holds other
// servers' rows, interleaved: the rows of those servers to remove, the rows that stay and the
// snapshot entry each now shows, and the entries that are new. It reads the rows and the
// snapshots and changes neither; SessionTableModel applies it and announces each step. Many
// servers' snapshots are diffed in one pass over the rows, so that a window of a thousand
// servers pays for the rows once per batch, not once per server.
//
// A row and an entry match when they have the same key (server, id, logon time): an id
// reused by a later logon is a new session. Linear in rows and entries: snapshots mostly
// list sessions in the rows' order, so the next row or the one after it is tried first, and
// the key index is built only when that guess misses. Keys and contents are compared by
// their digests: a row whose digest is the entry's is unchanged but for its idle and CPU
// times, and only the others are compared field by field.
//
// Duplicate keys in a snapshot: an entry whose row was matched by an earlier entry is
// dropped; entries whose key has no row are all inserted, so each becomes a row.
class SnapshotDiff final
{
public:
    // A row as the diff reads it: the session shown, its digest, and its server as a small
    // number (the model's, the same for every row of a server).
    struct ObservedSession
    {
        const Session *session = nullptr;
        SessionDigest digest;
        int serverId = 0;
    };

    // One server's snapshot: every session of server `serverId` and their digests, observed
    // at `observedAtMSecs`; the server's rows were observed at `rowsObservedAtMSecs`.
    struct Snapshot
    {
        int serverId = 0;
        const QList<Session> *sessions = nullptr;
        std::span<const SessionDigest> digests;
        qint64 observedAtMSecs = 0;
        qint64 rowsObservedAtMSecs = 0;
    };

    // Bitmask of the columns whose shown or sorted value differs when `old`, observed at
    // `oldObservedAtMSecs`, is replaced by `next`, observed at `observedAtMSecs`.
    using ChangedColumns = quint32 (*)(const Session &old, qint64 oldObservedAtMSecs, const Session &next,
                                       qint64 observedAtMSecs);

    // Rows `first` to `last` inclusive, numbered as they are when their run is removed: runs
    // are listed top down, each numbered after the runs above it have gone.
    struct RemovedRun
    {
        int first = 0;
        int last = 0;
        bool operator==(const RemovedRun &) const = default;
    };

    // A row that stays, numbered after all removals, and the snapshot entry it now shows.
    struct Match
    {
        int row = 0;
        int entry = 0;
        quint32 changedColumns = 0;
        int snapshot = 0;
        bool operator==(const Match &) const = default;
    };

    // A snapshot entry that no row shows.
    struct Entry
    {
        int entry = 0;
        int snapshot = 0;
        bool operator==(const Entry &) const = default;
    };

    // `rows` are all the rows, every server's, in their order; `snapshots` name each server at
    // most once. `idleColumns` and `cpuColumns` are what changedColumns says when only the
    // idle time shown moved, or when the CPU time is known.
    SnapshotDiff(std::span<const ObservedSession> rows, std::span<const Snapshot> snapshots,
                 ChangedColumns changedColumns, quint32 idleColumns, quint32 cpuColumns);

    const std::vector<RemovedRun> &removedRuns() const { return m_removedRuns; }
    // For each of the `rows` rows before the snapshot, its number once the runs are removed,
    // or -1 for a removed row.
    std::vector<int> rowsAfterRemoval(int rows) const;
    // In row order.
    const std::vector<Match> &matches() const { return m_matches; }
    // Snapshot entries that no row shows, snapshot by snapshot, each in its order.
    const std::vector<Entry> &insertedEntries() const { return m_insertedEntries; }
    // How many matched rows have a changed column.
    int changedRows() const { return m_changedRows; }

private:
    std::vector<RemovedRun> m_removedRuns;
    std::vector<Match> m_matches;
    std::vector<Entry> m_insertedEntries;
    int m_changedRows = 0;
};
