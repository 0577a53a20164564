#include "ActionController.h"

#include "ActionProgressDialog.h"
#include "DisplayText.h"
#include "ErrorBanner.h"
#include "KillSessionDialog.h"
#include "LogoffConfirmDialog.h"
#include "ProcessConfirmDialog.h"
#include "ProcessesView.h"
#include "RefreshScheduler.h"
#include "SendMessageDialog.h"
#include "ServerTab.h"
#include "ServerWorkspace.h"
#include "SessionRef.h"
#include "SessionTableModel.h"

#include <QApplication>
#include <QMainWindow>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

#include <cstdio>
#include <cstdlib>

ActionController::ActionController(RefreshScheduler *scheduler, ServerWorkspace *workspace, ErrorBanner *note,
                                   QMainWindow *window, int threads, std::shared_ptr<AuditLog> audit)
    : m_scheduler(scheduler)
    , m_workspace(workspace)
    , m_note(note)
    , m_window(window)
    , m_progress(new QProgressBar(window))
    , m_audit(std::move(audit))
{
    m_pool.setMaxThreadCount(std::max(1, threads));
    m_pool.setObjectName(QStringLiteral("actions"));
    m_progress->setAccessibleName(tr("Action progress"));
    m_progress->setMaximumWidth(260);
    m_progress->setVisible(false);
    // A refresh may be the last work the window waits for before it quits.
    connect(m_scheduler, &RefreshScheduler::refreshFinished, this, &ActionController::quitIfIdle);
    connect(m_workspace, &ServerWorkspace::processesListed, this, &ActionController::quitIfIdle);
    checkAuditLog();
}

ActionController::~ActionController()
{
    for (ActionJob *job : std::as_const(m_jobs))
        job->cancel();
    qDeleteAll(m_jobs);
}

bool ActionController::isStale(const QString &server) const
{
    return m_scheduler->status(server).lastError.has_value();
}

QStringList ActionController::staleServers(const QList<Session> &sessions) const
{
    QStringList stale;
    QSet<QString> seen;
    for (const Session &session : sessions) {
        if (!seen.contains(session.server)) {
            seen.insert(session.server);
            if (isStale(session.server))
                stale.append(session.server);
        }
    }
    return stale;
}

SessionSource::Capabilities ActionController::possibleActions(const QList<Session> &sessions) const
{
    if (sessions.isEmpty() || !staleServers(sessions).isEmpty())
        return {};
    // Every capability, narrowed by each server's.
    SessionSource::Capabilities common(~0);
    QSet<QString> seen;
    for (const Session &session : sessions) {
        if (!seen.contains(session.server)) {
            seen.insert(session.server);
            common &= m_scheduler->capabilities(session.server);
        }
    }
    return common;
}

QString ActionController::staleNote(const QList<Session> &sessions) const
{
    const QStringList stale = staleServers(sessions);
    if (stale.isEmpty())
        return {};
    const QString first = serverDisplayName(stale.first());
    return stale.size() == 1
               ? tr("%1 is not answering: actions wait for a fresh list").arg(first)
               : tr("%1 and %Ln more are not answering: actions wait for a fresh list", nullptr, int(stale.size() - 1))
                     .arg(first);
}

QString ActionController::endProcessRefusal(const QList<SessionProcess> &processes, const ServerTab *tab) const
{
    QStringList servers;
    for (const SessionProcess &process : processes) {
        if (!servers.contains(process.server))
            servers.append(process.server);
    }
    for (const QString &server : std::as_const(servers)) {
        const QString name = serverDisplayName(server);
        if (isStale(server) || tab->processes()->listingError(server))
            return tr("%1 is not answering: End Process waits for a fresh list").arg(name);
        if (!m_scheduler->capabilities(server).testFlag(SessionSource::Capability::EndProcess))
            return tr("%1 cannot end processes").arg(name);
    }
    return {};
}

void ActionController::endSelectedProcesses(ServerTab *tab)
{
    const QList<SessionProcess> processes = tab->processes()->selectedProcesses();
    if (processes.isEmpty() || !endProcessRefusal(processes, tab).isEmpty())
        return;
    auto *dialog = new ProcessConfirmDialog(processes, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, tab = QPointer<ServerTab>(tab)] {
        if (!tab)
            return;
        ActionJob::Options options;
        options.kind = ActionJob::Kind::EndProcess;
        start(options, processTargets(tab, dialog->processes()));
    });
    dialog->open();
}

