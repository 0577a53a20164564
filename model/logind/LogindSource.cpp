#include "LogindSource.h"

#include "LogindDetailsMapper.h"
#include "LogindProcessMapper.h"
#include "LogindScopeTotals.h"
#include "LogindSessionMapper.h"
#include "LogindSignalReceiver.h"

#include <QScopeGuard>

#include <algorithm>

namespace {

using Clock = LogindBus::Clock;
using Category = SessionError::Category;

const QString ManagerPath = QStringLiteral("/org/freedesktop/login1");
const QString ManagerInterface = QStringLiteral("org.freedesktop.login1.Manager");
const QString SessionInterface = QStringLiteral("org.freedesktop.login1.Session");
const QString PropertiesInterface = QStringLiteral("org.freedesktop.DBus.Properties");
const QString SystemdPath = QStringLiteral("/org/freedesktop/systemd1");
const QString SystemdManagerInterface = QStringLiteral("org.freedesktop.systemd1.Manager");
const QString ScopeInterface = QStringLiteral("org.freedesktop.systemd1.Scope");

LogindBus::Call managerCall(const QString &method, const QVariantList &arguments = {})
{
    return {ManagerPath, ManagerInterface, method, arguments};
}

LogindBus::Call systemdCall(const QString &method, const QVariantList &arguments)
{
    return {SystemdPath, SystemdManagerInterface, method, arguments, LogindBus::Systemd};
}

bool isNoSuchUnit(const LogindBus::Reply &reply)
{
    const auto *error = std::get_if<LogindBusError>(&reply);
    return error && error->name == u"org.freedesktop.systemd1.NoSuchUnit";
}

LogindBus::Call getAll(const QString &path)
{
    return {path, PropertiesInterface, QStringLiteral("GetAll"), {SessionInterface}};
}

const QVariantList *values(const LogindBus::Reply &reply)
{
    return std::get_if<QVariantList>(&reply);
}

// Seconds for messages: "20 s", "0.5 s".
QString seconds(SessionSource::Timeout timeout)
{
    return QString::number(double(timeout.count()) / 1000.0);
}

} // namespace

LogindSource::LogindSource(ServerAddress address)
    : SessionSource(address)
    , m_receiver(std::make_unique<LogindSignalReceiver>())
    , m_bus(std::make_unique<LogindBus>(std::move(address), *m_receiver))
{}

LogindSource::~LogindSource() = default;

SessionSource::Capabilities LogindSource::capabilities() const
{
    return Capability::Enumerate | Capability::Logoff | Capability::Lock | Capability::ListProcesses
           | Capability::KillSession | Capability::Details | Capability::ResourceTotals;
}

void LogindSource::watchChanges(std::function<void()> onChange)
{
    m_receiver->setOnChange(std::move(onChange));
}

void LogindSource::releaseIdleConnection()
{
    m_bus->closeWhenIdle();
}

SessionError LogindSource::failure(const LogindBus::Reply &reply, Request request, const QString &id)
{
    if (const auto *error = std::get_if<SessionError>(&reply))
        return *error;
    return LogindErrorMapper::fromBus(std::get<LogindBusError>(reply), request, id);
}

EnumerateResult LogindSource::enumerate()
{
    const auto deadline = Clock::now() + QueryTimeout;
    // A connection lost under a call is answered by one fresh connection before giving up.
    EnumerateResult result = enumerateOnce(deadline);
    if (!result && result.error().name == u"org.freedesktop.DBus.Error.Disconnected")
        result = enumerateOnce(deadline);
    return result;
}

EnumerateResult LogindSource::enumerateOnce(Clock::time_point deadline)
{
    QString ownPath;
    const Result<QList<Described>> all = describeAll(deadline, &ownPath);
    if (!all)
        return all.error();
    QList<QVariantMap> totals;
    if (wantsResourceTotals()) {
        QStringList scopes;
        for (const Described &described : all.value())
            scopes << described.properties.value(QStringLiteral("Scope")).toString();
        totals = scopeTotals(scopes, deadline);
    }
    QList<Session> sessions;
    sessions.reserve(all.value().size());
    const QString server = address().toString();
    for (qsizetype i = 0; i < all.value().size(); ++i) {
        const Described &described = all.value().at(i);
        std::optional<Session> session = LogindSessionMapper::fromProperties(described.properties, server);
        if (!session)
            continue;
        session->own = !ownPath.isEmpty() && described.path == ownPath;
        if (!totals.isEmpty()) {
            const LogindScopeTotals scope = LogindScopeTotals::fromProperties(totals.at(i));
            if (scope.tasks)
                session->processCount = qint64(*scope.tasks);
            if (scope.memoryBytes)
                session->memoryBytes = qint64(*scope.memoryBytes);
            if (scope.cpuNSec)
                session->cpuTime = std::chrono::nanoseconds(*scope.cpuNSec);
        }
        sessions << *session;
    }
    return sessions;
}

