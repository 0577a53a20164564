#include "SessionFilterProxyModel.h"

#include "SessionTableModel.h"
#include "SnapshotDiff.h"

#include <algorithm>
#include <bit>
#include <numeric>

namespace {

constexpr quint32 bit(int column)
{
    return 1u << column;
}

quint32 columnsBetween(int first, int last)
{
    return last >= 31 ? ~0u << first : (bit(last + 1) - 1) & (~0u << first);
}

std::vector<int> rowsBetween(int first, int last)
{
    std::vector<int> rows(size_t(last - first + 1));
    std::iota(rows.begin(), rows.end(), first);
    return rows;
}

} // namespace

SessionFilterProxyModel::SessionFilterProxyModel(QObject *parent)
    : QAbstractProxyModel(parent)
{}

void SessionFilterProxyModel::setSourceModel(QAbstractItemModel *model)
{
    beginResetModel();
    if (m_sessions)
        disconnect(m_sessions, nullptr, this, nullptr);
    m_sessions = qobject_cast<const SessionTableModel *>(model);
    Q_ASSERT(m_sessions || !model);
    m_inSnapshot = false;
    QAbstractProxyModel::setSourceModel(model);
    if (m_sessions) {
        connect(m_sessions, &SessionTableModel::snapshotAboutToBeApplied, this, [this] { m_inSnapshot = true; });
        connect(m_sessions, &SessionTableModel::snapshotApplied, this, &SessionFilterProxyModel::applySnapshot);
        connect(m_sessions, &QAbstractItemModel::dataChanged, this, &SessionFilterProxyModel::sourceDataChanged);
    }
    m_mapping = {};
    const int rows = m_sessions ? m_sessions->rowCount() : 0;
    m_mapping = remapped({}, 0, rowsBetween(0, rows - 1), rowsBetween(0, rows - 1));
    endResetModel();
}

QModelIndex SessionFilterProxyModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex SessionFilterProxyModel::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex SessionFilterProxyModel::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int SessionFilterProxyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_mapping.proxyToSource.size());
}

int SessionFilterProxyModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_sessions ? 0 : m_sessions->columnCount();
}

bool SessionFilterProxyModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0 && columnCount(parent) > 0;
}

QVariant SessionFilterProxyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    // Columns are the model's; row numbers are the proxy's own, as a proxy's rows are not
    // the model's.
    if (orientation == Qt::Horizontal && m_sessions)
        return m_sessions->headerData(section, orientation, role);
    return QAbstractItemModel::headerData(section, orientation, role);
}

QModelIndex SessionFilterProxyModel::mapToSource(const QModelIndex &proxyIndex) const
{
    // While a snapshot changes the model the mapping is that of before: it names no row.
    if (!proxyIndex.isValid() || m_inSnapshot || !m_sessions)
        return {};
    Q_ASSERT(proxyIndex.model() == this);
    return m_sessions->index(m_mapping.proxyToSource[size_t(proxyIndex.row())], proxyIndex.column());
}

QModelIndex SessionFilterProxyModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || m_inSnapshot || size_t(sourceIndex.row()) >= m_mapping.sourceToProxy.size())
        return {};
    const int row = m_mapping.sourceToProxy[size_t(sourceIndex.row())];
    return row < 0 ? QModelIndex() : createIndex(row, sourceIndex.column());
}

void SessionFilterProxyModel::sort(int column, Qt::SortOrder order)
{
    if (column == m_sortColumn && order == m_sortOrder)
        return; // the rows are kept in that order
    m_sortColumn = column;
    m_sortOrder = order;
    update({}, rowsBetween(0, int(m_mapping.order.size()) - 1), {});
}

void SessionFilterProxyModel::setFilterFixedString(const QString &text)
{
    if (text == m_filter)
        return;
    m_filter = text;
    update({}, {}, rowsBetween(0, int(m_mapping.order.size()) - 1));
}

