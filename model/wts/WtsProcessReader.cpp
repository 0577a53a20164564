#include "WtsProcessReader.h"

#include "WtsBuffer.h"

namespace {

bool wanted(std::optional<std::uint32_t> sessionId, DWORD processSessionId)
{
    return !sessionId || *sessionId == processSessionId;
}

} // namespace

WtsProcessReader::WtsProcessReader(const WtsServer &server)
    : m_server(server)
{}

std::variant<WtsProcessReader::Processes, WtsError> WtsProcessReader::list(std::optional<std::uint32_t> sessionId,
                                                                           WtsAccountNames &names) const
{
    names.forgetUnnamed();
    return read(sessionId, &names);
}

std::variant<std::optional<WtsProcessRecord>, WtsError> WtsProcessReader::find(std::uint32_t pid) const
{
    auto all = read(std::nullopt, nullptr);
    if (auto *error = std::get_if<WtsError>(&all))
        return std::move(*error);
    for (WtsProcessRecord &record : std::get<Processes>(all)) {
        if (record.pid == pid)
            return std::optional<WtsProcessRecord>(std::move(record));
    }
    return std::optional<WtsProcessRecord>();
}

std::variant<WtsProcessReader::Processes, WtsError> WtsProcessReader::read(std::optional<std::uint32_t> sessionId,
                                                                           WtsAccountNames *names) const
{
    WtsError exError;
    if (auto processes = readLevel1(sessionId, names, exError))
        return std::move(*processes);
    if (!exError.mayWorkWithOlderCall())
        return exError;
    WtsError error;
    if (auto processes = readLevel0(sessionId, names, error))
        return std::move(*processes);
    return error.code != 0 || exError.code == 0 ? error : exError;
}

std::optional<WtsProcessReader::Processes> WtsProcessReader::readLevel1(std::optional<std::uint32_t> sessionId,
                                                                        WtsAccountNames *names, WtsError &error) const
{
    const WtsApi &api = m_server.api();
    DWORD level = 1;
    LPWSTR memory = nullptr;
    DWORD count = 0;
    SetLastError(ERROR_SUCCESS);
    if (!api.enumerateProcessesEx(m_server.handle(), &level, sessionId.value_or(WTS_ANY_SESSION), &memory, &count)) {
        error = WtsError::fromLastError(WtsAction::ListProcesses, L"WTSEnumerateProcessesExW");
        return std::nullopt;
    }
    const WtsBuffer owner(api, memory, WTSTypeProcessInfoLevel1, count);
    const auto *infos = reinterpret_cast<const WTS_PROCESS_INFO_EXW *>(memory);

    Processes processes;
    for (DWORD i = 0; i < count && infos != nullptr; ++i) {
        const WTS_PROCESS_INFO_EXW &info = infos[i];
        if (!wanted(sessionId, info.SessionId))
            continue;
        WtsProcessRecord record;
        record.sessionId = info.SessionId;
        record.pid = info.ProcessId;
        record.name = pointedText(info.pProcessName);
        record.user = userOf(info.pUserSid, names);
        record.threads = info.NumberOfThreads;
        record.handles = info.HandleCount;
        record.workingSetBytes = info.WorkingSetSize;
        record.cpuTicks = info.UserTime.QuadPart + info.KernelTime.QuadPart;
        processes.push_back(std::move(record));
    }
    return processes;
}

std::optional<WtsProcessReader::Processes> WtsProcessReader::readLevel0(std::optional<std::uint32_t> sessionId,
                                                                        WtsAccountNames *names, WtsError &error) const
{
    const WtsApi &api = m_server.api();
    PWTS_PROCESS_INFOW infos = nullptr;
    DWORD count = 0;
    SetLastError(ERROR_SUCCESS);
    if (!api.enumerateProcesses(m_server.handle(), 0, 1, &infos, &count)) {
        error = WtsError::fromLastError(WtsAction::ListProcesses, L"WTSEnumerateProcessesW");
        return std::nullopt;
    }
    const WtsBuffer owner(api, infos, static_cast<DWORD>(count * sizeof(WTS_PROCESS_INFOW)));

    Processes processes;
    for (DWORD i = 0; i < count && infos != nullptr; ++i) {
        if (!wanted(sessionId, infos[i].SessionId))
            continue;
        WtsProcessRecord record;
        record.sessionId = infos[i].SessionId;
        record.pid = infos[i].ProcessId;
        record.name = pointedText(infos[i].pProcessName);
        record.user = userOf(infos[i].pUserSid, names);
        processes.push_back(std::move(record));
    }
    return processes;
}

std::wstring WtsProcessReader::userOf(PSID sid, WtsAccountNames *names) const
{
    return names != nullptr ? names->nameOf(m_server, sid) : std::wstring();
}
