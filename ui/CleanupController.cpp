#include "CleanupController.h"

#include "ActionController.h"
#include "CleanupDialog.h"
#include "DurationText.h"
#include "RefreshScheduler.h"
#include "ServerTab.h"
#include "ServerWorkspace.h"

#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QWidget>

CleanupController::CleanupController(RefreshScheduler *scheduler, ServerWorkspace *workspace, ActionController *actions,
                                     QWidget *window)
    : m_scheduler(scheduler)
    , m_workspace(workspace)
    , m_actions(actions)
    , m_window(window)
{
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &CleanupController::updateCountdown);
}

CleanupController::~CleanupController()
{
    if (m_run)
        m_run->cancel();
}

void CleanupController::openFor(const ServerTab *tab)
{
    if (!tab || m_dialog)
        return;
    QList<CleanupEvaluator::ServerEnumeration> servers;
    // In the order of the tabs, as the administrator arranged them.
    const QStringList names = tab->isAllServers() ? m_workspace->servers() : QStringList{tab->server()};
    for (const QString &name : names) {
        std::shared_ptr<SessionSource> source = m_scheduler->source(name);
        const EnumerateResult none(SessionError{SessionError::Category::NotSupported,
                                                0,
                                                {},
                                                tr("The console has no connection to this server.")});
        servers.append({ServerAddress::parse(name), source, source ? EnumerateResult() : none});
    }
    m_dialog = new CleanupDialog(servers, &m_pool, m_window);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &QDialog::accepted, this, &CleanupController::confirmed);
    m_dialog->open();
}

void CleanupController::confirmed()
{
    if (!m_dialog || !m_dialog->plan())
        return;
    const CleanupPlan plan = *m_dialog->plan();
    if (const std::optional<CleanupRun::Warning> warning = m_dialog->warning())
        startRun(plan, *warning);
    else
        finish(plan);
}

void CleanupController::startRun(const CleanupPlan &plan, const CleanupRun::Warning &warning)
{
    auto *run = new CleanupRun(plan, warning, m_actions->auditLog(), &m_pool, this);
    m_run = run;
    auto *grace = new QProgressDialog(m_window);
    grace->setWindowTitle(tr("Log Off Idle or Disconnected Sessions"));
    grace->setAttribute(Qt::WA_DeleteOnClose);
    grace->setAutoClose(false);
    grace->setAutoReset(false);
    grace->setMinimumDuration(0);
    grace->setRange(0, 0);
    grace->setLabelText(tr("Warning %n session(s)…", nullptr, int(plan.matches.size())));
    grace->setCancelButtonText(tr("Cancel: Log Off No One"));
    m_grace = grace;
    connect(grace, &QProgressDialog::canceled, run, &CleanupRun::cancel);
    connect(run, &CleanupRun::canceled, this, [this, run] {
        m_run.clear();
        m_countdown.stop();
        if (m_grace)
            m_grace->close();
        run->deleteLater();
    });
    connect(run, &CleanupRun::graceStarted, this, [this, warning] {
        if (m_grace)
            m_grace->setRange(0, int(std::chrono::duration_cast<std::chrono::seconds>(warning.grace).count()));
        updateCountdown();
        m_countdown.start();
    });
    connect(run, &CleanupRun::reevaluating, this, [this] {
        m_countdown.stop();
        if (m_grace) {
            m_grace->setRange(0, 0);
            m_grace->setLabelText(tr("Checking which sessions still match…"));
        }
    });
    connect(run, &CleanupRun::ready, this, [this, run](const CleanupPlan &final) {
        m_run.clear(); // its log off is the action controller's from here
        if (m_grace)
            m_grace->close();
        run->deleteLater();
        finish(final);
    });
    grace->show();
    run->start();
}

bool CleanupController::mayClose()
{
    if (!m_run)
        return true;
    if (m_quitQuestion)
        return false;
    QString when;
    if (m_run->graceEnds().isValid())
        when = tr("The sessions that still match are logged off in %1.")
                   .arg(DurationText::format(
                       std::max<qint64>(0, QDateTime::currentDateTimeUtc().secsTo(m_run->graceEnds()))));
    auto *box = new QMessageBox(QMessageBox::Question, tr("Quit Session Console"),
                                tr("A log off of idle or disconnected sessions is under way."), QMessageBox::NoButton,
                                m_window);
    box->setObjectName(QStringLiteral("CleanupQuitQuestion"));
    box->setInformativeText((when.isEmpty() ? QString() : when + u'\n')
                            + tr("Quitting cancels it: no one is logged off, though the users may have been warned."));
    QPushButton *quit = box->addButton(tr("Cancel the Log Off and &Quit"), QMessageBox::DestructiveRole);
    quit->setObjectName(QStringLiteral("CancelAndQuit"));
    box->setDefaultButton(box->addButton(QMessageBox::Cancel));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, box](QAbstractButton *button) {
        if (box->buttonRole(button) != QMessageBox::DestructiveRole)
            return;
        m_quitQuestion.clear();
        if (m_run)
            m_run->cancel();
        m_window->close();
    });
    m_quitQuestion = box;
    box->open();
    return false;
}

void CleanupController::updateCountdown()
{
    if (!m_run || !m_grace)
        return;
    const qint64 left = std::max<qint64>(0, QDateTime::currentDateTimeUtc().secsTo(m_run->graceEnds()));
    m_grace->setValue(int(std::max<qint64>(0, m_grace->maximum() - left)));
    m_grace->setLabelText(
        tr("Warned. Logging off the sessions that still match in %1.").arg(DurationText::format(left)));
}

void CleanupController::finish(const CleanupPlan &plan)
{
    ActionJob *job = m_actions->start(CleanupRun::logoffOptions(), plan.targets());
    if (!job) {
        auto *box = new QMessageBox(QMessageBox::Information, tr("Log Off Idle or Disconnected Sessions"),
                                    tr("No session still matches the rule: no one was logged off."), QMessageBox::Ok,
                                    m_window);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    Q_EMIT logoffStarted(job);
}