Result<QList<LogindSource::Described>> LogindSource::describeAll(Clock::time_point deadline, QString *ownPath)
{
    // GetSession("") names the session this connection itself belongs to (ssh's session on
    // a remote host); an error where it belongs to none.
    const QList<LogindBus::Reply> first = m_bus->call({managerCall(QStringLiteral("ListSessions")),
                                                       managerCall(QStringLiteral("GetSession"), {QString()})},
                                                      deadline);
    const QVariantList *list = values(first.at(0));
    if (!list)
        return failure(first.at(0), Request::Enumerate, {});
    if (const QVariantList *own = values(first.at(1)); own && ownPath)
        *ownPath = own->value(0).toString();

    // ListSessions' a(susso): id, uid, user name, seat, object path. The GetAll calls go out
    // together; the bus keeps them below the daemon's limit of calls in flight.
    QStringList paths;
    QList<LogindBus::Call> calls;
    for (const QVariant &entry : list->value(0).toList()) {
        paths << entry.toList().value(4).toString();
        calls << getAll(paths.last());
    }
    const QList<LogindBus::Reply> replies = m_bus->call(calls, deadline);

    QList<Described> sessions;
    sessions.reserve(replies.size());
    for (qsizetype i = 0; i < replies.size(); ++i) {
        const QVariantList *properties = values(replies.at(i));
        if (!properties) {
            // Ended between ListSessions and GetAll: its object is gone, and so is it.
            const auto *error = std::get_if<LogindBusError>(&replies.at(i));
            if (error && (LogindErrorMapper::isUnknownObject(*error) || LogindErrorMapper::isNoSuchSession(*error)))
                continue;
            return failure(replies.at(i), Request::Enumerate, {});
        }
        sessions << Described{paths.at(i), properties->value(0).toMap()};
    }
    return sessions;
}

Result<bool> LogindSource::isPresent(const QString &id, Clock::time_point deadline)
{
    const LogindBus::Reply reply = m_bus->call(managerCall(QStringLiteral("GetSession"), {id}), deadline);
    if (values(reply))
        return true;
    if (const auto *error = std::get_if<LogindBusError>(&reply); error && LogindErrorMapper::isNoSuchSession(*error))
        return false;
    return failure(reply, Request::Query, id);
}

Result<LogindSource::Described> LogindSource::describe(const SessionRef &target, Request request,
                                                       Clock::time_point deadline)
{
    const LogindBus::Reply session = m_bus->call(managerCall(QStringLiteral("GetSession"), {target.id}), deadline);
    const QVariantList *path = values(session);
    if (!path)
        return failure(session, request, target.id);
    const QString objectPath = path->value(0).toString();
    const LogindBus::Reply properties = m_bus->call(getAll(objectPath), deadline);
    const QVariantList *map = values(properties);
    if (!map)
        return vanished(properties, target.id, deadline).value_or(failure(properties, request, target.id));
    Described described{objectPath, map->value(0).toMap()};
    if (target.isPlainId())
        return described;
    // The user (Name) and logon time (Timestamp) read exactly as the row's were.
    const std::optional<Session> now = LogindSessionMapper::fromProperties(described.properties, address().toString());
    if (!now)
        return SessionError{Category::Other, 0, {}, tr("logind described session %1 without its id").arg(target.id)};
    if (const Result<void> same = target.verify(now->user, now->logonTime); !same)
        return same.error();
    return described;
}

Result<QString> LogindSource::resolve(const SessionRef &target, Request request, Clock::time_point deadline)
{
    if (target.isPlainId()) {
        const LogindBus::Reply session = m_bus->call(managerCall(QStringLiteral("GetSession"), {target.id}), deadline);
        if (const QVariantList *path = values(session))
            return path->value(0).toString();
        return failure(session, request, target.id);
    }
    const Result<Described> described = describe(target, request, deadline);
    if (!described)
        return described.error();
    return described.value().path;
}

