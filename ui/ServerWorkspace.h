#pragma once

#include "RefreshScheduler.h"

#include <QHash>
#include <QObject>
#include <QThreadPool>

#include <memory>

class ErrorBanner;
class QTabWidget;
class ServerTab;

// The servers open in the window and the tabs that show them: the All servers tab first,
// then one tab per server in the user's order (the coming server tree lives here too).
// Opens, closes and moves them, adds and removes them in the scheduler, routes its
// results to the tabs that show a server, marks the tab of a server that is not
// answering, and falls back to the demo farm when this computer's session manager does
// not answer. It does not run actions (ActionController) nor decide what is saved
// (SettingsBinder): it says what changed, and they listen.
class ServerWorkspace final : public QObject
{
    Q_OBJECT

public:
    static constexpr int ProcessPoolThreads = 64;

    // What opens with --demo, and when this computer has no session manager that answers.
    static QStringList demoFarm();

    // The tabs are made in `window`, which lays them out; `note` is the window's banner.
    ServerWorkspace(RefreshScheduler *scheduler, ErrorBanner *note, QWidget *window);

    QTabWidget *tabs() const { return m_tabs; }
    ServerTab *allServersTab() const { return m_allTab; }
    ServerTab *tabFor(const QString &server) const { return m_serverTabs.value(server); }
    ServerTab *currentTab() const;
    int serverCount() const { return int(m_serverTabs.size()); }
    // The servers of the server tabs, in tab order.
    QStringList servers() const;
    // The tabs that list the rows of `server`: its own and the All servers tab.
    QList<ServerTab *> tabsShowing(const QString &server) const;
    // Whether a Processes page waits for a listing: the window waits for it before it quits.
    bool isListingProcesses() const;

    // Opens the servers the window starts with: those `requested` (on the command line),
    // else those saved, else this computer, or the demo farm when it does not answer.
    void openAtStart(const QStringList &requested, const QStringList &saved);
    // Opens a tab for the server (or selects it if open) and starts refreshing it.
    void addServer(const ServerAddress &address, bool byUser = true);
    // The same for a source made elsewhere (tests inject sources with chosen capabilities).
    void addSource(std::shared_ptr<SessionSource> source);
    void closeServer(const QString &server, bool byUser = true);
    void closeTabAt(int index);
    void refreshCurrentTab();

Q_SIGNALS:
    // A server tab was made and is about to be shown: its columns can be laid out.
    void tabCreated(ServerTab *tab);
    void serverOpened(const QString &server, bool byUser);
    void serverClosed(const QString &server, bool byUser);
    // The user moved a server tab.
    void tabsReordered();
    // These servers (the demo farm) stand in for this computer, whose session manager did
    // not answer: they are not the user's choice.
    void demoFallbackOpened(const QStringList &servers);
    // A server started or stopped answering (its rows turned stale, or fresh again).
    void failingChanged(const QString &server, bool failing);
    // From any tab.
    void contextMenuRequested(const QPoint &globalPos);
    void processContextMenuRequested(const QPoint &globalPos);
    void selectionChanged();
    // A Processes page received a listing.
    void processesListed();
    void columnsChanged(ServerTab *tab);

private:
    void configureTab(ServerTab *tab);
    ServerTab *openTab(const ServerAddress &address, bool byUser);
    void markFailing(ServerTab *tab, const QString &server, bool failing);
    void tabMoved();
    void routeRefreshStarted(const QString &server, const RefreshScheduler::ServerStatus &status);
    void routeRefreshFinished(const QString &server, const EnumerateResult &result, const QDateTime &observedAt,
                              const RefreshScheduler::ServerStatus &status);
    void fallBackToDemo(const SessionError &error);
    // Has `server`'s source read its sessions' resource totals while a tab that lists it
    // shows their columns, and only then: they cost the server calls of their own.
    void updateWantedTotals(const QString &server);

    RefreshScheduler *const m_scheduler;
    ErrorBanner *const m_note;
    // Process listings run here, apart from the scheduler's refreshes: a slow listing never
    // delays a session refresh. Declared before the tabs, whose refreshers use it.
    QThreadPool m_processPool;
    QTabWidget *const m_tabs;
    ServerTab *const m_allTab;
    QHash<QString, ServerTab *> m_serverTabs;
    bool m_probingLocal = false;
};
