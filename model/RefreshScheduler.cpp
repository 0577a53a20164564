#include "RefreshScheduler.h"

#include "SessionSourceFactory.h"
#include "ThreadHandoff.h"

#include <QTimer>
#include <QtConcurrent/qtconcurrenttask.h>

RefreshScheduler::RefreshScheduler(QObject *parent, int maxThreads)
    : QObject(parent)
    , m_relay(std::make_shared<ChangeRelay>())
{
    // A bound keeps 2 000 servers from meaning 2 000 threads; idle ones expire.
    m_pool.setMaxThreadCount(std::max(1, maxThreads));
    m_pool.setObjectName(QStringLiteral("refresh"));
    m_relay->scheduler = this;
}

RefreshScheduler::~RefreshScheduler()
{
    {
        QMutexLocker lock(&m_relay->mutex);
        m_relay->scheduler = nullptr;
    }
    m_pool.clear();
    m_pool.waitForDone();
}

RefreshScheduler::Server &RefreshScheduler::insert(const QString &key)
{
    Server &server = m_servers[key];
    server.generation = m_nextGeneration++;
    server.status.known = true;
    server.timer = new QTimer(this);
    server.timer->setSingleShot(true);
    connect(server.timer, &QTimer::timeout, this, [this, key] { start(key); });
    return server;
}

bool RefreshScheduler::addServer(const ServerAddress &address, QString *error)
{
    const QString key = address.toString();
    if (m_servers.contains(key))
        return true;
    QString why;
    std::shared_ptr<SessionSource> source = SessionSourceFactory::create(address, &why);
    if (source) {
        addSource(std::move(source));
        return true;
    }
    if (error)
        *error = why;
    Server &server = insert(key);
    server.status.hasResult = true;
    server.status.consecutiveFailures = 1;
    server.status.lastError = SessionError{SessionError::Category::NotSupported, 0, {}, why};
    Q_EMIT refreshFinished(key, *server.status.lastError, QDateTime::currentDateTimeUtc(), ServerStatus(server.status));
    return false;
}

void RefreshScheduler::addSource(std::shared_ptr<SessionSource> source)
{
    const QString key = source->address().toString();
    if (m_servers.contains(key))
        return;
    Server &server = insert(key);
    server.source = std::move(source);
    watch(key, server);
    start(key);
}

void RefreshScheduler::watch(const QString &key, Server &server)
{
    // The callback may run on any thread, also after this scheduler is gone: it reaches
    // the scheduler only through the relay, under its lock, and only by posting.
    server.source->watchChanges([relay = m_relay, key, generation = server.generation] {
        QMutexLocker lock(&relay->mutex);
        if (RefreshScheduler *scheduler = relay->scheduler) {
            QMetaObject::invokeMethod(
                scheduler, [scheduler, key, generation] { scheduler->onChangeSignal(key, generation); },
                Qt::QueuedConnection);
        }
    });
}

void RefreshScheduler::removeServer(const QString &key)
{
    const auto it = m_servers.find(key);
    if (it == m_servers.end())
        return;
    it->removed->store(true);
    delete it->timer;
    m_servers.erase(it);
}

QStringList RefreshScheduler::servers() const
{
    return m_servers.keys();
}

std::shared_ptr<SessionSource> RefreshScheduler::source(const QString &server) const
{
    const auto it = m_servers.constFind(server);
    return it == m_servers.cend() ? nullptr : it->source;
}

SessionSource::Capabilities RefreshScheduler::capabilities(const QString &server) const
{
    const auto it = m_servers.constFind(server);
    return it == m_servers.cend() || !it->source ? SessionSource::Capabilities{} : it->source->capabilities();
}

RefreshScheduler::ServerStatus RefreshScheduler::status(const QString &server) const
{
    return m_servers.value(server).status;
}

void RefreshScheduler::refreshNow(const QString &key)
{
    const auto it = m_servers.find(key);
    if (it == m_servers.end() || !it->source)
        return;
    if (it->inFlight) {
        it->again = true;
        return;
    }
    start(key);
}

void RefreshScheduler::setInterval(std::chrono::milliseconds interval)
{
    interval = std::max(interval, std::chrono::milliseconds(1));
    if (interval == m_interval)
        return;
    m_interval = interval;
    // Waiting timers take the new interval from now; running refreshes pick it up when they end.
    for (Server &server : m_servers) {
        if (server.timer->isActive())
            arm(server);
    }
}

void RefreshScheduler::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    for (Server &server : m_servers) {
        if (paused)
            server.timer->stop();
        else if (!server.inFlight && server.source)
            arm(server);
    }
    Q_EMIT pausedChanged(paused);
}

