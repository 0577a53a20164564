#pragma once

#include "SessionSource.h"

#include "LogindConnection.h"
#include "LogindErrorMapper.h"

#include <memory>

class LogindSignalReceiver;
class QThread;

// Sessions of a Linux server from systemd-logind (org.freedesktop.login1) over D-Bus:
// `local` is this machine's system bus, `dbus:ADDRESS` a bus at that address, and
// `[USER@]HOST[:PORT]` the host's system bus through ssh, as `loginctl -H` reaches it.
class LogindSource final : public SessionSource
{
public:
    // How long enumerate() and isPresent() wait for a connection and for logind's answers.
    static constexpr Timeout QueryTimeout{15000};
    // Most property requests one enumeration keeps in flight on the shared connection.
    static constexpr int PropertyWindow = 64;

    explicit LogindSource(ServerAddress address);
    ~LogindSource() override;

    Capabilities capabilities() const override;
    // TerminateSession is one cheap call and the wait is a signal: a batch can be in flight.
    int actionConcurrency() const override { return 100; }
    EnumerateResult enumerate() override;
    // Whether session `id` is there now.
    std::variant<bool, SessionError> isPresent(const QString &id);
    void watchChanges(std::function<void()> onChange) override;

protected:
    ActionResult doLogoff(const SessionRef &target, bool wait, Timeout timeout) override;
    ActionResult doDisconnect(const SessionRef &target, bool wait, Timeout timeout) override;
    ActionResult doSendMessage(const SessionRef &target, const QString &title, const QString &text, bool wait,
                               Timeout timeout) override;
    ActionResult doLock(const SessionRef &target, Timeout timeout) override;

private:
    EnumerateResult enumerateOn(const QDBusConnection &connection);
    std::variant<bool, SessionError> isPresentOn(const QDBusConnection &connection, const QString &id, Timeout timeout);
    ActionResult waitUntilGone(const QDBusConnection &connection, const QString &id, Timeout timeout);
    // Runs a Manager method taking a session id; nullopt on success.
    ActionResult callManager(const QString &method, const QString &id, Timeout timeout);
    SessionError failure(const QDBusConnection &connection, const QDBusError &error, LogindErrorMapper::Request request,
                         const QString &id);

    // The receiver lives on m_signalThread; both outlive m_connection's subscriptions.
    std::unique_ptr<QThread> m_signalThread;
    std::unique_ptr<LogindSignalReceiver> m_receiver;
    LogindConnection m_connection;
};
