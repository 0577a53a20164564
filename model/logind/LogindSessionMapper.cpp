#include "LogindSessionMapper.h"

#include <QVariantList>

namespace {

// logind timestamps are microseconds since the epoch; 0 means "not set".
QDateTime fromMicroseconds(qulonglong usec)
{
    if (usec == 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(usec / 1000), Qt::UTC);
}

// Seat is a (so) structure: the seat's name and its object path.
QString seatName(const QVariant &value)
{
    return value.toList().value(0).toString();
}

} // namespace

Session::State LogindSessionMapper::stateOf(const QString &state, const QString &sessionClass, bool idle)
{
    if (state == u"closing")
        return Session::State::Closing;
    // A greeter waits for someone to log on, like a WTS listener.
    if (sessionClass == u"greeter")
        return Session::State::Listening;
    if (state == u"active")
        return idle ? Session::State::Idle : Session::State::Active;
    // Logged on, but not the foreground session of its seat.
    if (state == u"online")
        return Session::State::Connected;
    return Session::State::Other;
}

std::optional<Session> LogindSessionMapper::fromProperties(const QVariantMap &properties, const QString &server)
{
    const auto text = [&](const char *name) { return properties.value(QLatin1String(name)).toString(); };
    Session session;
    session.server = server;
    session.id = text("Id");
    if (session.id.isEmpty())
        return std::nullopt;
    session.user = text("Name");
    session.rawState = text("State");
    const bool idle = properties.value(QStringLiteral("IdleHint")).toBool();
    session.state = stateOf(session.rawState, text("Class"), idle);
    session.station = text("TTY");
    if (session.station.isEmpty())
        session.station = text("Display");
    if (session.station.isEmpty())
        session.station = seatName(properties.value(QStringLiteral("Seat")));
    session.remote = properties.value(QStringLiteral("Remote")).toBool();
    session.clientAddress = text("RemoteHost");
    // logind knows the client only by RemoteHost: a name or an address, whichever PAM got.
    session.clientName = session.clientAddress;
    session.remoteUser = text("RemoteUser");
    session.service = text("Service");
    session.logonTime = fromMicroseconds(properties.value(QStringLiteral("Timestamp")).toULongLong());
    if (idle)
        session.idleSince = fromMicroseconds(properties.value(QStringLiteral("IdleSinceHint")).toULongLong());
    return session;
}
