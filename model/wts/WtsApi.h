#pragma once

#include "WtsSdkCompat.h"

// The Windows calls the WTS layer makes, as a table of function pointers: system() points
// at wtsapi32, kernel32 and advapi32, tests point it at fakes that return WTS-shaped data.
// Every function follows its Win32 contract, including SetLastError on failure.
struct WtsApi final
{
    HANDLE(WINAPI *openServerEx)(LPWSTR serverName) = nullptr;
    HANDLE(WINAPI *openServer)(LPWSTR serverName) = nullptr;
    void(WINAPI *closeServer)(HANDLE server) = nullptr;
    BOOL(WINAPI *enumerateSessionsEx)
    (HANDLE server, DWORD *level, DWORD filter, PWTS_SESSION_INFO_1W *sessions, DWORD *count) = nullptr;
    BOOL(WINAPI *enumerateSessions)
    (HANDLE server, DWORD reserved, DWORD version, PWTS_SESSION_INFOW *sessions, DWORD *count) = nullptr;
    BOOL(WINAPI *querySessionInformation)
    (HANDLE server, DWORD sessionId, WTS_INFO_CLASS infoClass, LPWSTR *buffer, DWORD *bytes) = nullptr;
    void(WINAPI *freeMemory)(PVOID memory) = nullptr;
    BOOL(WINAPI *freeMemoryEx)(WTS_TYPE_CLASS typeClass, PVOID memory, ULONG entries) = nullptr;
    BOOL(WINAPI *logoffSession)(HANDLE server, DWORD sessionId, BOOL wait) = nullptr;
    BOOL(WINAPI *disconnectSession)(HANDLE server, DWORD sessionId, BOOL wait) = nullptr;
    BOOL(WINAPI *sendMessage)
    (HANDLE server, DWORD sessionId, LPWSTR title, DWORD titleBytes, LPWSTR message, DWORD messageBytes, DWORD style,
     DWORD timeoutSeconds, DWORD *response, BOOL wait)
        = nullptr;
    BOOL(WINAPI *processIdToSessionId)(DWORD processId, DWORD *sessionId) = nullptr;
    BOOL(WINAPI *enumerateProcessesEx)
    (HANDLE server, DWORD *level, DWORD sessionId, LPWSTR *processes, DWORD *count) = nullptr;
    BOOL(WINAPI *enumerateProcesses)
    (HANDLE server, DWORD reserved, DWORD version, PWTS_PROCESS_INFOW *processes, DWORD *count) = nullptr;
    BOOL(WINAPI *terminateProcess)(HANDLE server, DWORD processId, DWORD exitCode) = nullptr;
    // advapi32's LookupAccountSidW: asks `systemName` (nullptr: this computer), which asks its domain.
    BOOL(WINAPI *lookupAccountSid)
    (LPCWSTR systemName, PSID sid, LPWSTR name, DWORD *nameLength, LPWSTR domain, DWORD *domainLength, PSID_NAME_USE use)
        = nullptr;

    // The real functions of wtsapi32.dll, kernel32.dll and advapi32.dll.
    static const WtsApi &system();
};
