#include "WtsSessionControl.h"

#include "WtsSessionRecord.h"

#include <algorithm>
#include <string>
#include <thread>

namespace {

WtsError refusal(std::wstring message)
{
    return WtsError{WtsError::Category::NotSupported, 0, std::move(message)};
}

// WTSSendMessageW's lengths are in bytes, without a terminating NUL.
DWORD byteLength(const std::wstring &text)
{
    return static_cast<DWORD>(text.size() * sizeof(wchar_t));
}

DWORD toSeconds(std::chrono::milliseconds timeout)
{
    const auto seconds = std::chrono::ceil<std::chrono::seconds>(timeout).count();
    return static_cast<DWORD>(std::clamp<std::chrono::seconds::rep>(seconds, 1, 86400));
}

} // namespace

WtsSessionControl::WtsSessionControl(const WtsServer &server, std::chrono::milliseconds pollInterval)
    : m_server(server)
    , m_pollInterval(pollInterval)
{
}

std::optional<WtsError> WtsSessionControl::logoff(std::uint32_t id, bool wait,
                                                  std::chrono::milliseconds timeout) const
{
    if (auto refused = refuseLogoff(id))
        return refused;

    SetLastError(ERROR_SUCCESS);
    if (!m_server.api().logoffSession(m_server.handle(), id, wait ? TRUE : FALSE))
        return WtsError::fromLastError(WtsAction::Logoff, L"WTSLogoffSession");
    if (wait)
        return std::nullopt;
    return waitUntilGone(id, timeout);
}

std::optional<WtsError> WtsSessionControl::disconnect(std::uint32_t id, bool wait) const
{
    SetLastError(ERROR_SUCCESS);
    if (!m_server.api().disconnectSession(m_server.handle(), id, wait ? TRUE : FALSE))
        return WtsError::fromLastError(WtsAction::Disconnect, L"WTSDisconnectSession");
    return std::nullopt;
}

std::optional<WtsError> WtsSessionControl::sendMessage(std::uint32_t id, std::wstring_view title,
                                                       std::wstring_view text, bool wait,
                                                       std::chrono::milliseconds timeout) const
{
    // The API takes LPWSTR but does not write to the strings.
    std::wstring titleCopy(title);
    std::wstring textCopy(text);
    DWORD response = 0;
    SetLastError(ERROR_SUCCESS);
    if (!m_server.api().sendMessage(m_server.handle(), id, titleCopy.data(), byteLength(titleCopy),
                                    textCopy.data(), byteLength(textCopy), MB_OK | MB_ICONINFORMATION,
                                    toSeconds(timeout), &response, wait ? TRUE : FALSE)) {
        return WtsError::fromLastError(WtsAction::Message, L"WTSSendMessageW");
    }
    return std::nullopt;
}

std::variant<bool, WtsError> WtsSessionControl::isPresent(std::uint32_t id) const
{
    auto answer = m_server.query(id, WTSConnectState, WtsAction::Query);
    if (std::holds_alternative<WtsBuffer>(answer))
        return true;
    WtsError &error = std::get<WtsError>(answer);
    if (error.category == WtsError::Category::AlreadyGone)
        return false;
    return std::move(error);
}

std::optional<WtsError> WtsSessionControl::waitUntilGone(std::uint32_t id,
                                                         std::chrono::milliseconds timeout) const
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto present = isPresent(id);
        if (auto *error = std::get_if<WtsError>(&present))
            return std::move(*error);
        if (!std::get<bool>(present))
            return std::nullopt;
        if (std::chrono::steady_clock::now() >= deadline)
            break;
        std::this_thread::sleep_for(m_pollInterval);
    }
    return WtsError{WtsError::Category::Timeout, 0,
                    L"Session " + std::to_wstring(id) + L" was still present " + std::to_wstring(timeout.count())
                        + L" ms after WTSLogoffSession accepted the request."};
}

std::optional<WtsError> WtsSessionControl::refuseLogoff(std::uint32_t id) const
{
    if (id == WtsSessionRecord::ServicesSessionId)
        return refusal(L"Session 0 runs services and cannot be logged off.");

    // A failed look-up is left to WTSLogoffSession, whose error says more about the cause.
    auto answer = m_server.query(id, WTSConnectState, WtsAction::Query);
    if (const auto *error = std::get_if<WtsError>(&answer))
        return error->category == WtsError::Category::AlreadyGone ? std::optional<WtsError>(*error) : std::nullopt;
    if (const auto *state = std::get<WtsBuffer>(answer).as<INT>(); state && *state == WTSListen)
        return refusal(L"Session " + std::to_wstring(id) + L" is a listener and cannot be logged off.");
    return std::nullopt;
}
