#pragma once

#include "WtsError.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

// Who holds a session id at one moment: what an action compares, just before it acts,
// with the logon it was meant for. WTS gives a freed id to the next logon at once.
struct WtsIdentity final
{
    std::wstring user;
    std::int64_t logonTime = 0; // FILETIME ticks; 0 when the server does not say

    bool operator==(const WtsIdentity &) const = default;
};

// Decides from who holds the id now whether an action may go ahead: nullopt, or the
// refusal (category Changed). An empty check acts on the id without reading anything.
using WtsIdentityCheck = std::function<std::optional<WtsError>(const WtsIdentity &)>;
