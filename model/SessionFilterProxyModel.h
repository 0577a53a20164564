#pragma once

#include <QSortFilterProxyModel>

// Sorts SessionTableModel on its typed sort role and filters on text in any column.
class SessionFilterProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit SessionFilterProxyModel(QObject *parent = nullptr);

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;
};
