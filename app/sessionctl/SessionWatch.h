#pragma once

#include "RefreshScheduler.h"
#include "WatchEvent.h"

#include <QHash>
#include <QObject>

#include <chrono>
#include <memory>

// What `sessionctl watch` reports: each server refreshed on the engine's RefreshScheduler
// (its own worker thread, refreshes of one server never overlapping), each result compared
// with the server's last one, and every difference reported as an event. Sessions are told
// apart by their ref, so an id that another logon took over is one gone and one new.
// Sessions present at the first answer are reported as new; a failing server is reported
// once, and again when it answers.
class SessionWatch final : public QObject
{
    Q_OBJECT

public:
    // Servers with change signals (logind) are refreshed on each signal and, to be safe, at
    // this slow pace; the others at the interval given.
    static constexpr std::chrono::milliseconds SignalledRefreshInterval{60000};

    explicit SessionWatch(std::chrono::milliseconds interval, QObject *parent = nullptr);

    // Watches the server at `address`; one without a backend in this build is reported as
    // an error event.
    void addServer(const ServerAddress &address);
    // Watches a source made elsewhere; `signalsChanges` when its watchChanges() is real.
    void addSource(std::shared_ptr<SessionSource> source, bool signalsChanges);

    // Whether any refresh is still running (a hung server's, say).
    bool isRefreshing() const;

Q_SIGNALS:
    void event(const WatchEvent &event);

private:
    struct ServerState
    {
        bool failing = false;
        QList<QString> order; // refs as last listed
        QHash<QString, Session> byRef;
    };

    void onRefreshFinished(const QString &server, const EnumerateResult &result, const QDateTime &observedAt);
    void compare(const QString &server, ServerState &state, const QList<Session> &sessions, const QDateTime &observedAt);
    RefreshScheduler &schedulerFor(bool signalsChanges);

    // Each server gets a worker of its own, so the pools grow with the servers added.
    RefreshScheduler m_polled;
    RefreshScheduler m_signalled;
    QHash<QString, ServerState> m_servers;
};
