#pragma once

#include "Session.h"

#include <QVariantMap>

#include <optional>

// A logind session's properties (org.freedesktop.login1.Session, as GetAll returns them)
// as a Session row.
class LogindSessionMapper final
{
public:
    // nullopt for properties without an Id: such a row could only be acted on as the empty
    // id, which logind reads as "the caller's own session".
    static std::optional<Session> fromProperties(const QVariantMap &properties, const QString &server);

    // logind's State ("active", "online", "closing", "opening") with its Class and IdleHint.
    static Session::State stateOf(const QString &state, const QString &sessionClass, bool idle);
};
