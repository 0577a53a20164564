#pragma once

#include <QAbstractProxyModel>

#include <span>
#include <vector>

class SessionTableModel;
class SnapshotDiff;

// Sorts SessionTableModel on any column, both orders, with the model's typed compare, and
// filters on text in any column, re-mapping once per snapshot instead of once per run.
//
// QSortFilterProxyModel re-maps all rows for every scattered run a snapshot removes or
// inserts, and so does QHeaderView, which makes a refresh quadratic. This proxy keeps every
// source row in the order shown and whether the filter lets it through; a snapshot's rows
// are re-placed by binary search into the rows it left alone, and the result is announced as
// one layout change (persistent indexes, hence selection and current index, are moved in one
// pass) or, when no row moved, came or went, as dataChanged. The cost of a snapshot is
// linear in the rows with a small constant, plus log(rows) per row it touches.
class SessionFilterProxyModel final : public QAbstractProxyModel
{
    Q_OBJECT

public:
    explicit SessionFilterProxyModel(QObject *parent = nullptr);

    // Only a SessionTableModel.
    void setSourceModel(QAbstractItemModel *model) override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;

    // -1 shows the rows in the model's order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    // Shows only the rows with `text` in the shown text of any column, ignoring case; empty
    // shows all.
    void setFilterFixedString(const QString &text);
    QString filterFixedString() const { return m_filter; }

private:
    // Source rows as the proxy last saw them mapped to their rows now, or -1 for rows gone;
    // empty when none went (rows may have been appended).
    using RowMap = std::span<const int>;

    struct Mapping
    {
        // Every source row, filtered or not, in the order shown.
        std::vector<int> order;
        // By source row: whether the filter lets it through.
        std::vector<char> accepted;
        std::vector<int> proxyToSource;
        // By source row: its row here, or -1 when filtered out.
        std::vector<int> sourceToProxy;
    };

    bool before(int leftSourceRow, int rightSourceRow) const;
    bool accepts(int sourceRow) const;
    // The columns whose change can move a row.
    quint32 sortColumns() const;
    // The mapping after the model changed: the rows in `placed` (numbered now) are placed
    // again, those in `refiltered` filtered again, and the others keep their order and
    // filtering through `map`.
    Mapping remapped(RowMap map, int oldRows, std::vector<int> placed, std::span<const int> refiltered) const;
    // Takes the remapped mapping; announces a layout change and moves persistent indexes
    // when the rows shown differ. False when they do not: nothing was announced.
    bool update(RowMap map, std::vector<int> placed, std::span<const int> refiltered);
    void applySnapshot(const SnapshotDiff &diff);
    void sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    // dataChanged over the rows shown of source rows `firstSourceRow`..`lastSourceRow`.
    void emitChanged(int firstSourceRow, int lastSourceRow, quint32 columns, const QList<int> &roles);

    const SessionTableModel *m_sessions = nullptr;
    Mapping m_mapping;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    QString m_filter;
    // While a snapshot changes the model run by run: its signals wait for snapshotApplied.
    bool m_inSnapshot = false;
};
