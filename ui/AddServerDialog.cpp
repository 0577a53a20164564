#include "AddServerDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

AddServerDialog::AddServerDialog(const QStringList &recent, QWidget *parent)
    : QDialog(parent)
    , m_input(new QComboBox(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Add Server"));
    auto *prompt = new QLabel(tr("&Server:"), this);
    prompt->setBuddy(m_input);
    m_input->setEditable(true);
    m_input->setInsertPolicy(QComboBox::NoInsert);
    m_input->addItems(recent);
    m_input->setCurrentIndex(-1);
    m_input->setMinimumContentsLength(36);
    m_input->setAccessibleName(tr("Server address"));
    m_input->lineEdit()->setPlaceholderText(tr("host, user@host:port, dbus:…, demo:name"));
    m_input->setToolTip(tr("local · HOST · USER@HOST[:PORT] · [IPv6]:PORT · dbus:ADDRESS · "
                           "demo:NAME[?sessions=N&latency=MS&churn=PCT&fail=PCT]"));
    auto *hint = new QLabel(tr("Recently added servers are in the list."), this);
    hint->setEnabled(false);
    m_problem->setObjectName(QStringLiteral("AddressProblem"));
    m_problem->setAccessibleName(tr("Address problem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b71c1c;"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Add"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_input, &QComboBox::editTextChanged, this, &AddServerDialog::validate);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(prompt);
    layout->addWidget(m_input);
    layout->addWidget(hint);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    validate();
}

void AddServerDialog::setText(const QString &text)
{
    m_input->setEditText(text);
}

void AddServerDialog::validate()
{
    const QString text = m_input->currentText().trimmed();
    QString problem;
    m_address = text.isEmpty() ? ServerAddress() : ServerAddress::parse(text, &problem);
    m_problem->setText(text.isEmpty() ? QString() : problem);
    m_problem->setVisible(!m_problem->text().isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_address.isValid());
}
