#pragma once

#include "WtsError.h"
#include "WtsIdentity.h"
#include "WtsServer.h"
#include "WtsSessionRecord.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

// The actions on one server's sessions. Each returns nullopt on success, and returns by
// its `timeout`: WTSLogoffSession and WTSDisconnectSession are never asked to wait (with
// bWait TRUE they can block indefinitely); completion is polled for instead. Before it
// acts, each reads who holds the id and lets `check` refuse (see WtsIdentityCheck).
class WtsSessionControl final
{
public:
    static constexpr std::chrono::milliseconds DefaultPollInterval{250};

    explicit WtsSessionControl(const WtsServer &server, std::chrono::milliseconds pollInterval = DefaultPollInterval);

    // WTSLogoffSession without waiting; with `wait`, polls until the session is gone
    // (Timeout when it is still there at the deadline). Session 0 and listeners are refused
    // (NotSupported).
    std::optional<WtsError> logoff(std::uint32_t id, const WtsIdentityCheck &check, bool wait,
                                   std::chrono::milliseconds timeout) const;

    // WTSDisconnectSession without waiting; with `wait`, polls until the session is
    // disconnected. The session keeps running and can be reconnected.
    std::optional<WtsError> disconnect(std::uint32_t id, const WtsIdentityCheck &check, bool wait,
                                       std::chrono::milliseconds timeout) const;

    // WTSSendMessageW with an OK box that closes itself when `timeout` is over (at least a
    // second). With `wait` it returns when the user answered or the box timed out, else at
    // once (IDASYNC).
    std::optional<WtsError> sendMessage(std::uint32_t id, const WtsIdentityCheck &check, std::wstring_view title,
                                        std::wstring_view text, bool wait, std::chrono::milliseconds timeout) const;

    // Who holds session `id` now: WTSSessionInfo's user name and logon time, or, where that
    // cannot be read (older servers, Wine), WTSUserName with the time unknown.
    std::variant<WtsIdentity, WtsError> identity(std::uint32_t id) const;

    // Whether session `id` exists: a WTSConnectState query, ERROR_CTX_WINSTATION_NOT_FOUND
    // meaning gone; any other failure is the error that prevented knowing.
    std::variant<bool, WtsError> isPresent(std::uint32_t id) const;

    // Reads who holds session `id` now and lets `check` refuse; nullopt when it may go
    // ahead. An empty check reads nothing.
    std::optional<WtsError> checkIdentity(std::uint32_t id, const WtsIdentityCheck &check) const;

private:
    using Clock = std::chrono::steady_clock;
    // The session's state now; nullopt once it is gone.
    using Observed = std::optional<WtsState>;

    std::optional<WtsError> refuseLogoff(std::uint32_t id) const;
    std::variant<Observed, WtsError> observe(std::uint32_t id) const;
    // Polls until `reached` accepts what it observes, a query fails, or `deadline` passes
    // (Timeout, the message ending in `pending`). Returns what it last observed.
    std::variant<Observed, WtsError> pollUntil(std::uint32_t id, Clock::time_point deadline,
                                               bool (*reached)(const Observed &), std::wstring_view pending,
                                               std::chrono::milliseconds timeout) const;

    const WtsServer &m_server;
    std::chrono::milliseconds m_pollInterval;
};
