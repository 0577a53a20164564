#pragma once

#include "ActionJob.h"
#include "ConsoleSettings.h"
#include "RefreshScheduler.h"
#include "ServerAddress.h"

#include <QMainWindow>
#include <QPointer>
#include <QSet>
#include <QThreadPool>
#include <QTimer>

class ActionProgressDialog;
class ErrorBanner;
class QLabel;
class QMenu;
class QMessageBox;
class QProgressBar;
class QTabWidget;
class ServerTab;

// The console window: an All servers tab and one tab per server, each with a live session
// grid; the actions on selected sessions run as ActionJobs with progress feedback. The
// server list, layouts, geometry and refresh interval are kept in ConsoleSettings.
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
    };

    // What opens when this computer has no session manager that answers, or with --demo.
    static QStringList demoFarm();

    explicit MainWindow(const Options &options, QWidget *parent = nullptr);
    ~MainWindow() override;

    RefreshScheduler *scheduler() const { return m_scheduler; }
    ConsoleSettings &settings() { return m_settings; }
    QTabWidget *tabs() const { return m_tabs; }
    ServerTab *allServersTab() const { return m_allTab; }
    ServerTab *tabFor(const QString &server) const { return m_serverTabs.value(server); }
    ServerTab *currentTab() const;
    ErrorBanner *noteBanner() const { return m_note; }
    QProgressBar *actionProgressBar() const { return m_jobProgress; }
    QMenu *contextMenu() const { return m_contextMenu; }

    QAction *logoffAction() const { return m_logoff; }
    QAction *disconnectAction() const { return m_disconnect; }
    QAction *sendMessageAction() const { return m_sendMessage; }
    QAction *lockAction() const { return m_lock; }
    QAction *copyAction() const { return m_copy; }
    QAction *refreshAction() const { return m_refresh; }
    QAction *pauseAction() const { return m_pause; }
    QAction *addServerAction() const { return m_addServer; }
    QAction *closeTabAction() const { return m_closeTab; }
    QAction *exportAction() const { return m_export; }

    // Opens a tab for the server (or selects it if open) and starts refreshing it.
    void addServer(const ServerAddress &address, bool byUser = true);
    // The same for a source made elsewhere (tests inject sources with chosen capabilities).
    void addSource(std::shared_ptr<SessionSource> source);
    void closeServer(const QString &server, bool byUser = true);
    void setRefreshInterval(std::chrono::milliseconds interval, bool byUser = true);

    // Runs an action on sessions (no confirmation: the callers ask first).
    ActionJob *startAction(const ActionJob::Options &options, const QList<Session> &sessions);
    // The actions not yet finished.
    const QList<ActionJob *> &runningJobs() const { return m_jobs; }
    // Actions or refreshes still running: closing the window asks first.
    bool hasWorkInFlight() const;
    // The question asked when closing with work in flight, while it is open.
    QMessageBox *quitQuestion() const;
    // Closing waits for the work in flight (the window stays, says so, and closes itself).
    bool isWaitingToQuit() const { return m_quitWhenIdle; }
    // The user chose to quit without waiting for the work in flight.
    bool hasAbandonedWork() const { return m_abandoned; }

    // Runs the application until this window quits and returns the exit code. When the
    // user abandoned work in flight, ends the process at once instead of returning: a
    // backend call cannot be interrupted, and destroying the thread pools would wait for
    // it. The process then ends without destroying anything a worker could still reach;
    // a call already sent completes or fails on its server, and the next refresh shows it.
    int runUntilQuit();
    // Writes the rows the current tab shows, as CSV.
    bool exportCsv(const QString &fileName) const;
    // Saves the settings now (if allowed); true when written.
    bool saveSettings();

Q_SIGNALS:
    void actionStarted(ActionJob *job, ActionProgressDialog *dialog);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    ServerTab *createTab(const QString &server);
    ServerTab *openTab(const ServerAddress &address, bool byUser);
    void configureTab(ServerTab *tab);
    void onRefreshStarted(const QString &server, const RefreshScheduler::ServerStatus &status);
    void onRefreshFinished(const QString &server, const EnumerateResult &result, const QDateTime &observedAt,
                           const RefreshScheduler::ServerStatus &status);
    void fallBackToDemo(const SessionError &error);
    void updateActions();
    void updateSummary();
    void updateJobProgress();
    void currentTabChanged();
    void closeTabAt(int index);
    void tabMoved();
    void columnsChanged(ServerTab *tab);
    void serverListChangedByUser();
    void scheduleSave(bool byUser);
    ConsoleSettings::Values currentValues() const;
    void setPending(const Session &session, const QString &label);
    // The servers among `sessions` whose last refresh failed, so their rows are stale.
    QStringList staleServers(const QList<Session> &sessions) const;
    // `sessions` less those no longer listed as the same logon in `tab` (or whose server is
    // not answering); says in the note banner which were dropped and why.
    QList<Session> stillListed(ServerTab *tab, const QList<Session> &sessions);
    void askBeforeQuitting();
    void waitThenQuit();
    void abandonAndQuit();
    void quitIfIdle();

    void showContextMenu(const QPoint &globalPos);
    void openAddServerDialog();
    void confirmLogoff();
    void disconnectSelected();
    void openSendMessageDialog();
    void lockSelected();
    void copySelected();
    void openExportDialog();
    void showAbout();

    ConsoleSettings m_settings;
    RefreshScheduler *m_scheduler;
    // Actions run here, apart from refreshes, so a slow log off never delays the grid.
    QThreadPool m_actionPool;
    QList<ActionJob *> m_jobs;

    QTabWidget *m_tabs;
    ServerTab *m_allTab;
    QHash<QString, ServerTab *> m_serverTabs;
    ErrorBanner *m_note;
    QLabel *m_summary;
    QProgressBar *m_jobProgress;
    QMenu *m_contextMenu = nullptr;
    QAction *m_staleNote = nullptr; // in the context menu: why the actions are off
    QPointer<QMessageBox> m_quitQuestion;
    QMenu *m_intervalMenu = nullptr;

    QAction *m_addServer = nullptr;
    QAction *m_closeTab = nullptr;
    QAction *m_export = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_refresh = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_filter = nullptr;
    QAction *m_logoff = nullptr;
    QAction *m_disconnect = nullptr;
    QAction *m_sendMessage = nullptr;
    QAction *m_lock = nullptr;
    QAction *m_copy = nullptr;
    QAction *m_about = nullptr;

    QStringList m_savedServers;    // the list in the settings, kept until the user edits the tabs
    QSet<QString> m_transient;     // the demo farm opened as a fallback: never saved
    QStringList m_recent;
    QByteArray m_serverColumns;
    bool m_serverListEdited = false;
    bool m_probingLocal = false;
    bool m_applyingLayout = false;
    bool m_saveByUser = false;
    bool m_quitWhenIdle = false;
    bool m_abandoned = false;
    QTimer m_saveTimer;
};
