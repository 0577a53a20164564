// One logind server cannot hold up another: a good host stays prompt while a black-hole
// port and a frozen host hang, sources of hung servers close at once, and a bulk log off on
// one connection stays below the bus's limit of pending replies.
#include "BlackHolePort.h"
#include "LabHosts.h"

#include "ActionJob.h"
#include "logind/LogindBusAddress.h"
#include "logind/LogindSource.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFuture>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

using namespace std::chrono_literals;

namespace {

// Polls `condition` every few milliseconds until it holds or `timeoutMs` passed.
template<typename Condition>
bool pollUntil(Condition condition, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QThread::msleep(2);
    }
    return true;
}

bool lists(const EnumerateResult &result, const QString &id)
{
    return std::any_of(result.value().cbegin(), result.value().cend(), [&](const Session &s) { return s.id == id; });
}

class LabIsolationTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        QString error;
        lab = LabHosts::load(&error);
        ASSERT_TRUE(lab.has_value()) << error.toStdString();
        ASSERT_GE(lab->hosts().size(), 2);
        qputenv(LogindBusAddress::SshConfigVariable, lab->sshConfig().toUtf8());
    }

    static ServerAddress sshAddress(int port)
    {
        return ServerAddress::parse(QStringLiteral("root@127.0.0.1:%1").arg(port));
    }

    static ServerAddress busAddress(const LabHosts::Host &host)
    {
        return ServerAddress::parse(QStringLiteral("dbus:") + host.busAddress);
    }

    std::optional<LabHosts> lab;
};

// Re-runs enumerate() after every change signal, as the window's scheduler does: at most one
// refresh at a time, one more if a signal came meanwhile. Keeps every failure.
class RefreshOnEverySignal final
{
public:
    explicit RefreshOnEverySignal(std::shared_ptr<LogindSource> source)
        : m_source(std::move(source))
        , m_thread([this] { run(); })
    {
        m_source->watchChanges([this] {
            std::lock_guard lock(m_mutex);
            m_wanted = true;
            m_changed.notify_all();
        });
    }
    ~RefreshOnEverySignal()
    {
        m_source->watchChanges({});
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
            m_changed.notify_all();
        }
        m_thread.join();
    }
    int refreshes() const { return m_refreshes; }
    QStringList failures() const
    {
        std::lock_guard lock(m_mutex);
        return m_failures;
    }

private:
    void run()
    {
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_changed.wait(lock, [&] { return m_wanted || m_stopping; });
            if (m_stopping)
                return;
            m_wanted = false;
            lock.unlock();
            const EnumerateResult result = m_source->enumerate();
            ++m_refreshes;
            lock.lock();
            if (!result.ok())
                m_failures << result.error().toString();
        }
    }

    const std::shared_ptr<LogindSource> m_source;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_wanted = false;
    bool m_stopping = false;
    std::atomic<int> m_refreshes{0};
    QStringList m_failures;
    std::thread m_thread;
};

} // namespace

