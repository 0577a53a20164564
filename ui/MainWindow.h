#pragma once

#include "ActionController.h"
#include "AuditHistoryDialog.h"
#include "CleanupController.h"
#include "RefreshScheduler.h"
#include "ServerWorkspace.h"
#include "SettingsBinder.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>

class ErrorBanner;
class QLabel;
class QMenu;
class QTabWidget;
class ServerImportController;
class ServerTreeDock;
class SessionDetailsDock;

// The console window: its menus, toolbar, status bar and layout, and the wiring between
// its rooms: ServerWorkspace (which servers, in which tabs; refresh results to the tabs),
// ActionController (actions on sessions, and quitting with work in flight) and
// SettingsBinder (what is saved when). See ui/README.md.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    struct Options
    {
        QStringList servers;  // from the command line: shown instead of the saved ones
        bool demo = false;    // show the demo farm
        QString settingsFile; // empty: the user's settings file
        int refreshThreads = RefreshScheduler::DefaultMaxThreads;
        int actionThreads = ActionJob::DefaultPoolThreads;
        QString auditLog; // empty: AuditLog::defaultPath()
    };

    explicit MainWindow(const Options &options, QWidget *parent = nullptr);
    ~MainWindow() override;

    RefreshScheduler *scheduler() const { return m_scheduler; }
    ConsoleSettings &settings() { return m_settingsBinder->settings(); }
    QTabWidget *tabs() const { return m_workspace->tabs(); }
    ServerTab *allServersTab() const { return m_workspace->allServersTab(); }
    ServerTab *tabFor(const QString &server) const { return m_workspace->tabFor(server); }
    ServerTab *currentTab() const { return m_workspace->currentTab(); }
    ErrorBanner *noteBanner() const { return m_note; }
    QProgressBar *actionProgressBar() const { return m_actions->progressBar(); }
    QMenu *contextMenu() const { return m_contextMenu; }
    QMenu *processContextMenu() const { return m_processMenu; }
    QAction *endProcessAction() const { return m_endProcess; }
    SessionDetailsDock *detailsDock() const { return m_details; }
    ServerTreeDock *serverTree() const { return m_serverTree; }
    ServerImportController *serverImport() const { return m_import; }
    // "Connecting: N of M servers answered…" while servers opened have not all answered.
    QLabel *connectingLabel() const { return m_connecting; }

    QAction *logoffAction() const { return m_logoff; }
    QAction *disconnectAction() const { return m_disconnect; }
    QAction *sendMessageAction() const { return m_sendMessage; }
    QAction *lockAction() const { return m_lock; }
    QAction *killSessionAction() const { return m_killSession; }
    QAction *cleanupAction() const { return m_cleanupAction; }
    CleanupController *cleanupController() const { return m_cleanup.get(); }
    QAction *copyAction() const { return m_copy; }
    QAction *refreshAction() const { return m_refresh; }
    QAction *pauseAction() const { return m_pause; }
    QAction *addServerAction() const { return m_addServer; }
    QAction *closeTabAction() const { return m_closeTab; }
    QAction *exportAction() const { return m_export; }
    QAction *historyAction() const { return m_history; }
    // View › History, while open.
    AuditHistoryDialog *historyDialog() const { return m_historyDialog; }

    void addServer(const ServerAddress &address, bool byUser = true) { m_workspace->addServer(address, byUser); }
    void addServers(const QList<ServerAddress> &addresses) { m_workspace->addServers(addresses); }
    void addSource(std::shared_ptr<SessionSource> source) { m_workspace->addSource(std::move(source)); }
    void closeServer(const QString &server, bool byUser = true) { m_workspace->closeServer(server, byUser); }
    void setRefreshInterval(std::chrono::milliseconds interval, bool byUser = true);

    ActionJob *startAction(const ActionJob::Options &options, const QList<Session> &sessions)
    {
        return m_actions->start(options, sessions);
    }
    const QList<ActionJob *> &runningJobs() const { return m_actions->runningJobs(); }
    bool hasWorkInFlight() const { return m_actions->hasWorkInFlight(); }
    QMessageBox *quitQuestion() const { return m_actions->quitQuestion(); }
    bool isWaitingToQuit() const { return m_actions->isWaitingToQuit(); }
    bool hasAbandonedWork() const { return m_actions->hasAbandonedWork(); }

    // Runs the application until this window quits and returns the exit code. When the
    // user abandoned work in flight, ends the process at once instead of returning: a
    // backend call cannot be interrupted, and destroying the thread pools would wait for
    // it. The process then ends without destroying anything a worker could still reach;
    // a call already sent completes or fails on its server, and the next refresh shows it.
    int runUntilQuit() { return m_actions->runUntilQuit(); }
    // Writes the rows the current tab shows, as CSV.
    bool exportCsv(const QString &fileName) const;
    // Saves the settings now (if allowed); true when written.
    bool saveSettings() { return m_settingsBinder->save(); }

Q_SIGNALS:
    void actionStarted(ActionJob *job, ActionProgressDialog *dialog);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    void checkIntervalChoice();
    void updateActions();
    void updateSummary();
    void showContextMenu(const QPoint &globalPos);
    void showProcessContextMenu(const QPoint &globalPos);
    void openAddServerDialog();
    void openExportDialog();
    void openHistory();
    void showConnectProgress(int answered, int total);
    void showImported(int opened, int skipped, const QString &group);
    void showAbout();

    RefreshScheduler *const m_scheduler;
    ErrorBanner *const m_note;
    QLabel *const m_summary;
    // Built in this order, each on the ones before; destroyed the other way round before
    // any widget goes, so the jobs end first and nothing routes the signals of tabs being
    // torn down.
    const std::unique_ptr<ServerWorkspace> m_workspace;
    const std::unique_ptr<SettingsBinder> m_settingsBinder;
    const std::unique_ptr<ActionController> m_actions;
    const std::unique_ptr<CleanupController> m_cleanup;

    SessionDetailsDock *const m_details;
    ServerTreeDock *const m_serverTree;
    ServerImportController *const m_import;
    QLabel *const m_connecting;
    QMenu *m_contextMenu = nullptr;
    QAction *m_staleNote = nullptr; // in the context menu: why the actions are off
    QMenu *m_processMenu = nullptr;
    QAction *m_processNote = nullptr; // in the processes' context menu: why End Process is off
    QMenu *m_intervalMenu = nullptr;

    QAction *m_addServer = nullptr;
    QAction *m_closeTab = nullptr;
    QAction *m_export = nullptr;
    QAction *m_history = nullptr;
    QPointer<AuditHistoryDialog> m_historyDialog;
    QAction *m_quit = nullptr;
    QAction *m_refresh = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_filter = nullptr;
    QAction *m_logoff = nullptr;
    QAction *m_disconnect = nullptr;
    QAction *m_sendMessage = nullptr;
    QAction *m_lock = nullptr;
    QAction *m_killSession = nullptr;
    QAction *m_cleanupAction = nullptr;
    QAction *m_endProcess = nullptr;
    QAction *m_copy = nullptr;
    QAction *m_about = nullptr;
};
