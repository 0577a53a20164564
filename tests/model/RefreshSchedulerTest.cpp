#include "RefreshScheduler.h"

#include "SessionFixtures.h"
#include "demo/DemoSource.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QSignalSpy>

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

using namespace std::chrono_literals;

namespace {

bool waitUntil(const std::function<bool()> &condition, int timeoutMs = 10000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        std::this_thread::sleep_for(2ms);
    }
    return true;
}

ServerAddress demo(const QString &text)
{
    return ServerAddress::parse(text);
}

ServerAddress demo(const char *text)
{
    return demo(QString::fromLatin1(text));
}

// Holds every enumeration until opened, counting how many wait at once.
class Gate final
{
public:
    void pass()
    {
        std::unique_lock lock(m_mutex);
        m_peak = std::max(m_peak, ++m_running);
        m_opened.wait(lock, [this] { return m_open; });
        --m_running;
    }
    void open()
    {
        std::lock_guard lock(m_mutex);
        m_open = true;
        m_opened.notify_all();
    }
    int running() const
    {
        std::lock_guard lock(m_mutex);
        return m_running;
    }
    int peak() const
    {
        std::lock_guard lock(m_mutex);
        return m_peak;
    }

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_opened;
    int m_running = 0;
    int m_peak = 0;
    bool m_open = false;
};

class GatedSource final : public SessionSource
{
public:
    GatedSource(const ServerAddress &address, std::shared_ptr<Gate> gate)
        : SessionSource(address)
        , m_gate(std::move(gate))
    {}
    Capabilities capabilities() const override { return Capability::Enumerate; }
    EnumerateResult enumerate() override
    {
        m_gate->pass();
        return SessionFixtures::range(address().toString(), 1, 2);
    }

protected:
    ActionResult doLogoff(const SessionRef &, bool, Timeout) override { return {}; }

private:
    const std::shared_ptr<Gate> m_gate;
};

// A source that records how many enumerations overlap and lets a test fire a change.
class CountingSource final : public SessionSource
{
public:
    explicit CountingSource(const ServerAddress &address, std::chrono::milliseconds latency = 0ms)
        : SessionSource(address)
        , m_latency(latency)
    {}
    Capabilities capabilities() const override { return Capability::Enumerate; }
    EnumerateResult enumerate() override
    {
        const int running = ++m_running;
        int seen = m_maxRunning.load();
        while (running > seen && !m_maxRunning.compare_exchange_weak(seen, running)) {
        }
        std::this_thread::sleep_for(m_latency);
        ++m_enumerations;
        --m_running;
        return SessionFixtures::range(address().toString(), 1, 3);
    }
    ActionResult doLogoff(const SessionRef &, bool, Timeout) override { return {}; }
    void watchChanges(std::function<void()> onChange) override { m_onChange = std::move(onChange); }
    void releaseIdleConnection() override { ++m_releases; }

    std::function<void()> m_onChange;
    std::atomic<int> m_releases{0};
    std::atomic<int> m_enumerations{0};
    std::atomic<int> m_running{0};
    std::atomic<int> m_maxRunning{0};

private:
    const std::chrono::milliseconds m_latency;
};

} // namespace

TEST(RefreshSchedulerTest, RefreshesPeriodicallyAndNeverOverlapsOneServer)
{
    RefreshScheduler scheduler;
    scheduler.setInterval(5ms);
    auto source = std::make_shared<CountingSource>(demo("demo:a"), 15ms);
    QSignalSpy finished(&scheduler, &RefreshScheduler::refreshFinished);
    scheduler.addSource(source);
    // F5 hammering while a refresh runs must not start a second one.
    for (int i = 0; i < 20; ++i)
        scheduler.refreshNow(QStringLiteral("demo:a"));
    ASSERT_TRUE(waitUntil([&] { return finished.count() >= 5; }));
    EXPECT_EQ(source->m_maxRunning.load(), 1);
    const auto result = finished.first().at(1).value<EnumerateResult>();
    EXPECT_TRUE(result.ok());
    EXPECT_EQ(result.value().size(), 3);
}

