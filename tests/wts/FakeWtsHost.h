#pragma once

#include "WtsApi.h"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

// One session as the fake server reports it. `names` false gives NULL user and domain
// pointers in the level 1 enumeration, as Windows does for services and listeners.
struct FakeSession final
{
    DWORD id = 0;
    WTS_CONNECTSTATE_CLASS state = WTSActive;
    std::wstring station;
    std::wstring user;
    std::wstring domain;
    bool names = true;
    std::optional<WTSINFOW> info; // nullopt: the WTSSessionInfo query fails with queryError
    DWORD queryError = 0;         // nonzero: every query of this session fails with it
    std::optional<std::wstring> clientName;
    std::optional<WTS_CLIENT_ADDRESS> clientAddress;
    std::optional<USHORT> protocol;
    std::optional<WTS_CLIENT_DISPLAY> display;
    std::optional<WTSCLIENTW> client; // WTSClientInfo
    std::optional<ULONG> clientBuild; // WTSClientBuildNumber
    std::optional<std::wstring> initialProgram;
    std::optional<std::wstring> workingDirectory;
    std::map<WTS_INFO_CLASS, DWORD> classErrors; // a query of that class fails with the error
    // After an accepted log off without wait: how many more presence queries see it.
    int queriesUntilGone = 0;
    bool loggingOff = false;
    // After an accepted disconnect without wait: how many more state queries see it connected.
    int queriesUntilDisconnected = 0;
    bool disconnecting = false;
};

// One process as the fake server reports it. `sid` is a SID string ("S-1-5-18"); empty
// gives a NULL pUserSid.
struct FakeProcess final
{
    DWORD sessionId = 0;
    DWORD pid = 0;
    std::wstring name;
    std::wstring sid;
    DWORD threads = 0;
    DWORD handles = 0;
    DWORD workingSet = 0;
    std::int64_t userTime = 0;
    std::int64_t kernelTime = 0;
};

// An account LookupAccountSidW names.
struct FakeAccount final
{
    std::wstring domain;
    std::wstring name;
};

// A scripted RD Session Host behind the WtsApi seam. Function pointers cannot capture,
// so the fake is a single live instance that the static functions find; tests create one
// on the stack. Failures follow Win32: FALSE or NULL plus SetLastError, or no error code
// at all where `leaveLastError` is set, as several of Wine's stubs do.
class FakeWtsHost final
{
public:
    FakeWtsHost();
    ~FakeWtsHost();
    FakeWtsHost(const FakeWtsHost &) = delete;
    FakeWtsHost &operator=(const FakeWtsHost &) = delete;

    const WtsApi &api() const { return m_api; }

    static HANDLE remoteHandle() { return reinterpret_cast<HANDLE>(std::intptr_t{0x5e55}); }

    // The script.
    std::vector<FakeSession> sessions;
    DWORD openExError = 0;      // nonzero: WTSOpenServerExW fails with it
    DWORD openError = 0;        // nonzero: WTSOpenServerW fails with it
    DWORD enumerateExError = 0; // nonzero: WTSEnumerateSessionsExW fails with it
    DWORD enumerateError = 0;   // nonzero: WTSEnumerateSessionsW fails with it
    DWORD logoffError = 0;
    DWORD disconnectError = 0;
    DWORD sendMessageError = 0;
    bool leaveLastError = false; // failures above set no error code
    DWORD ownSessionId = 1;
    std::vector<FakeProcess> processes;
    std::map<std::wstring, FakeAccount> accounts; // by SID string; others are ERROR_NONE_MAPPED
    DWORD enumerateProcessesExError = 0;          // nonzero: WTSEnumerateProcessesExW fails with it
    DWORD enumerateProcessesError = 0;            // nonzero: WTSEnumerateProcessesW fails with it
    DWORD terminateError = 0;                     // nonzero: WTSTerminateProcess fails with it
    DWORD lookupError = 0;                        // nonzero: LookupAccountSidW fails with it

