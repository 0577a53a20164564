#pragma once

#include <QDBusConnection>
#include <QDBusObjectPath>
#include <QHash>
#include <QObject>
#include <QString>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

// Receives logind's SessionNew and SessionRemoved. It lives on a thread with an event loop
// (QtDBus delivers signals as events to the receiver's thread), tells the change callback,
// and wakes the actions that wait for a session to go.
class LogindSignalReceiver final : public QObject
{
    Q_OBJECT

public:
    using Clock = std::chrono::steady_clock;

    // Subscribes to the Manager's signals on `connection`; once per new connection.
    bool subscribe(QDBusConnection &connection);
    void setOnChange(std::function<void()> onChange);

    // expectRemoval before asking logind to end the session, so that its SessionRemoved
    // cannot be missed; forgetRemoval when done waiting.
    void expectRemoval(const QString &id);
    void forgetRemoval(const QString &id);
    // True once SessionRemoved for `id` arrived, false if `until` passed first.
    bool waitForRemoval(const QString &id, Clock::time_point until);

private Q_SLOTS:
    void onSessionNew(const QString &id, const QDBusObjectPath &path);
    void onSessionRemoved(const QString &id, const QDBusObjectPath &path);

private:
    void notifyChange();

    std::mutex m_mutex;
    std::condition_variable m_removed;
    std::function<void()> m_onChange;
    // Sessions waited for, and whether SessionRemoved came; counted, as two callers may
    // wait for the same session.
    struct Expected
    {
        int waiters = 0;
        bool removed = false;
    };
    QHash<QString, Expected> m_expected;
};
