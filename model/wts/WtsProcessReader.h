#pragma once

#include "WtsAccountNames.h"
#include "WtsError.h"
#include "WtsProcessRecord.h"
#include "WtsServer.h"

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

// Lists a server's processes: WTSEnumerateProcessesExW level 1 (WTS_PROCESS_INFO_EXW, freed
// with WTSFreeMemoryExW), or WTSEnumerateProcessesW where that is missing (servers before
// 2008 R2, Wine), which gives no counters. The result is filtered here as well, since not
// every server honours the session filter (Wine's level 0 ignores it).
class WtsProcessReader final
{
public:
    using Processes = std::vector<WtsProcessRecord>;

    explicit WtsProcessReader(const WtsServer &server);

    // The processes of session `sessionId`, or of every session when nullopt, with their
    // users named through `names`.
    std::variant<Processes, WtsError> list(std::optional<std::uint32_t> sessionId, WtsAccountNames &names) const;

    // Process `pid` as the server lists it now, whatever session it runs in; its user is
    // not looked up. nullopt when no process has that pid.
    std::variant<std::optional<WtsProcessRecord>, WtsError> find(std::uint32_t pid) const;

private:
    // Both calls hand out the token's SID; `names` null leaves users empty.
    std::variant<Processes, WtsError> read(std::optional<std::uint32_t> sessionId, WtsAccountNames *names) const;
    std::optional<Processes> readLevel1(std::optional<std::uint32_t> sessionId, WtsAccountNames *names,
                                        WtsError &error) const;
    std::optional<Processes> readLevel0(std::optional<std::uint32_t> sessionId, WtsAccountNames *names,
                                        WtsError &error) const;
    std::wstring userOf(PSID sid, WtsAccountNames *names) const;

    const WtsServer &m_server;
};
