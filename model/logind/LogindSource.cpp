#include "LogindSource.h"

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

LogindBus::Call managerCall(const QString &method, const QStringList &arguments = {})
{
    return {ManagerPath, ManagerInterface, method, arguments};
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
    return Capability::Enumerate | Capability::Logoff | Capability::Lock;
}

void LogindSource::watchChanges(std::function<void()> onChange)
{
    m_receiver->setOnChange(std::move(onChange));
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
    // GetSession("") names the session this connection itself belongs to (ssh's session on
    // a remote host); an error where it belongs to none.
    const QList<LogindBus::Reply> first = m_bus->call({managerCall(QStringLiteral("ListSessions")),
                                                       managerCall(QStringLiteral("GetSession"), {QString()})},
                                                      deadline);
    const QVariantList *list = values(first.at(0));
    if (!list)
        return failure(first.at(0), Request::Enumerate, {});
    const QVariantList *own = values(first.at(1));
    const QString ownPath = own ? own->value(0).toString() : QString();

    // ListSessions' a(susso): id, uid, user name, seat, object path. The GetAll calls go out
    // together; the bus keeps them below the daemon's limit of calls in flight.
    QStringList paths;
    QList<LogindBus::Call> calls;
    for (const QVariant &entry : list->value(0).toList()) {
        paths << entry.toList().value(4).toString();
        calls << getAll(paths.last());
    }
    const QList<LogindBus::Reply> replies = m_bus->call(calls, deadline);

    QList<Session> sessions;
    sessions.reserve(replies.size());
    const QString server = address().toString();
    for (qsizetype i = 0; i < replies.size(); ++i) {
        const QVariantList *properties = values(replies.at(i));
        if (!properties) {
            // Ended between ListSessions and GetAll: its object is gone, and so is it.
            const auto *error = std::get_if<LogindBusError>(&replies.at(i));
            if (error && (LogindErrorMapper::isUnknownObject(*error) || LogindErrorMapper::isNoSuchSession(*error)))
                continue;
            return failure(replies.at(i), Request::Enumerate, {});
        }
        std::optional<Session> session = LogindSessionMapper::fromProperties(properties->value(0).toMap(), server);
        if (!session)
            continue;
        session->own = !ownPath.isEmpty() && paths.at(i) == ownPath;
        sessions << *session;
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

Result<QString> LogindSource::resolve(const SessionRef &target, Request request, Clock::time_point deadline)
{
    const LogindBus::Reply session = m_bus->call(managerCall(QStringLiteral("GetSession"), {target.id}), deadline);
    const QVariantList *path = values(session);
    if (!path)
        return failure(session, request, target.id);
    const QString objectPath = path->value(0).toString();
    if (target.isPlainId())
        return objectPath;
    const LogindBus::Reply properties = m_bus->call(getAll(objectPath), deadline);
    const QVariantList *map = values(properties);
    if (!map)
        return vanished(properties, target.id, deadline).value_or(failure(properties, request, target.id));
    // The user (Name) and logon time (Timestamp) read exactly as the row's were.
    const std::optional<Session> now = LogindSessionMapper::fromProperties(map->value(0).toMap(), address().toString());
    if (!now)
        return SessionError{Category::Other, 0, {}, tr("logind described session %1 without its id").arg(target.id)};
    if (const Result<void> same = target.verify(now->user, now->logonTime); !same)
        return same.error();
    return objectPath;
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
