#include "SessionFilterProxyModel.h"

#include "SessionTableModel.h"

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
    m_sessions = qobject_cast<const SessionTableModel *>(model);
    Q_ASSERT(m_sessions || !model);
    QSortFilterProxyModel::setSourceModel(model);
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
