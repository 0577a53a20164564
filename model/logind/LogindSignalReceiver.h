#pragma once

#include <QHash>
#include <QString>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

// What logind's SessionNew and SessionRemoved mean to a source: the bus's thread reports
// them here; the change callback hears of both, and actions waiting for a session to go
// wake up. Thread-safe.
class LogindSignalReceiver final
{
public:
    using Clock = std::chrono::steady_clock;

    void setOnChange(std::function<void()> onChange);

    // Called on the bus's thread.
    void sessionNew(const QString &id);
    void sessionRemoved(const QString &id);

    // expectRemoval before asking logind to end the session, so that its SessionRemoved
    // cannot be missed; forgetRemoval when done waiting.
    void expectRemoval(const QString &id);
    void forgetRemoval(const QString &id);
    // True once SessionRemoved for `id` arrived, false if `until` passed first.
    bool waitForRemoval(const QString &id, Clock::time_point until);

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
