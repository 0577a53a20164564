#include "SessionItemDelegate.h"

#include "DisplayText.h"
#include "SessionTableModel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QToolTip>

SessionItemDelegate::SessionItemDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

void SessionItemDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.column() == SessionTableModel::ServerColumn)
        option->text = serverLabel(option->text);
    if (index.data(SessionTableModel::OwnSessionRole).toBool())
        option->font.setBold(true);
    if (!index.data(SessionTableModel::PendingRole).toString().isEmpty())
        option->font.setItalic(true);
    if (index.data(SessionTableModel::StaleRole).toBool()) {
        const QColor grey = option->palette.color(QPalette::Disabled, QPalette::Text);
        option->palette.setColor(QPalette::Text, grey);
        option->palette.setColor(QPalette::HighlightedText,
                                 option->palette.color(QPalette::Disabled, QPalette::HighlightedText));
    }
}

QString SessionItemDelegate::serverLabel(const QString &address) const
{
    auto it = m_serverLabels.constFind(address);
    if (it == m_serverLabels.cend()) {
        it = m_serverLabels.insert(address, serverDisplayName(address));
    }
    return *it;
}

bool SessionItemDelegate::isElided(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    if (opt.text.isEmpty())
        return false;
    const QWidget *widget = opt.widget;
    const QStyle *style = widget ? widget->style() : QApplication::style();
    const QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);
    // The style pads the text by its focus frame margin on each side.
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    return QFontMetrics(opt.font).horizontalAdvance(opt.text) > textRect.width() - 2 * margin;
}

bool SessionItemDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                                    const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip || !index.isValid())
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    const QString text = index.data(Qt::DisplayRole).toString();
    const bool own = index.data(SessionTableModel::OwnSessionRole).toBool();
    if (isElided(option, index) || (index.column() == SessionTableModel::ServerColumn && serverLabel(text) != text)) {
        QToolTip::showText(event->globalPos(), plainToolTip(text), view, option.rect);
    } else if (own && index.column() == SessionTableModel::UserColumn) {
        QToolTip::showText(event->globalPos(), tr("The session this console runs in"), view, option.rect);
    } else {
        // The model offers every cell's text as a tooltip; a fully shown cell needs none.
        QToolTip::hideText();
    }
    return true;
}
