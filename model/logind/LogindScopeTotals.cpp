#include "LogindScopeTotals.h"

#include <limits>

namespace {

constexpr qulonglong NotAccounted = std::numeric_limits<qulonglong>::max();

std::optional<quint64> total(const QVariantMap &properties, const QString &name)
{
    const QVariant value = properties.value(name);
    bool number = false;
    const qulonglong total = value.toULongLong(&number);
    if (!number || total == NotAccounted)
        return std::nullopt;
    return total;
}

} // namespace

const QStringList &LogindScopeTotals::propertyNames()
{
    static const QStringList names{QStringLiteral("TasksCurrent"), QStringLiteral("MemoryCurrent"),
                                   QStringLiteral("CPUUsageNSec")};
    return names;
}

LogindScopeTotals LogindScopeTotals::fromProperties(const QVariantMap &properties)
{
    const QStringList &names = propertyNames();
    return {total(properties, names.at(0)), total(properties, names.at(1)), total(properties, names.at(2))};
}
