#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <chrono>
#include <optional>

// One interactive login session on one server, as any backend reports it.
// A field added here is added to SessionDigest::of too, or refreshes miss its changes.
struct Session final
{
    enum class State {
        Active,
        Connected,
        Disconnected,
        Idle,
        Listening,
        Closing,
        Other,
    };

    QString server; // ServerAddress::toString() of the server that reported it
    QString id;     // text: WTS ids are numbers, logind ids look like "c1" or "3"
    QString user;
    QString domain;
    State state = State::Other;
    QString rawState; // the backend's own state word, e.g. "WTSActive" or "online"
    QString station;  // WinStation name, TTY or seat
    QString clientName;
    QString clientAddress;
    QString remoteUser; // the user on the client side where the backend knows it (logind's RemoteUser)
    bool remote = false;
    QString service; // protocol (RDP, ICA) or PAM service (sshd, xrdp)
    QDateTime logonTime;
    QDateTime connectTime;
    QDateTime disconnectTime;
    QDateTime idleSince; // last input, or logind's IdleSinceHint; invalid when unknown
    bool own = false;    // the session this console itself runs in or opened
    // Totals over the session's processes, where the backend gives them (ResourceTotals) and
    // was asked to; nullopt is unknown, never zero. logind counts tasks, threads included.
    std::optional<qint64> processCount;
    std::optional<qint64> memoryBytes;
    std::optional<std::chrono::nanoseconds> cpuTime; // user and kernel time since the logon

    static QString stateName(State state);

    // Seconds idle at `now`, or nullopt when the backend does not know.
    std::optional<qint64> idleSeconds(const QDateTime &now) const;

    bool operator==(const Session &) const = default;
};

// Rows are matched by server, id and logon time, so a reused id is a new session.
struct SessionKey final
{
    QString server;
    QString id;
    qint64 logonMSecs = 0;

    static SessionKey of(const Session &session);
    bool operator==(const SessionKey &) const = default;
};

size_t qHash(const SessionKey &key, size_t seed = 0) noexcept;

Q_DECLARE_METATYPE(Session)
