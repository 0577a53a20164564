#pragma once

#include "SessionDetails.h"

#include <QCoreApplication>
#include <QVariantMap>

// What an administrator reads about a logind session: its properties
// (org.freedesktop.login1.Session, as GetAll returns them) and the totals systemd keeps for
// its scope unit (org.freedesktop.systemd1.Scope: TasksCurrent, MemoryCurrent, CPUUsageNSec).
class LogindDetailsMapper final
{
    Q_DECLARE_TR_FUNCTIONS(LogindDetailsMapper)

public:
    // `scope` is empty when the scope's totals could not be read; a total systemd does not
    // account (UINT64_MAX) has an empty value.
    static SessionDetails fromProperties(const QVariantMap &session, const QVariantMap &scope);
};
