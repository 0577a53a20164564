#pragma once

#include "Result.h"
#include "ServerAddress.h"
#include "Session.h"
#include "SessionDetails.h"
#include "SessionError.h"
#include "SessionProcess.h"
#include "SessionRef.h"

#include <QCoreApplication>
#include <QFlags>
#include <QList>

#include <atomic>
#include <chrono>
#include <functional>

// What one enumeration returned: the sessions, or why there are none.
using EnumerateResult = Result<QList<Session>>;

// AlreadyGone is reported as an error and counted as done by batches.
using ActionResult = Result<void>;
// The processes of a session or a server.
using ProcessesResult = Result<QList<SessionProcess>>;
using DetailsResult = Result<SessionDetails>;

// One server's sessions and the actions on them. Every call may block (network, D-Bus,
// RPC) and is made from worker threads, never the GUI thread; implementations are
// thread-safe, since a refresh and several actions may run on one server at once.
class SessionSource
{
    Q_DECLARE_TR_FUNCTIONS(SessionSource)

public:
    enum class Capability {
        Enumerate = 0x1,
        Logoff = 0x2,
        Disconnect = 0x4,
        SendMessage = 0x8,
        Lock = 0x10,
        ListProcesses = 0x20,
        EndProcess = 0x40,
        KillSession = 0x80,
        Details = 0x100,
        ResourceTotals = 0x200, // Session's processCount, memoryBytes and cpuTime
    };
    Q_DECLARE_FLAGS(Capabilities, Capability)

    using Timeout = std::chrono::milliseconds;
    static constexpr Timeout DefaultTimeout{30000};

    virtual ~SessionSource() = default;
    SessionSource(const SessionSource &) = delete;
    SessionSource &operator=(const SessionSource &) = delete;

    const ServerAddress &address() const { return m_address; }
    virtual Capabilities capabilities() const = 0;
    // How many actions may run on this server at once. A log off with wait mostly waits, so
    // a backend whose calls are cheap (logind) allows many; RPC servers (WTS) few.
    virtual int actionConcurrency() const { return 4; }

    virtual EnumerateResult enumerate() = 0;

    // Whether enumerate() fills in the sessions' resource totals. They cost the backend
    // calls of their own (logind: one per session), so they are read only while something
    // shows them. Off until asked; any thread may switch it.
    void setWantResourceTotals(bool want) { m_wantResourceTotals.store(want, std::memory_order_relaxed); }
    bool wantsResourceTotals() const { return m_wantResourceTotals.load(std::memory_order_relaxed); }

    // The actions name the logon they are meant for. An id that means "the caller's own
    // session" is refused here, before any backend sees it; the backend then checks, just
    // before it acts, that the id still belongs to that logon, and refuses with Changed when
    // it does not. Every action returns by `timeout`.
    //
    // Log off follows WTSLogoffSession: with `wait` it returns once the session is gone (or
    // `timeout` passed); without it returns as soon as the request is accepted. A session
    // already gone is AlreadyGone.
    ActionResult logoff(const SessionRef &target, bool wait, Timeout timeout);
    ActionResult disconnect(const SessionRef &target, bool wait, Timeout timeout);
    ActionResult sendMessage(const SessionRef &target, const QString &title, const QString &text, bool wait,
                             Timeout timeout);
    ActionResult lock(const SessionRef &target, Timeout timeout);

    // The processes of one logon, or of every session on the server when `session` is
    // nullopt. A ref that no longer names the logon it was taken from is Changed.
    ProcessesResult processes(const std::optional<SessionRef> &session, Timeout timeout);
    // Ends one process (WTSTerminateProcess; on Linux a signal), after checking that the pid
    // still belongs to the program and logon `target` names.
    ActionResult endProcess(const ProcessRef &target, Timeout timeout);
    // Sends `signal` to the processes of a session (logind's KillSession): to every one, or to
    // its leader only. For when Log Off is not enough.
    enum class KillWho { All, Leader };
    ActionResult killSession(const SessionRef &target, KillWho who, int signal, Timeout timeout);
    // Everything the backend knows about one logon, read when asked (not with every refresh).
    DetailsResult details(const SessionRef &target, Timeout timeout);

    // Asks to be told when sessions appear or end (logind's SessionNew and SessionRemoved),
    // so the server can be refreshed at once. `onChange` may be called from any thread and
    // must stay callable until the source is destroyed. Sources without such signals ignore it.
    virtual void watchChanges(std::function<void()> onChange);
    // Closes the source's connection to its server once nothing is in flight on it, for a
    // backend that keeps one open between calls (logind: an ssh child and a thread); the
    // next call connects again. Returns at once: the GUI thread calls it.
    virtual void releaseIdleConnection() {}

protected:
    explicit SessionSource(ServerAddress address)
        : m_address(std::move(address))
    {}

    // The backends' actions, called with an ordinary id only.
    virtual ActionResult doLogoff(const SessionRef &target, bool wait, Timeout timeout) = 0;
    virtual ActionResult doDisconnect(const SessionRef &target, bool wait, Timeout timeout);
    virtual ActionResult doSendMessage(const SessionRef &target, const QString &title, const QString &text, bool wait,
                                       Timeout timeout);
    virtual ActionResult doLock(const SessionRef &target, Timeout timeout);
    virtual ProcessesResult doProcesses(const std::optional<SessionRef> &session, Timeout timeout);
    virtual ActionResult doEndProcess(const ProcessRef &target, Timeout timeout);
    virtual ActionResult doKillSession(const SessionRef &target, KillWho who, int signal, Timeout timeout);
    virtual DetailsResult doDetails(const SessionRef &target, Timeout timeout);

    SessionError notSupported(const QString &what) const;

private:
    const ServerAddress m_address;
    std::atomic<bool> m_wantResourceTotals{false};
};

Q_DECLARE_OPERATORS_FOR_FLAGS(SessionSource::Capabilities)