ActionResult LogindSource::act(const SessionRef &target, const QString &method, Request request,
                               Clock::time_point deadline)
{
    const Result<QString> path = resolve(target, request, deadline);
    if (!path)
        return path.error();
    const LogindBus::Reply reply = m_bus->call({path.value(), SessionInterface, method, {}}, deadline);
    if (values(reply))
        return {};
    return vanished(reply, target.id, deadline).value_or(failure(reply, request, target.id));
}

std::optional<SessionError> LogindSource::vanished(const LogindBus::Reply &reply, const QString &id,
                                                   Clock::time_point deadline)
{
    // The session object vanished after GetSession named it: gone, if logind agrees that the
    // id is gone. UnknownObject alone is never taken for "already gone".
    const auto *error = std::get_if<LogindBusError>(&reply);
    if (!error || !LogindErrorMapper::isUnknownObject(*error))
        return std::nullopt;
    const Result<bool> present = isPresent(id, deadline);
    if (!present || present.value())
        return std::nullopt;
    return SessionError{Category::AlreadyGone, 0, error->name, tr("Session %1 no longer exists").arg(id)};
}

ActionResult LogindSource::doLogoff(const SessionRef &target, bool wait, Timeout timeout)
{
    const QString &id = target.id;
    const auto deadline = Clock::now() + timeout;
    // Listen before asking, so that a quick SessionRemoved cannot slip past.
    m_receiver->expectRemoval(id);
    const auto forget = qScopeGuard([&] { m_receiver->forgetRemoval(id); });
    if (ActionResult terminated = act(target, QStringLiteral("Terminate"), Request::Logoff, deadline); !terminated)
        return terminated;
    if (!wait)
        return {};
    return waitUntilGone(id, deadline, timeout);
}

ActionResult LogindSource::waitUntilGone(const QString &id, Clock::time_point deadline, Timeout timeout)
{
    // SessionRemoved normally ends the wait; asking logind now and then covers a signal
    // that never comes (a bus that drops it, a reconnect in between).
    Timeout poll{50};
    while (Clock::now() < deadline) {
        if (m_receiver->waitForRemoval(id, std::min(deadline, Clock::now() + poll)))
            return {};
        if (Clock::now() >= deadline)
            break;
        const Result<bool> present = isPresent(id, deadline);
        if (!present) {
            if (present.error().category != Category::Timeout)
                return present.error();
        } else if (!present.value()) {
            return {};
        }
        poll = std::min(poll * 2, Timeout{500});
    }
    return SessionError{Category::Timeout, 0, {}, tr("Session %1 was still there after %2 s").arg(id, seconds(timeout))};
}

ActionResult LogindSource::doLock(const SessionRef &target, Timeout timeout)
{
    return act(target, QStringLiteral("Lock"), Request::Lock, Clock::now() + timeout);
}

ActionResult LogindSource::doDisconnect(const SessionRef &, bool, Timeout)
{
    return SessionError{Category::NotSupported,
                        0,
                        {},
                        tr("Disconnect is not supported by systemd-logind (a Linux session has no "
                           "detached state to put it in)")};
}

ActionResult LogindSource::doSendMessage(const SessionRef &, const QString &, const QString &, bool, Timeout)
{
    return SessionError{Category::NotSupported, 0, {}, tr("Send Message is not supported by systemd-logind")};
}

ProcessesResult LogindSource::doProcesses(const std::optional<SessionRef> &session, Timeout timeout)
{
    const auto deadline = Clock::now() + timeout;
    if (!session) {
        const Result<QList<Described>> all = describeAll(deadline, nullptr);
        if (!all)
            return all.error();
        return scopeProcesses(all.value(), deadline);
    }
    const Result<Described> described = describe(*session, Request::Query, deadline);
    if (!described)
        return described.error();
    ProcessesResult processes = scopeProcesses({described.value()}, deadline);
    if (!processes || session->isPlainId())
        return processes;
    // The scope is named after the id ("session-3.scope"): a logon that ended while its
    // processes were read leaves the id, and the scope, to the next one.
    if (const Result<Described> after = describe(*session, Request::Query, deadline); !after)
        return after.error();
    return processes;
}

