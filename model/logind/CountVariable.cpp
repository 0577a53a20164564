#include "CountVariable.h"

std::optional<int> countFromVariable(const QByteArray &value, int fallback, int max)
{
    const QByteArray text = value.trimmed();
    if (text.isEmpty())
        return fallback;
    bool ok = false;
    const int count = text.toInt(&ok);
    if (ok && count >= 1 && count <= max)
        return count;
    return std::nullopt;
}
