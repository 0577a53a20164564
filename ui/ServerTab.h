#pragma once

#include "RefreshScheduler.h"
#include "ServerSnapshot.h"

#include <QFutureWatcher>
#include <QHash>
#include <QSet>
#include <QTimer>
#include <QWidget>

#include <vector>

class ErrorBanner;
class ProcessesView;
class QLabel;
class QLineEdit;
class QTabWidget;
class QThreadPool;
class SessionFilterProxyModel;
class SessionTableModel;
class SessionTableView;

// One tab of the window, for one server or (the All servers tab) for many, with two pages as
// tsadmin had them: Sessions (a filter box, an error banner, the session grid and a status
// line) and Processes (ProcessesView, filtered to the sessions selected on the first page).
// Snapshots are applied only while the tab is shown: a hidden tab keeps the latest one per
// server and catches up when shown. Those that arrive together are applied together, in one
// pass over the rows; in the All servers tab, after a worker has digested them.
class ServerTab final : public QWidget
{
    Q_OBJECT

public:
    // The All servers tab applies what arrived at most every MinGatherMs, and waits at least
    // GatherFactor times as long as the last apply took.
    static constexpr int MinGatherMs = 100;
    static constexpr int GatherFactor = 4;
    // Sessions applied at a time, about: a few milliseconds' work.
    static constexpr int ChunkSessions = 5000;

    enum class Page { Sessions, Processes };

    // An empty `server` makes the All servers tab, which shows a Server column. The
    // Processes page lists processes through `scheduler`'s sources on `processPool`.
    ServerTab(const QString &server, RefreshScheduler *scheduler, QThreadPool *processPool, QWidget *parent = nullptr);

    bool isAllServers() const { return m_server.isEmpty(); }
    QString server() const { return m_server; }
    QStringList servers() const { return m_statuses.keys(); }

    void addServer(const QString &server);
    void removeServer(const QString &server);
    // The scheduler's signals, with the status it reports for the server from then on.
    void refreshStarted(const QString &server, const RefreshScheduler::ServerStatus &status);
    void refreshFinished(const QString &server, const EnumerateResult &result, const QDateTime &observedAt,
                         const RefreshScheduler::ServerStatus &status);
    // Applies every snapshot held back, at once.
    void flushNow();

    SessionTableModel *model() const { return m_model; }
    SessionFilterProxyModel *proxy() const { return m_proxy; }
    SessionTableView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
    ProcessesView *processes() const { return m_processes; }
    Page currentPage() const;
    void setCurrentPage(Page page);
    QTabWidget *pages() const { return m_pages; }
    ErrorBanner *banner() const { return m_banner; }
    QLabel *statusLabel() const { return m_status; }
    // The server's status as the scheduler last reported it to this tab.
    RefreshScheduler::ServerStatus status(const QString &server) const { return m_statuses.value(server); }
    // Whether the server's last enumeration failed, so its rows are stale.
    bool isFailing(const QString &server) const { return status(server).lastError.has_value(); }

    QList<Session> selectedSessions() const;
    // Puts the selected rows on the clipboard as tab-separated text, in the columns shown.
    void copySelection() const;
    // Writes the rows shown, in the columns shown, as CSV; true when written.
    bool exportCsv(const QString &fileName) const;
    // The session this tab lists now under `id` on `server`, if any.
    std::optional<Session> listedSession(const QString &server, const QString &id) const;
    void focusFilter();

Q_SIGNALS:
    void retryRequested(const QStringList &servers);
    void contextMenuRequested(const QPoint &globalPos);
    void processContextMenuRequested(const QPoint &globalPos);
    // The selection of either page changed, or the page shown did.
    void selectionChanged();
    // The user moved, resized, sorted, showed or hid a column.
    void columnsChanged();
    // The server's last refresh failed where the one before succeeded (its rows turned
    // stale), or the other way round.
    void failingChanged(const QString &server, bool failing);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void flush(bool all);
    // Moves the digested batch, once done, to m_ready.
    void takeDigested();
    // Applies the next chunk of m_ready, or all of it.
    void applyReady(bool all);
    // How long to gather snapshots before the next flush.
    int gatherMs() const;
    void scheduleStatus();
    void updateStatus();
    void updateBanner();
    QStringList failingServers() const;
    // Shows the resource columns once a server here gives the totals, hides them when none does.
    void updateResourceTotals();

    const QString m_server;
    RefreshScheduler *const m_scheduler;
    SessionTableModel *m_model;
    SessionFilterProxyModel *m_proxy;
    SessionTableView *m_view;
    QLineEdit *m_filter;
    ErrorBanner *m_banner;
    QLabel *m_status;
    QLabel *m_refreshing;
    ProcessesView *m_processes;
    QTabWidget *m_pages;

    // The status the scheduler last reported for each server shown: what the status line
    // and the banner say. Kept as reported, never changed here.
    QHash<QString, RefreshScheduler::ServerStatus> m_statuses;
    // Snapshots held back while the tab is hidden or until the next flush: the latest per
    // server, applied together in arrival order.
    QHash<QString, ServerSnapshot> m_heldBack;
    QList<QString> m_heldBackOrder;
    QTimer m_flushTimer;
    qint64 m_lastFlushMs = 0;
    // The batch being digested, and whether its result waits to be taken; servers removed
    // meanwhile are left out of it. Then the snapshots digested and not applied yet.
    QFutureWatcher<std::vector<ServerSnapshot>> m_digesting;
    bool m_digested = false;
    QSet<QString> m_removedWhileDigesting;
    std::vector<ServerSnapshot> m_ready;
    QTimer m_statusTimer;
};
