#include "SnapshotDiff.h"

#include <algorithm>
#include <bit>
#include <optional>

namespace {

// Same key, the server aside: the diff compares only its server's rows.
bool sameSession(const Session &a, const Session &b)
{
    return a.id == b.id && a.logonTime == b.logonTime;
}

// FNV-1a over the id's few characters, its top bits taken by a Fibonacci multiply: a
// fraction of qHash's cost on ids such as "3" or "c12", paid once per row on every refresh.
size_t hashOf(const QString &id, int bits)
{
    quint64 hash = 14695981039346656037ull;
    for (const QChar c : id)
        hash = (hash ^ c.unicode()) * 1099511628211ull;
    return size_t((hash * 11400714819323198485ull) >> (64 - bits));
}

// The server's sessions by key, for the entries that are not where the cursor expects them:
// open addressing on the id's hash, so building it costs no allocation per row.
class KeyIndex final
{
public:
    explicit KeyIndex(const std::vector<const Session *> &sessions)
        : m_sessions(sessions)
        , m_bits(std::bit_width(2 * sessions.size() + 1))
        , m_slots(size_t(1) << m_bits, -1)
        , m_mask(m_slots.size() - 1)
    {
        for (size_t i = 0; i < sessions.size(); ++i) {
            size_t slot = hashOf(sessions[i]->id, m_bits);
            while (m_slots[slot] >= 0)
                slot = (slot + 1) & m_mask;
            m_slots[slot] = int(i);
        }
    }

    // The last of the sessions with `next`'s key, as a key hash filled in row order answers,
    // or -1.
    int find(const Session &next) const
    {
        int found = -1;
        for (size_t slot = hashOf(next.id, m_bits); m_slots[slot] >= 0; slot = (slot + 1) & m_mask) {
            const int i = m_slots[slot];
            if (i > found && sameSession(*m_sessions[size_t(i)], next))
                found = i;
        }
        return found;
    }

private:
    const std::vector<const Session *> &m_sessions;
    int m_bits;
    std::vector<int> m_slots;
    size_t m_mask;
};

} // namespace

SnapshotDiff::SnapshotDiff(std::span<const ObservedSession> rows, const QString &server, const QList<Session> &snapshot,
                           qint64 observedAtMSecs, ChangedColumns changedColumns)
{
    // The server's rows, by their number and by their session.
    std::vector<int> serverRows;
    std::vector<const Session *> sessions;
    serverRows.reserve(rows.size());
    sessions.reserve(rows.size());
    for (size_t row = 0; row < rows.size(); ++row) {
        if (rows[row].session->server == server) {
            serverRows.push_back(int(row));
            sessions.push_back(rows[row].session);
        }
    }

    // The entry each of the server's rows now shows, or -1.
    std::vector<int> entryOf(serverRows.size(), -1);
    std::optional<KeyIndex> index;
    size_t cursor = 0;
    for (int entry = 0; entry < snapshot.size(); ++entry) {
        const Session &next = snapshot.at(entry);
        Q_ASSERT(next.server == server);
        // The next row, or the one after it when a session in between has ended.
        int found = -1;
        for (size_t probe = cursor; found < 0 && probe < std::min(cursor + 2, serverRows.size()); ++probe) {
            if (sameSession(*sessions[probe], next))
                found = int(probe);
        }
        if (found < 0) {
            if (!index)
                index.emplace(sessions);
            found = index->find(next);
        }
        if (found < 0) {
            m_insertedEntries.push_back(entry);
            continue;
        }
        cursor = size_t(found) + 1;
        if (entryOf[size_t(found)] < 0)
            entryOf[size_t(found)] = entry;
    }

    m_matches.reserve(serverRows.size());
    int removed = 0;
    for (size_t i = 0; i < serverRows.size(); ++i) {
        const int row = serverRows[i];
        const int entry = entryOf[i];
        if (entry >= 0) {
            const ObservedSession &old = rows[size_t(row)];
            const quint32 columns = changedColumns(*old.session, old.observedAtMSecs, snapshot.at(entry),
                                                   observedAtMSecs);
            m_matches.push_back({row - removed, entry, columns});
            m_changedRows += columns != 0 ? 1 : 0;
            continue;
        }
        // Joins the run above when the row right above it went too.
        if (i > 0 && entryOf[i - 1] < 0 && serverRows[i - 1] == row - 1)
            ++m_removedRuns.back().last;
        else
            m_removedRuns.push_back({row - removed, row - removed});
        ++removed;
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
