#include "LogindSource.h"

#include "LogindSessionMapper.h"
#include "LogindSignalReceiver.h"

#include <QDBusArgument>
#include <QDBusObjectPath>
#include <QDBusPendingCall>
#include <QScopeGuard>
#include <QThread>

#include <algorithm>

namespace {

using Request = LogindErrorMapper::Request;
using Clock = std::chrono::steady_clock;

const QString Service = QStringLiteral("org.freedesktop.login1");
const QString ManagerPath = QStringLiteral("/org/freedesktop/login1");
const QString ManagerInterface = QStringLiteral("org.freedesktop.login1.Manager");
const QString SessionInterface = QStringLiteral("org.freedesktop.login1.Session");

QDBusMessage managerCall(const QString &method, const QVariantList &arguments = {})
{
    QDBusMessage message = QDBusMessage::createMethodCall(Service, ManagerPath, ManagerInterface, method);
    message.setArguments(arguments);
    return message;
}

int milliseconds(SessionSource::Timeout timeout)
{
    return static_cast<int>(std::clamp<qint64>(timeout.count(), 1, std::numeric_limits<int>::max()));
}

struct ListedSession
{
    QString id;
    QDBusObjectPath path;
};

// ListSessions' a(susso): id, uid, user name, seat, object path.
QList<ListedSession> listedSessions(const QDBusMessage &reply)
{
    QList<ListedSession> sessions;
    if (reply.arguments().isEmpty())
        return sessions;
    const auto argument = reply.arguments().constFirst().value<QDBusArgument>();
    argument.beginArray();
    while (!argument.atEnd()) {
        ListedSession session;
        uint uid = 0;
        QString user;
        QString seat;
        argument.beginStructure();
        argument >> session.id >> uid >> user >> seat >> session.path;
        argument.endStructure();
        sessions << session;
    }
    argument.endArray();
    return sessions;
}

} // namespace

LogindSource::LogindSource(ServerAddress address)
    : SessionSource(address)
    , m_signalThread(std::make_unique<QThread>())
    , m_receiver(std::make_unique<LogindSignalReceiver>())
    , m_connection(std::move(address))
{
    m_signalThread->setObjectName(QStringLiteral("logind signals %1").arg(this->address().displayName()));
    m_receiver->moveToThread(m_signalThread.get());
    m_signalThread->start();
    // Without the signals, waits still end by polling and the window by its refresh timer.
    m_connection.setOnConnected([receiver = m_receiver.get()](QDBusConnection &connection) {
        if (!receiver->subscribe(connection))
            qWarning("logind: cannot subscribe to SessionNew/SessionRemoved on %s", qPrintable(connection.name()));
    });
}

LogindSource::~LogindSource()
{
    m_connection.close();
    m_signalThread->quit();
    m_signalThread->wait();
}

SessionSource::Capabilities LogindSource::capabilities() const
{
    return Capability::Enumerate | Capability::Logoff | Capability::Lock;
}

void LogindSource::watchChanges(std::function<void()> onChange)
{
    m_receiver->setOnChange(std::move(onChange));
}

SessionError LogindSource::failure(const QDBusConnection &connection, const QDBusError &error, Request request,
                                   const QString &id)
{
    if (auto lost = m_connection.checkLost(connection))
        return *lost;
    return LogindErrorMapper::fromDBus(error, request, id);
}

EnumerateResult LogindSource::enumerate()
{
    // A connection that dropped since the last call is noticed by the first call on it;
    // then one fresh connection is tried before giving up.
    for (int attempt = 0;; ++attempt) {
        auto connection = m_connection.get(QueryTimeout);
        if (auto *error = std::get_if<SessionError>(&connection))
            return {{}, *error};
        EnumerateResult result = enumerateOn(std::get<QDBusConnection>(connection));
        const bool lost = !result.ok() && result.error->name == u"org.freedesktop.DBus.Error.Disconnected";
        if (!lost || attempt > 0)
            return result;
    }
}

EnumerateResult LogindSource::enumerateOn(const QDBusConnection &connection)
{
    const int timeout = milliseconds(QueryTimeout);
    const QDBusPendingCall listCall = connection.asyncCall(managerCall(QStringLiteral("ListSessions")), timeout);
    // The session this connection itself belongs to (ssh's session on a remote host);
    // an error when it belongs to none.
    const QDBusPendingCall ownCall =
        connection.asyncCall(managerCall(QStringLiteral("GetSession"), {QString()}), timeout);
    QDBusPendingCall(listCall).waitForFinished();
    if (listCall.isError())
        return {{}, failure(connection, listCall.error(), Request::Enumerate, {})};

    // The GetAll calls are pipelined, not one round trip after another. dbus-daemon refuses
    // more than max_replies_per_connection (128 on the system bus) pending calls on one
    // connection, which other threads share, so at most PropertyWindow are in flight.
    const QList<ListedSession> listed = listedSessions(listCall.reply());
    const auto getAll = [&](const ListedSession &session) {
        QDBusMessage message = QDBusMessage::createMethodCall(Service, session.path.path(),
                                                              QStringLiteral("org.freedesktop.DBus.Properties"),
                                                              QStringLiteral("GetAll"));
        message.setArguments({SessionInterface});
        return connection.asyncCall(message, timeout);
    };
    QList<QDBusPendingCall> propertyCalls;
    propertyCalls.reserve(listed.size());
    for (qsizetype i = 0; i < std::min<qsizetype>(listed.size(), PropertyWindow); ++i)
        propertyCalls << getAll(listed.at(i));

    QDBusPendingCall(ownCall).waitForFinished();
    QString ownPath;
    if (!ownCall.isError() && !ownCall.reply().arguments().isEmpty())
        ownPath = ownCall.reply().arguments().constFirst().value<QDBusObjectPath>().path();

    EnumerateResult result;
    result.sessions.reserve(listed.size());
    const QString server = address().toString();
    for (qsizetype i = 0; i < listed.size(); ++i) {
        QDBusPendingCall call = propertyCalls.at(i);
        call.waitForFinished();
        if (propertyCalls.size() < listed.size())
            propertyCalls << getAll(listed.at(propertyCalls.size()));
        if (call.isError()) {
            // Ended between ListSessions and GetAll: simply not there any more.
            if (LogindErrorMapper::isGone(call.error()))
                continue;
            return {{}, failure(connection, call.error(), Request::Enumerate, listed.at(i).id)};
        }
        const QDBusMessage reply = call.reply();
        if (reply.arguments().isEmpty())
            continue;
        const auto properties = qdbus_cast<QVariantMap>(reply.arguments().constFirst().value<QDBusArgument>());
        Session session = LogindSessionMapper::fromProperties(properties, server);
        session.own = !ownPath.isEmpty() && listed.at(i).path.path() == ownPath;
        result.sessions << session;
    }
    return result;
}

