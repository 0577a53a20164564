#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// What a WTS call was for: it decides which permission an "access denied" names.
enum class WtsAction {
    Open,
    Enumerate,
    Query,
    Logoff,
    Disconnect,
    Message, // "SendMessage" would collide with the windows.h macro
    ListProcesses,
    EndProcess,
    ListServers, // the domain's RD Session Hosts
};

// A failed WTS call: category, Win32 code and the system's text, plus a hint where it helps.
struct WtsError final
{
    enum class Category {
        AccessDenied,
        Unreachable,
        AlreadyGone,
        NotSupported,
        Timeout,
        // The id now belongs to another logon than the one the action was meant for.
        Changed,
        Other,
    };

    Category category = Category::Other;
    std::uint32_t code = 0; // Win32 error code; 0 when the call failed without setting one
    std::wstring message;

    static Category categoryOf(std::uint32_t code);

    // Whether the older call that does the same (WTSEnumerateSessionsW for ...ExW) may work
    // where the newer one failed like this: not when access or the network is the reason.
    bool mayWorkWithOlderCall() const
    {
        return category != Category::AccessDenied && category != Category::Unreachable;
    }

    // "<call>: <FormatMessageW text> <hint>". Code 0 says the call gave no reason, as
    // several of Wine's stubs do.
    static WtsError fromCode(std::uint32_t code, WtsAction action, std::wstring_view call);

    // fromCode(GetLastError(), ...): use right after the failing call, which must have been
    // preceded by SetLastError(0) so that a call leaving the error untouched reads as 0.
    static WtsError fromLastError(WtsAction action, std::wstring_view call);

    // FormatMessageW's text for `code` without the trailing line break; empty when the
    // system has none (Wine has none for the ERROR_CTX_* codes).
    static std::wstring systemMessage(std::uint32_t code);

    bool operator==(const WtsError &) const = default;
};
