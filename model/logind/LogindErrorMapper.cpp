#include "LogindErrorMapper.h"

namespace {

bool hasName(const LogindBusError &error, std::initializer_list<QStringView> names)
{
    return std::any_of(names.begin(), names.end(), [&](QStringView n) { return error.name == n; });
}

// What was being done, for "%1" in the messages below: "Access denied logging off session 3".
QString verb(LogindErrorMapper::Request request)
{
    switch (request) {
    case LogindErrorMapper::Request::Logoff:
        return LogindErrorMapper::tr("logging off");
    case LogindErrorMapper::Request::Lock:
        return LogindErrorMapper::tr("locking");
    case LogindErrorMapper::Request::KillSession:
        return LogindErrorMapper::tr("killing the processes of");
    case LogindErrorMapper::Request::Enumerate:
    case LogindErrorMapper::Request::Query:
        break;
    }
    return LogindErrorMapper::tr("reading");
}

} // namespace

QString LogindErrorMapper::polkitAction(Request request)
{
    switch (request) {
    case Request::Logoff:
    case Request::KillSession:
        return QStringLiteral("org.freedesktop.login1.manage");
    case Request::Lock:
        return QStringLiteral("org.freedesktop.login1.lock-sessions");
    case Request::Enumerate:
    case Request::Query:
        break;
    }
    return {};
}

bool LogindErrorMapper::isNoSuchSession(const LogindBusError &error)
{
    return error.name == u"org.freedesktop.login1.NoSuchSession";
}

bool LogindErrorMapper::isUnknownObject(const LogindBusError &error)
{
    return error.name == u"org.freedesktop.DBus.Error.UnknownObject";
}

SessionError LogindErrorMapper::fromBus(const LogindBusError &error, Request request, const QString &sessionId)
{
    using Category = SessionError::Category;
    SessionError mapped{Category::Other, 0, error.name, error.message};
    //: What was acted on, for "%2" in the messages below
    const QString subject = sessionId.isEmpty() ? tr("sessions") : tr("session %1").arg(sessionId);

    if (hasName(error, {u"org.freedesktop.DBus.Error.AccessDenied",
                        u"org.freedesktop.DBus.Error.InteractiveAuthorizationRequired", u"System.Error.EACCES",
                        u"System.Error.EPERM"})) {
        mapped.category = Category::AccessDenied;
        const QString action = polkitAction(request);
        mapped.message = action.isEmpty()
                             ? tr("Access denied %1 %2: %3").arg(verb(request), subject, error.message)
                             : tr("Access denied %1 %2: it needs polkit's %3 (or root, or being the session's owner)")
                                   .arg(verb(request), subject, action);
    } else if (request != Request::Enumerate && isNoSuchSession(error)) {
        mapped.category = Category::AlreadyGone;
        mapped.message = tr("Session %1 no longer exists").arg(sessionId);
    } else if (hasName(error,
                       {u"org.freedesktop.DBus.Error.UnknownObject", u"org.freedesktop.DBus.Error.UnknownInterface",
                        u"org.freedesktop.DBus.Error.UnknownMethod"})) {
        // Not proof that the session went: a logind without this method or object failed to act.
        mapped.message
            = tr("logind did not accept %1 %2: %3 (%4)").arg(verb(request), subject, error.message, error.name);
    } else if (hasName(error,
                       {u"org.freedesktop.DBus.Error.ServiceUnknown", u"org.freedesktop.DBus.Error.NameHasNoOwner"})) {
        mapped.category = Category::Unreachable;
        mapped.message = tr("logind is not running (no owner of org.freedesktop.login1)");
    } else if (hasName(error, {u"org.freedesktop.DBus.Error.NoReply", u"org.freedesktop.DBus.Error.Timeout",
                               u"org.freedesktop.DBus.Error.TimedOut"})) {
        mapped.category = Category::Timeout;
        mapped.message = tr("No reply from logind in time %1 %2").arg(verb(request), subject);
    } else if (hasName(error, {u"org.freedesktop.DBus.Error.Disconnected", u"org.freedesktop.DBus.Error.NoServer",
                               u"org.freedesktop.DBus.Error.IOError", u"org.freedesktop.DBus.Error.FileNotFound",
                               u"org.freedesktop.DBus.Error.Spawn.ExecFailed"})) {
        mapped.category = Category::Unreachable;
        mapped.message = tr("The connection to the server's bus failed: %1").arg(error.message);
    }
    return mapped;
}
