#include "DemoSource.h"

#include <QHashFunctions>
#include <QThread>
#include <QTimeZone>

#include <algorithm>
#include <array>

namespace {

constexpr std::array Users{
    "jsmith",     "mgarcia",   "achen",   "pkowalski",  "snguyen",   "rpatel",     "lmartin", "dmueller",
    "kjohansson", "tnakamura", "ebrown",  "fdubois",    "hkim",      "ivanova",    "obrien",  "cmoreau",
    "bwilson",    "zahmed",    "grossi",  "nlarsen",    "ysato",     "wtaylor",    "vsilva",  "ulopez",
    "qzhang",     "amorgan",   "jrivera", "svc_backup", "sqlreport", "helpdesk01",
};

constexpr std::array ClientPrefixes{"WS", "LT", "THIN", "MAC", "PC"};

// The texts and codes of the Windows errors a real RD Session Host would give.
SessionError accessDenied(const QString &what)
{
    return {SessionError::Category::AccessDenied,
            5,
            {},
            DemoSource::tr("%1: Access is denied. (%1 needs the Reset permission)").arg(what)};
}

SessionError timedOut(SessionSource::Timeout timeout)
{
    return {SessionError::Category::Timeout,
            1460,
            {},
            DemoSource::tr("No answer within %n ms.", nullptr, int(timeout.count()))};
}

SessionError alreadyGone()
{
    return {SessionError::Category::AlreadyGone, 7022, {}, DemoSource::tr("The specified session cannot be found.")};
}

// Where the farm's first logons are placed in time: the start of the UTC day rather than
// this instant, so that every process simulating the farm agrees on them, and a ref that
// one sessionctl run listed names the same logon in the next.
QDateTime farmEpoch()
{
    return QDateTime(QDateTime::currentDateTimeUtc().date(), QTime(0, 0), QTimeZone::utc());
}

QString localUser()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    return user.isEmpty() ? QStringLiteral("admin") : user;
}

} // namespace

DemoSource::DemoSource(ServerAddress address)
    : SessionSource(std::move(address))
    , m_options(this->address().demoOptions())
    , m_failPercent(m_options.failPercent)
    , m_random(m_options.seed != 0 ? m_options.seed : qHash(this->address().demoName(), 0))
{
    const QDateTime boot = farmEpoch().addDays(-9);
    Session services;
    services.server = this->address().toString();
    services.id = QString::number(ServicesSessionId);
    services.station = QStringLiteral("Services");
    services.state = Session::State::Disconnected;
    services.rawState = QStringLiteral("WTSDisconnected");
    services.logonTime = boot;
    m_entries.append({services});

    for (int i = 0; i < m_options.sessions; ++i)
        m_entries.append(makeEntry(freeId(), true));

    Session listener;
    listener.server = services.server;
    listener.id = QString::number(ListenerSessionId);
    listener.station = QStringLiteral("RDP-Tcp");
    listener.state = Session::State::Listening;
    listener.rawState = QStringLiteral("WTSListen");
    listener.service = QStringLiteral("RDP");
    m_entries.append({listener});
}

SessionSource::Capabilities DemoSource::capabilities() const
{
    return Capability::Enumerate | Capability::Logoff | Capability::Disconnect | Capability::SendMessage
           | Capability::Lock;
}

int DemoSource::freeId() const
{
    // Like an RD Session Host, reuse the lowest free id.
    for (int id = OwnSessionId;; ++id) {
        const QString text = QString::number(id);
        if (std::none_of(m_entries.cbegin(), m_entries.cend(), [&](const Entry &e) { return e.session.id == text; }))
            return id;
    }
}

