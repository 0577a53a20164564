#pragma once

#include <QByteArray>

#include <optional>

// A count an administrator sets through an environment variable (connections kept open, ssh
// handshakes at once): `fallback` when `value` is empty; the number when it is a whole number
// from 1 to `max`; nullopt otherwise, for the caller to warn of in its own words.
std::optional<int> countFromVariable(const QByteArray &value, int fallback, int max);
