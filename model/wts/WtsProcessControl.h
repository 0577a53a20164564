#pragma once

#include "WtsError.h"
#include "WtsIdentity.h"
#include "WtsServer.h"

#include <cstdint>
#include <optional>
#include <string>

// The process an action is meant for: its pid, and what must still hold for that pid.
struct WtsProcessTarget final
{
    std::uint32_t pid = 0;
    std::wstring name;                      // the image name it had; empty: not checked
    std::optional<std::uint32_t> sessionId; // the session it ran in; nullopt: not checked
};

// Ends processes with WTSTerminateProcess, after checking just before that the pid is
// still the process the caller meant (see terminate()). Returns nullopt on success.
class WtsProcessControl final
{
public:
    // The exit code the ended process gets: 1, as Task Manager gives.
    static constexpr DWORD ExitCode = 1;

    explicit WtsProcessControl(const WtsServer &server);

    // Re-reads the server's processes and refuses, without acting, when the pid:
    // - is gone (AlreadyGone; also when the process ends before WTSTerminateProcess reaches it),
    // - runs in another session than target.sessionId, or under another image name (Changed:
    //   pids are reused, and a process never changes session),
    // - runs in a session that `check` says is no longer the logon meant (Changed),
    // - is this program itself (NotSupported: close it instead),
    // - runs in session 0, the services' session, or is a critical process of a user session,
    //   csrss.exe or winlogon.exe (NotSupported): ending those stops the server or the
    //   session; stop a service with the Services console and log a session off instead.
    // Other processes of the caller's own session are ended like any other: an administrator
    // who selected them meant them.
    std::optional<WtsError> terminate(const WtsProcessTarget &target, const WtsIdentityCheck &check) const;

private:
    const WtsServer &m_server;
};
