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

bool SessionFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant a = left.data(SessionTableModel::SortRole);
    const QVariant b = right.data(SessionTableModel::SortRole);
    if (a.typeId() == QMetaType::QString && b.typeId() == QMetaType::QString) {
        if (const int c = QString::compare(a.toString(), b.toString(), Qt::CaseInsensitive); c != 0)
            return c < 0;
    }
    const QPartialOrdering order = a.typeId() == QMetaType::QString && b.typeId() == QMetaType::QString
        ? QPartialOrdering::Equivalent
        : QVariant::compare(a, b);
    if (order == QPartialOrdering::Less)
        return true;
    if (order == QPartialOrdering::Greater)
        return false;
    if (order == QPartialOrdering::Unordered) {
        // Mixed kinds, as numeric and textual ids: numbers first.
        const bool aNumber = a.typeId() == QMetaType::LongLong;
        const bool bNumber = b.typeId() == QMetaType::LongLong;
        if (aNumber != bNumber)
            return aNumber;
        return QString::compare(a.toString(), b.toString(), Qt::CaseInsensitive) < 0;
    }
    // Equal keys: keep a stable order by server and id, so refreshes do not shuffle rows.
    const QAbstractItemModel *source = sourceModel();
    const int rl = left.row();
    const int rr = right.row();
    const auto key = [source](int row, int column) {
        return source->index(row, column).data(SessionTableModel::SortRole);
    };
    for (const int column : {int(SessionTableModel::ServerColumn), int(SessionTableModel::IdColumn)}) {
        if (column == left.column())
            continue;
        const QPartialOrdering tie = QVariant::compare(key(rl, column), key(rr, column));
        if (tie == QPartialOrdering::Less)
            return true;
        if (tie == QPartialOrdering::Greater)
            return false;
    }
    return rl < rr;
}
