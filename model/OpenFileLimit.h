#pragma once

// Each server reached over SSH holds about four descriptors (its ssh child's pipes, the
// bus socket, the bus thread's event fd): at 250 servers a process passes the default soft
// limit of 1 024. The console uses poll, never select, so it can go as far as the hard
// limit allows (systemd's default: 524 288).
namespace OpenFileLimit {
// Raises the soft limit on open descriptors to the hard one; does nothing where there is
// no such limit (Windows). Returns the soft limit in force afterwards, or -1 if unknown.
long raise();
} // namespace OpenFileLimit
