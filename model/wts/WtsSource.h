#pragma once

#include "SessionSource.h"

// Sessions of a Windows RD Session Host through the WTS API (the wtscore library):
// `local` is this computer, a remote address names the host. WTS calls run with the
// console user's own Windows credentials over RPC, so a user or port in the address plays
// no part (note() says so). Every call opens its own server handle, which contacts no one
// until used, so calls from several threads never share one.
class WtsSource final : public SessionSource
{
public:
    explicit WtsSource(ServerAddress address);

    Capabilities capabilities() const override;
    EnumerateResult enumerate() override;
    ActionResult logoff(const QString &id, bool wait, Timeout timeout) override;
    ActionResult disconnect(const QString &id, bool wait, Timeout timeout) override;
    ActionResult sendMessage(const QString &id, const QString &title, const QString &text, bool wait,
                             Timeout timeout) override;
    std::variant<bool, SessionError> isPresent(const QString &id) override;

    // What in the address is ignored and why; empty when nothing is.
    QString note() const;
};
