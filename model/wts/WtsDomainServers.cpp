#include "WtsDomainServers.h"

#include <algorithm>

namespace {

constexpr std::uint32_t ErrorNoBrowserServersFound = 6118; // ERROR_NO_BROWSER_SERVERS_FOUND

// Frees a netapi32 buffer when it goes out of scope.
class NetBuffer final
{
public:
    NetBuffer(const NetServerApi &api, LPBYTE buffer)
        : m_api(api)
        , m_buffer(buffer)
    {}
    ~NetBuffer()
    {
        if (m_buffer != nullptr)
            m_api.bufferFree(m_buffer);
    }
    NetBuffer(const NetBuffer &) = delete;
    NetBuffer &operator=(const NetBuffer &) = delete;

private:
    const NetServerApi &m_api;
    LPBYTE m_buffer;
};

} // namespace

std::variant<WtsDomainServers::Found, WtsError> WtsDomainServers::list(const NetServerApi &api,
                                                                       const std::wstring &domain)
{
    LPBYTE buffer = nullptr;
    DWORD read = 0;
    DWORD total = 0;
    const NET_API_STATUS status = api.serverEnum(nullptr, 100, &buffer, MAX_PREFERRED_LENGTH, &read, &total,
                                                 SV_TYPE_TERMINALSERVER, domain.empty() ? nullptr : domain.c_str(),
                                                 nullptr);
    const NetBuffer owner(api, buffer);
    if (status != NERR_Success && status != ERROR_MORE_DATA) {
        WtsError error = WtsError::fromCode(status, WtsAction::ListServers, L"NetServerEnum");
        if (status == ErrorNoBrowserServersFound || status == NERR_ServerNotStarted)
            error.message += L" The domain's browse list is kept by the Computer Browser service, which is off in "
                             L"most domains today; import the servers from a text file instead.";
        return error;
    }
    Found found;
    found.partial = status == ERROR_MORE_DATA || read < total;
    const auto *servers = reinterpret_cast<const SERVER_INFO_100 *>(buffer);
    for (DWORD i = 0; servers != nullptr && i < read; ++i) {
        if (servers[i].sv100_name != nullptr && servers[i].sv100_name[0] != L'\0')
            found.names.emplace_back(servers[i].sv100_name);
    }
    std::sort(found.names.begin(), found.names.end());
    found.names.erase(std::unique(found.names.begin(), found.names.end()), found.names.end());
    return found;
}
