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
        , m_bits(std::bit_width(2 * rows.size() + 1))
        , m_slots(size_t(1) << m_bits, -1)
        , m_mask(m_slots.size() - 1)
    {
        for (size_t i = 0; i < rows.size(); ++i) {
            size_t slot = hashOf(rows[i].observed.session->id, m_bits);
            while (m_slots[slot] >= 0)
                slot = (slot + 1) & m_mask;
            m_slots[slot] = int(i);
        }
    }

    // The last of the server's rows with `session`'s key, as a key hash filled in row order
    // answers, or -1.
    int find(const Session &session) const
    {
        int found = -1;
        for (size_t slot = hashOf(session.id, m_bits); m_slots[slot] >= 0; slot = (slot + 1) & m_mask) {
            const int i = m_slots[slot];
            if (i > found && sameSession(*m_rows[size_t(i)].observed.session, session))
                found = i;
        }
        return found;
    }

private:
    const std::vector<ServerRow> &m_rows;
    int m_bits;
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
            const quint32 columns =
                changedColumns(*old.session, old.observedAtMSecs, snapshot.at(entry), observedAtMSecs);
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
