#pragma once

#include <cstdint>
#include <optional>
#include <string>

// One process as the WTS API describes it. The counters come from WTSEnumerateProcessesExW
// level 1 only: servers that answer the older WTSEnumerateProcessesW leave them empty.
struct WtsProcessRecord final
{
    std::uint32_t sessionId = 0;
    std::uint32_t pid = 0;
    std::wstring name; // the image name: "EXCEL.EXE"
    // DOMAIN\user of the process's token, its SID string where the server cannot name it,
    // empty where the server gave no SID.
    std::wstring user;
    std::optional<std::uint32_t> threads;
    std::optional<std::uint32_t> handles;
    // WorkingSetSize: bytes, which the API's DWORD caps at 4 GiB.
    std::optional<std::uint64_t> workingSetBytes;
    // UserTime + KernelTime, in 100 ns ticks.
    std::optional<std::int64_t> cpuTicks;

    bool operator==(const WtsProcessRecord &) const = default;
};
