#pragma once

#include <QSortFilterProxyModel>

class SessionTableModel;

// Sorts SessionTableModel on its typed sort role and filters on text in any column.
class SessionFilterProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit SessionFilterProxyModel(QObject *parent = nullptr);

    // Only a SessionTableModel.
    void setSourceModel(QAbstractItemModel *model) override;

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void prepareForSnapshot(int changes, int rows);
    void finishSnapshot();

    const SessionTableModel *m_sessions = nullptr;
    bool m_sortAfterSnapshot = false;
};
