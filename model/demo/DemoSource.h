#pragma once

#include "SessionSource.h"

#include <QCoreApplication>

#include <mutex>

#include <atomic>
#include <chrono>
#include <random>
#include <thread>

// A simulated Remote Desktop Session Host: plausible users, clients and addresses, and
// sessions that appear, disconnect, go idle and end from one enumeration to the next.
// Deterministic for a seed: the same calls give the same users, ids and states.
// Latency, churn and failure rate come from the demo: address.
class DemoSource final : public SessionSource
{
    Q_DECLARE_TR_FUNCTIONS(DemoSource)

public:
    // Session 0 (services) and the RDP listener, which every RD Session Host shows.
    static constexpr int ServicesSessionId = 0;
    static constexpr int ListenerSessionId = 65536;

    explicit DemoSource(ServerAddress address);

    Capabilities capabilities() const override;
    EnumerateResult enumerate() override;
    // For tests, which stand in DemoSource for a real server: whether session `id` is there
    // now, looked up without advancing the simulation or rolling a failure as enumerate()
    // does, so it always has an answer.
    bool isPresent(const QString &id);

    // Lets tests make a server fail and recover.
    void setFailPercent(int percent);

protected:
    ActionResult doLogoff(const SessionRef &target, bool wait, Timeout timeout) override;
    ActionResult doDisconnect(const SessionRef &target, bool wait, Timeout timeout) override;
    ActionResult doSendMessage(const SessionRef &target, const QString &title, const QString &text, bool wait,
                               Timeout timeout) override;
    ActionResult doLock(const SessionRef &target, Timeout timeout) override;

private:
    using Clock = std::chrono::steady_clock;

    // The console's own session on every demo server.
    static constexpr int OwnSessionId = 2;

    struct Entry
    {
        Session session;
        Clock::time_point goneAt = Clock::time_point::max(); // set while logging off
    };

    void simulateLatency() const;
    // The latency of an answer that gives up at `timeout`: Timeout when it would come later.
    ActionResult simulateLatencyWithin(Timeout timeout) const;
    bool rollFailure();
    void advance();
    void purgeGone();
    Entry makeEntry(int id, bool initial);
    int freeId() const;
    Entry *find(const QString &id);
    ActionResult checkTarget(const SessionRef &target, const QString &action);

    const ServerAddress::DemoOptions m_options;
    std::atomic<int> m_failPercent;
    std::mutex m_mutex;
    std::mt19937_64 m_random;
    QList<Entry> m_entries;
    double m_pendingChurn = 0;
};
