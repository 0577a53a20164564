// The scripted RD Session Host: a wtsapi32.dll that serves the sessions of HostScript, loaded
// by Wine in place of its own (WINEDLLOVERRIDES=wtsapi32=n, the DLL beside the executable).
// Every function follows its Win32 contract: FALSE or NULL plus SetLastError on failure.
#include "HostScript.h"
#include "WtsSdkCompat.h"

#include <sddl.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <cwchar>

namespace {

constexpr DWORD ErrorRpcServerUnavailable = 1722;  // RPC_S_SERVER_UNAVAILABLE
constexpr DWORD ErrorCtxWinStationNotFound = 7022; // ERROR_CTX_WINSTATION_NOT_FOUND
constexpr DWORD IdAsync = 32001;                   // IDASYNC

std::string serverName(HANDLE server)
{
    return server == WTS_CURRENT_SERVER_HANDLE ? std::string(".") : *static_cast<const std::string *>(server);
}

BOOL fail(DWORD code)
{
    SetLastError(code);
    return FALSE;
}

// The script and the server a call is about, or the Win32 error the call fails with.
struct Call final
{
    std::optional<HostScript> script;
    const ScriptedServer *server = nullptr;
    std::string name;
    DWORD error = ERROR_SUCCESS;
};

Call begin(HANDLE handle, const char *call, std::optional<DWORD> id)
{
    Call result;
    result.name = serverName(handle);
    result.script = HostScript::load();
    if (!result.script) {
        result.error = ERROR_INVALID_DATA;
        return result;
    }
    result.server = result.script->server(result.name);
    if (result.server == nullptr) {
        result.error = ErrorRpcServerUnavailable;
        return result;
    }
    for (const ScriptedFailure &failure : result.server->failures) {
        if (failure.call == call && (!failure.id || (id && *failure.id == *id))) {
            result.error = failure.code;
            return result;
        }
    }
    return result;
}

const ScriptedSession *findSession(const ScriptedServer &server, DWORD id)
{
    for (const ScriptedSession &session : server.sessions) {
        if (session.id == id)
            return &session;
    }
    return nullptr;
}

// A session scripted to end as this call reaches it ends now.
bool endsNow(const Call &call, const char *name, DWORD id)
{
    for (const auto &[endCall, endId] : call.server->endsOn) {
        if (endCall == name && endId == id) {
            HostScript::recordState(call.name, id, "Gone", HostScript::nowMs());
            return true;
        }
    }
    return false;
}

// One LocalAlloc block: `head` bytes of structures followed by the SIDs and strings they
// point to (`sids` bytes of SIDs, put first since they need DWORD alignment).
class Block final
{
public:
    explicit Block(std::size_t head, std::size_t strings, std::size_t sids = 0)
        : m_memory(static_cast<char *>(LocalAlloc(LPTR, head + sids + strings * sizeof(wchar_t))))
        , m_next(head)
    {}
    char *memory() const { return m_memory; }
    // A SID string's SID, nullptr for an empty or malformed one.
    PSID putSid(const std::wstring &text)
    {
        PSID sid = nullptr;
        if (text.empty() || !ConvertStringSidToSidW(text.c_str(), &sid))
            return nullptr;
        const DWORD size = GetLengthSid(sid);
        char *target = m_memory + m_next;
        std::memcpy(target, sid, size);
        m_next += sidSpace(size);
        LocalFree(sid);
        return target;
    }
    // What a SID of `size` bytes takes in the block, keeping the next one aligned.
    static std::size_t sidSpace(DWORD size) { return (size + 3) & ~std::size_t{3}; }
    LPWSTR put(const std::wstring &text)
    {
        auto *target = reinterpret_cast<wchar_t *>(m_memory + m_next);
        std::wmemcpy(target, text.c_str(), text.size() + 1);
        m_next += (text.size() + 1) * sizeof(wchar_t);
        return target;
    }

private:
    char *m_memory;
    std::size_t m_next;
};

std::size_t textLength(const std::wstring &text)
{
    return text.size() + 1;
}

// The SID space the processes need; a SID has at most 68 bytes.
std::size_t sidBytes(const std::vector<const ScriptedProcess *> &processes)
{
    return processes.size() * Block::sidSpace(SECURITY_MAX_SID_SIZE);
}

std::vector<const ScriptedProcess *> processesOf(const ScriptedServer &server, DWORD sessionId)
{
    std::vector<const ScriptedProcess *> processes;
    for (const ScriptedProcess &process : server.processes) {
        if (sessionId == WTS_ANY_SESSION || process.sessionId == sessionId)
            processes.push_back(&process);
    }
    return processes;
}

template<typename Value>
BOOL answer(const Value &value, LPWSTR *buffer, DWORD *bytes)
{
    void *memory = LocalAlloc(LPTR, sizeof(Value));
    std::memcpy(memory, &value, sizeof(Value));
    *buffer = static_cast<LPWSTR>(memory);
    *bytes = sizeof(Value);
    return TRUE;
}

BOOL answerText(const std::wstring &text, LPWSTR *buffer, DWORD *bytes)
{
    Block block(0, textLength(text));
    *buffer = block.put(text);
    *bytes = static_cast<DWORD>(textLength(text) * sizeof(wchar_t));
    return TRUE;
}

template<std::size_t Size>
void copyFixed(WCHAR (&target)[Size], const std::wstring &text)
{
    const std::size_t count = std::min(text.size(), Size - 1);
    std::wmemcpy(target, text.c_str(), count);
    target[count] = L'\0';
}

HANDLE openServer(LPWSTR name)
{
    std::string narrowName;
    for (const wchar_t *c = name; c != nullptr && *c != L'\0'; ++c)
        narrowName += static_cast<char>(*c < 128 ? *c : '?');
    auto *handle = new std::string(narrowName);
    const Call call = begin(handle, "open", std::nullopt);
    // Like Windows, an unknown server opens; the calls on it fail as unreachable.
    if (call.error != ERROR_SUCCESS && call.error != ErrorRpcServerUnavailable) {
        delete handle;
        SetLastError(call.error);
        return nullptr;
    }
    return handle;
}

} // namespace

