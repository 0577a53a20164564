#include "ActionJob.h"
#include "demo/DemoSource.h"

#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

using namespace std::chrono_literals;

namespace {

// A real demo server whose log off waits at a gate until the test opens it, so that how
// many calls are inside at once is set by the job, not by how fast this machine is.
class GatedProbe final : public SessionSource
{
public:
    explicit GatedProbe(const QString &address)
        : SessionSource(ServerAddress::parse(address))
        , m_demo(ServerAddress::parse(address))
    {}

    Capabilities capabilities() const override { return m_demo.capabilities(); }
    int actionConcurrency() const override { return 2; }
    EnumerateResult enumerate() override { return m_demo.enumerate(); }

    bool isPresent(const QString &id) { return m_demo.isPresent(id); }
    int inFlight() const { return m_inFlight; }
    int maxInFlight() const { return m_maxInFlight; }
    bool isOpen() const
    {
        std::lock_guard lock(m_mutex);
        return m_open;
    }
    void open()
    {
        std::lock_guard lock(m_mutex);
        m_open = true;
        m_opened.notify_all();
    }

protected:
    ActionResult doLogoff(const SessionRef &target, bool wait, Timeout timeout) override
    {
        const int now = ++m_inFlight;
        int seen = m_maxInFlight.load();
        while (now > seen && !m_maxInFlight.compare_exchange_weak(seen, now)) {
        }
        {
            std::unique_lock lock(m_mutex);
            m_opened.wait(lock, [this] { return m_open; });
        }
        ActionResult result = m_demo.logoff(target, wait, timeout);
        --m_inFlight;
        return result;
    }

private:
    DemoSource m_demo;
    mutable std::mutex m_mutex;
    std::condition_variable m_opened;
    bool m_open = false;
    std::atomic<int> m_inFlight{0};
    std::atomic<int> m_maxInFlight{0};
};

// The items the job itself has started and not yet reported, now and at most, as its
// signals tell.
class RunningItems final
{
public:
    explicit RunningItems(ActionJob &job)
    {
        QObject::connect(&job, &ActionJob::itemStarted, &job, [this] { m_max = std::max(m_max, ++m_now); });
        QObject::connect(&job, &ActionJob::itemFinished, &job, [this, &job](int index) {
            if (job.outcome(index).status != ActionJob::Status::Skipped)
                --m_now;
        });
    }
    int now() const { return m_now; }
    int max() const { return m_max; }

private:
    int m_now = 0;
    int m_max = 0;
};

QList<ActionJob::Target> targetsOf(const std::shared_ptr<SessionSource> &source, int count, int skipFirst = 1)
{
    const EnumerateResult listed = source->enumerate();
    QList<ActionJob::Target> targets;
    for (const Session &s : listed.value()) {
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
    auto source = std::make_shared<DemoSource>(
        ServerAddress::parse(QStringLiteral("demo:j?sessions=10&latency=5&churn=0")));
    QThreadPool pool;
    ActionJob job({}, targetsOf(source, 3), std::make_shared<AuditLog>(AuditLog::Tool::Console), &pool);
    QSignalSpy progress(&job, &ActionJob::progressChanged);
    QSignalSpy finished(&job, &ActionJob::finished);
    job.start();
    ASSERT_TRUE(waitFinished(job));
    EXPECT_EQ(finished.count(), 1);
    EXPECT_EQ(progress.last().at(0).toInt(), 3);
    EXPECT_EQ(progress.last().at(1).toInt(), 3);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(job.outcome(i).status, ActionJob::Status::Done);
        EXPECT_FALSE(source->isPresent(job.target(i).session.id));
    }
}

TEST(ActionJob, AlreadyGoneCountsAsDoneAndFailuresCarryTheirReason)
{
    auto source = std::make_shared<DemoSource>(
        ServerAddress::parse(QStringLiteral("demo:g?sessions=10&latency=0&churn=0")));
    QList<ActionJob::Target> targets = targetsOf(source, 2);
    ASSERT_TRUE(source->logoff(targets.at(0).ref, true, 5s).ok());
    Session services;
    services.id = QString::number(DemoSource::ServicesSessionId);
    targets.append({source, services});

    QThreadPool pool;
    ActionJob job({}, targets, std::make_shared<AuditLog>(AuditLog::Tool::Console), &pool);
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
    auto source = std::make_shared<DemoSource>(
        ServerAddress::parse(QStringLiteral("demo:c?sessions=20&latency=20&churn=0")));
    QThreadPool pool;
    ActionJob::Options options;
    options.maxPerServer = 2;
    ActionJob job(options, targetsOf(source, 10), std::make_shared<AuditLog>(AuditLog::Tool::Console), &pool);
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
        const bool present = source->isPresent(job.target(i).session.id);
        EXPECT_EQ(present, status == ActionJob::Status::Skipped) << "item " << i;
    }
    EXPECT_GE(done, 1);
    EXPECT_LE(done, 3); // the first, its running neighbour, and at most one started in between
    EXPECT_EQ(done + skipped, 10);
    EXPECT_TRUE(job.isCanceled());
}

