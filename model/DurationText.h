#pragma once

#include <QStringView>

#include <chrono>
#include <optional>

// A duration as an administrator types it: a count and a unit, s, m, h or d ("90m", "2h",
// "1d"), or several of them ("1h30m"). nullopt for anything else, a count without a unit
// included (is "5" minutes or days?), and for more than ten years.
std::optional<std::chrono::seconds> parseDuration(QStringView text);