TEST_F(LabIsolationTest, GoodHostStaysPromptWhileABlackHoleAndAFrozenHostHang)
{
    const LabHosts::Host &good = lab->host(0);
    const LabHosts::Host &frozen = lab->host(1);
    BlackHolePort blackHole;
    ASSERT_GT(blackHole.port(), 0);

    auto goodSource = std::make_shared<LogindSource>(sshAddress(good.sshPort));
    std::atomic<int> goodChanges{0};
    goodSource->watchChanges([&] { ++goodChanges; });
    ASSERT_TRUE(goodSource->enumerate().ok());
    // Connected before the host froze: one by ssh, one straight to its bus.
    QList<std::shared_ptr<LogindSource>> hung{std::make_shared<LogindSource>(sshAddress(frozen.sshPort)),
                                              std::make_shared<LogindSource>(busAddress(frozen)),
                                              std::make_shared<LogindSource>(sshAddress(blackHole.port()))};
    for (int i = 0; i < 2; ++i) {
        const EnumerateResult before = hung.at(i)->enumerate();
        ASSERT_TRUE(before.ok()) << before.error().toString().toStdString();
    }
    const auto thaw = qScopeGuard([&] { lab->control(QStringLiteral("thaw"), frozen); });
    ASSERT_TRUE(lab->control(QStringLiteral("freeze"), frozen));

    // Each hung server busy with a refresh (15 s) and a log off (40 s: still hanging when the
    // good host is done, however loaded the machine), as the window would keep it.
    QThreadPool hungPool;
    hungPool.setMaxThreadCount(int(2 * hung.size()));
    // A refresh's outcome without its sessions, to be checked as the log offs' are.
    QList<QFuture<ActionResult>> refreshes;
    QList<QFuture<ActionResult>> logoffs;
    for (const std::shared_ptr<LogindSource> &source : std::as_const(hung)) {
        refreshes << QtConcurrent::run(&hungPool, [source] {
            const EnumerateResult listed = source->enumerate();
            return listed ? ActionResult() : ActionResult(listed.error());
        });
        logoffs << QtConcurrent::run(&hungPool, [source] {
            return source->logoff(SessionRef::plainId(QStringLiteral("1")), true, 40s);
        });
    }
    ASSERT_TRUE(blackHole.acceptOne(10000)) << "ssh never reached the black hole";

    const int changesBefore = goodChanges;
    const QStringList opened = lab->openSessions(good, QStringLiteral("alice"), 1);
    QElapsedTimer sinceOpened;
    sinceOpened.start();
    ASSERT_EQ(opened.size(), 1);
    // SessionNew told the source while logind opened the session; a refresh then lists it.
    // Deadlines of seconds on a busy machine, far below the hung servers' 15 s and 40 s.
    EXPECT_TRUE(pollUntil([&] { return goodChanges > changesBefore; }, 5000)) << "no SessionNew from the good host";
    const EnumerateResult listed = goodSource->enumerate();
    const qint64 seenMs = sinceOpened.elapsed();
    ASSERT_TRUE(listed.ok()) << listed.error().toString().toStdString();
    EXPECT_TRUE(lists(listed, opened.first()));
    EXPECT_LT(seenMs, 5000) << "the good host's new session was seen only after " << seenMs << " ms";

    const auto session = std::find_if(listed.value().cbegin(), listed.value().cend(),
                                      [&](const Session &s) { return s.id == opened.first(); });
    ASSERT_NE(session, listed.value().cend());
    const ActionResult loggedOff = goodSource->logoff(SessionRef::of(*session), true, 20s);
    EXPECT_TRUE(loggedOff.ok()) << loggedOff.error().toString().toStdString();
    EXPECT_FALSE(lab->sessionIds(good).contains(opened.first()));
    for (const QFuture<ActionResult> &call : std::as_const(logoffs))
        EXPECT_FALSE(call.isFinished()) << "a hung server answered before the good host was done";

    // Every call on the hung servers ends by its own deadline, with a reason.
    for (QFuture<ActionResult> &call : refreshes + logoffs) {
        EXPECT_TRUE(pollUntil([&] { return call.isFinished(); }, 60000));
        const ActionResult result = call.result();
        ASSERT_FALSE(result.ok()) << "a call on a hung server succeeded";
        const SessionError &error = result.error();
        EXPECT_TRUE(error.category == SessionError::Category::Timeout
                    || error.category == SessionError::Category::Unreachable)
            << error.toString().toStdString();
        EXPECT_FALSE(error.message.isEmpty());
    }
    hungPool.waitForDone();

    // Closing the hung servers' tabs: each source goes at once, its connection to a frozen
    // peer (or ssh that never got a word) with it.
    for (std::shared_ptr<LogindSource> &source : hung) {
        const QString name = source->address().displayName();
        QElapsedTimer destroying;
        destroying.start();
        source.reset();
        EXPECT_LT(destroying.elapsed(), 1000)
            << "closing " << name.toStdString() << " took " << destroying.elapsed() << " ms";
    }
}

