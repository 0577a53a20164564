#pragma once

#include <QHash>
#include <QStyledItemDelegate>

#include <functional>

// Paints session cells: servers by their short names, the console's own session in bold, rows with an action in progress
// in italics, rows of a failing server greyed out as stale. Shows a cell's text as its
// tooltip only when the cell is too narrow and the text is elided.
class ElidedToolTipDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using StalePredicate = std::function<bool(const QModelIndex &)>;

    explicit ElidedToolTipDelegate(QObject *parent = nullptr);

    void setStalePredicate(StalePredicate isStale) { m_isStale = std::move(isStale); }

    // Whether the text of `index` does not fit the cell `option` describes.
    bool isElided(const QStyleOptionViewItem &option, const QModelIndex &index) const;

    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;
    // Public, so that what a cell is painted with can be checked.
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    // "lab1" for "admin@lab1:2222": the full address is the tooltip.
    QString serverLabel(const QString &address) const;

    StalePredicate m_isStale;
    mutable QHash<QString, QString> m_serverLabels;
};
