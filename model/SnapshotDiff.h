#pragma once

#include "Session.h"

#include <QList>

#include <span>
#include <vector>

// What one server's enumeration snapshot changes in a list of rows that also holds other
// servers' rows, interleaved: the rows of that server to remove, the rows that stay and the
// snapshot entry each now shows, and the entries that are new. It reads the rows and the
// snapshot and changes neither; SessionTableModel applies it and announces each step.
//
// A row and an entry match when they have the same key (server, id, logon time): an id
// reused by a later logon is a new session. Linear in rows and entries: snapshots mostly
// list sessions in the rows' order, so the next row or the one after it is tried first, and
// the key index is built only when that guess misses.
//
// Duplicate keys in a snapshot: an entry whose row was matched by an earlier entry is
// dropped; entries whose key has no row are all inserted, so each becomes a row.
class SnapshotDiff final
{
public:
    // A row as the diff reads it: the session shown and when it was observed.
    struct ObservedSession
    {
        const Session *session = nullptr;
        qint64 observedAtMSecs = 0;
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
        bool operator==(const Match &) const = default;
    };

    // `rows` are all the rows, every server's, in their order.
    SnapshotDiff(std::span<const ObservedSession> rows, const QString &server, const QList<Session> &snapshot,
                 qint64 observedAtMSecs, ChangedColumns changedColumns);

    const std::vector<RemovedRun> &removedRuns() const { return m_removedRuns; }
    // For each of the `rows` rows before the snapshot, its number once the runs are removed,
    // or -1 for a removed row.
    std::vector<int> rowsAfterRemoval(int rows) const;
    // In row order.
    const std::vector<Match> &matches() const { return m_matches; }
    // Snapshot entries that no row shows, in snapshot order.
    const std::vector<int> &insertedEntries() const { return m_insertedEntries; }
    // How many matched rows have a changed column.
    int changedRows() const { return m_changedRows; }

private:
    std::vector<RemovedRun> m_removedRuns;
    std::vector<Match> m_matches;
    std::vector<int> m_insertedEntries;
    int m_changedRows = 0;
};