TEST(RefreshSchedulerTest, TwoHundredServersShareABoundedPool)
{
    RefreshScheduler scheduler(nullptr, 4);
    scheduler.setPaused(true);
    QSignalSpy finished(&scheduler, &RefreshScheduler::refreshFinished);
    auto gate = std::make_shared<Gate>();
    for (int i = 0; i < 200; ++i)
        scheduler.addSource(std::make_shared<GatedSource>(demo(QStringLiteral("demo:s%1").arg(i)), gate));
    // Every server wants to refresh at once; only four enumerations may run.
    ASSERT_TRUE(waitUntil([&] { return gate->running() == 4; }));
    EXPECT_FALSE(waitUntil([&] { return gate->running() > 4; }, 200));
    gate->open();
    ASSERT_TRUE(waitUntil([&] { return finished.count() == 200; }));
    EXPECT_EQ(gate->peak(), 4);
    EXPECT_EQ(scheduler.servers().size(), 200);
}

TEST(RefreshSchedulerTest, DropsTheResultOfARemovedServer)
{
    RefreshScheduler scheduler;
    QSignalSpy finished(&scheduler, &RefreshScheduler::refreshFinished);
    scheduler.addServer(demo("demo:gone?latency=100"));
    scheduler.removeServer(QStringLiteral("demo:gone?latency=100"));
    EXPECT_FALSE(scheduler.servers().contains(QStringLiteral("demo:gone?latency=100")));
    scheduler.pool()->waitForDone();
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    EXPECT_EQ(finished.count(), 0);
}

TEST(RefreshSchedulerTest, ReAddedServerIgnoresTheOldResult)
{
    RefreshScheduler scheduler;
    scheduler.setPaused(true);
    QSignalSpy finished(&scheduler, &RefreshScheduler::refreshFinished);
    const auto slow = std::make_shared<CountingSource>(demo("demo:x"), 80ms);
    scheduler.addSource(slow);
    scheduler.removeServer(QStringLiteral("demo:x"));
    const auto fresh = std::make_shared<CountingSource>(demo("demo:x"));
    scheduler.addSource(fresh);
    ASSERT_TRUE(waitUntil([&] { return finished.count() >= 1; }));
    scheduler.pool()->waitForDone();
    QCoreApplication::processEvents();
    EXPECT_EQ(finished.count(), 1);
    EXPECT_EQ(scheduler.source(QStringLiteral("demo:x")), fresh);
}

TEST(RefreshSchedulerTest, FailingServerBacksOffAndRecovers)
{
    RefreshScheduler scheduler;
    scheduler.setInterval(10ms);
    QSignalSpy finished(&scheduler, &RefreshScheduler::refreshFinished);
    const QString key = QStringLiteral("demo:f?latency=0&fail=100");
    scheduler.addServer(ServerAddress::parse(key));
    ASSERT_TRUE(waitUntil([&] { return scheduler.status(key).consecutiveFailures >= 3; }));
    const auto status = scheduler.status(key);
    ASSERT_TRUE(status.lastError.has_value());
    EXPECT_EQ(status.lastError->category, SessionError::Category::Unreachable);
    EXPECT_GE(status.retryIn, 80ms); // 10 ms doubled three times
    EXPECT_FALSE(status.lastSuccess.isValid());

    dynamic_cast<DemoSource &>(*scheduler.source(key)).setFailPercent(0);
    scheduler.refreshNow(key);
    ASSERT_TRUE(waitUntil([&] { return scheduler.status(key).consecutiveFailures == 0; }));
    EXPECT_FALSE(scheduler.status(key).lastError.has_value());
    EXPECT_TRUE(scheduler.status(key).lastSuccess.isValid());
    EXPECT_EQ(scheduler.status(key).retryIn, 0ms);
}

