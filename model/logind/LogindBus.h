#pragma once

#include "LogindBusError.h"
#include "ServerAddress.h"
#include "SessionError.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <chrono>
#include <memory>
#include <variant>

class LogindSignalReceiver;

// One server's own D-Bus connection to its logind, on sd-bus: the system bus for `local`,
// the given address for `dbus:`, ssh running systemd-stdio-bridge for a remote host (as
// `loginctl -H`, with our own ssh options). An sd_bus object is single-threaded, so one
// thread of this object owns it: it connects (lazily, again after a drop), sends every
// call asynchronously, delivers SessionNew/SessionRemoved to the receiver and never waits
// for anything but its poll. Nothing here is shared with another server's bus, so a host
// that never answers delays only the callers of its own bus. Any thread may call call().
// The connection counts against the process's LogindConnectionBudget, which may ask it to
// close while idle; the thread (and its wake-up descriptor) lives only while there is a
// connection or a call.
class LogindBus final
{
    Q_DECLARE_TR_FUNCTIONS(LogindBus)

public:
    using Clock = std::chrono::steady_clock;

    // Calls in flight on the connection at most, the rest wait in line: dbus-daemon refuses
    // more than max_replies_per_connection (128 on the system bus) pending replies on one
    // connection with LimitsExceeded; this leaves room for Hello and the AddMatch calls.
    static constexpr int MaxPendingReplies = 96;

    static inline const QString Logind = QStringLiteral("org.freedesktop.login1");
    static inline const QString Systemd = QStringLiteral("org.freedesktop.systemd1");

    // A method call on `service` (logind, or systemd for the units of the sessions) whose
    // arguments are strings (s), ints (i) or uints (u).
    struct Call
    {
        QString path;
        QString interface;
        QString member;
        QVariantList arguments;
        QString service = Logind;
    };
    // The method's return values (a{sv} as a QVariantMap, arrays and structures as
    // QVariantLists); logind's or the bus's error reply; or why no reply could come (no
    // connection, the connection lost, the deadline passed) as the engine's error.
    using Reply = std::variant<QVariantList, LogindBusError, SessionError>;

    // `receiver` must outlive the bus.
    LogindBus(ServerAddress address, LogindSignalReceiver &receiver);
    // Returns at once: callers still waiting get an error, the connection is closed and
    // sd-bus ends (and waits for) the ssh it started.
    ~LogindBus();
    LogindBus(const LogindBus &) = delete;
    LogindBus &operator=(const LogindBus &) = delete;

    // Sends the calls (connecting first if needed) and waits for all their replies, at
    // most until `deadline`; the replies in the order of the calls.
    QList<Reply> call(const QList<Call> &calls, Clock::time_point deadline);
    Reply call(const Call &call, Clock::time_point deadline);
    // Closes the connection (ending its ssh and the thread) once no call is in flight, at
    // once when none is; the next call connects again. Returns at once.
    void closeWhenIdle();

    // The object path systemd gives unit `name` ("session-3.scope"), as GetUnit would answer
    // for a loaded unit: no round trip to learn it.
    static QString unitPath(const QString &name);

private:
    class Loop;
    std::unique_ptr<Loop> m_loop;
};
