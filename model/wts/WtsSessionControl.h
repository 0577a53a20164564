#pragma once

#include "WtsError.h"
#include "WtsServer.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

// The actions on one server's sessions. Each returns nullopt on success.
class WtsSessionControl final
{
public:
    static constexpr std::chrono::milliseconds DefaultPollInterval{250};

    explicit WtsSessionControl(const WtsServer &server,
                               std::chrono::milliseconds pollInterval = DefaultPollInterval);

    // WTSLogoffSession. With `wait` the call itself is synchronous; without it the request
    // returns at once and completion is verified by polling until the session is gone or
    // `timeout` passed (Timeout). Session 0 and listeners are refused (NotSupported).
    std::optional<WtsError> logoff(std::uint32_t id, bool wait, std::chrono::milliseconds timeout) const;

    // WTSDisconnectSession; the session keeps running and can be reconnected.
    std::optional<WtsError> disconnect(std::uint32_t id, bool wait) const;

    // WTSSendMessageW with an OK box that closes itself after `timeout` (at least a second).
    // With `wait` it returns when the user answered or the box timed out, else at once (IDASYNC).
    std::optional<WtsError> sendMessage(std::uint32_t id, std::wstring_view title, std::wstring_view text,
                                        bool wait, std::chrono::milliseconds timeout) const;

    // Whether session `id` exists: a WTSConnectState query, ERROR_CTX_WINSTATION_NOT_FOUND
    // meaning gone; any other failure is the error that prevented knowing.
    std::variant<bool, WtsError> isPresent(std::uint32_t id) const;

    // Polls isPresent() until false, an error, or `timeout` (Timeout error).
    std::optional<WtsError> waitUntilGone(std::uint32_t id, std::chrono::milliseconds timeout) const;

private:
    std::optional<WtsError> refuseLogoff(std::uint32_t id) const;

    const WtsServer &m_server;
    std::chrono::milliseconds m_pollInterval;
};
