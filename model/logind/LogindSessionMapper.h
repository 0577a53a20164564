#pragma once

#include "Session.h"

#include <QVariantMap>

// A logind session's properties (org.freedesktop.login1.Session, as GetAll returns them)
// as a Session row.
class LogindSessionMapper final
{
public:
    static Session fromProperties(const QVariantMap &properties, const QString &server);

    // logind's State ("active", "online", "closing", "opening") with its Class and IdleHint.
    static Session::State stateOf(const QString &state, const QString &sessionClass, bool idle);
};
