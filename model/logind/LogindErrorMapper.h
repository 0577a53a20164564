#pragma once

#include "LogindBusError.h"
#include "SessionError.h"

#include <QCoreApplication>
#include <QString>

// Turns a D-Bus error reply from logind (or from the bus) into the engine's categories,
// with text that says what to do about it.
class LogindErrorMapper final
{
    Q_DECLARE_TR_FUNCTIONS(LogindErrorMapper)

public:
    enum class Request { Enumerate, Query, Logoff, Lock, KillSession };

    // `sessionId` is empty for requests about no particular session.
    static SessionError fromBus(const LogindBusError &error, Request request, const QString &sessionId = {});

    // The polkit action logind checks for `request`, or empty where it checks none.
    static QString polkitAction(Request request);

    // logind's own word that no session has this id (GetSession, or an action by id).
    static bool isNoSuchSession(const LogindBusError &error);
    // The object asked about does not exist (a session object that vanished after it was
    // listed); whether that means the session is gone depends on what was asked.
    static bool isUnknownObject(const LogindBusError &error);
};
