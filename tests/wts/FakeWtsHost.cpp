#include "FakeWtsHost.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include <sddl.h>

FakeWtsHost *FakeWtsHost::s_current = nullptr;

FakeWtsHost::FakeWtsHost()
{
    if (s_current != nullptr)
        throw std::logic_error("one FakeWtsHost at a time");
    s_current = this;
    m_api = WtsApi{
        .openServerEx = openServerEx,
        .openServer = openServer,
        .closeServer = closeServer,
        .enumerateSessionsEx = enumerateSessionsEx,
        .enumerateSessions = enumerateSessions,
        .querySessionInformation = querySessionInformation,
        .freeMemory = freeMemory,
        .freeMemoryEx = freeMemoryEx,
        .logoffSession = logoffSession,
        .disconnectSession = disconnectSession,
        .sendMessage = sendMessage,
        .processIdToSessionId = processIdToSessionId,
        .enumerateProcessesEx = enumerateProcessesEx,
        .enumerateProcesses = enumerateProcesses,
        .terminateProcess = terminateProcess,
        .lookupAccountSid = lookupAccountSid,
    };
}

FakeWtsHost::~FakeWtsHost()
{
    s_current = nullptr;
}

FakeWtsHost &FakeWtsHost::current()
{
    return *s_current;
}

int FakeWtsHost::callCount(const std::wstring &function) const
{
    return static_cast<int>(
        std::count_if(calls.begin(), calls.end(), [&](const Call &call) { return call.function == function; }));
}

int FakeWtsHost::queryCount(WTS_INFO_CLASS infoClass) const
{
    return static_cast<int>(std::count(queries.begin(), queries.end(), infoClass));
}

FakeSession *FakeWtsHost::find(DWORD id)
{
    const auto it = std::find_if(sessions.begin(), sessions.end(), [&](const FakeSession &s) { return s.id == id; });
    return it != sessions.end() ? &*it : nullptr;
}

int FakeWtsHost::lookupCount(const std::wstring &sid) const
{
    return static_cast<int>(
        std::count_if(lookups.begin(), lookups.end(), [&](const Lookup &lookup) { return lookup.sid == sid; }));
}

BOOL FakeWtsHost::fail(DWORD error)
{
    if (!leaveLastError)
        SetLastError(error);
    return FALSE;
}

void *FakeWtsHost::allocate(Buffer buffer)
{
    if (buffer.bytes.empty())
        buffer.bytes.resize(1);
    void *address = buffer.bytes.data();
    m_buffers.emplace(address, std::move(buffer));
    return address;
}

LPWSTR FakeWtsHost::copyString(Buffer &buffer, const std::wstring &text, bool present)
{
    if (!present)
        return nullptr;
    buffer.strings.push_back(text);
    return buffer.strings.back().data();
}

PSID FakeWtsHost::copySid(Buffer &buffer, const std::wstring &sid)
{
    if (sid.empty())
        return nullptr;
    PSID converted = nullptr;
    if (!ConvertStringSidToSidW(sid.c_str(), &converted))
        throw std::invalid_argument("not a SID string");
    const auto *bytes = static_cast<const BYTE *>(converted);
    buffer.sids.emplace_back(bytes, bytes + GetLengthSid(converted));
    LocalFree(converted);
    return buffer.sids.back().data();
}

HANDLE WINAPI FakeWtsHost::openServerEx(LPWSTR name)
{
    FakeWtsHost &host = current();
    host.calls.push_back({L"WTSOpenServerExW", 0, FALSE});
    if (host.openExError != 0) {
        host.fail(host.openExError);
        return nullptr;
    }
    host.openedServers.emplace_back(name);
    return remoteHandle();
}

HANDLE WINAPI FakeWtsHost::openServer(LPWSTR name)
{
    FakeWtsHost &host = current();
    host.calls.push_back({L"WTSOpenServerW", 0, FALSE});
    if (host.openError != 0) {
        host.fail(host.openError);
        return nullptr;
    }
    host.openedServers.emplace_back(name);
    return remoteHandle();
}

void WINAPI FakeWtsHost::closeServer(HANDLE server)
{
    if (server == remoteHandle())
        ++current().closeCount;
}

