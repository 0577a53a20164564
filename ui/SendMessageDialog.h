#pragma once

#include <QDialog>

class QLineEdit;
class QPlainTextEdit;
class QPushButton;

// Asks for the title and text of a message to show in the selected sessions, like msg.exe.
class SendMessageDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit SendMessageDialog(int sessionCount, QWidget *parent = nullptr);

    QString title() const;
    QString text() const;
    void setMessage(const QString &title, const QString &text);

private:
    QLineEdit *m_title;
    QPlainTextEdit *m_text;
    QPushButton *m_send;
};
