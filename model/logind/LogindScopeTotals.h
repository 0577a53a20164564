#pragma once

#include <QStringList>
#include <QVariantMap>

#include <optional>

// The totals systemd keeps for a session's scope unit (org.freedesktop.systemd1.Scope):
// what the details pane shows and the session grid's resource columns. Each is nullopt where
// systemd does not account it (UINT64_MAX: the controller is off, or the unit is gone).
struct LogindScopeTotals final
{
    std::optional<quint64> tasks; // processes and their threads
    std::optional<quint64> memoryBytes;
    std::optional<quint64> cpuNSec;

    // TasksCurrent, MemoryCurrent, CPUUsageNSec: what to read from the unit.
    static const QStringList &propertyNames();
    // From those properties by name; a missing one is unknown.
    static LogindScopeTotals fromProperties(const QVariantMap &properties);
};
