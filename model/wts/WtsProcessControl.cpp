#include "WtsProcessControl.h"

#include "WtsProcessReader.h"
#include "WtsSessionControl.h"
#include "WtsSessionRecord.h"

#include <array>
#include <string_view>

namespace {

// ERROR_INVALID_PARAMETER from WTSTerminateProcess: no process has the pid (any more).
constexpr DWORD ErrorNoSuchProcess = ERROR_INVALID_PARAMETER;

// Processes of every user session whose end takes the session or the whole server with it
// (winlogon.exe is marked critical: ending it is bug check CRITICAL_PROCESS_DIED).
constexpr std::array<std::wstring_view, 2> CriticalSessionProcesses{L"csrss.exe", L"winlogon.exe"};

// Image names as Windows compares file names: ordinal, ignoring case.
bool sameName(std::wstring_view a, std::wstring_view b)
{
    return CompareStringOrdinal(a.data(), static_cast<int>(a.size()), b.data(), static_cast<int>(b.size()), TRUE)
           == CSTR_EQUAL;
}

bool isCritical(std::wstring_view name)
{
    for (const std::wstring_view critical : CriticalSessionProcesses) {
        if (sameName(name, critical))
            return true;
    }
    return false;
}

std::wstring describe(std::uint32_t pid)
{
    return L"Process " + std::to_wstring(pid);
}

WtsError refusal(WtsError::Category category, std::wstring message)
{
    return WtsError{category, 0, std::move(message)};
}

} // namespace

WtsProcessControl::WtsProcessControl(const WtsServer &server)
    : m_server(server)
{}

std::optional<WtsError> WtsProcessControl::terminate(const WtsProcessTarget &target, const WtsIdentityCheck &check) const
{
    if (m_server.isLocal() && target.pid == GetCurrentProcessId()) {
        return refusal(WtsError::Category::NotSupported,
                       describe(target.pid) + L" is Session Console itself: close it instead.");
    }

    auto found = WtsProcessReader(m_server).find(target.pid);
    if (auto *error = std::get_if<WtsError>(&found))
        return std::move(*error);
    const std::optional<WtsProcessRecord> &now = std::get<std::optional<WtsProcessRecord>>(found);
    if (!now)
        return refusal(WtsError::Category::AlreadyGone, describe(target.pid) + L" is no longer running.");
    if (target.sessionId && now->sessionId != *target.sessionId) {
        return refusal(WtsError::Category::Changed, describe(target.pid) + L" now runs in session "
                                                        + std::to_wstring(now->sessionId) + L", not in session "
                                                        + std::to_wstring(*target.sessionId)
                                                        + L": the pid belongs to another process now.");
    }
    if (!target.name.empty() && !sameName(now->name, target.name)) {
        return refusal(WtsError::Category::Changed, describe(target.pid) + L" is now " + now->name + L", not "
                                                        + target.name + L": the pid belongs to another process now.");
    }
    if (now->sessionId == WtsSessionRecord::ServicesSessionId) {
        return refusal(WtsError::Category::NotSupported,
                       describe(target.pid) + L" (" + now->name
                           + L") runs in session 0, which runs services: stop a service with the Services console.");
    }
    if (isCritical(now->name)) {
        return refusal(WtsError::Category::NotSupported,
                       describe(target.pid) + L" (" + now->name
                           + L") is a critical system process: ending it stops the session or the server. "
                             L"Log the session off instead.");
    }
    if (auto refused = WtsSessionControl(m_server).checkIdentity(now->sessionId, check))
        return refused;

    SetLastError(ERROR_SUCCESS);
    if (m_server.api().terminateProcess(m_server.handle(), target.pid, ExitCode))
        return std::nullopt;
    WtsError error = WtsError::fromLastError(WtsAction::EndProcess, L"WTSTerminateProcess");
    if (error.code == ErrorNoSuchProcess) {
        error.category = WtsError::Category::AlreadyGone;
        error.message = describe(target.pid) + L" ended before WTSTerminateProcess reached it (" + error.message + L")";
    }
    return error;
}