BOOL WINAPI FakeWtsHost::enumerateSessionsEx(HANDLE, DWORD *level, DWORD, PWTS_SESSION_INFO_1W *sessions, DWORD *count)
{
    FakeWtsHost &host = current();
    host.calls.push_back({L"WTSEnumerateSessionsExW", 0, FALSE});
    if (host.enumerateExError != 0)
        return host.fail(host.enumerateExError);
    if (level == nullptr || *level != 1)
        return host.fail(ERROR_INVALID_PARAMETER);

    Buffer buffer;
    buffer.typeClass = WTSTypeSessionInfoLevel1;
    buffer.entries = static_cast<ULONG>(host.sessions.size());
    buffer.bytes.resize(host.sessions.size() * sizeof(WTS_SESSION_INFO_1W));
    std::vector<WTS_SESSION_INFO_1W> infos;
    for (const FakeSession &session : host.sessions) {
        WTS_SESSION_INFO_1W info{};
        info.ExecEnvId = session.id;
        info.State = session.state;
        info.SessionId = session.id;
        info.pSessionName = host.copyString(buffer, session.station, true);
        info.pHostName = nullptr;
        info.pUserName = host.copyString(buffer, session.user, session.names);
        info.pDomainName = host.copyString(buffer, session.domain, session.names);
        info.pFarmName = nullptr;
        infos.push_back(info);
    }
    if (!infos.empty())
        std::memcpy(buffer.bytes.data(), infos.data(), infos.size() * sizeof(WTS_SESSION_INFO_1W));
    *count = static_cast<DWORD>(infos.size());
    *sessions = static_cast<PWTS_SESSION_INFO_1W>(host.allocate(std::move(buffer)));
    return TRUE;
}

BOOL WINAPI FakeWtsHost::enumerateSessions(HANDLE, DWORD, DWORD version, PWTS_SESSION_INFOW *sessions, DWORD *count)
{
    FakeWtsHost &host = current();
    host.calls.push_back({L"WTSEnumerateSessionsW", 0, FALSE});
    if (host.enumerateError != 0)
        return host.fail(host.enumerateError);
    if (version != 1)
        return host.fail(ERROR_INVALID_PARAMETER);

    Buffer buffer;
    buffer.bytes.resize(host.sessions.size() * sizeof(WTS_SESSION_INFOW));
    std::vector<WTS_SESSION_INFOW> infos;
    for (const FakeSession &session : host.sessions)
        infos.push_back({session.id, host.copyString(buffer, session.station, true), session.state});
    if (!infos.empty())
        std::memcpy(buffer.bytes.data(), infos.data(), infos.size() * sizeof(WTS_SESSION_INFOW));
    *count = static_cast<DWORD>(infos.size());
    *sessions = static_cast<PWTS_SESSION_INFOW>(host.allocate(std::move(buffer)));
    return TRUE;
}

