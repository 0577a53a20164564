#pragma once

#include "WtsApi.h"
#include "WtsBuffer.h"
#include "WtsError.h"

#include <cstdint>
#include <string>
#include <variant>

// An open RD Session Host: WTS_CURRENT_SERVER_HANDLE for this computer, or a handle from
// WTSOpenServerExW (WTSOpenServerW where that fails) that WTSCloseServer closes.
// Opening a remote server does not contact it: the handle looks valid until first used,
// so unreachable servers and denied access surface as the first call's error code.
class WtsServer final
{
public:
    // An empty `host` is this computer. Calls use the caller's own Windows credentials.
    static std::variant<WtsServer, WtsError> open(const WtsApi &api, const std::wstring &host);

    ~WtsServer();
    WtsServer(WtsServer &&other) noexcept;
    WtsServer(const WtsServer &) = delete;
    WtsServer &operator=(const WtsServer &) = delete;
    WtsServer &operator=(WtsServer &&) = delete;

    const WtsApi &api() const { return *m_api; }
    HANDLE handle() const { return m_handle; }
    bool isLocal() const { return m_host.empty(); }
    const std::wstring &host() const { return m_host; }

    // One WTSQuerySessionInformationW call: the buffer it returned, or its classified error.
    std::variant<WtsBuffer, WtsError> query(std::uint32_t sessionId, WTS_INFO_CLASS infoClass, WtsAction action) const;

private:
    WtsServer(const WtsApi &api, HANDLE handle, std::wstring host, bool owned);

    const WtsApi *m_api;
    HANDLE m_handle;
    std::wstring m_host;
    bool m_owned; // false for WTS_CURRENT_SERVER_HANDLE and once moved from
};
