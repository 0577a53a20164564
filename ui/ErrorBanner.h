#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

// A coloured strip above the grid: an icon, a message in rich text and an optional action
// button (e.g. "Retry now") and close button. Errors are red, notes are blue-grey.
class ErrorBanner final : public QFrame
{
    Q_OBJECT

public:
    enum class Severity { Error, Note };

    explicit ErrorBanner(QWidget *parent = nullptr);

    // Shows the banner; `html` is rich text (escape what comes from outside).
    void showMessage(Severity severity, const QString &html);
    void setActionText(const QString &text); // empty: no action button
    void setClosable(bool closable);
    QString text() const;
    Severity severity() const { return m_severity; }

Q_SIGNALS:
    void actionTriggered();

private:
    QLabel *m_icon;
    QLabel *m_text;
    QToolButton *m_action;
    QToolButton *m_close;
    Severity m_severity = Severity::Error;
};
