#pragma once

#include <QAbstractButton>

// The close button a tab bar shows on a tab, drawn by the style as QTabBar's own is
// (PE_IndicatorTabClose), for a tab bar that gives one to the current tab only.
class TabCloseButton final : public QAbstractButton
{
    Q_OBJECT

public:
    explicit TabCloseButton(QWidget *parent = nullptr);

    QSize sizeHint() const override;

protected:
    void enterEvent(QEnterEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
};
