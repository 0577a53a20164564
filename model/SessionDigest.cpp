#include "SessionDigest.h"

#include "Session.h"

#include <QHash>

namespace {

// Boost's hash_combine widened to 64 bits: order matters, so swapped fields differ.
void mix(quint64 &seed, quint64 value)
{
    seed ^= value + 0x9e3779b97f4a7c15ull + (seed << 12) + (seed >> 4);
}

quint64 msecsOf(const QDateTime &time)
{
    return time.isValid() ? quint64(time.toMSecsSinceEpoch()) : quint64(std::numeric_limits<qint64>::min());
}

template<typename T>
quint64 optionalOf(const std::optional<T> &value)
{
    return value ? quint64(*value) ^ 0x5bd1e995ull : 0;
}

} // namespace

SessionDigest SessionDigest::of(const Session &s)
{
    SessionDigest digest;
    digest.key = qHash(s.id);
    mix(digest.key, msecsOf(s.logonTime));

    quint64 &c = digest.content;
    for (const QString *text :
         {&s.user, &s.domain, &s.rawState, &s.station, &s.clientName, &s.clientAddress, &s.remoteUser, &s.service})
        mix(c, qHash(*text));
    mix(c, quint64(s.state));
    mix(c, quint64(s.remote) | quint64(s.own) << 1);
    mix(c, msecsOf(s.connectTime));
    mix(c, msecsOf(s.disconnectTime));
    mix(c, optionalOf(s.processCount));
    mix(c, optionalOf(s.memoryBytes));

    digest.idleSinceMSecs = idleSinceOf(s);
    digest.hasCpuTime = s.cpuTime.has_value();
    return digest;
}

qint64 SessionDigest::idleMinutes(qint64 idleSinceMSecs, qint64 observedAtMSecs)
{
    if (idleSinceMSecs == NoIdleSince)
        return -1;
    return std::max<qint64>(0, (observedAtMSecs - idleSinceMSecs) / 1000) / 60;
}

qint64 SessionDigest::idleSinceOf(const Session &session)
{
    return session.idleSince.isValid() ? session.idleSince.toMSecsSinceEpoch() : NoIdleSince;
}
