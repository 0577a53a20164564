#pragma once

#include "ServerAddress.h"
#include "SessionError.h"

#include <QDBusConnection>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <variant>

class QTemporaryFile;

// The one D-Bus connection to one server's logind: the system bus for `local`, the given
// address for `dbus:`, ssh running systemd-stdio-bridge (as `loginctl -H`) for a remote
// host. Connects lazily, again after the connection dropped, and never for longer than
// the caller's timeout. Thread-safe.
class LogindConnection final
{
public:
    using Result = std::variant<QDBusConnection, SessionError>;

    explicit LogindConnection(ServerAddress address);
    ~LogindConnection();
    LogindConnection(const LogindConnection &) = delete;
    LogindConnection &operator=(const LogindConnection &) = delete;

    // Called with every new connection, before get() returns it (e.g. to subscribe to signals).
    void setOnConnected(std::function<void(QDBusConnection &)> onConnected);

    // The live connection, (re)connecting first if there is none.
    Result get(std::chrono::milliseconds timeout);

    // After a call on `connection` failed: if the connection is gone, forget it so that the
    // next get() reconnects, and return what the transport said (ssh's own message when
    // there is one); nullopt while the connection is still up.
    std::optional<SessionError> checkLost(const QDBusConnection &connection);

    // Drops the connection now; get() connects again.
    void close();

private:
    Result connect(std::chrono::milliseconds timeout);
    QString busAddress(std::chrono::milliseconds timeout, QString *error);
    QString sshMessage() const;
    void closeLocked();

    const ServerAddress m_address;
    std::mutex m_mutex;
    std::function<void(QDBusConnection &)> m_onConnected;
    std::optional<QDBusConnection> m_connection;
    QString m_name;
    std::unique_ptr<QTemporaryFile> m_sshLog;
};
