#pragma once

#include <QCoreApplication>
#include <QMetaType>
#include <QString>

// Where a server's sessions come from, parsed from the one string that the window,
// sessionctl and saved settings share:
//   local                                   this computer (the default)
//   HOST, USER@HOST, HOST:PORT, USER@HOST:PORT, [IPV6]:PORT   a remote server
//   dbus:ADDRESS                            a logind at a D-Bus address (unix: or tcp:)
//   demo:NAME[?sessions=N&latency=MS&churn=PCT&fail=PCT&seed=S]   a simulated server
// A server address is data, never shell: whatever could be read as an option or
// a shell word is refused here, before anything runs.
class ServerAddress final
{
    Q_DECLARE_TR_FUNCTIONS(ServerAddress)

public:
    enum class Kind { Invalid, Local, Remote, DBus, Demo };

    struct DemoOptions
    {
        int sessions = 20;
        int latencyMs = 40;
        int churnPercent = 5;
        int failPercent = 0;
        quint64 seed = 0; // 0: derived from the name
        bool operator==(const DemoOptions &) const = default;
    };

    static constexpr int MaxHostLength = 253;

    ServerAddress() = default;
    static ServerAddress local();

    // Returns an invalid address and sets `error` to what is wrong.
    static ServerAddress parse(const QString &text, QString *error = nullptr);

    Kind kind() const { return m_kind; }
    bool isValid() const { return m_kind != Kind::Invalid; }

    QString host() const { return m_host; } // without brackets
    QString user() const { return m_user; }
    int port() const { return m_port; } // 0: default
    QString dbusAddress() const { return m_dbusAddress; }
    QString demoName() const { return m_host; }
    DemoOptions demoOptions() const { return m_demo; }

    // Canonical text; parse(toString()) gives back an equal address.
    QString toString() const;
    // Short label for tabs: "local", "lab1", "demo:a".
    QString displayName() const;

    bool operator==(const ServerAddress &) const = default;

private:
    Kind m_kind = Kind::Invalid;
    QString m_host;
    QString m_user;
    int m_port = 0;
    QString m_dbusAddress;
    DemoOptions m_demo;
};

Q_DECLARE_METATYPE(ServerAddress)
