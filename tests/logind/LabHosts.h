#pragma once

#include <QList>
#include <QProcess>
#include <QSet>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

// The running lab (tests/lab/lab.sh start), as described by the file $SC_LAB_ENV, and
// what tests do inside its hosts: run commands, open real logind sessions, ask loginctl.
class LabHosts final
{
public:
    struct Host
    {
        QString name;
        qint64 leaderPid = 0; // the host's PID 1, as seen from here
        QString busAddress;   // unix:path=/proc/<pid>/root/run/dbus/system_bus_socket
        int sshPort = 0;
    };

    // What loginctl show-session says about one session.
    struct LoginctlSession
    {
        QString id;
        QString user;
        QString state;
        bool remote = false;
        QString remoteHost;
        QString service;
        bool operator==(const LoginctlSession &) const = default;
    };

    // nullopt, with `error` set, when no lab is running.
    static std::optional<LabHosts> load(QString *error);

    const QList<Host> &hosts() const { return m_hosts; }
    const Host &host(int index) const { return m_hosts.at(index); }
    QString sshConfig() const { return m_sshConfig; }
    QString sshKey() const { return m_sshKey; }

    // Runs `command` inside `host`; returns its stdout, sets `exitCode`.
    QString exec(const Host &host, const QStringList &command, int *exitCode = nullptr) const;
    // Opens `count` sessions of `user` (su -l USER -c 'exec sleep infinity') and returns
    // the new session ids.
    QStringList openSessions(const Host &host, const QString &user, int count) const;
    // An SSH login of `user` that stays open (Remote=yes, RemoteHost=127.0.0.1) until the
    // process is destroyed; waits until its session exists and returns its id.
    QString openSshSession(const Host &host, const QString &user, std::unique_ptr<QProcess> *process) const;

    // lab.sh COMMAND HOST (freeze, thaw, kill-host, revive); true when it succeeded. After
    // revive the host has a new PID and bus: load() the lab again.
    bool control(const QString &command, const Host &host) const;

    QStringList sessionIds(const Host &host) const;
    // loginctl list-sessions plus show-session for each, run inside the host.
    QList<LoginctlSession> loginctlSessions(const Host &host) const;
    // The pids `ps` inside the host shows in the cgroup of unit `scope` ("session-3.scope"),
    // zombies left out.
    QSet<quint32> scopePids(const Host &host, const QString &scope) const;
    // One property of a session, as loginctl show-session -p NAME --value prints it.
    QString sessionProperty(const Host &host, const QString &id, const QString &property) const;

private:
    bool waitUntilOpened(const Host &host, const QStringList &ids) const;

    QList<Host> m_hosts;
    QString m_sshConfig;
    QString m_sshKey;
};