bool SessionFilterProxyModel::before(int leftSourceRow, int rightSourceRow) const
{
    if (m_sortColumn < 0)
        return leftSourceRow < rightSourceRow;
    int order = m_sessions->compare(leftSourceRow, rightSourceRow, m_sortColumn);
    // Equal keys: a stable order by server, id and row, so refreshes do not shuffle rows.
    for (const int column : {int(SessionTableModel::ServerColumn), int(SessionTableModel::IdColumn)}) {
        if (order == 0 && column != m_sortColumn)
            order = m_sessions->compare(leftSourceRow, rightSourceRow, column);
    }
    if (order == 0)
        order = leftSourceRow < rightSourceRow ? -1 : (leftSourceRow > rightSourceRow ? 1 : 0);
    return m_sortOrder == Qt::AscendingOrder ? order < 0 : order > 0;
}

bool SessionFilterProxyModel::accepts(int sourceRow) const
{
    if (m_filter.isEmpty())
        return true;
    for (int column = 0; column < m_sessions->columnCount(); ++column) {
        if (m_sessions->index(sourceRow, column).data().toString().contains(m_filter, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

quint32 SessionFilterProxyModel::sortColumns() const
{
    return m_sortColumn < 0
               ? 0u
               : bit(m_sortColumn) | bit(SessionTableModel::ServerColumn) | bit(SessionTableModel::IdColumn);
}

SessionFilterProxyModel::Mapping SessionFilterProxyModel::remapped(RowMap map, int oldRows, std::vector<int> placed,
                                                                   std::span<const int> refiltered) const
{
    const int rows = m_sessions ? m_sessions->rowCount() : 0;
    const auto now = [&map](int oldRow) { return map.empty() ? oldRow : map[size_t(oldRow)]; };
    Mapping next;

    next.accepted.resize(size_t(rows), 1);
    for (int row = 0; row < oldRows; ++row) {
        if (const int to = now(row); to >= 0)
            next.accepted[size_t(to)] = m_mapping.accepted[size_t(row)];
    }
    for (const int row : refiltered)
        next.accepted[size_t(row)] = accepts(row);

    // The rows not placed again keep their order; each placed row goes in by binary search.
    std::vector<char> isPlaced(size_t(rows), 0);
    for (const int row : placed)
        isPlaced[size_t(row)] = 1;
    std::vector<int> kept;
    kept.reserve(size_t(rows));
    for (const int row : m_mapping.order) {
        if (const int to = now(row); to >= 0 && !isPlaced[size_t(to)])
            kept.push_back(to);
    }
    const auto less = [this](int left, int right) { return before(left, right); };
    std::sort(placed.begin(), placed.end(), less);
    next.order.reserve(size_t(rows));
    auto from = kept.cbegin();
    for (const int row : placed) {
        const auto at = std::upper_bound(from, kept.cend(), row, less);
        next.order.insert(next.order.end(), from, at);
        next.order.push_back(row);
        from = at;
    }
    next.order.insert(next.order.end(), from, kept.cend());

    next.sourceToProxy.assign(size_t(rows), -1);
    next.proxyToSource.reserve(size_t(rows));
    for (const int row : next.order) {
        if (next.accepted[size_t(row)]) {
            next.sourceToProxy[size_t(row)] = int(next.proxyToSource.size());
            next.proxyToSource.push_back(row);
        }
    }
    return next;
}

bool SessionFilterProxyModel::update(RowMap map, std::vector<int> placed, std::span<const int> refiltered)
{
    const int oldRows = int(m_mapping.accepted.size());
    if (map.empty() && placed.empty() && refiltered.empty() && oldRows == (m_sessions ? m_sessions->rowCount() : 0))
        return false; // the rows all stay, as they are
    Mapping next = remapped(map, oldRows, std::move(placed), refiltered);
    const auto now = [&map](int oldRow) { return map.empty() ? oldRow : map[size_t(oldRow)]; };

    const std::vector<int> &shown = m_mapping.proxyToSource;
    bool same = next.proxyToSource.size() == shown.size();
    for (size_t row = 0; same && row < shown.size(); ++row)
        same = next.proxyToSource[row] == now(shown[row]);
    if (same) {
        // The same rows in the same places, maybe numbered otherwise in the model: no index
        // here changes.
        m_mapping = std::move(next);
        return false;
    }

    Q_EMIT layoutAboutToBeChanged({}, VerticalSortHint);
    const QModelIndexList from = persistentIndexList();
    QModelIndexList to;
    to.reserve(from.size());
    for (const QModelIndex &index : from) {
        const int source = now(shown[size_t(index.row())]);
        const int row = source < 0 ? -1 : next.sourceToProxy[size_t(source)];
        to.append(row < 0 ? QModelIndex() : createIndex(row, index.column()));
    }
    m_mapping = std::move(next);
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, VerticalSortHint);
    return true;
}

void SessionFilterProxyModel::applySnapshot(const SnapshotDiff &diff)
{
    m_inSnapshot = false;
    const int oldRows = int(m_mapping.accepted.size());
    const int rows = m_sessions->rowCount();

    const std::vector<int> map = diff.removedRuns().empty() ? std::vector<int>() : diff.rowsAfterRemoval(oldRows);

    // New rows are appended; changed rows move when their sort key changed and are filtered
    // again when there is a filter.
    const int inserted = int(diff.insertedEntries().size());
    std::vector<int> placed = rowsBetween(rows - inserted, rows - 1);
    std::vector<int> refiltered = placed;
    const quint32 sortedBy = sortColumns();
    int changedFirst = rows;
    int changedLast = -1;
    quint32 changedColumns = 0;
    for (const SnapshotDiff::Match &match : diff.matches()) {
        if (match.changedColumns == 0)
            continue;
        if (match.changedColumns & sortedBy)
            placed.push_back(match.row);
        if (!m_filter.isEmpty())
            refiltered.push_back(match.row);
        changedFirst = std::min(changedFirst, match.row);
        changedLast = std::max(changedLast, match.row);
        changedColumns |= match.changedColumns;
    }
    if (!update(map, std::move(placed), refiltered) && changedLast >= 0)
        emitChanged(changedFirst, changedLast, changedColumns, {});
}

void SessionFilterProxyModel::sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                                const QList<int> &roles)
{
    if (m_inSnapshot)
        return; // snapshotApplied says what changed, once
    const int first = topLeft.row();
    const int last = bottomRight.row();
    const quint32 columns = columnsBetween(topLeft.column(), bottomRight.column());
    const bool shownChanged = roles.isEmpty() || roles.contains(Qt::DisplayRole)
                              || roles.contains(SessionTableModel::SortRole);
    std::vector<int> placed;
    std::vector<int> refiltered;
    if (shownChanged && (columns & sortColumns()))
        placed = rowsBetween(first, last);
    if (shownChanged && !m_filter.isEmpty())
        refiltered = rowsBetween(first, last);
    if ((placed.empty() && refiltered.empty()) || !update({}, std::move(placed), refiltered))
        emitChanged(first, last, columns, roles);
}

void SessionFilterProxyModel::emitChanged(int firstSourceRow, int lastSourceRow, quint32 columns,
                                          const QList<int> &roles)
{
    // One range from the first row shown to the last: rows in between are only repainted.
    int first = rowCount();
    int last = -1;
    for (int row = firstSourceRow; row <= lastSourceRow; ++row) {
        if (const int shown = m_mapping.sourceToProxy[size_t(row)]; shown >= 0) {
            first = std::min(first, shown);
            last = std::max(last, shown);
        }
    }
    if (last < 0)
        return;
    const int firstColumn = std::countr_zero(columns);
    const int lastColumn = std::min(columnCount() - 1, 31 - std::countl_zero(columns));
    Q_EMIT dataChanged(index(first, firstColumn), index(last, lastColumn), roles);
}
