#include "WtsServer.h"

#include <utility>

std::variant<WtsServer, WtsError> WtsServer::open(const WtsApi &api, const std::wstring &host)
{
    if (host.empty())
        return WtsServer(api, WTS_CURRENT_SERVER_HANDLE, {}, false);

    // The API takes LPWSTR but does not write to it.
    std::wstring name = host;
    SetLastError(ERROR_SUCCESS);
    if (HANDLE handle = api.openServerEx(name.data()))
        return WtsServer(api, handle, host, true);
    const WtsError exError = WtsError::fromLastError(WtsAction::Open, L"WTSOpenServerExW");

    // Older servers and Wine lack the Ex call; the plain one reaches the same sessions.
    SetLastError(ERROR_SUCCESS);
    if (HANDLE handle = api.openServer(name.data()))
        return WtsServer(api, handle, host, true);
    WtsError error = WtsError::fromLastError(WtsAction::Open, L"WTSOpenServerW");
    return error.code != 0 ? error : exError;
}

WtsServer::WtsServer(const WtsApi &api, HANDLE handle, std::wstring host, bool owned)
    : m_api(&api)
    , m_handle(handle)
    , m_host(std::move(host))
    , m_owned(owned)
{}

WtsServer::WtsServer(WtsServer &&other) noexcept
    : m_api(other.m_api)
    , m_handle(other.m_handle)
    , m_host(std::move(other.m_host))
    , m_owned(std::exchange(other.m_owned, false))
{}

WtsServer::~WtsServer()
{
    if (m_owned)
        m_api->closeServer(m_handle);
}

std::variant<WtsBuffer, WtsError> WtsServer::query(std::uint32_t sessionId, WTS_INFO_CLASS infoClass,
                                                   WtsAction action) const
{
    LPWSTR buffer = nullptr;
    DWORD bytes = 0;
    SetLastError(ERROR_SUCCESS);
    if (!m_api->querySessionInformation(m_handle, sessionId, infoClass, &buffer, &bytes))
        return WtsError::fromLastError(action, L"WTSQuerySessionInformationW");
    return WtsBuffer(*m_api, buffer, bytes);
}
