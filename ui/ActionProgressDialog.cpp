#include "ActionProgressDialog.h"

#include "ActionJob.h"
#include "DisplayText.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

// A name or command line can be 64 KiB: a line shows its start.
constexpr int MaxShownChars = 200;

bool endsProcesses(const ActionJob *job)
{
    return job->options().kind == ActionJob::Kind::EndProcess;
}

// "excel.exe (4242)": the process an End Process item is about.
QString processLabel(const SessionProcess &process)
{
    const QString name = process.name.size() > MaxShownChars ? process.name.left(MaxShownChars) + QChar(0x2026)
                                                             : process.name;
    return QStringLiteral("%1 (%2)").arg(name).arg(process.pid);
}

QString describe(const ActionJob::Target &target, bool process)
{
    const Session &session = target.session;
    return process
               ? ActionProgressDialog::tr("%1 on %2").arg(processLabel(target.process), serverDisplayName(session.server))
               : ActionProgressDialog::tr("%1 on %2 (ID %3)")
                     .arg(userDisplayName(session), serverDisplayName(session.server), session.id);
}

QColor statusColor(ActionJob::Status status)
{
    switch (status) {
    case ActionJob::Status::Done:
    case ActionJob::Status::AlreadyGone:
        return QColor(0x1b, 0x5e, 0x20);
    case ActionJob::Status::Failed:
        return QColor(0xb7, 0x1c, 0x1c);
    default:
        return {};
    }
}

} // namespace

ActionProgressDialog::ActionProgressDialog(ActionJob *job, QWidget *parent)
    : QDialog(parent)
    , m_job(job)
    , m_summary(new QLabel(this))
    , m_current(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_results(new QTreeWidget(this))
{
    const QString action = ActionJob::kindName(job->options().kind);
    const bool processes = endsProcesses(job);
    const QString sessions = processes ? tr("%Ln process(es)", nullptr, job->total())
                                       : tr("%Ln session(s)", nullptr, job->total());
    setWindowTitle(action + QStringLiteral(" — ") + sessions);
    m_summary->setText(action + QStringLiteral(": ") + sessions);
    m_current->setAccessibleName(tr("Current item"));
    m_current->setTextFormat(Qt::PlainText);
    m_current->setEnabled(false);
    m_progress->setAccessibleName(tr("Progress"));
    m_progress->setRange(0, job->total());
    m_progress->setValue(0);
    m_progress->setFormat(tr("%v of %m"));

    m_results->setAccessibleName(tr("Results"));
    m_results->setRootIsDecorated(false);
    m_results->setUniformRowHeights(true);
    m_results->setHeaderLabels(
        {tr("User"), tr("Server"), processes ? tr("Process") : tr("ID"), tr("Result"), tr("Detail")});
    for (int i = 0; i < job->total(); ++i) {
        const ActionJob::Target &target = job->target(i);
        const Session &s = target.session;
        auto *item = new QTreeWidgetItem(m_results, {processes ? target.process.user : s.user,
                                                     serverDisplayName(s.server),
                                                     processes ? processLabel(target.process) : s.id,
                                                     ActionJob::statusName(ActionJob::Status::Pending),
                                                     {}});
        item->setToolTip(ServerColumn, plainToolTip(s.server));
        if (processes)
            item->setToolTip(IdColumn, plainToolTip(target.process.name));
    }
    m_results->header()->setStretchLastSection(true);
    m_results->header()->resizeSections(QHeaderView::ResizeToContents);
    // A little air between the columns, and room for the longest result ("Already gone").
    const int air = m_results->fontMetrics().horizontalAdvance(QStringLiteral("MM"));
    for (int column = UserColumn; column < ResultColumn; ++column)
        m_results->setColumnWidth(column, m_results->columnWidth(column) + air);
    m_results->setColumnWidth(ResultColumn, std::max(m_results->columnWidth(ResultColumn), 110));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_cancel = buttons->button(QDialogButtonBox::Cancel);
    m_cancel->setToolTip(tr("Skips the sessions not started yet; those in progress finish"));
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_job && !m_job->isFinished())
            m_job->cancel();
        else
            close();
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_progress);
    layout->addWidget(m_current);
    layout->addWidget(m_results, 1);
    layout->addWidget(buttons);
    resize(640, 360);

    connect(job, &ActionJob::itemStarted, this, &ActionProgressDialog::itemStarted);
    connect(job, &ActionJob::itemFinished, this, &ActionProgressDialog::itemFinished);
    connect(job, &ActionJob::progressChanged, m_progress, [this](int finished, int) { m_progress->setValue(finished); });
    connect(job, &ActionJob::finished, this, &ActionProgressDialog::jobFinished);
}

QString ActionProgressDialog::currentItemText() const
{
    return m_current->text();
}

void ActionProgressDialog::itemStarted(int index)
{
    m_current->setText(tr("Working on %1").arg(describe(m_job->target(index), endsProcesses(m_job))));
    m_results->topLevelItem(index)->setText(ResultColumn, ActionJob::statusName(ActionJob::Status::Running));
}

void ActionProgressDialog::itemFinished(int index)
{
    const ActionJob::Outcome &outcome = m_job->outcome(index);
    QTreeWidgetItem *item = m_results->topLevelItem(index);
    item->setText(ResultColumn, ActionJob::statusName(outcome.status));
    item->setForeground(ResultColumn, statusColor(outcome.status));
    if (outcome.error && outcome.status != ActionJob::Status::AlreadyGone) {
        item->setText(DetailColumn, outcome.error->toString());
        item->setToolTip(DetailColumn, plainToolTip(outcome.error->toString()));
    } else if (outcome.auditError) {
        const QString text = tr("Not recorded: %1").arg(outcome.auditError->message);
        item->setText(DetailColumn, text);
        item->setToolTip(DetailColumn, plainToolTip(text));
    }
}

void ActionProgressDialog::jobFinished()
{
    int succeeded = 0;
    int failed = 0;
    int skipped = 0;
    for (int i = 0; i < m_job->total(); ++i) {
        const ActionJob::Status status = m_job->outcome(i).status;
        succeeded += ActionJob::succeeded(status) ? 1 : 0;
        failed += status == ActionJob::Status::Failed ? 1 : 0;
        skipped += status == ActionJob::Status::Skipped ? 1 : 0;
    }
    QStringList parts{tr("%n done", nullptr, succeeded)};
    if (failed > 0)
        parts.append(tr("%n failed", nullptr, failed));
    if (skipped > 0)
        parts.append(tr("%n skipped", nullptr, skipped));
    m_current->setText(m_job->isCanceled() ? tr("Canceled: %1.").arg(parts.join(QStringLiteral(", ")))
                                           : tr("Finished: %1.").arg(parts.join(QStringLiteral(", "))));
    m_current->setEnabled(true);
    m_cancel->setText(tr("&Close"));
    m_cancel->setToolTip({});
}