extern "C" {

HANDLE WINAPI WTSOpenServerExW(LPWSTR pServerName)
{
    return openServer(pServerName);
}

HANDLE WINAPI WTSOpenServerW(LPWSTR pServerName)
{
    return openServer(pServerName);
}

void WINAPI WTSCloseServer(HANDLE hServer)
{
    if (hServer != WTS_CURRENT_SERVER_HANDLE)
        delete static_cast<std::string *>(hServer);
}

BOOL WINAPI WTSEnumerateSessionsExW(HANDLE hServer, DWORD *pLevel, DWORD, PWTS_SESSION_INFO_1W *ppSessionInfo,
                                    DWORD *pCount)
{
    if (pLevel == nullptr || *pLevel != 1 || ppSessionInfo == nullptr || pCount == nullptr)
        return fail(ERROR_INVALID_PARAMETER);
    const Call call = begin(hServer, "enumerate", std::nullopt);
    if (call.error != ERROR_SUCCESS)
        return fail(call.error);

    const auto &sessions = call.server->sessions;
    std::size_t strings = 0;
    for (const ScriptedSession &session : sessions)
        strings += textLength(session.station) + textLength(session.user) + textLength(session.domain) + 1;
    Block block(sessions.size() * sizeof(WTS_SESSION_INFO_1W), strings);
    auto *infos = reinterpret_cast<WTS_SESSION_INFO_1W *>(block.memory());
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        const ScriptedSession &session = sessions[i];
        infos[i].SessionId = session.id;
        infos[i].State = session.state;
        infos[i].pSessionName = block.put(session.station);
        // Windows gives no names for sessions without a user (services, listeners).
        infos[i].pUserName = session.user.empty() ? nullptr : block.put(session.user);
        infos[i].pDomainName = session.user.empty() ? nullptr : block.put(session.domain);
        infos[i].pHostName = nullptr;
        infos[i].pFarmName = block.put(std::wstring());
    }
    *ppSessionInfo = infos;
    *pCount = static_cast<DWORD>(sessions.size());
    return TRUE;
}

BOOL WINAPI WTSEnumerateSessionsW(HANDLE hServer, DWORD, DWORD Version, PWTS_SESSION_INFOW *ppSessionInfo, DWORD *pCount)
{
    if (Version != 1 || ppSessionInfo == nullptr || pCount == nullptr)
        return fail(ERROR_INVALID_PARAMETER);
    const Call call = begin(hServer, "enumerate", std::nullopt);
    if (call.error != ERROR_SUCCESS)
        return fail(call.error);

    const auto &sessions = call.server->sessions;
    std::size_t strings = 0;
    for (const ScriptedSession &session : sessions)
        strings += textLength(session.station);
    Block block(sessions.size() * sizeof(WTS_SESSION_INFOW), strings);
    auto *infos = reinterpret_cast<WTS_SESSION_INFOW *>(block.memory());
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        infos[i].SessionId = sessions[i].id;
        infos[i].State = sessions[i].state;
        infos[i].pWinStationName = block.put(sessions[i].station);
    }
    *ppSessionInfo = infos;
    *pCount = static_cast<DWORD>(sessions.size());
    return TRUE;
}