std::variant<bool, SessionError> LogindSource::isPresent(const QString &id)
{
    auto connection = m_connection.get(QueryTimeout);
    if (auto *error = std::get_if<SessionError>(&connection))
        return *error;
    return isPresentOn(std::get<QDBusConnection>(connection), id, QueryTimeout);
}

std::variant<bool, SessionError> LogindSource::isPresentOn(const QDBusConnection &connection, const QString &id,
                                                           Timeout timeout)
{
    const QDBusMessage reply =
        connection.call(managerCall(QStringLiteral("GetSession"), {id}), QDBus::Block, milliseconds(timeout));
    if (reply.type() != QDBusMessage::ErrorMessage)
        return true;
    const QDBusError error(reply);
    if (LogindErrorMapper::isGone(error))
        return false;
    return failure(connection, error, Request::Query, id);
}

ActionResult LogindSource::callManager(const QString &method, const QString &id, Timeout timeout)
{
    auto connection = m_connection.get(timeout);
    if (auto *error = std::get_if<SessionError>(&connection))
        return *error;
    const QDBusConnection &bus = std::get<QDBusConnection>(connection);
    const QDBusMessage reply = bus.call(managerCall(method, {id}), QDBus::Block, milliseconds(timeout));
    if (reply.type() != QDBusMessage::ErrorMessage)
        return std::nullopt;
    const Request request = method == u"LockSession" ? Request::Lock : Request::Logoff;
    return failure(bus, QDBusError(reply), request, id);
}

ActionResult LogindSource::doLogoff(const SessionRef &target, bool wait, Timeout timeout)
{
    const QString &id = target.id;
    const auto deadline = Clock::now() + timeout;
    // Listen before asking, so that a quick SessionRemoved cannot slip past.
    m_receiver->expectRemoval(id);
    const auto forget = qScopeGuard([&] { m_receiver->forgetRemoval(id); });
    if (ActionResult error = callManager(QStringLiteral("TerminateSession"), id, timeout))
        return error;
    if (!wait)
        return std::nullopt;
    const auto remaining = std::chrono::duration_cast<Timeout>(deadline - Clock::now());
    auto connection = m_connection.get(std::max(remaining, Timeout{1}));
    if (auto *error = std::get_if<SessionError>(&connection))
        return *error;
    return waitUntilGone(std::get<QDBusConnection>(connection), id, remaining);
}

ActionResult LogindSource::waitUntilGone(const QDBusConnection &connection, const QString &id, Timeout timeout)
{
    // SessionRemoved normally ends the wait; asking logind now and then covers a signal
    // that never comes (a bus that drops it, a reconnect in between).
    const auto deadline = Clock::now() + timeout;
    Timeout poll{50};
    for (;;) {
        const auto now = Clock::now();
        if (now >= deadline)
            break;
        if (m_receiver->waitForRemoval(id, std::min(deadline, now + poll)))
            return std::nullopt;
        const auto remaining = std::chrono::duration_cast<Timeout>(deadline - Clock::now());
        if (remaining <= Timeout::zero())
            break;
        const auto present = isPresentOn(connection, id, remaining);
        if (const auto *error = std::get_if<SessionError>(&present)) {
            if (error->category != SessionError::Category::Timeout)
                return *error;
        } else if (!std::get<bool>(present)) {
            return std::nullopt;
        }
        poll = std::min(poll * 2, Timeout{500});
    }
    return SessionError{SessionError::Category::Timeout, 0, {},
                        QStringLiteral("Session %1 was still there after %2 s")
                            .arg(id)
                            .arg(static_cast<double>(timeout.count()) / 1000.0)};
}

ActionResult LogindSource::doLock(const SessionRef &target, Timeout timeout)
{
    return callManager(QStringLiteral("LockSession"), target.id, timeout);
}

ActionResult LogindSource::doDisconnect(const SessionRef &, bool, Timeout)
{
    return SessionError{SessionError::Category::NotSupported, 0, {},
                        QStringLiteral("Disconnect is not supported by systemd-logind (a Linux session has no "
                                       "detached state to put it in)")};
}

ActionResult LogindSource::doSendMessage(const SessionRef &, const QString &, const QString &, bool, Timeout)
{
    return SessionError{SessionError::Category::NotSupported, 0, {},
                        QStringLiteral("Send Message is not supported by systemd-logind")};
}
