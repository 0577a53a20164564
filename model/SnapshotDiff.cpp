#include "SnapshotDiff.h"

#include <algorithm>
#include <bit>
#include <optional>

namespace {

// The key without the server, which is the diff's own.
bool sameSession(const Session &a, const Session &b)
{
    return a.id == b.id && a.logonTime == b.logonTime;
}

struct ServerRow
{
    int row = 0;
    SnapshotDiff::ObservedSession observed;
};

// The server's rows by key, for the entries that are not where the cursor expects them:
// open addressing on the id's hash, so building it costs no allocation per row.
class KeyIndex final
{
public:
    explicit KeyIndex(const std::vector<ServerRow> &rows)
        : m_rows(rows)
        , m_slots(std::bit_ceil(2 * rows.size() + 1), -1)
        , m_mask(m_slots.size() - 1)
    {
        for (size_t i = 0; i < rows.size(); ++i) {
            size_t slot = qHash(rows[i].observed.session->id) & m_mask;
            while (m_slots[slot] >= 0)
                slot = (slot + 1) & m_mask;
            m_slots[slot] = int(i);
        }
    }

    // The last of the server's rows that holds `session`, or -1.
    int find(const Session &session) const
    {
        int found = -1;
        for (size_t slot = qHash(session.id) & m_mask; m_slots[slot] >= 0; slot = (slot + 1) & m_mask) {
            const int i = m_slots[slot];
            if (i > found && sameSession(*m_rows[size_t(i)].observed.session, session))
                found = i;
        }
        return found;
    }

private:
    const std::vector<ServerRow> &m_rows;
    std::vector<int> m_slots;
    size_t m_mask;
};

} // namespace

SnapshotDiff::SnapshotDiff(int rowCount, const RowAt &rowAt, const QString &server, const QList<Session> &snapshot,
                           qint64 observedAtMSecs, ChangedColumns changedColumns)
{
    std::vector<ServerRow> rows;
    for (int row = 0; row < rowCount; ++row) {
        const ObservedSession observed = rowAt(row);
        if (observed.session->server == server)
            rows.push_back({row, observed});
    }

    // The entry each of the server's rows now shows, or -1.
    std::vector<int> entryOf(rows.size(), -1);
    std::optional<KeyIndex> index;
    size_t cursor = 0;
    for (int entry = 0; entry < snapshot.size(); ++entry) {
        const Session &next = snapshot.at(entry);
        Q_ASSERT(next.server == server);
        // The next row, or the one after it when a session in between has ended.
        int found = -1;
        for (size_t probe = cursor; found < 0 && probe < std::min(cursor + 2, rows.size()); ++probe) {
            if (sameSession(*rows[probe].observed.session, next))
                found = int(probe);
        }
        if (found < 0) {
            if (!index)
                index.emplace(rows);
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

    m_matches.reserve(rows.size());
    int removed = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
        const int row = rows[i].row;
        const int entry = entryOf[i];
        if (entry >= 0) {
            const ObservedSession &old = rows[i].observed;
            const quint32 columns = changedColumns(*old.session, old.observedAtMSecs, snapshot.at(entry), observedAtMSecs);
            m_matches.push_back({row - removed, entry, columns});
            m_changedRows += columns != 0 ? 1 : 0;
            continue;
        }
        // Joins the run above when the row right above it went too.
        if (i > 0 && entryOf[i - 1] < 0 && rows[i - 1].row == row - 1)
            ++m_removedRuns.back().last;
        else
            m_removedRuns.push_back({row - removed, row - removed});
        ++removed;
    }
}
