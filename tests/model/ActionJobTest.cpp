#include "ActionJob.h"
#include "demo/DemoSource.h"

#include <QSignalSpy>
#include <QThreadPool>

#include <gtest/gtest.h>

#include <atomic>

using namespace std::chrono_literals;

namespace {

// Counts how many calls are in flight at once on a real demo server.
class ConcurrencyProbe final : public SessionSource
{
public:
    explicit ConcurrencyProbe(const QString &address)
        : SessionSource(ServerAddress::parse(address))
        , m_demo(ServerAddress::parse(address))
    {
    }

    Capabilities capabilities() const override { return m_demo.capabilities(); }
    int actionConcurrency() const override { return 2; }
    EnumerateResult enumerate() override { return m_demo.enumerate(); }
protected:
    ActionResult doLogoff(const SessionRef &target, bool wait, Timeout timeout) override
    {
        const int now = ++m_inFlight;
        int seen = m_maxInFlight.load();
        while (now > seen && !m_maxInFlight.compare_exchange_weak(seen, now)) {
        }
        ActionResult result = m_demo.logoff(target, wait, timeout);
        --m_inFlight;
        return result;
    }

public:
    std::variant<bool, SessionError> isPresent(const QString &id) { return m_demo.isPresent(id); }

    int maxInFlight() const { return m_maxInFlight; }

private:
    DemoSource m_demo;
    std::atomic<int> m_inFlight{0};
    std::atomic<int> m_maxInFlight{0};
};

QList<ActionJob::Target> targetsOf(const std::shared_ptr<SessionSource> &source, int count, int skipFirst = 1)
{
    const EnumerateResult listed = source->enumerate();
    QList<ActionJob::Target> targets;
    for (const Session &s : listed.sessions) {
        if (s.user.isEmpty() || s.own || skipFirst-- > 0)
            continue;
        if (targets.size() == count)
            break;
        targets.append({source, s});
    }
    return targets;
}

bool waitFinished(ActionJob &job)
{
    if (job.isFinished())
        return true;
    QSignalSpy finished(&job, &ActionJob::finished);
    return finished.wait(20000);
}

} // namespace

TEST(ActionJob, LogsOffThreeSessionsWithProgress)
{
    auto source = std::make_shared<DemoSource>(ServerAddress::parse(QStringLiteral("demo:j?sessions=10&latency=5&churn=0")));
    QThreadPool pool;
    ActionJob job({}, targetsOf(source, 3), &pool);
    QSignalSpy progress(&job, &ActionJob::progressChanged);
    QSignalSpy finished(&job, &ActionJob::finished);
    job.start();
    ASSERT_TRUE(waitFinished(job));
    EXPECT_EQ(finished.count(), 1);
    EXPECT_EQ(progress.last().at(0).toInt(), 3);
    EXPECT_EQ(progress.last().at(1).toInt(), 3);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(job.outcome(i).status, ActionJob::Status::Done);
        EXPECT_FALSE(std::get<bool>(source->isPresent(job.target(i).session.id)));
    }
}

TEST(ActionJob, AlreadyGoneCountsAsDoneAndFailuresCarryTheirReason)
{
    auto source = std::make_shared<DemoSource>(ServerAddress::parse(QStringLiteral("demo:g?sessions=10&latency=0&churn=0")));
    QList<ActionJob::Target> targets = targetsOf(source, 2);
    ASSERT_FALSE(source->logoff(targets.at(0).ref, true, 5s).has_value());
    Session services;
    services.id = QString::number(DemoSource::ServicesSessionId);
    targets.append({source, services});

    QThreadPool pool;
    ActionJob job({}, targets, &pool);
    job.start();
    ASSERT_TRUE(waitFinished(job));
    EXPECT_EQ(job.outcome(0).status, ActionJob::Status::AlreadyGone);
    EXPECT_TRUE(ActionJob::succeeded(job.outcome(0).status));
    EXPECT_EQ(job.outcome(1).status, ActionJob::Status::Done);
    EXPECT_EQ(job.outcome(2).status, ActionJob::Status::Failed);
    ASSERT_TRUE(job.outcome(2).error.has_value());
    EXPECT_EQ(job.outcome(2).error->category, SessionError::Category::NotSupported);
}

