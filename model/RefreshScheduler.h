#pragma once

#include "ServerAddress.h"
#include "SessionSource.h"

#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QSet>
#include <QThreadPool>

#include <atomic>
#include <chrono>
#include <memory>

class QTimer;

// Enumerates every server periodically on a bounded pool of worker threads and hands the
// results back on the thread that owns the scheduler. Each server has one single-shot
// timer, re-armed when its refresh completes, so refreshes of one server never overlap;
// a failing server is retried with exponential backoff. Servers are keyed by their
// canonical address text, which is also Session::server.
class RefreshScheduler final : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds DefaultInterval{5000};
    static constexpr std::chrono::milliseconds MaxBackoff{60000};
    // Enumerations mostly wait (D-Bus over SSH, RPC), and a waiting thread costs little. With
    // 50 ms per server, bench_refresh measured one cycle of 1 000 servers at 3.2 s on 16
    // threads, 0.42 s on 128 and 0.32 s on 256: 128 is where more threads stop paying.
    static constexpr int DefaultMaxThreads = 128;
    // A server that no view shows is refreshed this many times less often.
    static constexpr int BackgroundFactor = 6;

    struct ServerStatus
    {
        bool known = false;      // the server is scheduled
        bool refreshing = false; // an enumeration is running or queued
        bool hasResult = false;  // at least one enumeration finished
        std::optional<SessionError> lastError;
        QDateTime lastSuccess; // UTC; invalid before the first good result
        int consecutiveFailures = 0;
        std::chrono::milliseconds retryIn{0}; // backoff delay after the last failure
        bool background = false;              // refreshed BackgroundFactor times less often
    };

    explicit RefreshScheduler(QObject *parent = nullptr, int maxThreads = DefaultMaxThreads);
    // Drops queued refreshes and waits for running ones, whose results are discarded.
    ~RefreshScheduler() override;
    Q_DISABLE_COPY_MOVE(RefreshScheduler)

    // Schedules a server and refreshes it at once. Returns false, with `error`, when no
    // source serves the address; the failure is also reported through refreshFinished.
    bool addServer(const ServerAddress &address, QString *error = nullptr);
    // Schedules a source made elsewhere (tests, or a caller with its own factory).
    void addSource(std::shared_ptr<SessionSource> source);
    // Forgets a server; a result still on its way is dropped.
    void removeServer(const QString &server);
    QStringList servers() const;

    std::shared_ptr<SessionSource> source(const QString &server) const;
    SessionSource::Capabilities capabilities(const QString &server) const;
    ServerStatus status(const QString &server) const;

    // Refreshes now, or as soon as the refresh in progress completes.
    void refreshNow(const QString &server);

    std::chrono::milliseconds interval() const { return m_interval; }
    void setInterval(std::chrono::milliseconds interval);
    bool isPaused() const { return m_paused; }
    // The servers no view shows now; the others are in the foreground. A background server
    // is refreshed BackgroundFactor times less often (and backs off from there when it
    // fails); one that comes to the foreground with its last answer older than the interval
    // is refreshed at once. Servers added later start in the foreground.
    //
    // A background server's source is also asked to release its connection, now and after
    // each of its refreshes: kept, it would hold an ssh child, a thread and descriptors for
    // the six intervals until its next refresh, and bring SessionNew/SessionRemoved that no
    // view shows. Reconnecting costs one handshake per background refresh (through the
    // SshHandshakeGate). Foreground servers keep theirs: their signals show a new or ended
    // session at once. A background server's change signals are not acted on.
    void setBackground(const QSet<QString> &servers);
    // Paused: no timed refreshes; refreshNow still works, and running ones complete.
    void setPaused(bool paused);

    QThreadPool *pool() { return &m_pool; }

Q_SIGNALS:
    // Both carry the server's status as it is from then on, so that a listener need not
    // ask for it (and the status has one source: this scheduler).
    void refreshStarted(const QString &server, const RefreshScheduler::ServerStatus &status);
    // `result` holds the sessions or the error; `observedAt` is when the enumeration ended.
    void refreshFinished(const QString &server, const EnumerateResult &result, const QDateTime &observedAt,
                         const RefreshScheduler::ServerStatus &status);
    void pausedChanged(bool paused);

private:
    struct Server
    {
        quint64 generation = 0; // tells a result of a removed-and-re-added server from a current one
        std::shared_ptr<SessionSource> source;
        QTimer *timer = nullptr;
        bool inFlight = false;
        bool again = false; // refreshNow while in flight
        // Set when the server is removed, so a queued enumeration does not bother running.
        std::shared_ptr<std::atomic<bool>> removed = std::make_shared<std::atomic<bool>>(false);
        ServerStatus status;
    };

    // QThreadPool priorities: a waiting refresh of a shown server starts first.
    static constexpr int ForegroundPriority = 1;
    static constexpr int BackgroundPriority = 0;

    // Shared with watchChanges callbacks, which may outlive this object on other threads.
    struct ChangeRelay
    {
        QMutex mutex;
        RefreshScheduler *scheduler = nullptr;
    };

    Server &insert(const QString &key);
    void watch(const QString &key, Server &server);
    void start(const QString &server);
    // On a worker: a removed server's queued refresh does not bother its host.
    static EnumerateResult enumerate(const std::shared_ptr<SessionSource> &source,
                                     const std::shared_ptr<std::atomic<bool>> &removed);
    void complete(const QString &server, quint64 generation, const EnumerateResult &result);
    void arm(Server &server);
    std::chrono::milliseconds nextDelay(const Server &server) const;
    void onChangeSignal(const QString &server, quint64 generation);

    QThreadPool m_pool;
    QHash<QString, Server> m_servers;
    std::shared_ptr<ChangeRelay> m_relay;
    std::chrono::milliseconds m_interval = DefaultInterval;
    bool m_paused = false;
    quint64 m_nextGeneration = 1;
};
