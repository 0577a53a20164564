#pragma once

#include <QString>

#include <chrono>
#include <optional>

// Durations as administrators write them in cleanup rules: "90m", "2h", "1d", "1h30m", "45s".
namespace DurationText {

// The longest duration accepted: ten years, far below where seconds would overflow.
inline constexpr std::chrono::seconds Longest{3650LL * 86400};

// Whole numbers each followed by a unit (d, h, m, s), largest unit first and each unit once;
// "0m" is zero. Anything else is nullopt, with `error` saying what is wrong.
std::optional<std::chrono::seconds> parse(const QString &text, QString *error);

// "3h 10m", "2h", "1d 4h", "45s": the two largest units, as a reason or a preview shows it.
QString format(qint64 seconds);

// The shortest text parse() reads back as `seconds` ("1h30m", "90s"), for settings and scripts.
QString toText(qint64 seconds);

} // namespace DurationText