BOOL WINAPI FakeWtsHost::querySessionInformation(HANDLE, DWORD id, WTS_INFO_CLASS infoClass, LPWSTR *result,
                                                 DWORD *bytes)
{
    FakeWtsHost &host = current();
    FakeSession *session = host.find(id);
    host.queries.push_back(infoClass);
    if (infoClass == WTSConnectState) {
        ++host.presenceQueries;
        if (session != nullptr && session->loggingOff && session->queriesUntilGone-- <= 0) {
            std::erase_if(host.sessions, [&](const FakeSession &s) { return s.id == id; });
            session = nullptr;
        }
        if (session != nullptr && session->disconnecting && session->queriesUntilDisconnected-- <= 0) {
            session->disconnecting = false;
            session->state = WTSDisconnected;
        }
    }
    if (session == nullptr)
        return host.fail(7022); // ERROR_CTX_WINSTATION_NOT_FOUND
    if (session->queryError != 0)
        return host.fail(session->queryError);
    if (const auto error = session->classErrors.find(infoClass); error != session->classErrors.end())
        return host.fail(error->second);

    Buffer buffer;
    auto put = [&buffer](const void *data, std::size_t size) {
        buffer.bytes.resize(size);
        std::memcpy(buffer.bytes.data(), data, size);
    };
    switch (infoClass) {
    case WTSSessionInfo:
        if (!session->info)
            return host.fail(ERROR_NOT_SUPPORTED);
        put(&*session->info, sizeof(WTSINFOW));
        break;
    case WTSConnectState: {
        const INT state = session->state;
        put(&state, sizeof state);
        break;
    }
    case WTSClientName: {
        const std::wstring name = session->clientName.value_or(L"");
        put(name.c_str(), (name.size() + 1) * sizeof(wchar_t));
        break;
    }
    case WTSUserName:
    case WTSDomainName:
    case WTSWinStationName: {
        const std::wstring &text = infoClass == WTSUserName     ? session->user
                                   : infoClass == WTSDomainName ? session->domain
                                                                : session->station;
        put(text.c_str(), (text.size() + 1) * sizeof(wchar_t));
        break;
    }
    case WTSClientAddress:
        if (!session->clientAddress)
            return host.fail(ERROR_NOT_SUPPORTED);
        put(&*session->clientAddress, sizeof(WTS_CLIENT_ADDRESS));
        break;
    case WTSClientProtocolType: {
        const USHORT protocol = session->protocol.value_or(WTS_PROTOCOL_TYPE_CONSOLE);
        put(&protocol, sizeof protocol);
        break;
    }
    case WTSClientDisplay:
        if (!session->display)
            return host.fail(ERROR_NOT_SUPPORTED);
        put(&*session->display, sizeof(WTS_CLIENT_DISPLAY));
        break;
    case WTSClientInfo:
        if (!session->client)
            return host.fail(ERROR_NOT_SUPPORTED);
        put(&*session->client, sizeof(WTSCLIENTW));
        break;
    case WTSClientBuildNumber:
        if (!session->clientBuild)
            return host.fail(ERROR_NOT_SUPPORTED);
        put(&*session->clientBuild, sizeof(ULONG));
        break;
    case WTSInitialProgram:
    case WTSWorkingDirectory: {
        const std::optional<std::wstring> &text = infoClass == WTSInitialProgram ? session->initialProgram
                                                                                 : session->workingDirectory;
        if (!text)
            return host.fail(ERROR_NOT_SUPPORTED);
        put(text->c_str(), (text->size() + 1) * sizeof(wchar_t));
        break;
    }
    default:
        return host.fail(ERROR_INVALID_PARAMETER);
    }
    *bytes = static_cast<DWORD>(buffer.bytes.size());
    *result = static_cast<LPWSTR>(host.allocate(std::move(buffer)));
    return TRUE;
}

void WINAPI FakeWtsHost::freeMemory(PVOID memory)
{
    FakeWtsHost &host = current();
    const auto it = host.m_buffers.find(memory);
    if (it == host.m_buffers.end() || it->second.typeClass) {
        ++host.wrongFrees;
        return;
    }
    host.m_buffers.erase(it);
}

BOOL WINAPI FakeWtsHost::freeMemoryEx(WTS_TYPE_CLASS typeClass, PVOID memory, ULONG entries)
{
    FakeWtsHost &host = current();
    const auto it = host.m_buffers.find(memory);
    if (it == host.m_buffers.end() || it->second.typeClass != typeClass || entries != it->second.entries) {
        ++host.wrongFrees;
        return host.fail(ERROR_INVALID_PARAMETER);
    }
    host.m_buffers.erase(it);
    return TRUE;
}

BOOL WINAPI FakeWtsHost::logoffSession(HANDLE, DWORD id, BOOL wait)
{
    FakeWtsHost &host = current();
    host.calls.push_back({L"WTSLogoffSession", id, wait});
    if (host.logoffError != 0)
        return host.fail(host.logoffError);
    FakeSession *session = host.find(id);
    if (session == nullptr)
        return host.fail(7022);
    if (wait)
        std::erase_if(host.sessions, [&](const FakeSession &s) { return s.id == id; });
    else
        session->loggingOff = true;
    return TRUE;
}

BOOL WINAPI FakeWtsHost::disconnectSession(HANDLE, DWORD id, BOOL wait)
{
    FakeWtsHost &host = current();
    host.calls.push_back({L"WTSDisconnectSession", id, wait});
    if (host.disconnectError != 0)
        return host.fail(host.disconnectError);
    FakeSession *session = host.find(id);
    if (session == nullptr)
        return host.fail(7022);
    if (!wait && session->queriesUntilDisconnected > 0)
        session->disconnecting = true;
    else
        session->state = WTSDisconnected;
    return TRUE;
}