TEST(RefreshSchedulerTest, UnservableAddressReportsAnError)
{
    RefreshScheduler scheduler;
    QSignalSpy finished(&scheduler, &RefreshScheduler::refreshFinished);
    QString error;
    EXPECT_FALSE(scheduler.addServer(ServerAddress(), &error));
    EXPECT_FALSE(error.isEmpty());
    ASSERT_EQ(finished.count(), 1);
    EXPECT_FALSE(finished.first().at(1).value<EnumerateResult>().ok());
}

TEST(RefreshSchedulerTest, ChangeSignalFromAnotherThreadRefreshesAtOnce)
{
    RefreshScheduler scheduler;
    scheduler.setInterval(1h);
    QSignalSpy started(&scheduler, &RefreshScheduler::refreshStarted);
    QSignalSpy finished(&scheduler, &RefreshScheduler::refreshFinished);
    auto source = std::make_shared<CountingSource>(demo("demo:w"));
    scheduler.addSource(source);
    ASSERT_TRUE(waitUntil([&] { return finished.count() == 1; }));
    ASSERT_TRUE(source->m_onChange);
    std::thread([&] { source->m_onChange(); }).join();
    ASSERT_TRUE(waitUntil([&] { return finished.count() == 2; }));
    EXPECT_EQ(started.count(), 2);
}

TEST(RefreshSchedulerTest, ChangeSignalOfABackgroundServerWaitsForItsTimer)
{
    RefreshScheduler scheduler;
    scheduler.setInterval(1h);
    QSignalSpy finished(&scheduler, &RefreshScheduler::refreshFinished);
    auto hidden = std::make_shared<CountingSource>(demo("demo:hidden"));
    auto shown = std::make_shared<CountingSource>(demo("demo:shown"));
    scheduler.addSource(hidden);
    scheduler.addSource(shown);
    ASSERT_TRUE(waitUntil([&] { return finished.count() == 2; }));
    scheduler.setBackground({QStringLiteral("demo:hidden")});
    QSignalSpy started(&scheduler, &RefreshScheduler::refreshStarted);
    // Both signals reach the scheduler in order: once the shown server refreshes, the hidden
    // one's signal was handled too.
    std::thread([&] {
        hidden->m_onChange();
        shown->m_onChange();
    }).join();
    ASSERT_TRUE(waitUntil([&] { return finished.count() >= 3; }));
    ASSERT_EQ(started.count(), 1);
    EXPECT_EQ(started.at(0).at(0).toString(), QStringLiteral("demo:shown"));
}

TEST(RefreshSchedulerTest, ChangeCallbackOutlivesTheScheduler)
{
    auto source = std::make_shared<CountingSource>(demo("demo:late"));
    {
        RefreshScheduler scheduler;
        scheduler.addSource(source);
    }
    const int enumerations = source->m_enumerations.load();
    ASSERT_TRUE(source->m_onChange) << "the scheduler subscribed to changes";
    // The source (and its signal thread) may call back after the window is gone: the
    // callback must neither touch the dead scheduler (ASan would say) nor refresh.
    std::thread([&] { source->m_onChange(); }).join();
    QCoreApplication::processEvents();
    EXPECT_EQ(source->m_enumerations.load(), enumerations);
}

TEST(RefreshSchedulerTest, PauseStopsTimedRefreshesButNotRefreshNow)
{
    RefreshScheduler scheduler;
    scheduler.setInterval(5ms);
    QSignalSpy finished(&scheduler, &RefreshScheduler::refreshFinished);
    QSignalSpy paused(&scheduler, &RefreshScheduler::pausedChanged);
    auto source = std::make_shared<CountingSource>(demo("demo:p"));
    scheduler.setPaused(true);
    scheduler.addSource(source);
    ASSERT_TRUE(waitUntil([&] { return finished.count() == 1; }));
    EXPECT_FALSE(finished.wait(100)); // no timed refresh while paused
    scheduler.refreshNow(QStringLiteral("demo:p"));
    ASSERT_TRUE(waitUntil([&] { return finished.count() == 2; }));
    scheduler.setPaused(false);
    ASSERT_TRUE(waitUntil([&] { return finished.count() >= 4; }));
    EXPECT_EQ(paused.count(), 2);
}

