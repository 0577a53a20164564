#include "ProcessFilterProxyModel.h"

#include "ProcessTableModel.h"

ProcessFilterProxyModel::ProcessFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setFilterKeyColumn(-1);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

void ProcessFilterProxyModel::setSourceModel(QAbstractItemModel *model)
{
    m_processes = qobject_cast<const ProcessTableModel *>(model);
    Q_ASSERT(m_processes || !model);
    QSortFilterProxyModel::setSourceModel(model);
}

void ProcessFilterProxyModel::setSessions(const QSet<SessionKey> &sessions)
{
    if (sessions == m_sessions)
        return;
    m_sessions = sessions;
    invalidateRowsFilter();
}

bool ProcessFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_sessions.isEmpty()) {
        const SessionProcess &process = m_processes->processAt(sourceRow);
        if (!m_sessions.contains({process.server, process.sessionId}))
            return false;
    }
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

bool ProcessFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const int l = left.row();
    const int r = right.row();
    if (const int order = m_processes->compare(l, r, left.column()); order != 0)
        return order < 0;
    // Equal keys: a stable order by server and pid, so refreshes do not shuffle rows.
    for (const int column : {int(ProcessTableModel::ServerColumn), int(ProcessTableModel::PidColumn)}) {
        if (const int order = m_processes->compare(l, r, column); order != 0)
            return order < 0;
    }
    return l < r;
}
