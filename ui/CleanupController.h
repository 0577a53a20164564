#pragma once

#include "CleanupDialog.h"
#include "CleanupRun.h"

#include <QMessageBox>
#include <QObject>
#include <QPointer>
#include <QProgressDialog>
#include <QThreadPool>
#include <QTimer>

class ActionController;

class QWidget;
class RefreshScheduler;
class ServerTab;
class ServerWorkspace;

// Log Off Idle or Disconnected, start to end: opens the CleanupDialog on a tab's servers,
// and on confirmation sends the warning, waits the grace period (a countdown with Cancel,
// the window free meanwhile), evaluates the rule again and hands what still matches to the
// ActionController as an ordinary log off with progress and per-item results.
class CleanupController final : public QObject
{
    Q_OBJECT

public:
    // Dialogs open on `window`; the log off runs through `actions`, which must outlive this.
    CleanupController(RefreshScheduler *scheduler, ServerWorkspace *workspace, ActionController *actions,
                      QWidget *window);
    // Cancels a cleanup still waiting (nothing is ended); the pool waits for its workers.
    ~CleanupController() override;

    // Opens the dialog for the servers `tab` shows (all of them on the All servers tab).
    void openFor(const ServerTab *tab);

    CleanupDialog *dialog() const { return m_dialog; }
    CleanupRun *run() const { return m_run; }
    // The countdown of the grace period while it runs.
    QProgressDialog *graceDialog() const { return m_grace; }

    // True when no cleanup is under way. Otherwise asks whether to cancel it and quit (its
    // users were warned of a log off that quitting would silently drop) and returns false;
    // cancelling it closes the window again.
    bool mayClose();
    QMessageBox *quitQuestion() const { return m_quitQuestion; }

Q_SIGNALS:
    // The log off of a cleanup started (nullptr when nothing matched any longer).
    void logoffStarted(ActionJob *job);

private:
    void confirmed();
    void startRun(const CleanupPlan &plan, const CleanupRun::Warning &warning);
    void updateCountdown();
    void finish(const CleanupPlan &plan);

    RefreshScheduler *const m_scheduler;
    ServerWorkspace *const m_workspace;
    ActionController *const m_actions;
    QWidget *const m_window;
    // Previews and warnings run here, apart from the refreshes and the actions.
    QThreadPool m_pool;
    QPointer<CleanupDialog> m_dialog;
    QPointer<CleanupRun> m_run;
    QPointer<QProgressDialog> m_grace;
    QPointer<QMessageBox> m_quitQuestion;
    QTimer m_countdown;
};
