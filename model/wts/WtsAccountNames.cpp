#include "WtsAccountNames.h"

#include "WtsBuffer.h"

#include <sddl.h>

#include <algorithm>

namespace {

std::wstring sidString(PSID sid)
{
    wchar_t *text = nullptr;
    if (sid == nullptr || !IsValidSid(sid) || !ConvertSidToStringSidW(sid, &text))
        return {};
    const LocalText owner(text);
    return text;
}

} // namespace

std::wstring WtsAccountNames::nameOf(const WtsServer &server, PSID sid)
{
    std::wstring key = sidString(sid);
    if (key.empty())
        return {};
    {
        const std::lock_guard lock(m_mutex);
        if (const auto it = m_entries.find(key); it != m_entries.end())
            return it->second.text;
    }
    // Looked up unlocked: a lookup may wait on a domain controller, and two threads asking
    // about the same new SID at once only ask twice.
    const std::optional<std::wstring> found = lookUp(server, sid);
    Entry entry{found.value_or(key), found.has_value()};
    const std::lock_guard lock(m_mutex);
    return m_entries.insert_or_assign(std::move(key), std::move(entry)).first->second.text;
}

void WtsAccountNames::forgetUnnamed()
{
    const std::lock_guard lock(m_mutex);
    std::erase_if(m_entries, [](const auto &entry) { return !entry.second.named; });
}

std::optional<std::wstring> WtsAccountNames::lookUp(const WtsServer &server, PSID sid)
{
    const wchar_t *systemName = server.isLocal() ? nullptr : server.host().c_str();
    std::wstring name(256, L'\0');
    std::wstring domain(256, L'\0');
    // The second round has the lengths the first one asked for.
    for (int round = 0; round < 2; ++round) {
        DWORD nameLength = static_cast<DWORD>(name.size());
        DWORD domainLength = static_cast<DWORD>(domain.size());
        SID_NAME_USE use{};
        SetLastError(ERROR_SUCCESS);
        if (server.api().lookupAccountSid(systemName, sid, name.data(), &nameLength, domain.data(), &domainLength,
                                          &use)) {
            name.resize(nameLength);
            domain.resize(domainLength);
            if (name.empty())
                return std::nullopt;
            return domain.empty() ? name : domain + L'\\' + name;
        }
        if (GetLastError() != ERROR_INSUFFICIENT_BUFFER)
            break;
        name.resize(std::max<std::size_t>(nameLength, name.size()));
        domain.resize(std::max<std::size_t>(domainLength, domain.size()));
    }
    return std::nullopt;
}
