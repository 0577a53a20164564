#include "DurationText.h"

#include <QCoreApplication>

#include <algorithm>
#include <array>

namespace DurationText {
namespace {

struct Unit
{
    char16_t letter;
    qint64 seconds;
};

constexpr std::array<Unit, 4> Units{{{u'd', 86400}, {u'h', 3600}, {u'm', 60}, {u's', 1}}};

QString tr(const char *text)
{
    return QCoreApplication::translate("DurationText", text);
}

} // namespace

std::optional<std::chrono::seconds> parse(const QString &text, QString *error)
{
    const QString input = text.trimmed().toLower();
    const auto fail = [&](const QString &why) -> std::optional<std::chrono::seconds> {
        if (error)
            *error = tr("invalid duration '%1': %2 (write e.g. 90m, 2h, 1d or 1h30m)").arg(text, why);
        return std::nullopt;
    };
    if (input.isEmpty())
        return fail(tr("it is empty"));
    qint64 total = 0;
    size_t nextUnit = 0; // units come largest first, each once
    qsizetype i = 0;
    while (i < input.size()) {
        const qsizetype start = i;
        while (i < input.size() && input.at(i).isDigit() && input.at(i).unicode() < 128)
            ++i;
        if (i == start)
            return fail(tr("'%1' is not a number").arg(input.at(i)));
        if (i - start > 7)
            return fail(tr("the number is too large"));
        const qint64 number = input.mid(start, i - start).toLongLong();
        if (i == input.size())
            return fail(tr("%1 needs a unit: d, h, m or s").arg(number));
        const char16_t letter = input.at(i).unicode();
        ++i;
        if (letter == u'.' || letter == u',')
            return fail(tr("whole numbers only (1h30m, not 1.5h)"));
        size_t u = nextUnit;
        while (u < Units.size() && Units.at(u).letter != letter)
            ++u;
        if (u == Units.size()) {
            const bool known = std::any_of(Units.cbegin(), Units.cend(),
                                           [&](const Unit &x) { return x.letter == letter; });
            return fail(known ? tr("units go from the largest to the smallest, each once")
                              : tr("unknown unit '%1' (use d, h, m or s)").arg(QChar(letter)));
        }
        nextUnit = u + 1;
        total += number * Units.at(u).seconds;
        if (total > Longest.count())
            return fail(tr("longer than ten years"));
    }
    return std::chrono::seconds(total);
}

QString format(qint64 seconds)
{
    if (seconds < 60)
        return QStringLiteral("%1s").arg(std::max<qint64>(0, seconds));
    QStringList parts;
    for (const Unit &unit : Units) {
        if (unit.seconds == 1 || parts.size() == 2)
            break;
        const qint64 count = seconds / unit.seconds;
        seconds %= unit.seconds;
        if (count > 0)
            parts.append(QStringLiteral("%1%2").arg(count).arg(QChar(unit.letter)));
        else if (!parts.isEmpty())
            break; // "1d 5m" would read as precise; "1d" is what the two largest units say
    }
    return parts.join(u' ');
}

QString toText(qint64 seconds)
{
    if (seconds <= 0)
        return QStringLiteral("0m");
    QString out;
    for (const Unit &unit : Units) {
        if (const qint64 count = seconds / unit.seconds; count > 0)
            out += QStringLiteral("%1%2").arg(count).arg(QChar(unit.letter));
        seconds %= unit.seconds;
    }
    return out;
}

} // namespace DurationText
