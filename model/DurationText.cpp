#include "DurationText.h"

std::optional<std::chrono::seconds> parseDuration(QStringView text)
{
    constexpr qint64 Limit = qint64(10) * 366 * 24 * 3600;
    if (text.isEmpty())
        return std::nullopt;
    qint64 total = 0;
    qsizetype i = 0;
    while (i < text.size()) {
        qint64 count = 0;
        const qsizetype digitsFrom = i;
        while (i < text.size() && text.at(i) >= u'0' && text.at(i) <= u'9') {
            count = count * 10 + (text.at(i).unicode() - u'0');
            if (count > Limit)
                return std::nullopt;
            ++i;
        }
        if (i == digitsFrom || i == text.size())
            return std::nullopt;
        qint64 unit = 0;
        switch (text.at(i).unicode()) {
        case u's':
            unit = 1;
            break;
        case u'm':
            unit = 60;
            break;
        case u'h':
            unit = 3600;
            break;
        case u'd':
            unit = 86400;
            break;
        default:
            return std::nullopt;
        }
        ++i;
        total += count * unit;
        if (total > Limit)
            return std::nullopt;
    }
    return std::chrono::seconds(total);
}
