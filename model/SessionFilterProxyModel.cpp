#include "SessionFilterProxyModel.h"

#include "SessionTableModel.h"

#include <bit>

SessionFilterProxyModel::SessionFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(SessionTableModel::SortRole);
    setFilterKeyColumn(-1);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

void SessionFilterProxyModel::setSourceModel(QAbstractItemModel *model)
{
    if (m_sessions)
        disconnect(m_sessions, nullptr, this, nullptr);
    m_sessions = qobject_cast<const SessionTableModel *>(model);
    Q_ASSERT(m_sessions || !model);
    QSortFilterProxyModel::setSourceModel(model);
    if (m_sessions) {
        connect(m_sessions, &SessionTableModel::snapshotAboutToBeApplied, this,
                &SessionFilterProxyModel::prepareForSnapshot);
        connect(m_sessions, &SessionTableModel::snapshotApplied, this, &SessionFilterProxyModel::finishSnapshot);
    }
}

void SessionFilterProxyModel::prepareForSnapshot(int changes, int rows)
{
    // Kept sorted as rows arrive, every inserted or re-sorted row costs a pass over the
    // mapping of all rows; past a few dozen per log2(rows) one sort at the end is cheaper.
    // Sorting is a layout change, so selection and current index survive it.
    const int worthSorting = 24 * std::max(1, int(std::bit_width(unsigned(rows))));
    if (!dynamicSortFilter() || sortColumn() < 0 || changes <= worthSorting)
        return;
    m_sortAfterSnapshot = true;
    setDynamicSortFilter(false);
}

void SessionFilterProxyModel::finishSnapshot()
{
    if (!m_sortAfterSnapshot)
        return;
    m_sortAfterSnapshot = false;
    // Without dynamic filtering, changed rows were not filtered again either.
    if (!filterRegularExpression().pattern().isEmpty())
        invalidateFilter();
    setDynamicSortFilter(true); // sorts
}

bool SessionFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const int l = left.row();
    const int r = right.row();
    if (const int order = m_sessions->compare(l, r, left.column()); order != 0)
        return order < 0;
    // Equal keys: keep a stable order by server and id, so refreshes do not shuffle rows.
    for (const int column : {int(SessionTableModel::ServerColumn), int(SessionTableModel::IdColumn)}) {
        if (const int order = m_sessions->compare(l, r, column); order != 0)
            return order < 0;
    }
    return l < r;
}
