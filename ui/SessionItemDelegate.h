#pragma once

#include <QHash>
#include <QStyledItemDelegate>

// Paints the cells of a SessionTableModel (or a ProcessTableModel, which gives its roles and
// Server column the same numbers), from its roles alone: servers by their short
// names, the console's own session in bold, rows with an action in progress (PendingRole)
// in italics, rows of a server that is not answering (StaleRole) greyed out. Shows a
// cell's text as its tooltip only when the cell is too narrow and the text is elided.
class SessionItemDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit SessionItemDelegate(QObject *parent = nullptr);

    // Whether the text of `index` does not fit the cell `option` describes.
    bool isElided(const QStyleOptionViewItem &option, const QModelIndex &index) const;

    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;
    // Public, so that what a cell is painted with can be checked.
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    // "lab1" for "admin@lab1:2222": the full address is the tooltip.
    QString serverLabel(const QString &address) const;

    mutable QHash<QString, QString> m_serverLabels;
};