ProcessesResult LogindSource::scopeProcesses(const QList<Described> &sessions, Clock::time_point deadline)
{
    QList<LogindBus::Call> calls;
    QList<const Described *> asked;
    for (const Described &session : sessions) {
        const QString scope = session.properties.value(QStringLiteral("Scope")).toString();
        if (scope.isEmpty())
            continue; // logind started no scope for it (a session from before the user's manager)
        calls << systemdCall(QStringLiteral("GetUnitProcesses"), {scope});
        asked << &session;
    }
    const QList<LogindBus::Reply> replies = m_bus->call(calls, deadline);
    const QString server = address().toString();
    QList<SessionProcess> processes;
    for (qsizetype i = 0; i < replies.size(); ++i) {
        const QVariantMap &properties = asked.at(i)->properties;
        const QString id = properties.value(QStringLiteral("Id")).toString();
        const QVariantList *listed = values(replies.at(i));
        if (!listed) {
            // The scope goes away with its last process (a session closing): none is the truth.
            if (isNoSuchUnit(replies.at(i)))
                continue;
            return failure(replies.at(i), Request::Query, id);
        }
        processes << LogindProcessMapper::fromUnitProcesses(listed->value(0).toList(), server, id,
                                                            properties.value(QStringLiteral("Name")).toString());
    }
    return processes;
}

ActionResult LogindSource::doEndProcess(const ProcessRef &, Timeout)
{
    return SessionError{Category::NotSupported,
                        0,
                        {},
                        tr("End Process is not supported on Linux servers: systemd signals a unit's main process, "
                           "control process or all of them (KillUnit), never one pid of it. Use Kill Session to "
                           "signal all of a session's processes or its leader.")};
}

ActionResult LogindSource::doKillSession(const SessionRef &target, KillWho who, int signal, Timeout timeout)
{
    const auto deadline = Clock::now() + timeout;
    const Result<QString> path = resolve(target, Request::KillSession, deadline);
    if (!path)
        return path.error();
    const QString whom = who == KillWho::All ? QStringLiteral("all") : QStringLiteral("leader");
    const LogindBus::Reply reply = m_bus->call(managerCall(QStringLiteral("KillSession"), {target.id, whom, signal}),
                                               deadline);
    if (values(reply))
        return {};
    return failure(reply, Request::KillSession, target.id);
}

DetailsResult LogindSource::doDetails(const SessionRef &target, Timeout timeout)
{
    const auto deadline = Clock::now() + timeout;
    const Result<Described> described = describe(target, Request::Query, deadline);
    if (!described)
        return described.error();
    const QString scope = described.value().properties.value(QStringLiteral("Scope")).toString();
    return LogindDetailsMapper::fromProperties(described.value().properties, scopeTotals({scope}, deadline).first());
}

QList<QVariantMap> LogindSource::scopeTotals(const QStringList &scopes, Clock::time_point deadline)
{
    // One GetAll of the Scope interface per scope, every scope's at once: the bus pipelines
    // them, and the number of messages, which dbus-daemon and systemd dispatch one by one, is
    // what costs more than their size (three Gets per scope cost more in bench_logind). A
    // scope's path is computed, not asked for (GetUnit would be a second round trip).
    const QStringList &names = LogindScopeTotals::propertyNames();
    QStringList paths;
    QList<LogindBus::Call> calls;
    for (const QString &scope : scopes) {
        paths << (scope.isEmpty() ? QString() : LogindBus::unitPath(scope));
        if (!paths.last().isEmpty()) // empty: logind started no scope for it
            calls << LogindBus::Call{paths.last(),
                                     PropertiesInterface,
                                     QStringLiteral("GetAll"),
                                     {ScopeInterface},
                                     LogindBus::Systemd};
    }
    const QList<LogindBus::Reply> replies = m_bus->call(calls, deadline);
    QList<QVariantMap> totals;
    totals.reserve(scopes.size());
    qsizetype reply = 0;
    for (const QString &path : std::as_const(paths)) {
        QVariantMap values;
        if (!path.isEmpty()) {
            if (const QVariantList *all = ::values(replies.at(reply))) {
                const QVariantMap properties = all->value(0).toMap();
                for (const QString &name : names) {
                    if (properties.contains(name))
                        values.insert(name, properties.value(name));
                }
            }
            ++reply;
        }
        totals << values;
    }
    return totals;
}
