#pragma once

#include "ProcessFilterProxyModel.h"
#include "ProcessTableModel.h"
#include "Session.h"
#include "SessionError.h"
#include "SessionSource.h"

#include <QHash>
#include <QTimer>
#include <QWidget>

#include <optional>

class ErrorBanner;
class ProcessRefresher;
class QLabel;
class QLineEdit;
class QTableView;
class QThreadPool;
class QToolButton;
class RefreshScheduler;

// The Processes page of a server tab: a filter box, the session filter (the sessions
// selected on the Sessions page, or all), a banner for the servers whose processes cannot
// be listed, the grid and a status line. Its ProcessRefresher lists the processes only
// while the page is shown.
class ProcessesView final : public QWidget
{
    Q_OBJECT

public:
    // `allServers`: the grid shows a Server column.
    ProcessesView(bool allServers, RefreshScheduler *scheduler, QThreadPool *pool, QWidget *parent = nullptr);

    void addServer(const QString &server);
    void removeServer(const QString &server);

    // Shows only the processes of `sessions`; none shows every session.
    void setSessionFilter(const QList<Session> &sessions);
    void clearSessionFilter();

    QList<SessionProcess> selectedProcesses() const;
    // The process the grid lists now as `key`, if any.
    std::optional<SessionProcess> listedProcess(const ProcessTableModel::Key &key) const;
    // Why the processes of `server` may be out of date (its last listing failed); empty when fresh.
    std::optional<SessionError> listingError(const QString &server) const;
    // Puts the selected rows on the clipboard as tab-separated text, in the columns shown.
    void copySelection() const;
    void focusFilter();

    ProcessTableModel *model() const { return m_model; }
    ProcessFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
    QLabel *sessionFilterLabel() const { return m_sessionLabel; }
    QToolButton *clearSessionFilterButton() const { return m_clearSessions; }
    ErrorBanner *banner() const { return m_banner; }
    QLabel *statusLabel() const { return m_status; }
    ProcessRefresher *refresher() const { return m_refresher; }

Q_SIGNALS:
    void contextMenuRequested(const QPoint &globalPos);
    void selectionChanged();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void listed(const QString &server, const ProcessesResult &result);
    void applyDefaultLayout(bool allServers);
    void updateSessionFilter();
    void scheduleBanner();
    void updateBanner();
    void updateStatus();

    RefreshScheduler *const m_scheduler;
    ProcessTableModel *m_model;
    ProcessFilterProxyModel *m_proxy;
    ProcessRefresher *m_refresher;
    QLineEdit *m_filter;
    QLabel *m_sessionLabel;
    QToolButton *m_clearSessions;
    ErrorBanner *m_banner;
    QTableView *m_view;
    QLabel *m_status;
    QStringList m_servers;
    QHash<QString, SessionError> m_errors; // the servers whose last listing failed
    // The banner names every server: worked out once for servers added or removed together,
    // and once the scheduler knows them (a tab is made before its server is added there).
    QTimer m_bannerUpdate;
};