BOOL WINAPI FakeWtsHost::sendMessage(HANDLE, DWORD id, LPWSTR title, DWORD titleBytes, LPWSTR message,
                                     DWORD messageBytes, DWORD, DWORD timeoutSeconds, DWORD *response, BOOL wait)
{
    FakeWtsHost &host = current();
    host.calls.push_back({L"WTSSendMessageW", id, wait});
    host.lastTitleBytes = titleBytes;
    host.lastMessageBytes = messageBytes;
    host.lastTimeoutSeconds = timeoutSeconds;
    host.lastTitle.assign(title, titleBytes / sizeof(wchar_t));
    host.lastMessage.assign(message, messageBytes / sizeof(wchar_t));
    if (host.sendMessageError != 0)
        return host.fail(host.sendMessageError);
    *response = wait ? IDOK : IDASYNC;
    return TRUE;
}

BOOL WINAPI FakeWtsHost::processIdToSessionId(DWORD, DWORD *sessionId)
{
    *sessionId = current().ownSessionId;
    return TRUE;
}

BOOL WINAPI FakeWtsHost::enumerateProcessesEx(HANDLE, DWORD *level, DWORD sessionId, LPWSTR *processes, DWORD *count)
{
    FakeWtsHost &host = current();
    host.calls.push_back({L"WTSEnumerateProcessesExW", sessionId, FALSE});
    host.processSessionFilters.push_back(sessionId);
    if (host.enumerateProcessesExError != 0)
        return host.fail(host.enumerateProcessesExError);
    if (level == nullptr || *level != 1)
        return host.fail(ERROR_INVALID_PARAMETER);

    Buffer buffer;
    std::vector<WTS_PROCESS_INFO_EXW> infos;
    for (const FakeProcess &process : host.processes) {
        if (sessionId != WTS_ANY_SESSION && process.sessionId != sessionId)
            continue;
        WTS_PROCESS_INFO_EXW info{};
        info.SessionId = process.sessionId;
        info.ProcessId = process.pid;
        info.pProcessName = host.copyString(buffer, process.name, true);
        info.pUserSid = copySid(buffer, process.sid);
        info.NumberOfThreads = process.threads;
        info.HandleCount = process.handles;
        info.PagefileUsage = process.workingSet / 2;
        info.PeakPagefileUsage = process.workingSet;
        info.WorkingSetSize = process.workingSet;
        info.PeakWorkingSetSize = process.workingSet;
        info.UserTime.QuadPart = process.userTime;
        info.KernelTime.QuadPart = process.kernelTime;
        infos.push_back(info);
    }
    buffer.typeClass = WTSTypeProcessInfoLevel1;
    buffer.entries = static_cast<ULONG>(infos.size());
    buffer.bytes.resize(infos.size() * sizeof(WTS_PROCESS_INFO_EXW));
    if (!infos.empty())
        std::memcpy(buffer.bytes.data(), infos.data(), infos.size() * sizeof(WTS_PROCESS_INFO_EXW));
    *count = static_cast<DWORD>(infos.size());
    *processes = static_cast<LPWSTR>(host.allocate(std::move(buffer)));
    return TRUE;
}

BOOL WINAPI FakeWtsHost::enumerateProcesses(HANDLE, DWORD, DWORD version, PWTS_PROCESS_INFOW *processes, DWORD *count)
{
    FakeWtsHost &host = current();
    host.calls.push_back({L"WTSEnumerateProcessesW", 0, FALSE});
    if (host.enumerateProcessesError != 0)
        return host.fail(host.enumerateProcessesError);
    if (version != 1)
        return host.fail(ERROR_INVALID_PARAMETER);

    Buffer buffer;
    std::vector<WTS_PROCESS_INFOW> infos;
    for (const FakeProcess &process : host.processes) {
        infos.push_back({process.sessionId, process.pid, host.copyString(buffer, process.name, true),
                         copySid(buffer, process.sid)});
    }
    buffer.bytes.resize(infos.size() * sizeof(WTS_PROCESS_INFOW));
    if (!infos.empty())
        std::memcpy(buffer.bytes.data(), infos.data(), infos.size() * sizeof(WTS_PROCESS_INFOW));
    *count = static_cast<DWORD>(infos.size());
    *processes = static_cast<PWTS_PROCESS_INFOW>(host.allocate(std::move(buffer)));
    return TRUE;
}