QList<ActionJob::Target> ActionController::processTargets(ServerTab *tab, const QList<SessionProcess> &processes)
{
    tab->flushNow(); // the sessions the processes belong to, as listed now
    QList<ActionJob::Target> targets;
    QStringList dropped;
    for (const SessionProcess &process : processes) {
        const QString server = serverDisplayName(process.server);
        std::shared_ptr<SessionSource> source = m_scheduler->source(process.server);
        if (!source || isStale(process.server) || tab->processes()->listingError(process.server)) {
            dropped.append(tr("%1 is not answering, so process %2 (%3) may no longer be the one listed.")
                               .arg(server, QString::number(process.pid), process.name));
        } else if (!tab->processes()->listedProcess(ProcessTableModel::Key::of(process))) {
            dropped.append(
                tr("%1: process %2 (%3) is no longer listed.").arg(server, QString::number(process.pid), process.name));
        } else if (const std::optional<Session> session = tab->listedSession(process.server, process.sessionId)) {
            // The logon the process ran in when listed: the server checks it is still that one.
            targets.append({std::move(source), *session, process});
        } else {
            // A session the grid does not list (services): the pid and name are checked.
            Session unlisted;
            unlisted.server = process.server;
            unlisted.id = process.sessionId;
            unlisted.user = process.user;
            targets.append({std::move(source), unlisted, process,
                            ProcessRef{process.pid, process.name, SessionRef::plainId(process.sessionId)}});
        }
    }
    if (!dropped.isEmpty()) {
        QString html = QStringLiteral("<b>%1</b>")
                           .arg(tr("%Ln process(es) were not ended:", nullptr, int(dropped.size())).toHtmlEscaped());
        for (const QString &line : std::as_const(dropped))
            html += QStringLiteral("<br>") + line.toHtmlEscaped();
        m_note->showMessage(ErrorBanner::Severity::Error, html);
    }
    return targets;
}

void ActionController::actOnSelection(ActionJob::Kind kind, ServerTab *tab)
{
    if (kind == ActionJob::Kind::Logoff) {
        confirmLogoff(tab);
    } else if (kind == ActionJob::Kind::KillSession) {
        confirmKillSession(tab);
    } else if (kind == ActionJob::Kind::SendMessage) {
        sendMessage(tab);
    } else {
        ActionJob::Options options;
        options.kind = kind;
        start(options, tab->selectedSessions());
    }
}

void ActionController::confirmLogoff(ServerTab *tab)
{
    const QList<Session> sessions = tab->selectedSessions();
    if (sessions.isEmpty())
        return;
    auto *dialog = new LogoffConfirmDialog(sessions, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, tab = QPointer<ServerTab>(tab)] {
        // The list may have moved on while the dialog was open.
        const QList<Session> confirmed = stillListed(tab, dialog->sessions(), ActionJob::Kind::Logoff);
        if (confirmed.isEmpty())
            return;
        ActionJob::Options options;
        options.kind = ActionJob::Kind::Logoff;
        options.wait = dialog->waitUntilLoggedOff();
        start(options, confirmed);
    });
    dialog->open();
}

void ActionController::confirmKillSession(ServerTab *tab)
{
    const QList<Session> sessions = tab->selectedSessions();
    if (sessions.isEmpty())
        return;
    auto *dialog = new KillSessionDialog(sessions, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, tab = QPointer<ServerTab>(tab)] {
        const QList<Session> confirmed = stillListed(tab, dialog->sessions(), ActionJob::Kind::KillSession);
        if (confirmed.isEmpty())
            return;
        ActionJob::Options options;
        options.kind = ActionJob::Kind::KillSession;
        options.signal = dialog->signal();
        options.killWho = dialog->who();
        start(options, confirmed);
    });
    dialog->open();
}

void ActionController::sendMessage(ServerTab *tab)
{
    const QList<Session> sessions = tab->selectedSessions();
    auto *dialog = new SendMessageDialog(int(sessions.size()), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, sessions] {
        ActionJob::Options options;
        options.kind = ActionJob::Kind::SendMessage;
        options.wait = false;
        options.title = dialog->title();
        options.text = dialog->text();
        start(options, sessions);
    });
    dialog->open();
}