BOOL WINAPI WTSQuerySessionInformationW(HANDLE hServer, DWORD SessionId, WTS_INFO_CLASS WTSInfoClass, LPWSTR *ppBuffer,
                                        DWORD *pBytesReturned)
{
    if (ppBuffer == nullptr || pBytesReturned == nullptr)
        return fail(ERROR_INVALID_PARAMETER);
    const Call call = begin(hServer, "query", SessionId);
    if (call.error != ERROR_SUCCESS)
        return fail(call.error);
    const ScriptedSession *session = findSession(*call.server, SessionId);
    if (session == nullptr)
        return fail(ErrorCtxWinStationNotFound);

    switch (WTSInfoClass) {
    case WTSSessionInfo: {
        WTSINFOW info{};
        info.State = session->state;
        info.SessionId = session->id;
        copyFixed(info.WinStationName, session->station);
        copyFixed(info.Domain, session->domain);
        copyFixed(info.UserName, session->user);
        info.LogonTime.QuadPart = session->logonTime;
        info.ConnectTime.QuadPart = session->logonTime;
        FILETIME now{};
        GetSystemTimeAsFileTime(&now);
        info.CurrentTime.QuadPart = (static_cast<LONGLONG>(now.dwHighDateTime) << 32) | now.dwLowDateTime;
        return answer(info, ppBuffer, pBytesReturned);
    }
    case WTSConnectState:
        return answer(static_cast<INT>(session->state), ppBuffer, pBytesReturned);
    case WTSUserName:
        return answerText(session->user, ppBuffer, pBytesReturned);
    case WTSDomainName:
        return answerText(session->domain, ppBuffer, pBytesReturned);
    case WTSWinStationName:
        return answerText(session->station, ppBuffer, pBytesReturned);
    case WTSClientName:
        return answerText(std::wstring(), ppBuffer, pBytesReturned);
    case WTSClientProtocolType:
        return answer(static_cast<USHORT>(session->station.starts_with(L"RDP") ? 2 : 0), ppBuffer, pBytesReturned);
    default:
        return fail(ERROR_NOT_SUPPORTED);
    }
}

void WINAPI WTSFreeMemory(PVOID pMemory)
{
    LocalFree(pMemory);
}

BOOL WINAPI WTSFreeMemoryExW(WTS_TYPE_CLASS, PVOID pMemory, ULONG)
{
    LocalFree(pMemory);
    return TRUE;
}

BOOL WINAPI WTSLogoffSession(HANDLE hServer, DWORD SessionId, BOOL bWait)
{
    // bWait TRUE can block for ever on a real host: the program must never ask for it.
    if (bWait) {
        std::fprintf(stderr, "scripted wtsapi32: WTSLogoffSession called with bWait TRUE\n");
        return fail(ERROR_INVALID_PARAMETER);
    }
    const Call call = begin(hServer, "logoff", SessionId);
    if (call.error != ERROR_SUCCESS)
        return fail(call.error);
    if (endsNow(call, "logoff", SessionId) || findSession(*call.server, SessionId) == nullptr)
        return fail(ErrorCtxWinStationNotFound);
    HostScript::recordState(call.name, SessionId, "Gone", HostScript::nowMs() + call.server->logoffDelayMs);
    return TRUE;
}

BOOL WINAPI WTSDisconnectSession(HANDLE hServer, DWORD SessionId, BOOL bWait)
{
    if (bWait) {
        std::fprintf(stderr, "scripted wtsapi32: WTSDisconnectSession called with bWait TRUE\n");
        return fail(ERROR_INVALID_PARAMETER);
    }
    const Call call = begin(hServer, "disconnect", SessionId);
    if (call.error != ERROR_SUCCESS)
        return fail(call.error);
    if (endsNow(call, "disconnect", SessionId) || findSession(*call.server, SessionId) == nullptr)
        return fail(ErrorCtxWinStationNotFound);
    HostScript::recordState(call.name, SessionId, "Disconnected", HostScript::nowMs());
    return TRUE;
}

