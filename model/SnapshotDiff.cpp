#include "SnapshotDiff.h"

#include <algorithm>
#include <bit>
#include <optional>

namespace {

// The server's rows by key digest, for the entries that are not where the cursor expects
// them: open addressing, so building it costs no allocation per row.
class KeyIndex final
{
public:
    explicit KeyIndex(const std::vector<quint64> &keys)
        : m_keys(keys)
        , m_bits(std::bit_width(2 * keys.size() + 1))
        , m_slots(size_t(1) << m_bits, -1)
        , m_mask(m_slots.size() - 1)
    {
        for (size_t i = 0; i < keys.size(); ++i) {
            size_t slot = slotOf(keys[i]);
            while (m_slots[slot] >= 0)
                slot = (slot + 1) & m_mask;
            m_slots[slot] = int(i);
        }
    }

    // The last of the rows with `key`, as a key hash filled in row order answers, or -1.
    int find(quint64 key) const
    {
        int found = -1;
        for (size_t slot = slotOf(key); m_slots[slot] >= 0; slot = (slot + 1) & m_mask) {
            const int i = m_slots[slot];
            if (i > found && m_keys[size_t(i)] == key)
                found = i;
        }
        return found;
    }

private:
    // The digest's top bits after a Fibonacci multiply, which spreads keys that differ little.
    size_t slotOf(quint64 key) const { return size_t((key * 11400714819323198485ull) >> (64 - m_bits)); }

    const std::vector<quint64> &m_keys;
    int m_bits;
    std::vector<int> m_slots;
    size_t m_mask;
};

} // namespace

SnapshotDiff::SnapshotDiff(std::span<const ObservedSession> rows, std::span<const Snapshot> snapshots,
                           ChangedColumns changedColumns, quint32 idleColumns, quint32 cpuColumns)
{
    // Each server's snapshot, by the server's number.
    std::vector<int> snapshotOf;
    for (size_t s = 0; s < snapshots.size(); ++s) {
        const size_t id = size_t(snapshots[s].serverId);
        if (id >= snapshotOf.size())
            snapshotOf.resize(id + 1, -1);
        Q_ASSERT(snapshotOf[id] < 0);
        Q_ASSERT(snapshots[s].digests.size() == size_t(snapshots[s].sessions->size()));
        snapshotOf[id] = int(s);
    }
    const auto snapshotOfRow = [&](const ObservedSession &row) {
        const size_t id = size_t(row.serverId);
        return id < snapshotOf.size() ? snapshotOf[id] : -1;
    };

    // Each snapshot's server's rows' keys, in row order.
    std::vector<std::vector<quint64>> keys(snapshots.size());
    for (const ObservedSession &row : rows) {
        if (const int s = snapshotOfRow(row); s >= 0)
            keys[size_t(s)].push_back(row.digest.key);
    }

    // For each snapshot, the entry each of its server's rows now shows, or -1.
    std::vector<std::vector<int>> entryOf(snapshots.size());
    for (size_t s = 0; s < snapshots.size(); ++s) {
        const std::vector<quint64> &rowKeys = keys[s];
        std::vector<int> &entries = entryOf[s];
        entries.assign(rowKeys.size(), -1);
        std::optional<KeyIndex> index;
        size_t cursor = 0;
        const std::span<const SessionDigest> digests = snapshots[s].digests;
        for (int entry = 0; entry < int(digests.size()); ++entry) {
            const quint64 key = digests[size_t(entry)].key;
            // The next row, or the one after it when a session in between has ended.
            int found = -1;
            for (size_t probe = cursor; found < 0 && probe < std::min(cursor + 2, rowKeys.size()); ++probe) {
                if (rowKeys[probe] == key)
                    found = int(probe);
            }
            if (found < 0) {
                if (!index)
                    index.emplace(rowKeys);
                found = index->find(key);
            }
            if (found < 0) {
                m_insertedEntries.push_back({entry, int(s)});
                continue;
            }
            cursor = size_t(found) + 1;
            if (entries[size_t(found)] < 0)
                entries[size_t(found)] = entry;
        }
    }

    // Each snapshot's next row, as the walk down the rows meets them.
    std::vector<size_t> next(snapshots.size(), 0);
    m_matches.reserve(rows.size());
    int removed = 0;
    bool previousRemoved = false;
    for (size_t row = 0; row < rows.size(); ++row) {
        const int s = snapshotOfRow(rows[row]);
        if (s < 0) {
            previousRemoved = false;
            continue;
        }
        const int entry = entryOf[size_t(s)][next[size_t(s)]++];
        if (entry >= 0) {
            const ObservedSession &old = rows[row];
            const Snapshot &snapshot = snapshots[size_t(s)];
            const SessionDigest &digest = snapshot.digests[size_t(entry)];
            // The same digest: only the idle time, which runs on, and the CPU time can show
            // otherwise.
            quint32 columns = 0;
            if (digest.content != old.digest.content) {
                columns = changedColumns(*old.session, snapshot.rowsObservedAtMSecs, snapshot.sessions->at(entry),
                                         snapshot.observedAtMSecs);
            } else {
                if (SessionDigest::idleMinutes(old.digest.idleSinceMSecs, snapshot.rowsObservedAtMSecs)
                    != SessionDigest::idleMinutes(digest.idleSinceMSecs, snapshot.observedAtMSecs))
                    columns |= idleColumns;
                if (digest.hasCpuTime || old.digest.hasCpuTime)
                    columns |= cpuColumns;
            }
            m_matches.push_back({int(row) - removed, entry, columns, s});
            m_changedRows += columns != 0 ? 1 : 0;
            previousRemoved = false;
            continue;
        }
        // Joins the run above when the row right above it went too.
        if (previousRemoved)
            ++m_removedRuns.back().last;
        else
            m_removedRuns.push_back({int(row) - removed, int(row) - removed});
        ++removed;
        previousRemoved = true;
    }
}

std::vector<int> SnapshotDiff::rowsAfterRemoval(int rows) const
{
    std::vector<int> after(static_cast<size_t>(rows));
    int removed = 0;
    int row = 0;
    // Each run is numbered after the runs above it have gone.
    for (const RemovedRun &run : m_removedRuns) {
        for (; row < run.first + removed; ++row)
            after[size_t(row)] = row - removed;
        for (const int end = run.last + removed; row <= end; ++row)
            after[size_t(row)] = -1;
        removed += run.last - run.first + 1;
    }
    for (; row < rows; ++row)
        after[size_t(row)] = row - removed;
    return after;
}
