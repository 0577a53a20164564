#pragma once

#include <QString>

// An error reply on a bus: its D-Bus name (org.freedesktop.login1.NoSuchSession, …) and text.
struct LogindBusError final
{
    QString name;
    QString message;
};
