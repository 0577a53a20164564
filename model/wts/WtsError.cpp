#include "WtsError.h"

#include "WtsBuffer.h"

namespace {

constexpr std::uint32_t ErrorRpcServerUnavailable = 1722;  // RPC_S_SERVER_UNAVAILABLE
constexpr std::uint32_t ErrorRpcCallFailed = 1726;         // RPC_S_CALL_FAILED
constexpr std::uint32_t ErrorCtxWinStationNotFound = 7022; // ERROR_CTX_WINSTATION_NOT_FOUND

std::wstring_view accessHint(WtsAction action)
{
    switch (action) {
    case WtsAction::Open:
    case WtsAction::Enumerate:
    case WtsAction::Query:
        return L"Listing sessions needs the Query Information permission on the RD Session Host, "
               L"and remote listing needs AllowRemoteRPC=1 on the server.";
    case WtsAction::Logoff:
        return L"Log Off needs the Reset permission on the RD Session Host (Full Control includes it).";
    case WtsAction::Disconnect:
        return L"Disconnect needs the Disconnect permission on the RD Session Host.";
    case WtsAction::Message:
        return L"Send Message needs the Message permission on the RD Session Host.";
    case WtsAction::ListProcesses:
        return L"Listing the processes of other users needs administrator rights on the RD Session Host, "
               L"and remote listing needs AllowRemoteRPC=1 on the server.";
    case WtsAction::EndProcess:
        return L"Ending a process of another user needs administrator rights on the RD Session Host.";
    case WtsAction::ListServers:
        return L"Listing the domain's servers needs an account of the domain.";
    }
    return {};
}

std::wstring_view hint(WtsError::Category category, WtsAction action)
{
    switch (category) {
    case WtsError::Category::AccessDenied:
        return accessHint(action);
    case WtsError::Category::Unreachable:
        return L"The server is off, unreachable, or refuses remote WTS calls "
               L"(AllowRemoteRPC, firewall rule for Remote Desktop Services Management).";
    case WtsError::Category::NotSupported:
        return L"This Windows (or Wine) does not implement the call.";
    case WtsError::Category::AlreadyGone:
    case WtsError::Category::Timeout:
    case WtsError::Category::Changed:
    case WtsError::Category::Other:
        break;
    }
    return {};
}

std::wstring_view fallbackText(WtsError::Category category)
{
    return category == WtsError::Category::AlreadyGone ? L"The session no longer exists."
                                                       : L"The system has no description of this error.";
}

} // namespace

WtsError::Category WtsError::categoryOf(std::uint32_t code)
{
    switch (code) {
    case ERROR_ACCESS_DENIED:
        return Category::AccessDenied;
    case ErrorRpcServerUnavailable:
    case ErrorRpcCallFailed:
        return Category::Unreachable;
    case ErrorCtxWinStationNotFound:
        return Category::AlreadyGone;
    case ERROR_NOT_SUPPORTED:
    case ERROR_CALL_NOT_IMPLEMENTED:
        return Category::NotSupported;
    default:
        return Category::Other;
    }
}

WtsError WtsError::fromCode(std::uint32_t code, WtsAction action, std::wstring_view call)
{
    WtsError error;
    error.code = code;
    error.category = categoryOf(code);
    error.message.assign(call);
    error.message += L": ";
    if (code == 0) {
        error.message += L"the call failed without giving a reason (no error code was set).";
        return error;
    }
    std::wstring text = systemMessage(code);
    error.message += text.empty() ? std::wstring(fallbackText(error.category)) : text;
    if (const std::wstring_view extra = hint(error.category, action); !extra.empty()) {
        error.message += L' ';
        error.message += extra;
    }
    return error;
}

WtsError WtsError::fromLastError(WtsAction action, std::wstring_view call)
{
    return fromCode(GetLastError(), action, call);
}

std::wstring WtsError::systemMessage(std::uint32_t code)
{
    wchar_t *buffer = nullptr;
    const DWORD length = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM
                                            | FORMAT_MESSAGE_IGNORE_INSERTS,
                                        nullptr, code, 0, reinterpret_cast<LPWSTR>(&buffer), 0, nullptr);
    const LocalText owner(buffer);
    std::wstring text(buffer != nullptr ? buffer : L"", length);
    while (!text.empty() && (text.back() == L'\n' || text.back() == L'\r' || text.back() == L' '))
        text.pop_back();
    return text;
}
