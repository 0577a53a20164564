#pragma once

#include "WtsDetailsRecord.h"
#include "WtsError.h"
#include "WtsIdentity.h"
#include "WtsServer.h"

#include <cstdint>
#include <variant>

// Reads the details of one session with WTSQuerySessionInformationW: WTSSessionInfo (state,
// user, times; where it is missing WTSConnectState, WTSUserName, WTSDomainName and
// WTSWinStationName instead), WTSClientInfo (the whole WTSCLIENTW), WTSClientDisplay, WTSClientAddress,
// WTSClientProtocolType, WTSClientBuildNumber, WTSInitialProgram and WTSWorkingDirectory,
// each buffer freed with WTSFreeMemory. A class the server cannot answer (older servers,
// Wine, a console session without a client) leaves its fields empty; only the session
// being gone or access being denied fails the read.
class WtsDetailsReader final
{
public:
    explicit WtsDetailsReader(const WtsServer &server);

    // Reads who holds `id` first and lets `check` refuse (see WtsSessionControl::checkIdentity).
    std::variant<WtsDetailsRecord, WtsError> read(std::uint32_t id, const WtsIdentityCheck &check) const;

    // Bits per pixel of WTS_CLIENT_DISPLAY's ColorDepth code (1: 4, 2: 8, 4: 16, 8: 24,
    // 16: 15, 24: 24, 32: 32); 0 for a code the documentation does not list.
    static std::uint32_t colorDepthBits(std::uint32_t code);

private:
    const WtsServer &m_server;
};