QList<Session> ActionController::stillListed(ServerTab *tab, const QList<Session> &sessions, ActionJob::Kind kind)
{
    if (tab)
        tab->flushNow(); // a snapshot held back for a few milliseconds counts
    QList<Session> kept;
    QStringList dropped;
    for (const Session &session : sessions) {
        const QString server = serverDisplayName(session.server);
        const std::optional<Session> now = tab ? tab->listedSession(session.server, session.id) : std::nullopt;
        if (isStale(session.server)) {
            dropped.append(
                tr("%1 is not answering, so session %2 may no longer be %3's: actions wait for a fresh list.")
                    .arg(server, session.id, session.user));
        } else if (!now) {
            dropped.append(tr("%1: session %2 (%3) is no longer listed.").arg(server, session.id, session.user));
        } else if (const Result<void> same = SessionRef::of(session).verify(now->user, now->logonTime);
                   !same || SessionKey::of(*now) != SessionKey::of(session)) {
            dropped.append(!same ? tr("%1: %2.").arg(server, same.error().message)
                                 : tr("%1: session %2 is now another logon.").arg(server, session.id));
        } else {
            kept.append(session);
        }
    }
    if (!dropped.isEmpty()) {
        QString html = QStringLiteral("<b>%1</b>")
                           .arg((kind == ActionJob::Kind::KillSession
                                     ? tr("%Ln session(s) were not sent the signal:", nullptr, int(dropped.size()))
                                     : tr("%Ln session(s) were not logged off:", nullptr, int(dropped.size())))
                                    .toHtmlEscaped());
        for (const QString &line : std::as_const(dropped))
            html += QStringLiteral("<br>") + line.toHtmlEscaped();
        m_note->showMessage(ErrorBanner::Severity::Error, html);
    }
    return kept;
}

void ActionController::setPending(const Session &session, const QString &label)
{
    const SessionKey key = SessionKey::of(session);
    const QList<ServerTab *> tabs = m_workspace->tabsShowing(session.server);
    for (ServerTab *tab : tabs)
        tab->model()->setPending(key, label);
}

ActionJob *ActionController::start(const ActionJob::Options &options, const QList<Session> &sessions)
{
    QList<ActionJob::Target> targets;
    for (const Session &session : sessions) {
        if (std::shared_ptr<SessionSource> source = m_scheduler->source(session.server))
            targets.append({std::move(source), session});
    }
    return start(options, targets);
}

