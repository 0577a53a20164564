#pragma once

#include "SessionSource.h"

// Sessions of a Windows RD Session Host through the WTS API (the wtscore library):
// `local` is this computer, a remote address names the host. WTS calls run with the
// console user's own Windows credentials over RPC, so a user or port in the address plays
// no part (note() says so). Every call opens its own server handle, which contacts no one
// until used, so calls from several threads never share one.
class WtsSource final : public SessionSource
{
    Q_DECLARE_TR_FUNCTIONS(WtsSource)

public:
    explicit WtsSource(ServerAddress address);

    Capabilities capabilities() const override;
    EnumerateResult enumerate() override;

protected:
    // Each reads who holds the id just before it acts (WtsSessionControl::identity) and
    // refuses with Changed when that is not the target's logon; a plain id is not checked.
    ActionResult doLogoff(const SessionRef &target, bool wait, Timeout timeout) override;
    ActionResult doDisconnect(const SessionRef &target, bool wait, Timeout timeout) override;
    ActionResult doSendMessage(const SessionRef &target, const QString &title, const QString &text, bool wait,
                               Timeout timeout) override;
};
