#pragma once

// The Windows headers the WTS layer needs, plus the few declarations that older SDKs lack.
// mingw-w64 10 (Debian 12) declares none of the items below although its libwtsapi32.a
// exports the functions; cmake/WtsSdkCheck.cmake probes the SDK and defines the
// SC_WTS_DECLARE_* macros only for what is missing, so a complete SDK (MSVC) is untouched.

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>

#include <wtsapi32.h>

extern "C" {

#ifdef SC_WTS_DECLARE_SESSION_INFO_1
typedef struct _WTS_SESSION_INFO_1W
{
    DWORD ExecEnvId;
    WTS_CONNECTSTATE_CLASS State;
    DWORD SessionId;
    LPWSTR pSessionName;
    LPWSTR pHostName;
    LPWSTR pUserName;
    LPWSTR pDomainName;
    LPWSTR pFarmName;
} WTS_SESSION_INFO_1W, *PWTS_SESSION_INFO_1W;
#endif

#ifdef SC_WTS_DECLARE_TYPE_CLASS
typedef enum _WTS_TYPE_CLASS {
    WTSTypeProcessInfoLevel0,
    WTSTypeProcessInfoLevel1,
    WTSTypeSessionInfoLevel1,
} WTS_TYPE_CLASS;
#endif

#ifdef SC_WTS_DECLARE_EX_FUNCTIONS
HANDLE WINAPI WTSOpenServerExW(LPWSTR pServerName);
BOOL WINAPI WTSEnumerateSessionsExW(HANDLE hServer, DWORD *pLevel, DWORD Filter, PWTS_SESSION_INFO_1W *ppSessionInfo,
                                    DWORD *pCount);
BOOL WINAPI WTSFreeMemoryExW(WTS_TYPE_CLASS WTSTypeClass, PVOID pMemory, ULONG NumberOfEntries);
#endif

#ifdef SC_WTS_DECLARE_PROCESS_INFO_EX
typedef struct _WTS_PROCESS_INFO_EXW
{
    DWORD SessionId;
    DWORD ProcessId;
    LPWSTR pProcessName;
    PSID pUserSid;
    DWORD NumberOfThreads;
    DWORD HandleCount;
    DWORD PagefileUsage;
    DWORD PeakPagefileUsage;
    DWORD WorkingSetSize;
    DWORD PeakWorkingSetSize;
    LARGE_INTEGER UserTime;
    LARGE_INTEGER KernelTime;
} WTS_PROCESS_INFO_EXW, *PWTS_PROCESS_INFO_EXW;
#ifndef WTS_ANY_SESSION
#define WTS_ANY_SESSION ((DWORD)-2)
#endif
BOOL WINAPI WTSEnumerateProcessesExW(HANDLE hServer, DWORD *pLevel, DWORD SessionId, LPWSTR *ppProcessInfo,
                                     DWORD *pCount);
#endif

} // extern "C"
