#pragma once

#include "WtsSessionRecord.h"

#include <cstdint>
#include <optional>
#include <string>

// Everything WTSQuerySessionInformationW tells about one session, read when asked (the
// details pane, `sessionctl show`), never with every enumeration. Empty strings, zero
// numbers and nullopt are what the server did not give. Times are FILETIME ticks, 0 when
// not reported.
struct WtsDetailsRecord final
{
    std::uint32_t id = 0;
    std::optional<WtsState> state;
    std::wstring station;
    std::wstring user;
    std::wstring domain;
    WtsProtocol protocol = WtsProtocol::Unknown;
    // WTSClientInfo (WTSCLIENTW), completed from the single-value classes where those answer.
    std::wstring clientName;
    std::wstring clientDomain;
    std::wstring clientUser;
    std::wstring clientAddress;
    std::wstring clientDirectory;
    std::optional<std::uint32_t> clientBuild;
    std::optional<std::uint32_t> clientProductId;
    std::optional<std::uint32_t> clientHardwareId;
    std::optional<std::uint32_t> encryptionLevel;
    std::uint32_t displayWidth = 0;
    std::uint32_t displayHeight = 0;
    std::uint32_t colorDepthBits = 0;
    std::wstring initialProgram;
    std::wstring workingDirectory;
    std::int64_t logonTime = 0;
    std::int64_t connectTime = 0;
    std::int64_t disconnectTime = 0;
    std::int64_t lastInputTime = 0;

    bool operator==(const WtsDetailsRecord &) const = default;
};
