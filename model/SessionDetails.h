#pragma once

#include <QList>
#include <QString>

// One thing a backend knows about a session, for the details pane and `sessionctl show`.
struct SessionDetail final
{
    QString key;   // stable and untranslated, for scripts: "clientBuild", "remoteHost"
    QString label; // translated, for people: "Client build"
    QString value; // as text; empty where the backend has no value

    bool operator==(const SessionDetail &) const = default;
};

// Every field a backend knows about one session, in the order it shows them.
using SessionDetails = QList<SessionDetail>;
