#pragma once

#include "SessionSource.h"

#include <memory>

class WtsAccountNames;

// Sessions of a Windows RD Session Host through the WTS API (the wtscore library):
// `local` is this computer, a remote address names the host. WTS calls run with the
// console user's own Windows credentials over RPC, so a user or port in the address plays
// no part (note() says so). Every call opens its own server handle, which contacts no one
// until used, so calls from several threads never share one.
// Processes come from WTSEnumerateProcessesExW and end with WTSTerminateProcess; Windows has
// no call that signals all of a session's processes, so Kill Session is not offered (Log Off
// ends them all).
class WtsSource final : public SessionSource
{
    Q_DECLARE_TR_FUNCTIONS(WtsSource)

public:
    explicit WtsSource(ServerAddress address);
    ~WtsSource() override;

    Capabilities capabilities() const override;
    EnumerateResult enumerate() override;

protected:
    // Each reads who holds the id just before it acts (WtsSessionControl::identity) and
    // refuses with Changed when that is not the target's logon; a plain id is not checked.
    ActionResult doLogoff(const SessionRef &target, bool wait, Timeout timeout) override;
    ActionResult doDisconnect(const SessionRef &target, bool wait, Timeout timeout) override;
    ActionResult doSendMessage(const SessionRef &target, const QString &title, const QString &text, bool wait,
                               Timeout timeout) override;
    // The logon `session` names is checked after the listing, so that the processes listed
    // are that logon's. WTS calls cannot be given a timeout: these return when the RPC does.
    ProcessesResult doProcesses(const std::optional<SessionRef> &session, Timeout timeout) override;
    // See WtsProcessControl::terminate for what is checked and refused.
    ActionResult doEndProcess(const ProcessRef &target, Timeout timeout) override;
    // WtsDetailsReader, after the identity check; like the listing, it returns when the RPC does.
    DetailsResult doDetails(const SessionRef &target, Timeout timeout) override;

private:
    // The users of this server's processes, kept from one listing to the next.
    const std::unique_ptr<WtsAccountNames> m_accountNames;
};