TEST(ActionJob, CancelFromTheLastRunningItemsSlotFinishesOnce)
{
    auto source = std::make_shared<DemoSource>(
        ServerAddress::parse(QStringLiteral("demo:o?sessions=10&latency=0&churn=0")));
    QThreadPool pool;
    ActionJob::Options options;
    options.maxPerServer = 1; // the first item is the only one running when it ends
    ActionJob job(options, targetsOf(source, 4), std::make_shared<AuditLog>(AuditLog::Tool::Console), &pool);
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
    auto probe = std::make_shared<GatedProbe>(QStringLiteral("demo:p?sessions=30&latency=0&churn=0"));
    QThreadPool pool;
    pool.setMaxThreadCount(8);
    ActionJob::Options options;
    options.maxPerServer = 3;
    ActionJob job(options, targetsOf(probe, 12), std::make_shared<AuditLog>(AuditLog::Tool::Console), &pool);
    const RunningItems running(job);
    job.start();
    // Dispatching is synchronous: what is running now is what the job chose to start.
    EXPECT_EQ(running.now(), 3);
    ASSERT_TRUE(QTest::qWaitFor([&] { return probe->inFlight() == 3; }, 20000)) << probe->inFlight();
    probe->open();
    ASSERT_TRUE(waitFinished(job));
    EXPECT_EQ(running.max(), 3);
    EXPECT_LE(probe->maxInFlight(), 3);
    for (int i = 0; i < job.total(); ++i)
        EXPECT_EQ(job.outcome(i).status, ActionJob::Status::Done);
}

TEST(ActionJob, ByDefaultTheSourceSetsTheLimitPerServer)
{
    auto probe = std::make_shared<GatedProbe>(QStringLiteral("demo:q?sessions=20&latency=0&churn=0"));
    QThreadPool pool;
    pool.setMaxThreadCount(8);
    ActionJob job({}, targetsOf(probe, 8), std::make_shared<AuditLog>(AuditLog::Tool::Console), &pool);
    const RunningItems running(job);
    job.start();
    EXPECT_EQ(running.now(), 2);
    ASSERT_TRUE(QTest::qWaitFor([&] { return probe->inFlight() == 2; }, 20000)) << probe->inFlight();
    probe->open();
    ASSERT_TRUE(waitFinished(job));
    EXPECT_EQ(running.max(), 2);
    EXPECT_LE(probe->maxInFlight(), 2);
}

TEST(ActionJob, StartsNoMoreThanThePoolHasThreads)
{
    // Two servers with room for three each, a pool of two threads: the job holds the rest
    // back itself (the pool would only queue them, and they would count as started).
    auto first = std::make_shared<GatedProbe>(QStringLiteral("demo:r1?sessions=10&latency=0&churn=0"));
    auto second = std::make_shared<GatedProbe>(QStringLiteral("demo:r2?sessions=10&latency=0&churn=0"));
    QThreadPool pool;
    pool.setMaxThreadCount(2);
    ActionJob::Options options;
    options.maxPerServer = 3;
    ActionJob job(options, targetsOf(first, 3) + targetsOf(second, 3),
                  std::make_shared<AuditLog>(AuditLog::Tool::Console), &pool);
    const RunningItems running(job);
    job.start();
    EXPECT_EQ(running.now(), 2);
    first->open();
    second->open();
    ASSERT_TRUE(waitFinished(job));
    EXPECT_EQ(running.max(), 2);
    for (int i = 0; i < job.total(); ++i)
        EXPECT_EQ(job.outcome(i).status, ActionJob::Status::Done) << "item " << i;
}