BOOL WINAPI WTSSendMessageW(HANDLE hServer, DWORD SessionId, LPWSTR pTitle, DWORD, LPWSTR pMessage, DWORD MessageLength,
                            DWORD, DWORD, DWORD *pResponse, BOOL bWait)
{
    if (pTitle == nullptr || pMessage == nullptr || pResponse == nullptr)
        return fail(ERROR_INVALID_PARAMETER);
    const Call call = begin(hServer, "message", SessionId);
    if (call.error != ERROR_SUCCESS)
        return fail(call.error);
    if (endsNow(call, "message", SessionId) || findSession(*call.server, SessionId) == nullptr)
        return fail(ErrorCtxWinStationNotFound);
    HostScript::recordMessage(call.name, SessionId, std::wstring(pMessage, MessageLength / sizeof(wchar_t)));
    *pResponse = bWait ? IDOK : IdAsync;
    return TRUE;
}

BOOL WINAPI WTSEnumerateProcessesExW(HANDLE hServer, DWORD *pLevel, DWORD SessionId, LPWSTR *ppProcessInfo,
                                     DWORD *pCount)
{
    if (pLevel == nullptr || *pLevel != 1 || ppProcessInfo == nullptr || pCount == nullptr)
        return fail(ERROR_INVALID_PARAMETER);
    const Call call = begin(hServer, "processes", std::nullopt);
    if (call.error != ERROR_SUCCESS)
        return fail(call.error);

    const auto processes = processesOf(*call.server, SessionId);
    std::size_t strings = 0;
    for (const ScriptedProcess *process : processes)
        strings += textLength(process->name);
    Block block(processes.size() * sizeof(WTS_PROCESS_INFO_EXW), strings, sidBytes(processes));
    auto *infos = reinterpret_cast<WTS_PROCESS_INFO_EXW *>(block.memory());
    for (std::size_t i = 0; i < processes.size(); ++i) {
        infos[i].SessionId = processes[i]->sessionId;
        infos[i].ProcessId = processes[i]->pid;
        infos[i].pUserSid = block.putSid(processes[i]->sid);
        // Plausible counters that differ from process to process.
        infos[i].NumberOfThreads = 1 + processes[i]->pid % 7;
        infos[i].HandleCount = 40 + processes[i]->pid % 100;
        infos[i].WorkingSetSize = (1 + processes[i]->pid % 50) * 1024 * 1024;
        infos[i].PeakWorkingSetSize = infos[i].WorkingSetSize;
        infos[i].UserTime.QuadPart = static_cast<LONGLONG>(processes[i]->pid) * 10000;
        infos[i].KernelTime.QuadPart = static_cast<LONGLONG>(processes[i]->pid) * 5000;
    }
    for (std::size_t i = 0; i < processes.size(); ++i)
        infos[i].pProcessName = block.put(processes[i]->name);
    *ppProcessInfo = reinterpret_cast<LPWSTR>(infos);
    *pCount = static_cast<DWORD>(processes.size());
    return TRUE;
}

BOOL WINAPI WTSEnumerateProcessesW(HANDLE hServer, DWORD, DWORD Version, PWTS_PROCESS_INFOW *ppProcessInfo,
                                   DWORD *pCount)
{
    if (Version != 1 || ppProcessInfo == nullptr || pCount == nullptr)
        return fail(ERROR_INVALID_PARAMETER);
    const Call call = begin(hServer, "processes", std::nullopt);
    if (call.error != ERROR_SUCCESS)
        return fail(call.error);

    const auto processes = processesOf(*call.server, WTS_ANY_SESSION);
    std::size_t strings = 0;
    for (const ScriptedProcess *process : processes)
        strings += textLength(process->name);
    Block block(processes.size() * sizeof(WTS_PROCESS_INFOW), strings, sidBytes(processes));
    auto *infos = reinterpret_cast<WTS_PROCESS_INFOW *>(block.memory());
    for (std::size_t i = 0; i < processes.size(); ++i) {
        infos[i].SessionId = processes[i]->sessionId;
        infos[i].ProcessId = processes[i]->pid;
        infos[i].pUserSid = block.putSid(processes[i]->sid);
    }
    for (std::size_t i = 0; i < processes.size(); ++i)
        infos[i].pProcessName = block.put(processes[i]->name);
    *ppProcessInfo = infos;
    *pCount = static_cast<DWORD>(processes.size());
    return TRUE;
}

BOOL WINAPI WTSTerminateProcess(HANDLE hServer, DWORD ProcessId, DWORD)
{
    const Call call = begin(hServer, "terminate", ProcessId);
    if (call.error != ERROR_SUCCESS)
        return fail(call.error);
    const auto &processes = call.server->processes;
    if (std::none_of(processes.begin(), processes.end(),
                     [ProcessId](const ScriptedProcess &process) { return process.pid == ProcessId; })) {
        return fail(ERROR_INVALID_PARAMETER); // what Windows says of a pid no process has
    }
    HostScript::recordEnded(call.name, ProcessId);
    return TRUE;
}

} // extern "C"
