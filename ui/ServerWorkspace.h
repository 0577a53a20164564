#pragma once

#include "RefreshScheduler.h"
#include "ServerTreeModel.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QThreadPool>

#include <memory>

class ErrorBanner;
class QTabWidget;
class ServerTab;
class TabCloseButton;

// The servers open in the window and the tabs that show them: the All servers tab first,
// then one tab per server in the user's order, and a tab per server group the user looks
// at ("All servers of GROUP"). Keeps the server tree's model (the groups, and each open
// server's counts and state). Opens, closes and moves them, adds and removes them in the
// scheduler, routes its results to the tabs and the tree, marks the tab of a server that
// is not answering, counts the servers still connecting, and falls back to the demo farm
// when this computer's session manager does not answer. It does not run actions (ActionController) nor decide what is saved
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
    ServerTreeModel *tree() { return &m_tree; }
    // The tab of the group's view, if it is open.
    ServerTab *groupTab(const QString &group) const { return m_groupTabs.value(group); }
    // The group whose view `tab` is; empty for any other tab.
    QString groupOf(const ServerTab *tab) const;
    int serverCount() const { return int(m_serverTabs.size()); }
    // The servers of the server tabs, in tab order.
    QStringList servers() const;
    // The tabs that list the rows of `server`: its own, the All servers tab and the tabs of its groups.
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
    // Opens these servers as the user's choice (they are saved) and stays on the current tab.
    void addServers(const QList<ServerAddress> &addresses);
    // Shows the server's tab, opening the server first when it is not open.
    void showServer(const QString &server);
    // Shows the group's view, made when first asked for: every open server of the group.
    void showGroup(const QString &group);
    void showAllServers();
    void closeServer(const QString &server, bool byUser = true);
    void closeTabAt(int index);
    void refreshCurrentTab();

Q_SIGNALS:
    // A server's or a group's tab was made and is about to be shown: its columns can be laid out.
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
    // Of the servers opened since all had last answered, `answered` have answered (well or
    // not) of `total`; equal when the last one has.
    void connectProgress(int answered, int total);

private:
    void configureTab(ServerTab *tab);
    // Opens a tab (none when the server is open: then that tab is shown) and starts refreshing.
    void open(const ServerAddress &address, bool byUser, bool show);
    ServerTab *openTab(const ServerAddress &address, bool byUser, bool show);
    void markFailing(ServerTab *tab, const QString &server, bool failing);
    void tabMoved();
    void routeRefreshStarted(const QString &server, const RefreshScheduler::ServerStatus &status);
    void routeRefreshFinished(const QString &server, const EnumerateResult &result, const QDateTime &observedAt,
                              const RefreshScheduler::ServerStatus &status);
    void fallBackToDemo(const SessionError &error);
    // Puts the servers the current tab does not show in the scheduler's background.
    void updateBackground();
    void scheduleBackgroundUpdate();
    void placeCloseButton();
    bool eventFilter(QObject *watched, QEvent *event) override;
    // Has `server`'s source read its sessions' resource totals while a tab that lists it
    // shows their columns, and only then: they cost the server calls of their own.
    void updateWantedTotals(const QString &server);
    void syncGroupTab(const QString &group);
    void renameGroupTab(const QString &from, const QString &to);
    void closeGroupTab(const QString &group);
    void settleConnecting(const QString &server);

    RefreshScheduler *const m_scheduler;
    ErrorBanner *const m_note;
    // Process listings run here, apart from the scheduler's refreshes: a slow listing never
    // delays a session refresh. Declared before the tabs, whose refreshers use it.
    QThreadPool m_processPool;
    QTabWidget *const m_tabs;
    ServerTab *const m_allTab;
    QHash<QString, ServerTab *> m_serverTabs;
    QHash<QString, ServerTab *> m_groupTabs; // by the group's name
    ServerTreeModel m_tree;
    QSet<QString> m_connecting; // opened, no answer yet
    int m_connectTotal = 0;
    bool m_probingLocal = false;
    bool m_backgroundUpdateDue = false;
    QPointer<TabCloseButton> m_closeButton;
    QPointer<QWidget> m_closeButtonTab; // the page whose tab holds it
};
