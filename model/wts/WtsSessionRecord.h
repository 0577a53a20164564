#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// WTS_CONNECTSTATE_CLASS with the same values, so that records need no Windows header.
enum class WtsState {
    Active = 0,
    Connected,
    ConnectQuery,
    Shadow,
    Disconnected,
    Idle,
    Listen,
    Reset,
    Down,
    Init,
};

// WTSClientProtocolType: WTS_PROTOCOL_TYPE_CONSOLE, _ICA and _RDP.
enum class WtsProtocol {
    Console = 0,
    Ica = 1,
    Rdp = 2,
    Unknown,
};

// One session as the WTS API describes it. Times are FILETIME ticks (100 ns since
// 1601-01-01 UTC), 0 when the server does not report them.
struct WtsSessionRecord final
{
    static constexpr std::uint32_t ServicesSessionId = 0;

    std::uint32_t id = 0;
    WtsState state = WtsState::Init;
    std::wstring station; // WinStation name: "Console", "RDP-Tcp#3", "Services", "RDP-Tcp"
    std::wstring user;
    std::wstring domain;
    std::wstring clientName;
    std::wstring clientAddress; // "192.0.2.7" or "2001:db8::7"; empty when not reported
    WtsProtocol protocol = WtsProtocol::Unknown;
    std::uint32_t displayWidth = 0;
    std::uint32_t displayHeight = 0;
    std::uint32_t colorDepth = 0;
    std::int64_t logonTime = 0;
    std::int64_t connectTime = 0;
    std::int64_t disconnectTime = 0;
    std::int64_t lastInputTime = 0;
    // CurrentTime - LastInputTime, both from the server's clock, so client clock skew
    // does not matter; nullopt when the server reports no last input.
    std::optional<std::int64_t> idleTicks;
    bool own = false; // the session this process runs in (local server only)

    // Session 0 runs services and listeners only accept connections: shown, never logged off.
    static bool canLogoff(std::uint32_t id, WtsState state)
    {
        return id != ServicesSessionId && state != WtsState::Listen;
    }
    bool canLogoff() const { return canLogoff(id, state); }

    bool operator==(const WtsSessionRecord &) const = default;
};

// "WTSActive" style name of the state, as the SDK spells it.
constexpr std::wstring_view wtsStateName(WtsState state)
{
    switch (state) {
    case WtsState::Active:
        return L"WTSActive";
    case WtsState::Connected:
        return L"WTSConnected";
    case WtsState::ConnectQuery:
        return L"WTSConnectQuery";
    case WtsState::Shadow:
        return L"WTSShadow";
    case WtsState::Disconnected:
        return L"WTSDisconnected";
    case WtsState::Idle:
        return L"WTSIdle";
    case WtsState::Listen:
        return L"WTSListen";
    case WtsState::Reset:
        return L"WTSReset";
    case WtsState::Down:
        return L"WTSDown";
    case WtsState::Init:
        return L"WTSInit";
    }
    return L"WTSUnknown";
}
