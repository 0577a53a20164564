#pragma once

#include "SessionError.h"

#include <QDBusError>
#include <QString>

// Turns a D-Bus error from logind (or from the bus, or the transport) into the engine's
// categories, with text that says what to do about it.
class LogindErrorMapper final
{
public:
    enum class Request { Enumerate, Query, Logoff, Lock };

    // `sessionId` is empty for requests about no particular session.
    static SessionError fromDBus(const QDBusError &error, Request request, const QString &sessionId = {});

    // The polkit action logind checks for `request`, or empty where it checks none.
    static QString polkitAction(Request request);

    // True where a session went away while we were asking about it.
    static bool isGone(const QDBusError &error);
};
