#include "ProcessConfirmDialog.h"

#include "ConfirmList.h"
#include "DisplayText.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

// A name or command line can be 64 KiB: the list shows the start, the tooltip all of it.
constexpr int MaxShownChars = 200;

QString shortened(const QString &text)
{
    return text.size() > MaxShownChars ? text.left(MaxShownChars) + QChar(0x2026) : text;
}

} // namespace

ProcessConfirmDialog::ProcessConfirmDialog(const QList<SessionProcess> &processes, QWidget *parent)
    : QDialog(parent)
    , m_processes(processes)
    , m_list(new QTreeWidget(this))
{
    setWindowTitle(tr("End Processes"));
    auto *question
        = new QLabel(tr("End these %Ln process(es)? They are stopped at once and unsaved work in them is lost.",
                        nullptr, int(processes.size())),
                     this);
    question->setWordWrap(true);

    m_list->setAccessibleName(tr("Processes to end"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setHeaderLabels({tr("Server"), tr("Name"), tr("PID"), tr("User"), tr("Session")});
    for (const SessionProcess &process : processes) {
        auto *item = new QTreeWidgetItem(m_list,
                                         {serverDisplayName(process.server), shortened(process.name),
                                          QString::number(process.pid), shortened(process.user), process.sessionId});
        item->setToolTip(ServerColumn, plainToolTip(process.server));
        item->setToolTip(NameColumn, plainToolTip(process.commandLine.isEmpty() ? process.name : process.commandLine));
        item->setToolTip(UserColumn, plainToolTip(process.user));
    }
    fitColumnsToContents(m_list);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("&End Process"));
    // Ending is abrupt: the safe answer is the default one.
    ok->setAutoDefault(false);
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(question);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
}