void RefreshScheduler::setBackground(const QSet<QString> &servers)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QStringList due;
    for (auto it = m_servers.begin(); it != m_servers.end(); ++it) {
        Server &server = *it;
        const bool background = servers.contains(it.key());
        if (background == server.status.background)
            continue;
        server.status.background = background;
        if (background && !server.inFlight && server.source)
            server.source->releaseIdleConnection();
        if (background || m_paused || server.inFlight || !server.source || server.status.consecutiveFailures > 0)
            continue;
        // Back in the foreground: at most an interval after its last answer.
        const qint64 age = server.status.lastSuccess.isValid() ? server.status.lastSuccess.msecsTo(now)
                                                               : m_interval.count();
        if (age >= m_interval.count())
            due << it.key();
        else
            server.timer->start(std::chrono::milliseconds(m_interval.count() - age));
    }
    for (const QString &key : std::as_const(due))
        start(key);
}

void RefreshScheduler::start(const QString &key)
{
    const auto it = m_servers.find(key);
    if (it == m_servers.end() || it->inFlight || !it->source)
        return;
    Server &server = *it;
    server.timer->stop();
    server.inFlight = true;
    server.again = false;
    server.status.refreshing = true;
    Q_EMIT refreshStarted(key, ServerStatus(server.status)); // a copy: a slot may remove the server

    // The task gets its own copies: the worker touches nothing of the scheduler. A shown
    // server's refresh goes before the hidden ones waiting for a thread: they connect again
    // for each refresh, and hundreds of them queued would hold up what the window shows.
    handOffToWorker(server.source.get());
    QtConcurrent::task(&RefreshScheduler::enumerate)
        .withArguments(server.source, server.removed)
        .onThreadPool(m_pool)
        .withPriority(server.status.background ? BackgroundPriority : ForegroundPriority)
        .spawn()
        .then(this, [this, key, generation = server.generation](const EnumerateResult &result) {
            complete(key, generation, result);
        });
}

EnumerateResult RefreshScheduler::enumerate(const std::shared_ptr<SessionSource> &source,
                                            const std::shared_ptr<std::atomic<bool>> &removed)
{
    takeOverFromSubmitter(source.get());
    if (removed->load())
        return {};
    return source->enumerate();
}

void RefreshScheduler::complete(const QString &key, quint64 generation, const EnumerateResult &result)
{
    const auto it = m_servers.find(key);
    if (it == m_servers.end() || it->generation != generation)
        return; // the server was removed (and maybe added again) meanwhile
    Server &server = *it;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    server.inFlight = false;
    ServerStatus &status = server.status;
    status.refreshing = false;
    status.hasResult = true;
    if (result.ok()) {
        status.lastError.reset();
        status.lastSuccess = now;
        status.consecutiveFailures = 0;
        status.retryIn = std::chrono::milliseconds(0);
    } else {
        status.lastError = result.error();
        ++status.consecutiveFailures;
        status.retryIn = nextDelay(server);
    }
    Q_EMIT refreshFinished(key, result, now, ServerStatus(status)); // a copy: a slot may remove the server

    // A slot may have removed the server, or asked for another refresh.
    const auto after = m_servers.find(key);
    if (after == m_servers.end() || after->generation != generation || after->inFlight)
        return;
    if (after->again) {
        start(key);
        return;
    }
    if (after->status.background)
        after->source->releaseIdleConnection();
    if (!m_paused)
        arm(*after);
}

std::chrono::milliseconds RefreshScheduler::nextDelay(const Server &server) const
{
    const int failures = server.status.consecutiveFailures;
    const auto interval = server.status.background ? m_interval * BackgroundFactor : m_interval;
    if (failures == 0)
        return interval;
    // Twice the interval after the first failure, doubling up to a minute (or the interval).
    const auto ceiling = std::max(MaxBackoff, interval);
    auto delay = interval;
    for (int i = 0; i < failures && delay < ceiling; ++i)
        delay *= 2;
    return std::min(delay, ceiling);
}

void RefreshScheduler::arm(Server &server)
{
    server.timer->start(nextDelay(server));
}

void RefreshScheduler::onChangeSignal(const QString &key, quint64 generation)
{
    // A background server waits for its timer: no view shows the change. (It hears of one
    // only during its own refresh, its connection being let go after each.)
    const auto it = m_servers.constFind(key);
    if (it != m_servers.cend() && it->generation == generation && !it->status.background)
        refreshNow(key);
}
