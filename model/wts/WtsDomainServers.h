#pragma once

#include "NetServerApi.h"
#include "WtsError.h"

#include <string>
#include <variant>
#include <vector>

// The RD Session Hosts a domain announces: NetServerEnum at level 100 with
// SV_TYPE_TERMINALSERVER, as tsadmin listed them. The answer comes from the domain's
// browse list (the Computer Browser service), which many domains no longer run; its
// failure is reported with that hint rather than read as "no servers".
class WtsDomainServers final
{
public:
    struct Found final
    {
        std::vector<std::wstring> names; // sorted, each once
        // The browser had more than it returned (ERROR_MORE_DATA): the list is partial.
        bool partial = false;
    };

    // `domain` empty: the computer's primary domain.
    static std::variant<Found, WtsError> list(const NetServerApi &api, const std::wstring &domain);
};