TEST(ActionJob, GoesAtOnceWhileItsWorkersRunAndTheirEndReachesNothing)
{
    auto probe = std::make_shared<GatedProbe>(QStringLiteral("demo:w?sessions=5&latency=0&churn=0"));
    const QList<ActionJob::Target> targets = targetsOf(probe, 2);
    ASSERT_EQ(targets.size(), 2);
    QThreadPool pool;
    auto job = std::make_unique<ActionJob>(ActionJob::Options{}, targets,
                                           std::make_shared<AuditLog>(AuditLog::Tool::Console), &pool);
    QObject observer;
    int reported = 0;
    QObject::connect(job.get(), &ActionJob::itemFinished, &observer, [&] { ++reported; });
    job->start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return probe->inFlight() == 2; }, 20000));

    // Opens the gate once the job is gone, or at a deadline: a job that waited for its
    // workers would only return from its destructor then.
    std::mutex mutex;
    std::condition_variable gone;
    bool destroyed = false;
    std::thread opener([&] {
        std::unique_lock lock(mutex);
        gone.wait_for(lock, 30s, [&] { return destroyed; });
        probe->open();
    });
    job.reset();
    const bool returnedWhileWorkersRan = !probe->isOpen();
    {
        std::lock_guard lock(mutex);
        destroyed = true;
    }
    gone.notify_all();
    opener.join();
    EXPECT_TRUE(returnedWhileWorkersRan);

    // The workers end after the job: their result goes nowhere (ASan would see a report
    // reaching the freed job), and what they did is done.
    pool.waitForDone();
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    EXPECT_EQ(reported, 0);
    for (const ActionJob::Target &target : targets)
        EXPECT_FALSE(probe->isPresent(target.session.id));
}

namespace {

QList<SessionProcess> processesOf(SessionSource &source, const Session &session)
{
    const ProcessesResult result = source.processes(SessionRef::of(session), 10s);
    EXPECT_TRUE(result.ok());
    return result.ok() ? result.value() : QList<SessionProcess>();
}

SessionProcess named(const QList<SessionProcess> &processes, const QString &name)
{
    const auto it = std::find_if(processes.cbegin(), processes.cend(),
                                 [&](const SessionProcess &p) { return p.name == name; });
    EXPECT_NE(it, processes.cend()) << name.toStdString();
    return it == processes.cend() ? SessionProcess() : *it;
}

bool runs(SessionSource &source, const Session &session, quint32 pid)
{
    const QList<SessionProcess> processes = processesOf(source, session);
    return std::any_of(processes.cbegin(), processes.cend(), [pid](const SessionProcess &p) { return p.pid == pid; });
}

} // namespace

