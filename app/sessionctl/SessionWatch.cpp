#include "SessionWatch.h"

#include "SessionRef.h"
#include "SessionSourceFactory.h"

namespace {

// Idle time moves with every keystroke; a watch reports what an administrator acts on.
bool differsBeyondIdle(Session before, Session now)
{
    before.idleSince = {};
    now.idleSince = {};
    return before != now;
}

// Which servers have change signals: logind's (local, over SSH, dbus:) where this build has it.
bool signalsChanges(const ServerAddress &address)
{
#ifdef SC_HAVE_LOGIND
    return address.kind() != ServerAddress::Kind::Demo;
#else
    Q_UNUSED(address)
    return false;
#endif
}

} // namespace

SessionWatch::SessionWatch(std::chrono::milliseconds interval, QObject *parent)
    : QObject(parent)
    , m_polled(nullptr, 1)
    , m_signalled(nullptr, 1)
{
    m_polled.setInterval(interval);
    m_signalled.setInterval(std::max(interval, SignalledRefreshInterval));
    for (RefreshScheduler *scheduler : {&m_polled, &m_signalled})
        connect(scheduler, &RefreshScheduler::refreshFinished, this, &SessionWatch::onRefreshFinished);
}

RefreshScheduler &SessionWatch::schedulerFor(bool signalsChanges)
{
    RefreshScheduler &scheduler = signalsChanges ? m_signalled : m_polled;
    QThreadPool *pool = scheduler.pool();
    pool->setMaxThreadCount(int(scheduler.servers().size()) + 1);
    return scheduler;
}

void SessionWatch::addServer(const ServerAddress &address)
{
    schedulerFor(signalsChanges(address)).addServer(address);
}

void SessionWatch::addSource(std::shared_ptr<SessionSource> source, bool signalsChanges)
{
    schedulerFor(signalsChanges).addSource(std::move(source));
}

bool SessionWatch::isRefreshing() const
{
    for (const RefreshScheduler *scheduler : {&m_polled, &m_signalled}) {
        const QStringList servers = scheduler->servers();
        for (const QString &server : servers) {
            if (scheduler->status(server).refreshing)
                return true;
        }
    }
    return false;
}

void SessionWatch::onRefreshFinished(const QString &server, const EnumerateResult &result, const QDateTime &observedAt)
{
    ServerState &state = m_servers[server];
    if (!result.ok()) {
        if (!state.failing) {
            state.failing = true;
            Q_EMIT event({observedAt, server, WatchEvent::Kind::Error, {}, result.error()});
        }
        return;
    }
    if (state.failing) {
        state.failing = false;
        Q_EMIT event({observedAt, server, WatchEvent::Kind::Recovered, {}, std::nullopt});
    }
    compare(server, state, result.value(), observedAt);
}

void SessionWatch::compare(const QString &server, ServerState &state, const QList<Session> &sessions,
                           const QDateTime &observedAt)
{
    QList<QString> order;
    QHash<QString, Session> byRef;
    order.reserve(sessions.size());
    for (const Session &session : sessions) {
        const QString ref = SessionRef::of(session).toString();
        if (byRef.contains(ref))
            continue; // a server listing one logon twice: it is one session
        order.append(ref);
        byRef.insert(ref, session);
    }

    for (const QString &ref : std::as_const(state.order)) {
        if (!byRef.contains(ref))
            Q_EMIT event({observedAt, server, WatchEvent::Kind::Gone, state.byRef.value(ref), std::nullopt});
    }
    for (const QString &ref : std::as_const(order)) {
        const Session &now = byRef[ref];
        const auto before = state.byRef.constFind(ref);
        if (before == state.byRef.cend())
            Q_EMIT event({observedAt, server, WatchEvent::Kind::New, now, std::nullopt});
        else if (differsBeyondIdle(*before, now))
            Q_EMIT event({observedAt, server, WatchEvent::Kind::Changed, now, std::nullopt});
    }
    state.order = std::move(order);
    state.byRef = std::move(byRef);
}
