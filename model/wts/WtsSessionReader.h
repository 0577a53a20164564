#pragma once

#include "WtsError.h"
#include "WtsServer.h"
#include "WtsSessionRecord.h"

#include <cstdint>
#include <optional>
#include <vector>

// What one enumeration returned: the sessions, or why there are none.
struct WtsEnumeration final
{
    std::vector<WtsSessionRecord> sessions;
    std::optional<WtsError> error;

    bool ok() const { return !error.has_value(); }
};

// Lists a server's sessions: WTSEnumerateSessionsExW level 1 (WTSEnumerateSessionsW where
// that is missing), then per session WTSSessionInfo, client name, address, protocol and
// display. A session that fails its queries (ERROR_CTX_CLOSE_PENDING while it tears down)
// keeps what the enumeration said; one that vanished in between is left out.
class WtsSessionReader final
{
public:
    explicit WtsSessionReader(const WtsServer &server);

    WtsEnumeration enumerate() const;

    // The session this process runs in when the server is this computer, else nullopt.
    std::optional<std::uint32_t> ownSessionId() const;

private:
    std::optional<std::vector<WtsSessionRecord>> listLevel1(WtsError &error) const;
    std::optional<std::vector<WtsSessionRecord>> listLevel0(WtsError &error) const;
    // Fills in the per-session details; false when the session no longer exists.
    bool addDetails(WtsSessionRecord &record) const;
    void addClientDetails(WtsSessionRecord &record) const;

    const WtsServer &m_server;
};