BOOL WINAPI FakeWtsHost::terminateProcess(HANDLE, DWORD processId, DWORD exitCode)
{
    FakeWtsHost &host = current();
    host.calls.push_back({L"WTSTerminateProcess", 0, FALSE});
    host.terminations.push_back({processId, exitCode});
    if (host.terminateError != 0)
        return host.fail(host.terminateError);
    if (std::erase_if(host.processes, [&](const FakeProcess &p) { return p.pid == processId; }) == 0)
        return host.fail(ERROR_INVALID_PARAMETER);
    return TRUE;
}

BOOL WINAPI FakeWtsHost::lookupAccountSid(LPCWSTR systemName, PSID sid, LPWSTR name, DWORD *nameLength, LPWSTR domain,
                                          DWORD *domainLength, PSID_NAME_USE use)
{
    FakeWtsHost &host = current();
    wchar_t *text = nullptr;
    if (!ConvertSidToStringSidW(sid, &text))
        throw std::invalid_argument("LookupAccountSidW given no valid SID");
    std::wstring sidText(text);
    LocalFree(text);
    host.lookups.push_back({systemName != nullptr ? std::optional<std::wstring>(systemName) : std::nullopt, sidText});
    if (host.lookupError != 0)
        return host.fail(host.lookupError);
    const auto it = host.accounts.find(sidText);
    if (it == host.accounts.end())
        return host.fail(ERROR_NONE_MAPPED);
    const FakeAccount &account = it->second;
    // Win32: the lengths in characters, with the NUL when asking for more, without it on success.
    if (*nameLength <= account.name.size() || *domainLength <= account.domain.size()) {
        *nameLength = static_cast<DWORD>(account.name.size() + 1);
        *domainLength = static_cast<DWORD>(account.domain.size() + 1);
        return host.fail(ERROR_INSUFFICIENT_BUFFER);
    }
    std::copy(account.name.begin(), account.name.end(), name);
    name[account.name.size()] = L'\0';
    std::copy(account.domain.begin(), account.domain.end(), domain);
    domain[account.domain.size()] = L'\0';
    *nameLength = static_cast<DWORD>(account.name.size());
    *domainLength = static_cast<DWORD>(account.domain.size());
    *use = SidTypeUser;
    return TRUE;
}

WTSINFOW makeWtsInfo(DWORD id, WTS_CONNECTSTATE_CLASS state, const std::wstring &station, const std::wstring &user,
                     const std::wstring &domain, std::int64_t logon, std::int64_t connect, std::int64_t disconnect,
                     std::int64_t lastInput, std::int64_t current)
{
    WTSINFOW info{};
    info.State = state;
    info.SessionId = id;
    station.copy(info.WinStationName, WINSTATIONNAME_LENGTH - 1);
    domain.copy(info.Domain, DOMAIN_LENGTH - 1);
    user.copy(info.UserName, USERNAME_LENGTH);
    info.LogonTime.QuadPart = logon;
    info.ConnectTime.QuadPart = connect;
    info.DisconnectTime.QuadPart = disconnect;
    info.LastInputTime.QuadPart = lastInput;
    info.CurrentTime.QuadPart = current;
    return info;
}

std::int64_t fileTimeTicks(WORD year, WORD month, WORD day, WORD hour, WORD minute, WORD second)
{
    SYSTEMTIME time{};
    time.wYear = year;
    time.wMonth = month;
    time.wDay = day;
    time.wHour = hour;
    time.wMinute = minute;
    time.wSecond = second;
    FILETIME fileTime{};
    if (!SystemTimeToFileTime(&time, &fileTime))
        throw std::invalid_argument("not a valid SYSTEMTIME");
    return (static_cast<std::int64_t>(fileTime.dwHighDateTime) << 32) | fileTime.dwLowDateTime;
}

WTS_CLIENT_ADDRESS makeClientAddress(DWORD family, std::initializer_list<BYTE> bytesFromOffset2)
{
    WTS_CLIENT_ADDRESS address{};
    address.AddressFamily = family;
    std::copy(bytesFromOffset2.begin(), bytesFromOffset2.end(), address.Address + 2);
    return address;
}