TEST(ActionJob, EndsProcessesAcrossServersAndReportsEachAsForLogOff)
{
    auto first = std::make_shared<DemoSource>(
        ServerAddress::parse(QStringLiteral("demo:e1?sessions=4&latency=0&churn=0")));
    auto second = std::make_shared<DemoSource>(
        ServerAddress::parse(QStringLiteral("demo:e2?sessions=4&latency=0&churn=0")));
    const Session one = targetsOf(first, 1).first().session;
    const Session two = targetsOf(second, 1).first().session;
    const SessionProcess explorerOne = named(processesOf(*first, one), QStringLiteral("explorer.exe"));
    const SessionProcess explorerTwo = named(processesOf(*second, two), QStringLiteral("explorer.exe"));
    const SessionProcess rdpclip = named(processesOf(*first, one), QStringLiteral("rdpclip.exe"));
    SessionProcess ghost = explorerTwo;
    ghost.pid = 999996;

    QList<ActionJob::Target> targets{
        {first, one, explorerOne},
        {second, two, explorerTwo},
        // What a script named: rdpclip's pid as if it were still the EXCEL.EXE listed before.
        {first, one, rdpclip, ProcessRef{rdpclip.pid, QStringLiteral("EXCEL.EXE"), SessionRef::of(one)}},
        {second, two, ghost},
    };
    EXPECT_EQ(targets.at(0).processRef, ProcessRef::of(explorerOne, SessionRef::of(one)));
    EXPECT_EQ(targets.at(0).ref, SessionRef::of(one));
    EXPECT_EQ(targets.at(2).ref, SessionRef::of(one));

    QThreadPool pool;
    ActionJob::Options options;
    options.kind = ActionJob::Kind::EndProcess;
    ActionJob job(options, targets, std::make_shared<AuditLog>(AuditLog::Tool::Console), &pool);
    QSignalSpy progress(&job, &ActionJob::progressChanged);
    job.start();
    ASSERT_TRUE(waitFinished(job));
    EXPECT_EQ(progress.last().at(0).toInt(), 4);
    EXPECT_EQ(job.outcome(0).status, ActionJob::Status::Done);
    EXPECT_EQ(job.outcome(1).status, ActionJob::Status::Done);
    EXPECT_EQ(job.outcome(2).status, ActionJob::Status::Failed);
    ASSERT_TRUE(job.outcome(2).error);
    EXPECT_EQ(job.outcome(2).error->category, SessionError::Category::Changed);
    EXPECT_EQ(job.outcome(3).status, ActionJob::Status::AlreadyGone);
    EXPECT_TRUE(ActionJob::succeeded(job.outcome(3).status));

    EXPECT_FALSE(runs(*first, one, explorerOne.pid));
    EXPECT_FALSE(runs(*second, two, explorerTwo.pid));
    EXPECT_TRUE(runs(*first, one, rdpclip.pid));
    EXPECT_EQ(job.target(1).process.name, QStringLiteral("explorer.exe"));
    EXPECT_EQ(job.target(1).process.server, two.server);
    EXPECT_EQ(ActionJob::kindName(ActionJob::Kind::EndProcess), QStringLiteral("End Process"));
}

TEST(ActionJob, KillsSessionsWithTheSignalAndWhoOfItsOptions)
{
    auto source = std::make_shared<DemoSource>(
        ServerAddress::parse(QStringLiteral("demo:k?sessions=8&latency=0&churn=0")));
    const QList<ActionJob::Target> targets = targetsOf(source, 3);
    ASSERT_EQ(targets.size(), 3);
    QList<QList<SessionProcess>> before;
    for (const ActionJob::Target &target : targets)
        before.append(processesOf(*source, target.session));

    QThreadPool pool;
    ActionJob::Options leader;
    leader.kind = ActionJob::Kind::KillSession;
    leader.killWho = SessionSource::KillWho::Leader;
    leader.signal = LinuxSignal::Kill;
    ActionJob leaders(leader, targets.mid(0, 2), std::make_shared<AuditLog>(AuditLog::Tool::Console), &pool);
    leaders.start();
    ASSERT_TRUE(waitFinished(leaders));
    for (int i = 0; i < 2; ++i) {
        EXPECT_EQ(leaders.outcome(i).status, ActionJob::Status::Done) << i;
        EXPECT_TRUE(source->isPresent(targets.at(i).session.id)) << i;
        EXPECT_FALSE(runs(*source, targets.at(i).session, before.at(i).first().pid)) << "the leader ended";
        EXPECT_EQ(processesOf(*source, targets.at(i).session).size(), before.at(i).size() - 1) << i;
    }

    ActionJob::Options notFatal;
    notFatal.kind = ActionJob::Kind::KillSession;
    notFatal.signal = 18; // SIGCONT: no program ends on it
    ActionJob continued(notFatal, targets.mid(2), std::make_shared<AuditLog>(AuditLog::Tool::Console), &pool);
    continued.start();
    ASSERT_TRUE(waitFinished(continued));
    EXPECT_EQ(continued.outcome(0).status, ActionJob::Status::Done);
    EXPECT_EQ(processesOf(*source, targets.at(2).session).size(), before.at(2).size());

    ActionJob::Options all;
    all.kind = ActionJob::Kind::KillSession;
    EXPECT_EQ(all.signal, LinuxSignal::Terminate);
    EXPECT_EQ(all.killWho, SessionSource::KillWho::All);
    ActionJob everything(all, targets, std::make_shared<AuditLog>(AuditLog::Tool::Console), &pool);
    everything.start();
    ASSERT_TRUE(waitFinished(everything));
    for (int i = 0; i < targets.size(); ++i) {
        EXPECT_EQ(everything.outcome(i).status, ActionJob::Status::Done) << i;
        EXPECT_FALSE(source->isPresent(targets.at(i).session.id)) << i;
    }
}
