#pragma once

#include "Session.h"

#include <QTimeZone>

#include <QList>
#include <QStringList>

// Sessions built for tests: predictable fields derived from the id.
namespace SessionFixtures {

inline const QDateTime BaseTime = QDateTime(QDate(2026, 11, 2), QTime(8, 0), Qt::UTC);

inline Session make(const QString &server, int id, qint64 logonOffsetSecs = 0)
{
    Session s;
    s.server = server;
    s.id = QString::number(id);
    s.user = QStringLiteral("user%1").arg(id);
    s.domain = QStringLiteral("CORP");
    s.state = Session::State::Active;
    s.rawState = QStringLiteral("WTSActive");
    s.station = QStringLiteral("RDP-Tcp#%1").arg(id);
    s.clientName = QStringLiteral("WS-%1").arg(id);
    s.clientAddress = QStringLiteral("10.0.%1.%2").arg(id / 250).arg(id % 250 + 1);
    s.remote = true;
    s.service = QStringLiteral("RDP");
    s.logonTime = BaseTime.addSecs(id * 60 + logonOffsetSecs);
    s.connectTime = s.logonTime;
    return s;
}

inline QList<Session> range(const QString &server, int first, int count)
{
    QList<Session> sessions;
    for (int id = first; id < first + count; ++id)
        sessions.append(make(server, id));
    return sessions;
}

// The sessions whose id is one of `ids`.
inline QList<Session> only(QList<Session> sessions, const QList<int> &ids)
{
    sessions.removeIf([&](const Session &s) { return !ids.contains(s.id.toInt()); });
    return sessions;
}

// "1 2 6" -> {"1", "2", "6"}, since string literals do not convert implicitly here.
inline QStringList words(const char *text)
{
    return QString::fromLatin1(text).split(u' ', Qt::SkipEmptyParts);
}

} // namespace SessionFixtures
