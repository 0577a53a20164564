#include "SendMessageDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>

SendMessageDialog::SendMessageDialog(int sessionCount, QWidget *parent)
    : QDialog(parent)
    , m_title(new QLineEdit(tr("Message from your administrator"), this))
    , m_text(new QPlainTextEdit(this))
{
    setWindowTitle(tr("Send Message to %Ln Session(s)", nullptr, sessionCount));
    m_title->setAccessibleName(tr("Message title"));
    m_title->setMaxLength(255);
    m_text->setAccessibleName(tr("Message text"));
    m_text->setTabChangesFocus(true);
    m_text->setPlaceholderText(tr("e.g. This server restarts at 18:00. Please save your work and log off."));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_send = buttons->button(QDialogButtonBox::Ok);
    m_send->setText(tr("&Send"));
    m_send->setEnabled(false);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_text, &QPlainTextEdit::textChanged, this,
            [this] { m_send->setEnabled(!m_text->toPlainText().trimmed().isEmpty()); });

    auto *form = new QFormLayout(this);
    form->addRow(tr("&Title:"), m_title);
    form->addRow(tr("&Message:"), m_text);
    form->addRow(buttons);
    resize(460, 260);
}

QString SendMessageDialog::title() const
{
    return m_title->text();
}

QString SendMessageDialog::text() const
{
    return m_text->toPlainText();
}

void SendMessageDialog::setMessage(const QString &title, const QString &text)
{
    m_title->setText(title);
    m_text->setPlainText(text);
}
