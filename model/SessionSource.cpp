#include "SessionSource.h"

namespace {

ActionResult refusePseudoId(const SessionRef &target)
{
    if (const auto reason = SessionRef::pseudoIdReason(target.id))
        return SessionError{SessionError::Category::Other, 0, {}, *reason};
    return {};
}

} // namespace

ActionResult SessionSource::logoff(const SessionRef &target, bool wait, Timeout timeout)
{
    if (ActionResult allowed = refusePseudoId(target); !allowed)
        return allowed;
    return doLogoff(target, wait, timeout);
}

ActionResult SessionSource::disconnect(const SessionRef &target, bool wait, Timeout timeout)
{
    if (ActionResult allowed = refusePseudoId(target); !allowed)
        return allowed;
    return doDisconnect(target, wait, timeout);
}

ActionResult SessionSource::sendMessage(const SessionRef &target, const QString &title, const QString &text,
                                        bool wait, Timeout timeout)
{
    if (ActionResult allowed = refusePseudoId(target); !allowed)
        return allowed;
    return doSendMessage(target, title, text, wait, timeout);
}

ActionResult SessionSource::lock(const SessionRef &target, Timeout timeout)
{
    if (ActionResult allowed = refusePseudoId(target); !allowed)
        return allowed;
    return doLock(target, timeout);
}

ActionResult SessionSource::notSupported(const QString &what) const
{
    return SessionError{SessionError::Category::NotSupported, 0, {},
                        tr("%1 is not supported on %2").arg(what, m_address.displayName())};
}

ActionResult SessionSource::doDisconnect(const SessionRef &, bool, Timeout)
{
    return notSupported(tr("Disconnect"));
}

ActionResult SessionSource::doSendMessage(const SessionRef &, const QString &, const QString &, bool, Timeout)
{
    return notSupported(tr("Send Message"));
}

ActionResult SessionSource::doLock(const SessionRef &, Timeout)
{
    return notSupported(tr("Lock"));
}

void SessionSource::watchChanges(std::function<void()>)
{
}