TEST(RefreshSchedulerTest, BackgroundServersAreRefreshedLessOften)
{
    RefreshScheduler scheduler;
    scheduler.setInterval(50ms);
    auto shown = std::make_shared<CountingSource>(demo("demo:shown"));
    auto hidden = std::make_shared<CountingSource>(demo("demo:hidden"));
    scheduler.addSource(shown);
    scheduler.addSource(hidden);
    scheduler.setBackground({QStringLiteral("demo:hidden")});
    EXPECT_TRUE(scheduler.status(QStringLiteral("demo:hidden")).background);
    EXPECT_FALSE(scheduler.status(QStringLiteral("demo:shown")).background);
    const int hiddenBefore = hidden->m_enumerations;
    const int shownBefore = shown->m_enumerations;
    ASSERT_TRUE(waitUntil([&] { return shown->m_enumerations - shownBefore >= 6 * RefreshScheduler::BackgroundFactor; },
                          120000));
    // Six times less often; each refresh's own time (long under a sanitizer) narrows the
    // ratio, so half as many is the bound, which refreshing both alike would still miss.
    EXPECT_LT(hidden->m_enumerations - hiddenBefore, (shown->m_enumerations - shownBefore) / 2);
    EXPECT_GE(hidden->m_enumerations - hiddenBefore, 1) << "background is slower, not stopped";
}

TEST(RefreshSchedulerTest, AServerBackInTheForegroundIsRefreshedAtOnceWhenItsAnswerIsOld)
{
    RefreshScheduler scheduler;
    scheduler.setInterval(1s);
    QSignalSpy finished(&scheduler, &RefreshScheduler::refreshFinished);
    auto source = std::make_shared<CountingSource>(demo("demo:b"));
    scheduler.addSource(source);
    ASSERT_TRUE(waitUntil([&] { return finished.count() == 1; }));
    const QString server = QStringLiteral("demo:b");
    scheduler.setBackground({server});
    // Its last answer grows older than the interval while its background timer (6 s) runs.
    ASSERT_TRUE(waitUntil(
        [&] { return scheduler.status(server).lastSuccess.msecsTo(QDateTime::currentDateTimeUtc()) > 1100; }));
    QSignalSpy started(&scheduler, &RefreshScheduler::refreshStarted);
    // On a machine so busy that the background timer fired meanwhile, its refresh is running
    // or has already brought a fresh answer.
    const bool timedRefresh = scheduler.status(server).refreshing || finished.count() > 1;
    scheduler.setBackground({});
    EXPECT_FALSE(scheduler.status(server).background);
    EXPECT_TRUE(scheduler.status(server).refreshing || timedRefresh);
    EXPECT_TRUE(started.count() == 1 || timedRefresh) << "started now, or its timed refresh is running or already ran";
}

TEST(RefreshSchedulerTest, AServerBackInTheForegroundWithAFreshAnswerWaitsOutTheInterval)
{
    RefreshScheduler scheduler;
    scheduler.setInterval(1h);
    QSignalSpy finished(&scheduler, &RefreshScheduler::refreshFinished);
    scheduler.addSource(std::make_shared<CountingSource>(demo("demo:c")));
    ASSERT_TRUE(waitUntil([&] { return finished.count() == 1; }));
    QSignalSpy started(&scheduler, &RefreshScheduler::refreshStarted);
    scheduler.setBackground({QStringLiteral("demo:c")});
    scheduler.setBackground({});
    EXPECT_EQ(started.count(), 0);
    EXPECT_FALSE(scheduler.status(QStringLiteral("demo:c")).refreshing);
}

