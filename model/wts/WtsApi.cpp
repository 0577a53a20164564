#include "WtsApi.h"

const WtsApi &WtsApi::system()
{
    static const WtsApi api{
        .openServerEx = WTSOpenServerExW,
        .openServer = WTSOpenServerW,
        .closeServer = WTSCloseServer,
        .enumerateSessionsEx = WTSEnumerateSessionsExW,
        .enumerateSessions = WTSEnumerateSessionsW,
        .querySessionInformation = WTSQuerySessionInformationW,
        .freeMemory = WTSFreeMemory,
        .freeMemoryEx = WTSFreeMemoryExW,
        .logoffSession = WTSLogoffSession,
        .disconnectSession = WTSDisconnectSession,
        .sendMessage = WTSSendMessageW,
        .processIdToSessionId = ProcessIdToSessionId,
        .enumerateProcessesEx = WTSEnumerateProcessesExW,
        .enumerateProcesses = WTSEnumerateProcessesW,
        .terminateProcess = WTSTerminateProcess,
        .lookupAccountSid = LookupAccountSidW,
    };
    return api;
}
