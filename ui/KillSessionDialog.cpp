#include "KillSessionDialog.h"

#include "ConfirmList.h"
#include "LinuxSignal.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

KillSessionDialog::KillSessionDialog(const QList<Session> &sessions, QWidget *parent)
    : QDialog(parent)
    , m_sessions(sessions)
    , m_signal(new QComboBox(this))
    , m_who(new QComboBox(this))
    , m_list(new QTreeWidget(this))
{
    setWindowTitle(tr("Kill Sessions"));
    auto *question = new QLabel(
        tr("Send a signal to the processes of these %Ln session(s)? Programs that end this way cannot save their work.",
           nullptr, int(sessions.size())),
        this);
    question->setWordWrap(true);

    m_list->setAccessibleName(tr("Sessions to kill"));
    setSessionColumns(m_list);
    for (const Session &s : sessions)
        addSessionRow(m_list, s);
    fitColumnsToContents(m_list);

    m_signal->setAccessibleName(tr("Signal"));
    // Linux numbers (LinuxSignal): logind reads them whatever the console runs on.
    m_signal->addItem(tr("TERM: ask the programs to end"), LinuxSignal::Terminate);
    m_signal->addItem(tr("HUP: their terminal has gone"), LinuxSignal::HangUp);
    m_signal->addItem(tr("INT: as Ctrl+C"), LinuxSignal::Interrupt);
    m_signal->addItem(tr("KILL: end them at once"), LinuxSignal::Kill);
    m_who->setAccessibleName(tr("Processes"));
    m_who->addItem(tr("Every process of the session"), QVariant::fromValue(int(SessionSource::KillWho::All)));
    m_who->addItem(tr("The session leader only"), QVariant::fromValue(int(SessionSource::KillWho::Leader)));
    auto *form = new QFormLayout;
    form->addRow(tr("&Signal:"), m_signal);
    form->addRow(tr("&To:"), m_who);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Kill"));
    // Nothing is sent on a stray Enter.
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(question);
    layout->addWidget(m_list, 1);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

int KillSessionDialog::signal() const
{
    return m_signal->currentData().toInt();
}

SessionSource::KillWho KillSessionDialog::who() const
{
    return SessionSource::KillWho(m_who->currentData().toInt());
}
