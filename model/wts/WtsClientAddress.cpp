#include "WtsClientAddress.h"

#include <array>
#include <cstddef>
#include <cwchar>

namespace {

constexpr std::size_t AddressOffset = 2;
constexpr DWORD FamilyInet = 2;   // AF_INET
constexpr DWORD FamilyInet6 = 23; // AF_INET6 on Windows

std::wstring formatIpv4(const BYTE *bytes)
{
    std::wstring text;
    for (std::size_t i = 0; i < 4; ++i) {
        if (i > 0)
            text += L'.';
        text += std::to_wstring(bytes[i]);
    }
    return text;
}

std::wstring formatIpv6(const BYTE *bytes)
{
    std::array<unsigned, 8> groups{};
    for (std::size_t i = 0; i < groups.size(); ++i)
        groups[i] = (unsigned{bytes[2 * i]} << 8) | bytes[2 * i + 1];

    // RFC 5952: "::" replaces the first longest run of two or more zero groups.
    std::size_t bestStart = groups.size();
    std::size_t bestLength = 1;
    for (std::size_t i = 0; i < groups.size();) {
        if (groups[i] != 0) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < groups.size() && groups[end] == 0)
            ++end;
        if (end - i > bestLength) {
            bestStart = i;
            bestLength = end - i;
        }
        i = end;
    }

    std::wstring text;
    for (std::size_t i = 0; i < groups.size(); ++i) {
        if (i == bestStart) {
            text += L"::";
            i += bestLength - 1;
            continue;
        }
        if (!text.empty() && text.back() != L':')
            text += L':';
        wchar_t group[8];
        std::swprintf(group, sizeof group / sizeof group[0], L"%x", groups[i]);
        text += group;
    }
    return text;
}

} // namespace

std::wstring formatClientAddress(const WTS_CLIENT_ADDRESS &address)
{
    switch (address.AddressFamily) {
    case FamilyInet:
        return formatIpv4(address.Address + AddressOffset);
    case FamilyInet6:
        return formatIpv6(address.Address + AddressOffset);
    default:
        return {};
    }
}