TEST_F(LabIsolationTest, SourceOfAHostThatFrozeMidCallClosesAtOnce)
{
    // The window drops a source while one of its refreshes still waits for a frozen host:
    // the refresh's worker holds the last reference, so it is destroyed right after the call
    // returns, on the worker, and must not make that worker wait either.
    const LabHosts::Host &frozen = lab->host(1);
    auto source = std::make_shared<LogindSource>(sshAddress(frozen.sshPort));
    ASSERT_TRUE(source->enumerate().ok());
    const auto thaw = qScopeGuard([&] { lab->control(QStringLiteral("thaw"), frozen); });
    ASSERT_TRUE(lab->control(QStringLiteral("freeze"), frozen));
    std::atomic<qint64> destroyMs{-1};
    std::thread worker([source = std::move(source), &destroyMs]() mutable {
        const ActionResult locked = source->lock(SessionRef::plainId(QStringLiteral("1")), 2s);
        EXPECT_FALSE(locked.ok());
        QElapsedTimer destroying;
        destroying.start();
        source.reset();
        destroyMs = destroying.elapsed();
    });
    worker.join();
    EXPECT_GE(destroyMs.load(), 0);
    // Below the call's own 2 s timeout, which a close waiting for the frozen host would reach.
    EXPECT_LT(destroyMs.load(), 1000) << "destroying the source of a frozen host took " << destroyMs << " ms";
}

TEST_F(LabIsolationTest, BulkLogoffWithRefreshOnEverySignalStaysBelowThePendingReplyLimit)
{
    // dbus-daemon refuses more than max_replies_per_connection (128) calls awaiting a reply
    // on one connection (LimitsExceeded). 150 log offs with wait, each with its identity
    // check and its polls, plus a full refresh on every SessionRemoved, share one connection.
    constexpr int Count = 150;
    const LabHosts::Host &host = lab->host(0);
    const QStringList opened = lab->openSessions(host, QStringLiteral("bench"), Count);
    ASSERT_EQ(opened.size(), Count);
    auto source = std::make_shared<LogindSource>(busAddress(host));
    const EnumerateResult listed = source->enumerate();
    ASSERT_TRUE(listed.ok()) << listed.error().toString().toStdString();
    QList<ActionJob::Target> targets;
    for (const Session &session : listed.value()) {
        if (opened.contains(session.id))
            targets.append({source, session});
    }
    ASSERT_EQ(targets.size(), Count);

    RefreshOnEverySignal refresher(source);
    ActionJob::Options options;
    options.kind = ActionJob::Kind::Logoff;
    options.wait = true;
    options.timeout = 60s;
    options.maxPerServer = Count;
    QThreadPool pool;
    pool.setMaxThreadCount(Count);
    ActionJob job(options, targets, std::make_shared<AuditLog>(AuditLog::Tool::Console), &pool);
    QSignalSpy finished(&job, &ActionJob::finished);
    job.start();
    if (!job.isFinished()) {
        ASSERT_TRUE(finished.wait(90000)) << job.finishedCount() << " of " << Count << " done after 90 s";
    }
    for (int i = 0; i < job.total(); ++i) {
        const ActionJob::Outcome &outcome = job.outcome(i);
        EXPECT_EQ(outcome.status, ActionJob::Status::Done)
            << job.target(i).session.id.toStdString() << ": "
            << (outcome.error ? outcome.error->toString().toStdString() : std::string());
    }
    EXPECT_GT(refresher.refreshes(), 0) << "no SessionRemoved started a refresh";
    EXPECT_TRUE(refresher.failures().isEmpty()) << refresher.failures().join(u'\n').toStdString();
    const QStringList remaining = lab->sessionIds(host);
    for (const QString &id : opened)
        EXPECT_FALSE(remaining.contains(id)) << "still listed: " << id.toStdString();
}
