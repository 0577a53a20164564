#include "WtsSessionControl.h"

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

WtsState toState(INT state)
{
    return state >= 0 && state <= static_cast<INT>(WTSInit) ? static_cast<WtsState>(state) : WtsState::Init;
}

bool isGone(const std::optional<WtsState> &state)
{
    return !state;
}

bool isDisconnectedOrGone(const std::optional<WtsState> &state)
{
    return !state || *state == WtsState::Disconnected;
}

} // namespace

WtsSessionControl::WtsSessionControl(const WtsServer &server, std::chrono::milliseconds pollInterval)
    : m_server(server)
    , m_pollInterval(pollInterval)
{}

std::optional<WtsError> WtsSessionControl::logoff(std::uint32_t id, const WtsIdentityCheck &check, bool wait,
                                                  std::chrono::milliseconds timeout) const
{
    const auto deadline = Clock::now() + timeout;
    if (auto refused = refuseLogoff(id))
        return refused;
    if (auto refused = checkIdentity(id, check))
        return refused;

    SetLastError(ERROR_SUCCESS);
    if (!m_server.api().logoffSession(m_server.handle(), id, FALSE))
        return WtsError::fromLastError(WtsAction::Logoff, L"WTSLogoffSession");
    if (!wait)
        return std::nullopt;
    auto observed = pollUntil(id, deadline, isGone, L"after WTSLogoffSession accepted the request", timeout);
    if (auto *error = std::get_if<WtsError>(&observed))
        return std::move(*error);
    return std::nullopt;
}

std::optional<WtsError> WtsSessionControl::disconnect(std::uint32_t id, const WtsIdentityCheck &check, bool wait,
                                                      std::chrono::milliseconds timeout) const
{
    const auto deadline = Clock::now() + timeout;
    if (auto refused = checkIdentity(id, check))
        return refused;

    SetLastError(ERROR_SUCCESS);
    if (!m_server.api().disconnectSession(m_server.handle(), id, FALSE))
        return WtsError::fromLastError(WtsAction::Disconnect, L"WTSDisconnectSession");
    if (!wait)
        return std::nullopt;
    auto observed = pollUntil(id, deadline, isDisconnectedOrGone, L"after WTSDisconnectSession accepted the request",
                              timeout);
    if (auto *error = std::get_if<WtsError>(&observed))
        return std::move(*error);
    if (isGone(std::get<Observed>(observed))) {
        return WtsError{WtsError::Category::AlreadyGone, 0,
                        L"Session " + std::to_wstring(id) + L" ended while it was being disconnected."};
    }
    return std::nullopt;
}

std::optional<WtsError> WtsSessionControl::sendMessage(std::uint32_t id, const WtsIdentityCheck &check,
                                                       std::wstring_view title, std::wstring_view text, bool wait,
                                                       std::chrono::milliseconds timeout) const
{
    const auto deadline = Clock::now() + timeout;
    if (auto refused = checkIdentity(id, check))
        return refused;

    // The box closes itself when what is left of the caller's time is over, so that even a
    // waiting call returns by the deadline.
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    // The API takes LPWSTR but does not write to the strings.
    std::wstring titleCopy(title);
    std::wstring textCopy(text);
    DWORD response = 0;
    SetLastError(ERROR_SUCCESS);
    if (!m_server.api().sendMessage(m_server.handle(), id, titleCopy.data(), byteLength(titleCopy), textCopy.data(),
                                    byteLength(textCopy), MB_OK | MB_ICONINFORMATION, toSeconds(left), &response,
                                    wait ? TRUE : FALSE)) {
        return WtsError::fromLastError(WtsAction::Message, L"WTSSendMessageW");
    }
    return std::nullopt;
}

std::variant<WtsIdentity, WtsError> WtsSessionControl::identity(std::uint32_t id) const
{
    auto info = m_server.query(id, WTSSessionInfo, WtsAction::Query);
    if (const auto *buffer = std::get_if<WtsBuffer>(&info)) {
        if (const auto *fields = buffer->as<WTSINFOW>())
            return WtsIdentity{fixedText(fields->UserName), fields->LogonTime.QuadPart};
    } else if (std::get<WtsError>(info).category == WtsError::Category::AlreadyGone) {
        return std::move(std::get<WtsError>(info));
    }
    // No logon time to be had: the user name still has to match.
    auto name = m_server.query(id, WTSUserName, WtsAction::Query);
    if (auto *error = std::get_if<WtsError>(&name))
        return std::move(*error);
    return WtsIdentity{std::get<WtsBuffer>(name).text(), 0};
}

std::variant<bool, WtsError> WtsSessionControl::isPresent(std::uint32_t id) const
{
    auto observed = observe(id);
    if (auto *error = std::get_if<WtsError>(&observed))
        return std::move(*error);
    return !isGone(std::get<Observed>(observed));
}

std::variant<WtsSessionControl::Observed, WtsError> WtsSessionControl::observe(std::uint32_t id) const
{
    auto answer = m_server.query(id, WTSConnectState, WtsAction::Query);
    if (auto *error = std::get_if<WtsError>(&answer)) {
        if (error->category == WtsError::Category::AlreadyGone)
            return Observed();
        return std::move(*error);
    }
    const auto *state = std::get<WtsBuffer>(answer).as<INT>();
    return Observed(state ? toState(*state) : WtsState::Init);
}

std::variant<WtsSessionControl::Observed, WtsError> WtsSessionControl::pollUntil(
    std::uint32_t id, Clock::time_point deadline, bool (*reached)(const Observed &), std::wstring_view pending,
    std::chrono::milliseconds timeout) const
{
    for (;;) {
        auto observed = observe(id);
        if (std::holds_alternative<WtsError>(observed) || reached(std::get<Observed>(observed)))
            return observed;
        const auto now = Clock::now();
        if (now >= deadline)
            break;
        std::this_thread::sleep_for(std::min<Clock::duration>(m_pollInterval, deadline - now));
    }
    return WtsError{WtsError::Category::Timeout, 0,
                    L"Session " + std::to_wstring(id) + L" was still there " + std::to_wstring(timeout.count())
                        + L" ms " + std::wstring(pending) + L"."};
}

std::optional<WtsError> WtsSessionControl::checkIdentity(std::uint32_t id, const WtsIdentityCheck &check) const
{
    if (!check)
        return std::nullopt;
    auto now = identity(id);
    if (auto *error = std::get_if<WtsError>(&now))
        return std::move(*error);
    return check(std::get<WtsIdentity>(now));
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