ActionJob *ActionController::start(const ActionJob::Options &options, const QList<ActionJob::Target> &targets)
{
    if (targets.isEmpty())
        return nullptr;

    auto *job = new ActionJob(options, targets, m_audit, &m_pool, this);
    m_jobs.append(job);
    // Ending a process leaves its session as it is: the session row keeps no label.
    const bool labelsSessions = options.kind != ActionJob::Kind::EndProcess;
    const QString label = ActionJob::progressLabel(options.kind);
    if (labelsSessions) {
        for (const ActionJob::Target &target : targets)
            setPending(target.session, label);
    }

    connect(job, &ActionJob::itemFinished, this, [this, job, labelsSessions](int index) {
        // A session logged off keeps its label until a refresh shows it gone.
        const bool gone = job->options().kind == ActionJob::Kind::Logoff
                          && ActionJob::succeeded(job->outcome(index).status);
        if (labelsSessions && !gone)
            setPending(job->target(index).session, {});
    });
    connect(job, &ActionJob::progressChanged, this, &ActionController::updateProgress);
    connect(job, &ActionJob::finished, this, [this, job] {
        reportAuditFailure(job);
        QSet<QString> servers;
        for (int i = 0; i < job->total(); ++i)
            servers.insert(job->target(i).session.server);
        for (const QString &server : std::as_const(servers)) {
            if (!m_quitWhenIdle)
                m_scheduler->refreshNow(server);
        }
        m_jobs.removeOne(job);
        job->deleteLater();
        updateProgress();
        quitIfIdle();
    });

    auto *dialog = new ActionProgressDialog(job, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    Q_EMIT actionStarted(job, dialog);
    job->start();
    updateProgress();
    return job;
}

void ActionController::reportAuditFailure(const ActionJob *job)
{
    int notRun = 0;
    int notRecorded = 0;
    std::optional<QString> why;
    for (int i = 0; i < job->total(); ++i) {
        const ActionJob::Outcome &outcome = job->outcome(i);
        if (outcome.error && outcome.error->name == QLatin1String(AuditLog::ErrorName)) {
            ++notRun;
            why = outcome.error->message;
        } else if (outcome.auditError) {
            ++notRecorded;
            why = outcome.auditError->message;
        }
    }
    if (!why)
        return;
    QString html = QStringLiteral("<b>%1</b>").arg(tr("The audit log could not be written.").toHtmlEscaped());
    if (notRun > 0)
        html += u' '
                + tr("Not acted on, since an action runs only once it is recorded: %1 of %2.")
                      .arg(notRun)
                      .arg(job->total())
                      .toHtmlEscaped();
    if (notRecorded > 0)
        html += u' '
                + tr("Acted on, but the outcome is missing from the log: %1 of %2.")
                      .arg(notRecorded)
                      .arg(job->total())
                      .toHtmlEscaped();
    html += QStringLiteral("<br>") + why->toHtmlEscaped();
    m_note->showMessage(ErrorBanner::Severity::Error, html);
}

void ActionController::checkAuditLog()
{
    // Opening a file may wait on a slow home directory: not on this thread.
    QtConcurrent::run([audit = m_audit] { return audit->check(); }).then(this, [this](const Result<void> &writable) {
        if (!writable) {
            m_note->showMessage(ErrorBanner::Severity::Error,
                                QStringLiteral("<b>%1</b> %2<br>%3")
                                    .arg(tr("The audit log cannot be written.").toHtmlEscaped(),
                                         tr("Actions are refused until it can be.").toHtmlEscaped(),
                                         writable.error().message.toHtmlEscaped()));
        }
    });
}

void ActionController::updateProgress()
{
    int finished = 0;
    int total = 0;
    for (const ActionJob *job : std::as_const(m_jobs)) {
        finished += job->finishedCount();
        total += job->total();
    }
    m_progress->setVisible(total > 0);
    if (total == 0)
        return;
    m_progress->setRange(0, total);
    m_progress->setValue(finished);
    m_progress->setFormat(m_jobs.size() == 1
                              ? tr("%1: %v of %m").arg(ActionJob::kindName(m_jobs.first()->options().kind))
                              : tr("%v of %m"));
}

bool ActionController::hasWorkInFlight() const
{
    if (!m_jobs.isEmpty() || m_workspace->isListingProcesses())
        return true;
    const QStringList servers = m_scheduler->servers();
    return std::any_of(servers.cbegin(), servers.cend(),
                       [this](const QString &server) { return m_scheduler->status(server).refreshing; });
}

bool ActionController::mayClose()
{
    if (m_abandoned || !hasWorkInFlight())
        return true;
    askBeforeQuitting();
    return false;
}

QMessageBox *ActionController::quitQuestion() const
{
    return m_quitQuestion;
}

void ActionController::askBeforeQuitting()
{
    if (m_quitWhenIdle || m_quitQuestion)
        return;
    int sessions = 0;
    for (const ActionJob *job : std::as_const(m_jobs))
        sessions += job->total() - job->finishedCount();
    auto *box = new QMessageBox(QMessageBox::Question, tr("Quit Session Console"),
                                sessions > 0 ? tr("Actions on %Ln session(s) are still running.", nullptr, sessions)
                                             : tr("Servers are still being refreshed."),
                                QMessageBox::NoButton, m_window);
    box->setObjectName(QStringLiteral("QuitQuestion"));
    box->setInformativeText(
        tr("Wait: the window closes by itself when the work in progress is done.\n"
           "Abandon: quit now. What has not started is skipped; a call already sent to a server cannot be "
           "called back and may still take effect there."));
    QPushButton *wait = box->addButton(tr("&Wait"), QMessageBox::AcceptRole);
    box->addButton(tr("&Abandon"), QMessageBox::DestructiveRole)->setObjectName(QStringLiteral("Abandon"));
    box->addButton(QMessageBox::Cancel);
    wait->setObjectName(QStringLiteral("Wait"));
    box->setDefaultButton(wait);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, box](QAbstractButton *button) {
        if (box->buttonRole(button) == QMessageBox::AcceptRole)
            waitThenQuit();
        else if (box->buttonRole(button) == QMessageBox::DestructiveRole)
            abandonAndQuit();
    });
    m_quitQuestion = box;
    box->open();
}

void ActionController::waitThenQuit()
{
    m_quitWhenIdle = true;
    // Nothing new starts: no timed refreshes (the Pause button shows it), no refresh after an action.
    m_scheduler->setPaused(true);
    m_note->showMessage(ErrorBanner::Severity::Note,
                        tr("<b>Quitting</b> as soon as the running actions and refreshes have finished."));
    m_note->setActionText(tr("&Abandon and Quit"));
    connect(m_note, &ErrorBanner::actionTriggered, this, &ActionController::abandonAndQuit, Qt::UniqueConnection);
    quitIfIdle();
}

void ActionController::abandonAndQuit()
{
    m_abandoned = true;
    // A copy: a job whose items were all waiting finishes, and leaves the list, right here.
    const QList<ActionJob *> jobs = m_jobs;
    for (ActionJob *job : jobs)
        job->cancel();
    m_window->close();
}

void ActionController::quitIfIdle()
{
    if (m_quitWhenIdle && !hasWorkInFlight())
        m_window->close();
}

int ActionController::runUntilQuit()
{
    const int code = QApplication::exec();
    if (m_abandoned) {
        std::fflush(nullptr);
        std::_Exit(code);
    }
    return code;
}
