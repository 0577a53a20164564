#include "SessionSource.h"

#include "LinuxSignal.h"

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

ActionResult SessionSource::sendMessage(const SessionRef &target, const QString &title, const QString &text, bool wait,
                                        Timeout timeout)
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

SessionError SessionSource::notSupported(const QString &what) const
{
    return SessionError{SessionError::Category::NotSupported,
                        0,
                        {},
                        tr("%1 is not supported on %2").arg(what, m_address.displayName())};
}

ProcessesResult SessionSource::processes(const std::optional<SessionRef> &session, Timeout timeout)
{
    if (session) {
        if (ActionResult allowed = refusePseudoId(*session); !allowed)
            return allowed.error();
    }
    return doProcesses(session, timeout);
}

ActionResult SessionSource::endProcess(const ProcessRef &target, Timeout timeout)
{
    if (!ProcessRef::isProcessId(target.pid))
        return SessionError{SessionError::Category::Other,
                            0,
                            {},
                            tr("%1 names no process: a server could read it as a group of processes")
                                .arg(qint32(target.pid))};
    if (!target.session.id.isEmpty()) {
        if (ActionResult allowed = refusePseudoId(target.session); !allowed)
            return allowed;
    }
    return doEndProcess(target, timeout);
}

ActionResult SessionSource::killSession(const SessionRef &target, KillWho who, int signal, Timeout timeout)
{
    if (ActionResult allowed = refusePseudoId(target); !allowed)
        return allowed;
    if (signal < 1 || signal > LinuxSignal::Max)
        return SessionError{SessionError::Category::Other,
                            0,
                            {},
                            tr("%1 is not a signal (signals are 1 to %2)").arg(signal).arg(LinuxSignal::Max)};
    return doKillSession(target, who, signal, timeout);
}

DetailsResult SessionSource::details(const SessionRef &target, Timeout timeout)
{
    if (ActionResult allowed = refusePseudoId(target); !allowed)
        return allowed.error();
    return doDetails(target, timeout);
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

ProcessesResult SessionSource::doProcesses(const std::optional<SessionRef> &, Timeout)
{
    return notSupported(tr("Listing processes"));
}

ActionResult SessionSource::doEndProcess(const ProcessRef &, Timeout)
{
    return notSupported(tr("End Process"));
}

ActionResult SessionSource::doKillSession(const SessionRef &, KillWho, int, Timeout)
{
    return notSupported(tr("Kill Session"));
}

DetailsResult SessionSource::doDetails(const SessionRef &, Timeout)
{
    return notSupported(tr("Session details"));
}

void SessionSource::watchChanges(std::function<void()>) {}
