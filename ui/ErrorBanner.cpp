#include "ErrorBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

ErrorBanner::ErrorBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_action(new QToolButton(this))
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("ErrorBanner"));
    setAccessibleName(tr("Error banner"));
    setFrameShape(QFrame::NoFrame);
    setAutoFillBackground(true);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_action->setVisible(false);
    m_action->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_close->setAutoRaise(true);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setToolTip(tr("Dismiss"));
    m_close->setAccessibleName(tr("Dismiss"));
    m_close->setVisible(false);
    connect(m_action, &QToolButton::clicked, this, &ErrorBanner::actionTriggered);
    connect(m_close, &QToolButton::clicked, this, &QWidget::hide);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->setSpacing(10);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action, 0, Qt::AlignVCenter);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    hide();
}

void ErrorBanner::showMessage(Severity severity, const QString &html)
{
    m_severity = severity;
    const bool error = severity == Severity::Error;
    // Soft tints with a strong left edge: readable in light and dark palettes alike.
    setStyleSheet(error ? QStringLiteral("#ErrorBanner { background: #fdecea; border-left: 4px solid #c62828; }"
                                         "#ErrorBanner QLabel { color: #5f1111; }")
                        : QStringLiteral("#ErrorBanner { background: #e8f0fb; border-left: 4px solid #1e63b5; }"
                                         "#ErrorBanner QLabel { color: #12325a; }"));
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(style()
                          ->standardIcon(error ? QStyle::SP_MessageBoxWarning : QStyle::SP_MessageBoxInformation)
                          .pixmap(size, size));
    m_text->setText(html);
    show();
}

void ErrorBanner::setActionText(const QString &text)
{
    m_action->setText(text);
    m_action->setAccessibleName(text);
    m_action->setVisible(!text.isEmpty());
}

void ErrorBanner::setClosable(bool closable)
{
    m_close->setVisible(closable);
}

QString ErrorBanner::text() const
{
    return m_text->text();
}