TEST(ActionJob, CancelSkipsWhatHasNotStartedAndReportsEveryItemOnce)
{
    auto source = std::make_shared<DemoSource>(ServerAddress::parse(QStringLiteral("demo:c?sessions=20&latency=20&churn=0")));
    QThreadPool pool;
    ActionJob::Options options;
    options.maxPerServer = 2;
    ActionJob job(options, targetsOf(source, 10), &pool);
    QList<int> reported;
    QObject::connect(&job, &ActionJob::itemFinished, &job, [&](int index) {
        reported.append(index);
        if (reported.size() == 1)
            job.cancel();
    });
    job.start();
    ASSERT_TRUE(waitFinished(job));

    std::sort(reported.begin(), reported.end());
    EXPECT_EQ(reported, (QList<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
    int done = 0;
    int skipped = 0;
    for (int i = 0; i < job.total(); ++i) {
        const ActionJob::Status status = job.outcome(i).status;
        done += status == ActionJob::Status::Done ? 1 : 0;
        skipped += status == ActionJob::Status::Skipped ? 1 : 0;
        const bool present = std::get<bool>(source->isPresent(job.target(i).session.id));
        EXPECT_EQ(present, status == ActionJob::Status::Skipped) << "item " << i;
    }
    EXPECT_GE(done, 1);
    EXPECT_LE(done, 3); // the first, its running neighbour, and at most one started in between
    EXPECT_EQ(done + skipped, 10);
    EXPECT_TRUE(job.isCanceled());
}

TEST(ActionJob, CancelFromTheLastRunningItemsSlotFinishesOnce)
{
    auto source = std::make_shared<DemoSource>(ServerAddress::parse(QStringLiteral("demo:o?sessions=10&latency=0&churn=0")));
    QThreadPool pool;
    ActionJob::Options options;
    options.maxPerServer = 1; // the first item is the only one running when it ends
    ActionJob job(options, targetsOf(source, 4), &pool);
    QSignalSpy finished(&job, &ActionJob::finished);
    QList<int> reported;
    QObject::connect(&job, &ActionJob::itemFinished, &job, [&](int index) {
        reported.append(index);
        if (reported.size() == 1)
            job.cancel();
    });
    job.start();
    ASSERT_TRUE(waitFinished(job));
    QCoreApplication::processEvents();
    EXPECT_EQ(finished.count(), 1);
    EXPECT_EQ(reported, (QList<int>{0, 1, 2, 3}));
    EXPECT_EQ(job.outcome(0).status, ActionJob::Status::Done);
    for (int i = 1; i < 4; ++i)
        EXPECT_EQ(job.outcome(i).status, ActionJob::Status::Skipped) << "item " << i;
}

TEST(ActionJob, BoundsWorkPerServer)
{
    auto probe = std::make_shared<ConcurrencyProbe>(QStringLiteral("demo:p?sessions=30&latency=10&churn=0"));
    QThreadPool pool;
    pool.setMaxThreadCount(8);
    ActionJob::Options options;
    options.maxPerServer = 3;
    ActionJob job(options, targetsOf(probe, 12), &pool);
    job.start();
    ASSERT_TRUE(waitFinished(job));
    EXPECT_EQ(probe->maxInFlight(), 3);
    for (int i = 0; i < job.total(); ++i)
        EXPECT_EQ(job.outcome(i).status, ActionJob::Status::Done);
}

TEST(ActionJob, ByDefaultTheSourceSetsTheLimitPerServer)
{
    auto probe = std::make_shared<ConcurrencyProbe>(QStringLiteral("demo:q?sessions=20&latency=10&churn=0"));
    QThreadPool pool;
    pool.setMaxThreadCount(8);
    ActionJob job({}, targetsOf(probe, 8), &pool);
    job.start();
    ASSERT_TRUE(waitFinished(job));
    EXPECT_EQ(probe->maxInFlight(), 2);
}
