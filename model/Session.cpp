#include "Session.h"

#include <QHashFunctions>

QString Session::stateName(State state)
{
    switch (state) {
    case State::Active:
        return QStringLiteral("Active");
    case State::Connected:
        return QStringLiteral("Connected");
    case State::Disconnected:
        return QStringLiteral("Disconnected");
    case State::Idle:
        return QStringLiteral("Idle");
    case State::Listening:
        return QStringLiteral("Listening");
    case State::Closing:
        return QStringLiteral("Closing");
    case State::Other:
        break;
    }
    return QStringLiteral("Other");
}

std::optional<qint64> Session::idleSeconds(const QDateTime &now) const
{
    if (!idleSince.isValid())
        return std::nullopt;
    return std::max<qint64>(0, idleSince.secsTo(now));
}

SessionKey SessionKey::of(const Session &session)
{
    return {session.server, session.id, session.logonTime.isValid() ? session.logonTime.toMSecsSinceEpoch() : 0};
}

size_t qHash(const SessionKey &key, size_t seed) noexcept
{
    return qHashMulti(seed, key.server, key.id, key.logonMSecs);
}