    // What the code under test did.
    struct Call final
    {
        std::wstring function;
        DWORD sessionId = 0;
        BOOL wait = FALSE;
    };
    std::vector<Call> calls;
    std::vector<std::wstring> openedServers;
    int closeCount = 0;
    int presenceQueries = 0;
    std::vector<WTS_INFO_CLASS> queries; // every WTSQuerySessionInformationW, in order
    DWORD lastTitleBytes = 0;
    DWORD lastMessageBytes = 0;
    DWORD lastTimeoutSeconds = 0;
    std::wstring lastTitle;
    std::wstring lastMessage;
    int wrongFrees = 0;                       // buffers freed with the wrong function, type class or count
    std::vector<DWORD> processSessionFilters; // the SessionId of every WTSEnumerateProcessesExW
    struct Lookup final
    {
        std::optional<std::wstring> system; // nullopt: this computer
        std::wstring sid;
    };
    std::vector<Lookup> lookups; // every LookupAccountSidW, also those asking for a bigger buffer
    struct Termination final
    {
        DWORD pid = 0;
        DWORD exitCode = 0;
    };
    std::vector<Termination> terminations; // every WTSTerminateProcess, also failed ones

    std::size_t liveBuffers() const { return m_buffers.size(); }
    int callCount(const std::wstring &function) const;
    int queryCount(WTS_INFO_CLASS infoClass) const;
    FakeSession *find(DWORD id);
    int lookupCount(const std::wstring &sid) const;

private:
    struct Buffer final
    {
        std::vector<std::byte> bytes;
        std::deque<std::wstring> strings; // a deque keeps element addresses stable
        std::deque<std::vector<BYTE>> sids;
        std::optional<WTS_TYPE_CLASS> typeClass; // set: to be freed with WTSFreeMemoryExW
        ULONG entries = 0;
    };

    static FakeWtsHost &current();
    BOOL fail(DWORD error);
    void *allocate(Buffer buffer);
    LPWSTR copyString(Buffer &buffer, const std::wstring &text, bool present);
    static PSID copySid(Buffer &buffer, const std::wstring &sid);

    static HANDLE WINAPI openServerEx(LPWSTR name);
    static HANDLE WINAPI openServer(LPWSTR name);
    static void WINAPI closeServer(HANDLE server);
    static BOOL WINAPI enumerateSessionsEx(HANDLE server, DWORD *level, DWORD filter, PWTS_SESSION_INFO_1W *sessions,
                                           DWORD *count);
    static BOOL WINAPI enumerateSessions(HANDLE server, DWORD reserved, DWORD version, PWTS_SESSION_INFOW *sessions,
                                         DWORD *count);
    static BOOL WINAPI querySessionInformation(HANDLE server, DWORD id, WTS_INFO_CLASS infoClass, LPWSTR *buffer,
                                               DWORD *bytes);
    static void WINAPI freeMemory(PVOID memory);
    static BOOL WINAPI freeMemoryEx(WTS_TYPE_CLASS typeClass, PVOID memory, ULONG entries);
    static BOOL WINAPI logoffSession(HANDLE server, DWORD id, BOOL wait);
    static BOOL WINAPI disconnectSession(HANDLE server, DWORD id, BOOL wait);
    static BOOL WINAPI sendMessage(HANDLE server, DWORD id, LPWSTR title, DWORD titleBytes, LPWSTR message,
                                   DWORD messageBytes, DWORD style, DWORD timeoutSeconds, DWORD *response, BOOL wait);
    static BOOL WINAPI processIdToSessionId(DWORD processId, DWORD *sessionId);
    static BOOL WINAPI enumerateProcessesEx(HANDLE server, DWORD *level, DWORD sessionId, LPWSTR *processes,
                                            DWORD *count);
    static BOOL WINAPI enumerateProcesses(HANDLE server, DWORD reserved, DWORD version, PWTS_PROCESS_INFOW *processes,
                                          DWORD *count);
    static BOOL WINAPI terminateProcess(HANDLE server, DWORD processId, DWORD exitCode);
    static BOOL WINAPI lookupAccountSid(LPCWSTR systemName, PSID sid, LPWSTR name, DWORD *nameLength, LPWSTR domain,
                                        DWORD *domainLength, PSID_NAME_USE use);

    static FakeWtsHost *s_current;

    WtsApi m_api;
    std::map<void *, Buffer> m_buffers;
};

// A WTSINFOW as Windows fills it; times are FILETIME ticks.
WTSINFOW makeWtsInfo(DWORD id, WTS_CONNECTSTATE_CLASS state, const std::wstring &station, const std::wstring &user,
                     const std::wstring &domain, std::int64_t logon, std::int64_t connect, std::int64_t disconnect,
                     std::int64_t lastInput, std::int64_t current);

// FILETIME ticks of a UTC date and time, computed by SystemTimeToFileTime.
std::int64_t fileTimeTicks(WORD year, WORD month, WORD day, WORD hour, WORD minute, WORD second);

WTS_CLIENT_ADDRESS makeClientAddress(DWORD family, std::initializer_list<BYTE> bytesFromOffset2);
