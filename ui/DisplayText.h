#pragma once

#include <QString>

struct Session;

// Data in the window is text, never markup, and a server goes by one name everywhere.

// A tooltip that shows `text` as it is: QToolTip renders anything that looks like HTML,
// such as a user name or a server's message holding "<img src=…>".
QString plainToolTip(const QString &text);

// The short name of the server with the canonical address `server` ("rdsh01", "demo:a"),
// as the tabs and the grid show it; `server` itself when it is no address.
QString serverDisplayName(const QString &server);

// Whose session it is, as the dialogs name it: the user, or "(no user)" for a session without
// one (services, a listener, a logon screen).
QString userDisplayName(const Session &session);