DemoSource::Entry DemoSource::makeEntry(int id, bool initial)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto pick = [this](int n) { return int(m_random() % quint64(n)); };

    Session s;
    s.server = address().toString();
    s.id = QString::number(id);
    s.own = id == OwnSessionId;
    s.user = s.own ? localUser() : QString::fromLatin1(Users[size_t(pick(int(Users.size())))]);
    s.domain = QStringLiteral("CORP");
    s.station = QStringLiteral("RDP-Tcp#%1").arg(pick(200));
    s.clientName = QStringLiteral("%1-%2")
                       .arg(QString::fromLatin1(ClientPrefixes[size_t(pick(int(ClientPrefixes.size())))]))
                       .arg(pick(10000), 4, 10, QLatin1Char('0'));
    s.clientAddress = QStringLiteral("10.%1.%2.%3").arg(20 + pick(4)).arg(pick(256)).arg(1 + pick(254));
    s.remote = true;
    s.service = QStringLiteral("RDP");
    s.logonTime = initial ? farmEpoch().addSecs(-qint64(pick(72 * 3600))) : now;
    s.connectTime = s.logonTime;
    s.state = Session::State::Active;
    s.rawState = QStringLiteral("WTSActive");
    if (initial && !s.own && pick(4) == 0) {
        s.state = Session::State::Disconnected;
        s.rawState = QStringLiteral("WTSDisconnected");
        s.disconnectTime = s.logonTime.addSecs(pick(3600));
        s.station.clear();
    }
    s.idleSince = initial ? now.addSecs(-qint64(pick(3 * 3600))) : now;
    if (s.own)
        s.idleSince = now;
    return {s};
}

void DemoSource::simulateLatency() const
{
    if (m_options.latencyMs > 0)
        QThread::msleep(ulong(m_options.latencyMs));
}

ActionResult DemoSource::simulateLatencyWithin(Timeout timeout) const
{
    if (m_options.latencyMs <= timeout.count()) {
        simulateLatency();
        return {};
    }
    QThread::msleep(ulong(timeout.count()));
    return timedOut(timeout);
}

bool DemoSource::rollFailure()
{
    const int percent = m_failPercent.load();
    return percent > 0 && int(m_random() % 100) < percent;
}

DemoSource::Entry *DemoSource::find(const QString &id)
{
    const auto it = std::find_if(m_entries.begin(), m_entries.end(),
                                 [&](const Entry &e) { return e.session.id == id && e.goneAt > Clock::now(); });
    return it == m_entries.end() ? nullptr : &*it;
}

void DemoSource::purgeGone()
{
    const auto now = Clock::now();
    m_entries.removeIf([now](const Entry &e) { return e.goneAt <= now; });
}

void DemoSource::advance()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto pick = [this](int n) { return int(m_random() % quint64(n)); };

    // Everyone typing keeps their idle time near zero; some stop and go idle.
    for (Entry &e : m_entries) {
        Session &s = e.session;
        if (s.state == Session::State::Active && e.goneAt == Clock::time_point::max() && pick(3) != 0)
            s.idleSince = now;
    }

    m_pendingChurn += m_options.sessions * m_options.churnPercent / 100.0;
    while (m_pendingChurn >= 1.0) {
        m_pendingChurn -= 1.0;
        QList<int> users;
        for (int i = 0; i < m_entries.size(); ++i) {
            const int id = m_entries.at(i).session.id.toInt();
            if (id != ServicesSessionId && id != ListenerSessionId && id != OwnSessionId
                && m_entries.at(i).goneAt == Clock::time_point::max())
                users.append(i);
        }
        const int roll = pick(10);
        const bool crowded = users.size() > m_options.sessions;
        if ((roll < 4 || crowded) && !users.isEmpty()) {
            m_entries.removeAt(users.at(pick(int(users.size()))));
        } else if (roll < 8 || users.isEmpty()) {
            const int id = freeId();
            const auto at = std::find_if(m_entries.cbegin(), m_entries.cend(),
                                         [id](const Entry &e) { return e.session.id.toInt() > id; });
            m_entries.insert(at - m_entries.cbegin(), makeEntry(id, false));
        } else {
            Session &s = m_entries[users.at(pick(int(users.size())))].session;
            if (s.state == Session::State::Active) {
                s.state = Session::State::Disconnected;
                s.rawState = QStringLiteral("WTSDisconnected");
                s.disconnectTime = now;
                s.station.clear();
            } else {
                s.state = Session::State::Active;
                s.rawState = QStringLiteral("WTSActive");
                s.connectTime = now;
                s.idleSince = now;
                s.station = QStringLiteral("RDP-Tcp#%1").arg(pick(200));
            }
        }
    }
}

