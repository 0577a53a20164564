#pragma once

#include "SessionSource.h"

#include <memory>

// Creates the source that serves an address on this platform: demo: servers everywhere,
// logind (local, dbus:, over SSH) on Linux, WTS (local, remote hosts) on Windows.
// Shared ownership, because a worker may still be using a source after its tab closed.
namespace SessionSourceFactory {

// Returns nullptr and sets `error` when this build cannot serve the address.
std::shared_ptr<SessionSource> create(const ServerAddress &address, QString *error = nullptr);

} // namespace SessionSourceFactory
