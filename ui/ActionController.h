#pragma once

#include "ActionJob.h"
#include "SessionSource.h"

#include <QObject>
#include <QPointer>
#include <QThreadPool>

class ActionProgressDialog;
class ErrorBanner;
class QMainWindow;
class QMessageBox;
class QProgressBar;
class RefreshScheduler;
class ServerTab;
class ServerWorkspace;

// Runs the actions on sessions, start to end: asks for confirmation where one is due,
// checks that what was confirmed is still listed and its server answering, runs the
// ActionJob on its own pool with a progress dialog and the status bar's progress bar,
// labels the rows while it runs (the model's pending label) and refreshes their servers
// after. It also owns the quit policy: closing with work in flight asks Wait, Abandon or
// Cancel. It does not say which actions are enabled (MainWindow asks possibleActions) nor
// which tabs show a server (ServerWorkspace).
class ActionController final : public QObject
{
    Q_OBJECT

public:
    // Dialogs open on `window`, which this closes to quit; `note` is its banner; every
    // action is recorded in `audit`.
    ActionController(RefreshScheduler *scheduler, ServerWorkspace *workspace, ErrorBanner *note, QMainWindow *window,
                     int threads, std::shared_ptr<AuditLog> audit);
    // Cancels the running jobs; the pool then waits for their workers.
    ~ActionController() override;

    QProgressBar *progressBar() const { return m_progress; }
    const std::shared_ptr<AuditLog> &auditLog() const { return m_audit; }

    // What every server of `sessions` can do; nothing while a row is stale, since it may
    // name a logon that is gone or an id that now belongs to someone else.
    SessionSource::Capabilities possibleActions(const QList<Session> &sessions) const;
    // Why nothing can be done to `sessions` (their servers are not answering); empty if
    // that is not why.
    QString staleNote(const QList<Session> &sessions) const;

    // Why End Process cannot act on `processes` of `tab` (a server not answering, or unable
    // to end processes); empty when it can, or when nothing is selected.
    QString endProcessRefusal(const QList<SessionProcess> &processes, const ServerTab *tab) const;
    // Ends the processes selected on the Processes page of `tab`, after asking.
    void endSelectedProcesses(ServerTab *tab);

    // Acts on the selection of `tab`: log off, kill and send a message ask first, through a dialog.
    void actOnSelection(ActionJob::Kind kind, ServerTab *tab);
    // Runs an action on sessions (no confirmation: the callers ask first).
    ActionJob *start(const ActionJob::Options &options, const QList<Session> &sessions);
    // Runs an action on targets made by the caller (End Process).
    ActionJob *start(const ActionJob::Options &options, const QList<ActionJob::Target> &targets);
    // The actions not yet finished.
    const QList<ActionJob *> &runningJobs() const { return m_jobs; }

    // Actions, refreshes or process listings still running: closing the window asks first.
    bool hasWorkInFlight() const;
    // Whether the window may close now; if not, asks the quit question (once).
    bool mayClose();
    // The question asked when closing with work in flight, while it is open.
    QMessageBox *quitQuestion() const;
    // Closing waits for the work in flight (the window stays, says so, and closes itself).
    bool isWaitingToQuit() const { return m_quitWhenIdle; }
    // The user chose to quit without waiting for the work in flight.
    bool hasAbandonedWork() const { return m_abandoned; }
    // See MainWindow::runUntilQuit.
    int runUntilQuit();

Q_SIGNALS:
    void actionStarted(ActionJob *job, ActionProgressDialog *dialog);

private:
    void confirmLogoff(ServerTab *tab);
    void confirmKillSession(ServerTab *tab);
    void sendMessage(ServerTab *tab);
    // The servers among `sessions` whose last refresh failed, so their rows are stale.
    QStringList staleServers(const QList<Session> &sessions) const;
    void setPending(const Session &session, const QString &label);
    // `sessions` less those no longer listed as the same logon in `tab` (or whose server is
    // not answering); says in the note banner which were dropped from `kind` and why.
    QList<Session> stillListed(ServerTab *tab, const QList<Session> &sessions, ActionJob::Kind kind);
    // The processes still listed as they were confirmed, as End Process targets; says in the
    // note banner which were dropped and why.
    QList<ActionJob::Target> processTargets(ServerTab *tab, const QList<SessionProcess> &processes);
    bool isStale(const QString &server) const;
    void updateProgress();
    // Says in the note banner when `job` could not write its audit records.
    void reportAuditFailure(const ActionJob *job);
    // Says in the note banner when the audit log cannot be written (checked off this thread).
    void checkAuditLog();
    void askBeforeQuitting();
    void waitThenQuit();
    void abandonAndQuit();
    void quitIfIdle();

    RefreshScheduler *const m_scheduler;
    ServerWorkspace *const m_workspace;
    ErrorBanner *const m_note;
    QMainWindow *const m_window;
    QProgressBar *const m_progress;
    const std::shared_ptr<AuditLog> m_audit;
    // Actions run here, apart from refreshes, so a slow log off never delays the grid.
    QThreadPool m_pool;
    QList<ActionJob *> m_jobs;
    QPointer<QMessageBox> m_quitQuestion;
    bool m_quitWhenIdle = false;
    bool m_abandoned = false;
};
