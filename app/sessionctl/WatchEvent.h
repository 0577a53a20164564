#pragma once

#include "Session.h"
#include "SessionError.h"

#include <QDateTime>
#include <QString>

#include <optional>

// One line of `sessionctl watch`: a session that appeared, ended or changed on a server,
// or the server failing and answering again.
struct WatchEvent final
{
    enum class Kind { New, Gone, Changed, Error, Recovered };

    QDateTime time; // when the refresh that saw it ended (UTC)
    QString server;
    Kind kind = Kind::New;
    Session session;                   // New, Gone (as last seen), Changed (as now)
    std::optional<SessionError> error; // Error

    static QString kindName(Kind kind)
    {
        switch (kind) {
        case Kind::New:
            return QStringLiteral("new");
        case Kind::Gone:
            return QStringLiteral("gone");
        case Kind::Changed:
            return QStringLiteral("changed");
        case Kind::Error:
            return QStringLiteral("error");
        case Kind::Recovered:
            break;
        }
        return QStringLiteral("recovered");
    }
};
