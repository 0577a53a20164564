#pragma once

#include "SessionSource.h"

#include "LogindBus.h"
#include "LogindErrorMapper.h"

#include <memory>

class LogindSignalReceiver;

// Sessions of a Linux server from systemd-logind (org.freedesktop.login1) over D-Bus:
// `local` is this machine's system bus, `dbus:ADDRESS` a bus at that address, and
// `[USER@]HOST[:PORT]` the host's system bus through ssh, as `loginctl -H` reaches it.
// Each source has its own connection on its own thread (LogindBus): a server that hangs
// holds up nothing but its own callers. A session's processes and totals come from systemd
// (its scope unit) on that same connection.
class LogindSource final : public SessionSource
{
    Q_DECLARE_TR_FUNCTIONS(LogindSource)

public:
    // How long enumerate() waits for a connection and for logind's answers.
    static constexpr Timeout QueryTimeout{15000};

    explicit LogindSource(ServerAddress address);
    // Returns at once, even while the server hangs.
    ~LogindSource() override;

    Capabilities capabilities() const override;
    // TerminateSession is one cheap call and the wait is a signal: a batch can be in flight
    // (the bus keeps the calls on the wire below the daemon's limit).
    int actionConcurrency() const override { return 100; }
    EnumerateResult enumerate() override;
    void watchChanges(std::function<void()> onChange) override;
    void releaseIdleConnection() override;

protected:
    ActionResult doLogoff(const SessionRef &target, bool wait, Timeout timeout) override;
    ActionResult doDisconnect(const SessionRef &target, bool wait, Timeout timeout) override;
    ActionResult doSendMessage(const SessionRef &target, const QString &title, const QString &text, bool wait,
                               Timeout timeout) override;
    ActionResult doLock(const SessionRef &target, Timeout timeout) override;
    ProcessesResult doProcesses(const std::optional<SessionRef> &session, Timeout timeout) override;
    // Refused: no systemd D-Bus call signals one pid of a unit (see the README).
    ActionResult doEndProcess(const ProcessRef &target, Timeout timeout) override;
    ActionResult doKillSession(const SessionRef &target, KillWho who, int signal, Timeout timeout) override;
    DetailsResult doDetails(const SessionRef &target, Timeout timeout) override;

private:
    using Clock = LogindBus::Clock;
    using Request = LogindErrorMapper::Request;

    // One session as GetAll describes it, with its object path.
    struct Described
    {
        QString path;
        QVariantMap properties;
    };

    EnumerateResult enumerateOnce(Clock::time_point deadline);
    // Every session's properties (sessions that end while they are read are left out), and
    // the path of the session this connection belongs to in `ownPath` when it is not null.
    Result<QList<Described>> describeAll(Clock::time_point deadline, QString *ownPath);
    // The session `target.id` names now, once its user and logon time were found to be the
    // ref's (a plain id is taken as it is).
    Result<Described> describe(const SessionRef &target, Request request, Clock::time_point deadline);
    // Whether session `id` is there now.
    Result<bool> isPresent(const QString &id, Clock::time_point deadline);
    // The object path of what describe() finds, without reading the properties of a plain id.
    Result<QString> resolve(const SessionRef &target, Request request, Clock::time_point deadline);
    // Calls `method` of org.freedesktop.login1.Session on the logon `target` names.
    ActionResult act(const SessionRef &target, const QString &method, Request request, Clock::time_point deadline);
    // AlreadyGone when `reply` is UnknownObject from a session object GetSession named and
    // logind no longer knows the id; nullopt otherwise.
    std::optional<SessionError> vanished(const LogindBus::Reply &reply, const QString &id, Clock::time_point deadline);
    // The processes of the sessions' scope units, read together.
    ProcessesResult scopeProcesses(const QList<Described> &sessions, Clock::time_point deadline);
    // The accounting totals of each scope unit (LogindScopeTotals' properties by name), read
    // together; empty for a scope that is empty or whose totals could not be read.
    QList<QVariantMap> scopeTotals(const QStringList &scopes, Clock::time_point deadline);
    ActionResult waitUntilGone(const QString &id, Clock::time_point deadline, Timeout timeout);
    static SessionError failure(const LogindBus::Reply &reply, Request request, const QString &id);

    const std::unique_ptr<LogindSignalReceiver> m_receiver;
    const std::unique_ptr<LogindBus> m_bus; // after the receiver it reports to: destroyed first
};