TEST(RefreshSchedulerTest, BackgroundServersReleaseTheirConnectionAfterEachRefreshForegroundOnesKeepIt)
{
    RefreshScheduler scheduler;
    scheduler.setInterval(1h);
    QSignalSpy finished(&scheduler, &RefreshScheduler::refreshFinished);
    auto shown = std::make_shared<CountingSource>(demo("demo:shown"));
    auto hidden = std::make_shared<CountingSource>(demo("demo:hidden"));
    scheduler.addSource(shown);
    scheduler.addSource(hidden);
    ASSERT_TRUE(waitUntil([&] { return finished.count() == 2; }));
    EXPECT_EQ(hidden->m_releases, 0) << "servers start in the foreground";

    const QString server = QStringLiteral("demo:hidden");
    scheduler.setBackground({server});
    EXPECT_EQ(hidden->m_releases, 1) << "idle when it went to the background: released at once";
    scheduler.setBackground({server});
    EXPECT_EQ(hidden->m_releases, 1) << "already in the background";
    scheduler.refreshNow(server);
    scheduler.refreshNow(QStringLiteral("demo:shown"));
    ASSERT_TRUE(waitUntil([&] { return finished.count() == 4; }));
    EXPECT_EQ(hidden->m_releases, 2) << "and after each of its refreshes";

    // Back in the foreground it keeps its connection, like the server that was always shown.
    scheduler.setBackground({});
    scheduler.refreshNow(server);
    scheduler.refreshNow(QStringLiteral("demo:shown"));
    ASSERT_TRUE(waitUntil([&] { return finished.count() == 6; }));
    EXPECT_EQ(hidden->m_releases, 2);
    EXPECT_EQ(shown->m_releases, 0);
}

TEST(RefreshSchedulerTest, AServerSentToTheBackgroundMidRefreshReleasesWhenTheRefreshEnds)
{
    RefreshScheduler scheduler;
    scheduler.setInterval(1h);
    QSignalSpy finished(&scheduler, &RefreshScheduler::refreshFinished);
    auto source = std::make_shared<CountingSource>(demo("demo:busy"), 100ms);
    scheduler.addSource(source);
    const QString server = QStringLiteral("demo:busy");
    ASSERT_TRUE(scheduler.status(server).refreshing);
    scheduler.setBackground({server});
    EXPECT_EQ(source->m_releases, 0) << "its refresh still uses the connection";
    ASSERT_TRUE(waitUntil([&] { return finished.count() == 1; }));
    EXPECT_EQ(source->m_releases, 1);
}

TEST(RefreshSchedulerTest, AShownServersRefreshGoesBeforeHiddenOnesWaitingForAThread)
{
    RefreshScheduler scheduler(nullptr, 1);
    scheduler.setInterval(1h);
    QStringList order;
    QObject::connect(&scheduler, &RefreshScheduler::refreshFinished, [&](const QString &server) { order << server; });
    scheduler.addSource(std::make_shared<CountingSource>(demo("demo:hidden")));
    scheduler.addSource(std::make_shared<CountingSource>(demo("demo:shown")));
    ASSERT_TRUE(waitUntil([&] { return order.size() == 2; }));
    scheduler.setBackground({QStringLiteral("demo:hidden")});
    // The only thread is busy: both wait, the hidden one first.
    auto gate = std::make_shared<Gate>();
    scheduler.addSource(std::make_shared<GatedSource>(demo("demo:busy"), gate));
    ASSERT_TRUE(waitUntil([&] { return gate->running() == 1; }));
    scheduler.refreshNow(QStringLiteral("demo:hidden"));
    scheduler.refreshNow(QStringLiteral("demo:shown"));
    order.clear();
    gate->open();
    ASSERT_TRUE(waitUntil([&] { return order.size() == 3; }));
    EXPECT_EQ(order,
              (QStringList{QStringLiteral("demo:busy"), QStringLiteral("demo:shown"), QStringLiteral("demo:hidden")}));
}
