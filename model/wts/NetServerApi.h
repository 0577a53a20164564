#pragma once

#include "WtsSdkCompat.h"

#include <lm.h>

// The netapi32 calls that list a domain's servers, as function pointers like WtsApi:
// system() points at netapi32.dll, tests at a fake that returns SERVER_INFO_100 arrays.
struct NetServerApi final
{
    NET_API_STATUS(WINAPI *serverEnum)
    (LMCSTR serverName, DWORD level, LPBYTE *buffer, DWORD preferredMaximum, LPDWORD entriesRead, LPDWORD totalEntries,
     DWORD serverType, LMCSTR domain, LPDWORD resumeHandle)
        = nullptr;
    NET_API_STATUS(WINAPI *bufferFree)(LPVOID buffer) = nullptr;

    // The real functions of netapi32.dll.
    static const NetServerApi &system();
};
