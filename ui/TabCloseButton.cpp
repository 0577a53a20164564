#include "TabCloseButton.h"

#include <QPainter>
#include <QStyle>
#include <QStyleOption>

TabCloseButton::TabCloseButton(QWidget *parent)
    : QAbstractButton(parent)
{
    setFocusPolicy(Qt::NoFocus);
    setCursor(Qt::ArrowCursor);
    setToolTip(tr("Close Tab (Ctrl+W)"));
    setAccessibleName(tr("Close Tab"));
    resize(sizeHint());
}

QSize TabCloseButton::sizeHint() const
{
    ensurePolished();
    return {style()->pixelMetric(QStyle::PM_TabCloseIndicatorWidth, nullptr, this),
            style()->pixelMetric(QStyle::PM_TabCloseIndicatorHeight, nullptr, this)};
}

void TabCloseButton::enterEvent(QEnterEvent *event)
{
    update(); // hovered, the style raises it
    QAbstractButton::enterEvent(event);
}

void TabCloseButton::leaveEvent(QEvent *event)
{
    update();
    QAbstractButton::leaveEvent(event);
}

void TabCloseButton::paintEvent(QPaintEvent *)
{
    QStyleOption option;
    option.initFrom(this);
    // It sits on the current tab, which styles draw selected.
    option.state |= QStyle::State_AutoRaise | QStyle::State_Selected;
    if (isDown())
        option.state |= QStyle::State_Sunken;
    else if (isEnabled() && underMouse())
        option.state |= QStyle::State_Raised;
    QPainter painter(this);
    style()->drawPrimitive(QStyle::PE_IndicatorTabClose, &option, &painter, this);
}