EnumerateResult DemoSource::enumerate()
{
    simulateLatency();
    std::lock_guard locker(m_mutex);
    if (rollFailure()) {
        return SessionError{SessionError::Category::Unreachable, 1722, {}, tr("The RPC server is unavailable.")};
    }
    purgeGone();
    advance();
    QList<Session> sessions;
    sessions.reserve(m_entries.size());
    for (const Entry &e : std::as_const(m_entries))
        sessions.append(e.session);
    return sessions;
}

ActionResult DemoSource::checkTarget(const SessionRef &target, const QString &action)
{
    Entry *entry = find(target.id);
    if (!entry)
        return alreadyGone();
    if (const Result<void> same = target.verify(entry->session.user, entry->session.logonTime); !same)
        return same.error();
    if (entry->session.id.toInt() == ServicesSessionId)
        return SessionError{SessionError::Category::NotSupported,
                            0,
                            {},
                            tr("Session 0 hosts services; it cannot be logged off or disconnected.")};
    if (entry->session.state == Session::State::Listening)
        return SessionError{SessionError::Category::NotSupported,
                            0,
                            {},
                            tr("%1 is a listener, not a user session.").arg(entry->session.station)};
    if (rollFailure())
        return accessDenied(action);
    return {};
}

ActionResult DemoSource::doLogoff(const SessionRef &target, bool wait, Timeout timeout)
{
    const auto deadline = Clock::now() + timeout;
    if (ActionResult answered = simulateLatencyWithin(timeout); !answered)
        return answered;
    // Logging off takes a while on a real host: profiles are written back.
    const auto duration = std::chrono::milliseconds(200 + 2 * m_options.latencyMs);
    Clock::time_point goneAt;
    {
        std::lock_guard locker(m_mutex);
        if (ActionResult allowed = checkTarget(target, tr("Log off")); !allowed)
            return allowed;
        Entry *entry = find(target.id);
        if (entry->goneAt == Clock::time_point::max()) {
            entry->goneAt = Clock::now() + duration;
            entry->session.state = Session::State::Closing;
            entry->session.rawState = QStringLiteral("WTSDown");
        }
        goneAt = entry->goneAt;
    }
    if (!wait)
        return {};
    if (goneAt > deadline) {
        std::this_thread::sleep_until(deadline);
        return SessionError{SessionError::Category::Timeout,
                            1460,
                            {},
                            tr("The session did not end within %n ms.", nullptr, int(timeout.count()))};
    }
    std::this_thread::sleep_until(goneAt);
    std::lock_guard locker(m_mutex);
    purgeGone();
    return {};
}

ActionResult DemoSource::doDisconnect(const SessionRef &target, bool, Timeout timeout)
{
    if (ActionResult answered = simulateLatencyWithin(timeout); !answered)
        return answered;
    std::lock_guard locker(m_mutex);
    if (ActionResult allowed = checkTarget(target, tr("Disconnect")); !allowed)
        return allowed;
    Session &s = find(target.id)->session;
    if (s.state != Session::State::Disconnected) {
        s.state = Session::State::Disconnected;
        s.rawState = QStringLiteral("WTSDisconnected");
        s.disconnectTime = QDateTime::currentDateTimeUtc();
        s.station.clear();
    }
    return {};
}

ActionResult DemoSource::doSendMessage(const SessionRef &target, const QString &, const QString &, bool wait,
                                       Timeout timeout)
{
    const auto deadline = Clock::now() + timeout;
    if (ActionResult answered = simulateLatencyWithin(timeout); !answered)
        return answered;
    {
        std::lock_guard locker(m_mutex);
        if (ActionResult allowed = checkTarget(target, tr("Send message")); !allowed)
            return allowed;
    }
    // With wait, the user reads and clicks OK.
    if (wait)
        return simulateLatencyWithin(
            std::max(std::chrono::duration_cast<Timeout>(deadline - Clock::now()), Timeout::zero()));
    return {};
}

ActionResult DemoSource::doLock(const SessionRef &target, Timeout timeout)
{
    if (ActionResult answered = simulateLatencyWithin(timeout); !answered)
        return answered;
    std::lock_guard locker(m_mutex);
    return checkTarget(target, tr("Lock"));
}

bool DemoSource::isPresent(const QString &id)
{
    simulateLatency();
    std::lock_guard locker(m_mutex);
    return find(id) != nullptr;
}

void DemoSource::setFailPercent(int percent)
{
    m_failPercent = percent;
}
