// Faults of real logind hosts while the console works on them: a host that hangs, logind
// restarted under the console, an SSH port that never answers, a host that dies in the
// middle of a bulk log off, and Cancel in the middle of one.
#include "BlackHolePort.h"
#include "LabHosts.h"

#include "ActionJob.h"
#include "ErrorBanner.h"
#include "MainWindow.h"
#include "ServerTab.h"
#include "UiTestSupport.h"
#include "logind/LogindBusAddress.h"
#include "logind/LogindSource.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

using namespace std::chrono_literals;
using UiTestSupport::waitUntil;

namespace {

// The lateness of a 5 ms timer on this thread: what a user would feel as a frozen window.
class Heartbeat final
{
public:
    Heartbeat()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer,
                         [this] { m_maxLatenessMs = std::max(m_maxLatenessMs, m_clock.restart() - 5); });
        m_clock.start();
        m_timer.start(5);
    }
    qint64 maxLatenessMs() const { return m_maxLatenessMs; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_maxLatenessMs = 0;
};

// Runs `work` (lab.sh, loginctl: blocking processes) on a worker while this thread keeps
// its event loop going, so that the heartbeat measures the console and not the test.
template<typename Work>
auto offThread(Work work)
{
    QFuture future = QtConcurrent::run(std::move(work));
    waitUntil([&] { return future.isFinished(); }, 180000);
    return future.result();
}

class LabFaultTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        QString error;
        lab = LabHosts::load(&error);
        ASSERT_TRUE(lab.has_value()) << error.toStdString();
        ASSERT_GE(lab->hosts().size(), 3) << "the lab fixture must start 3 hosts";
        qputenv(LogindBusAddress::SshConfigVariable, lab->sshConfig().toUtf8());
    }

    static ServerAddress busAddress(const LabHosts::Host &host)
    {
        return ServerAddress::parse(QStringLiteral("dbus:") + host.busAddress);
    }

    static QStringList ids(const QList<Session> &sessions)
    {
        QStringList result;
        for (const Session &s : sessions)
            result << s.id;
        result.sort();
        return result;
    }

    std::optional<LabHosts> lab;
};

} // namespace

TEST_F(LabFaultTest, HungHostTimesOutWhileTheOthersRefreshAndRecovers)
{
    const LabHosts::Host &healthy = lab->host(0);
    const LabHosts::Host &hung = lab->host(1);
    const QString healthyKey = busAddress(healthy).toString();
    const QString hungKey = busAddress(hung).toString();
    QTemporaryDir dir;
    MainWindow::Options options;
    options.servers = {healthyKey, hungKey};
    options.settingsFile = dir.filePath(QStringLiteral("console.ini"));
    MainWindow window(options);
    window.show();
    window.setRefreshInterval(1s, false);
    ServerTab *hungTab = window.tabFor(hungKey);
    ASSERT_TRUE(hungTab);
    window.tabs()->setCurrentWidget(hungTab);
    RefreshScheduler *scheduler = window.scheduler();
    const auto good = [&](const QString &key) {
        const RefreshScheduler::ServerStatus status = scheduler->status(key);
        return status.hasResult && !status.lastError;
    };
    ASSERT_TRUE(waitUntil([&] { return good(healthyKey) && good(hungKey); }, 20000));
    // Both shown (a server no tab shows is refreshed less often), so both refresh every second.
    window.tabs()->setCurrentWidget(window.allServersTab());

    int healthyRefreshes = 0;
    QObject::connect(scheduler, &RefreshScheduler::refreshFinished,
                     [&](const QString &server, const EnumerateResult &result) {
                         if (server == healthyKey && result.ok())
                             ++healthyRefreshes;
                     });
    const auto thaw = qScopeGuard([&] { lab->control(QStringLiteral("thaw"), hung); });
    const Heartbeat heartbeat;
    ASSERT_TRUE(offThread([&] { return lab->control(QStringLiteral("freeze"), hung); }));
    QElapsedTimer frozenFor;
    frozenFor.start();
    const int refreshesBefore = healthyRefreshes;

    // A hung bus answers nothing: the query times out after LogindSource::QueryTimeout.
    ASSERT_TRUE(waitUntil([&] { return hungTab->isFailing(hungKey); }, int(LogindSource::QueryTimeout.count()) + 10000));
    const SessionError error = *scheduler->status(hungKey).lastError;
    EXPECT_TRUE(error.category == SessionError::Category::Timeout || error.category == SessionError::Category::Unreachable)
        << error.toString().toStdString();
    EXPECT_FALSE(window.tabFor(healthyKey)->isFailing(healthyKey));
    // About one refresh a second went on meanwhile; a lower bound that a stall would miss.
    EXPECT_GE(healthyRefreshes - refreshesBefore, int(frozenFor.elapsed() / 1000) / 2)
        << "the healthy host stopped refreshing while the other hung";
    window.tabs()->setCurrentWidget(hungTab);
    EXPECT_TRUE(hungTab->banner()->isVisible());
    EXPECT_TRUE(hungTab->banner()->text().contains(SessionError::categoryName(error.category)))
        << hungTab->banner()->text().toStdString();

    ASSERT_TRUE(offThread([&] { return lab->control(QStringLiteral("thaw"), hung); }));
    Q_EMIT hungTab->banner()->actionTriggered(); // Retry Now, rather than waiting out the backoff
    EXPECT_TRUE(waitUntil([&] { return !hungTab->isFailing(hungKey); }, 30000)) << "the tab did not recover";
    EXPECT_FALSE(hungTab->banner()->isVisible());
    // Far below the hung query's 15 s, with room for a busy machine.
    EXPECT_LT(heartbeat.maxLatenessMs(), 1000) << "the GUI thread stalled";
}

TEST_F(LabFaultTest, LogindRestartKeepsListingAndSignalling)
{
    const LabHosts::Host &host = lab->host(0);
    RefreshScheduler scheduler;
    // Far beyond the test: every refresh after the first comes from SessionNew/SessionRemoved.
    scheduler.setInterval(10min);
    const QString key = busAddress(host).toString();
    QStringList listed;
    QObject::connect(&scheduler, &RefreshScheduler::refreshFinished,
                     [&](const QString &, const EnumerateResult &result) {
                         if (result.ok())
                             listed = ids(result.value());
                     });
    ASSERT_TRUE(scheduler.addServer(busAddress(host)));
    ASSERT_TRUE(waitUntil([&] { return scheduler.status(key).hasResult; }, 20000));

    const auto promptlyListed = [&](const QString &id, bool present) {
        // Seconds, where the timed refresh would take ten minutes.
        return waitUntil([&] { return listed.contains(id) == present; }, 15000);
    };
    const QStringList before = offThread([&] { return lab->openSessions(host, QStringLiteral("alice"), 1); });
    ASSERT_EQ(before.size(), 1);
    ASSERT_TRUE(promptlyListed(before.first(), true)) << "no prompt update before the restart";

    int exitCode = -1;
    offThread([&] {
        return lab->exec(host,
                         {QStringLiteral("systemctl"), QStringLiteral("restart"), QStringLiteral("systemd-logind")},
                         &exitCode);
    });
    ASSERT_EQ(exitCode, 0);
    scheduler.refreshNow(key);
    const auto error = [&] {
        const std::optional<SessionError> last = scheduler.status(key).lastError;
        return last ? last->toString().toStdString() : std::string("still refreshing");
    };
    ASSERT_TRUE(waitUntil([&] { return !scheduler.status(key).refreshing && !scheduler.status(key).lastError; }, 20000))
        << error();
    EXPECT_TRUE(listed.contains(before.first())) << "the session from before the restart is no longer listed";

    const QStringList after = offThread([&] { return lab->openSessions(host, QStringLiteral("alice"), 1); });
    ASSERT_EQ(after.size(), 1);
    EXPECT_TRUE(promptlyListed(after.first(), true)) << "SessionNew after the restart did not refresh";
    offThread([&] {
        return lab->exec(host, {QStringLiteral("loginctl"), QStringLiteral("terminate-session"), before.first(),
                                after.first()});
    });
    EXPECT_TRUE(promptlyListed(before.first(), false) && promptlyListed(after.first(), false))
        << "SessionRemoved after the restart did not refresh";
}

TEST_F(LabFaultTest, SilentSshPortTimesOutWithinTheBound)
{
    BlackHolePort silent;
    ASSERT_GT(silent.port(), 0);
    LogindSource source(ServerAddress::parse(QStringLiteral("root@127.0.0.1:%1").arg(silent.port())));

    QElapsedTimer timer;
    timer.start();
    const EnumerateResult result = offThread([&] { return source.enumerate(); });
    const qint64 elapsed = timer.elapsed();
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(silent.acceptOne(0)) << "ssh never connected";
    EXPECT_TRUE(result.error().category == SessionError::Category::Timeout
                || result.error().category == SessionError::Category::Unreachable)
        << result.error().toString().toStdString();
    EXPECT_FALSE(result.error().message.isEmpty());
    EXPECT_LT(elapsed, LogindSource::QueryTimeout.count() + 2000) << result.error().toString().toStdString();
}

TEST_F(LabFaultTest, BulkLogoffAcrossHostsSurvivesOneDyingAndCancels)
{
    const QList<int> counts{17, 17, 16};
    QList<std::shared_ptr<LogindSource>> sources;
    QList<QList<ActionJob::Target>> perHost(3);
    for (int h = 0; h < 3; ++h) {
        const QStringList opened = lab->openSessions(lab->host(h), QStringLiteral("bench"), counts.at(h));
        ASSERT_EQ(opened.size(), counts.at(h)) << lab->host(h).name.toStdString();
        sources << std::make_shared<LogindSource>(busAddress(lab->host(h)));
        const EnumerateResult listed = sources.last()->enumerate();
        ASSERT_TRUE(listed.ok()) << listed.error().toString().toStdString();
        for (const Session &session : listed.value()) {
            if (opened.contains(session.id))
                perHost[h].append({sources.last(), session});
        }
    }
    // Interleaved, as a selection in the All servers tab sorted by user would be.
    QList<ActionJob::Target> targets;
    for (int i = 0; i < counts.first(); ++i) {
        for (const QList<ActionJob::Target> &host : std::as_const(perHost)) {
            if (i < host.size())
                targets.append(host.at(i));
        }
    }
    ASSERT_EQ(targets.size(), 50);

    const LabHosts::Host dying = lab->host(2);
    const auto revive = qScopeGuard([&] { lab->control(QStringLiteral("revive"), dying); });
    ActionJob::Options options;
    options.kind = ActionJob::Kind::Logoff;
    options.timeout = 20s;
    QThreadPool pool;
    pool.setMaxThreadCount(8);
    ActionJob job(options, targets, std::make_shared<AuditLog>(AuditLog::Tool::Console), &pool);
    QList<int> reported(targets.size(), 0);
    bool killed = false;
    int finishedBeforeKill = 0;
    QObject::connect(&job, &ActionJob::itemFinished, [&](int index) {
        ++reported[index];
        // The first item done on the third host: power it off at once, mid-batch.
        if (!killed && job.target(index).source == sources.at(2)) {
            killed = true;
            finishedBeforeKill = job.finishedCount();
            ::kill(pid_t(dying.leaderPid), SIGKILL);
        }
    });
    job.start();
    ASSERT_TRUE(waitUntil([&] { return job.isFinished(); }, 120000)) << job.finishedCount() << " of 50";
    ASSERT_TRUE(killed);
    EXPECT_LT(finishedBeforeKill, 50);
    EXPECT_EQ(reported, QList<int>(targets.size(), 1)) << "an item was reported twice or never";

    int deadFailures = 0;
    QStringList loggedOff[2];
    for (int i = 0; i < job.total(); ++i) {
        const ActionJob::Outcome &outcome = job.outcome(i);
        const int h = int(sources.indexOf(job.target(i).source));
        if (h < 2) {
            EXPECT_EQ(outcome.status, ActionJob::Status::Done)
                << "session " << job.target(i).session.id.toStdString() << " on " << lab->host(h).name.toStdString()
                << ": " << (outcome.error ? outcome.error->toString().toStdString() : std::string());
            loggedOff[h] << job.target(i).session.id;
        } else if (outcome.status == ActionJob::Status::Failed) {
            ++deadFailures;
            ASSERT_TRUE(outcome.error.has_value());
            EXPECT_FALSE(outcome.error->message.isEmpty());
            EXPECT_TRUE(outcome.error->category == SessionError::Category::Unreachable
                        || outcome.error->category == SessionError::Category::Timeout)
                << outcome.error->toString().toStdString();
        } else {
            EXPECT_EQ(outcome.status, ActionJob::Status::Done);
        }
    }
    // Only the items in flight at the kill (at most one per pool thread) may still have ended well.
    EXPECT_GE(deadFailures, 16 - pool.maxThreadCount()) << "the dead host's items should fail with a reason";
    for (int h = 0; h < 2; ++h) {
        const QStringList remaining = lab->sessionIds(lab->host(h));
        for (const QString &id : loggedOff[h])
            EXPECT_FALSE(remaining.contains(id))
                << lab->host(h).name.toStdString() << " still lists " << id.toStdString();
    }
}

TEST_F(LabFaultTest, CancelInTheMiddleOfABulkLogoffSkipsTheRest)
{
    const LabHosts::Host &host = lab->host(0);
    const QStringList opened = lab->openSessions(host, QStringLiteral("bench"), 12);
    ASSERT_EQ(opened.size(), 12);
    auto source = std::make_shared<LogindSource>(busAddress(host));
    const EnumerateResult listed = source->enumerate();
    ASSERT_TRUE(listed.ok());
    QList<ActionJob::Target> targets;
    for (const Session &session : listed.value()) {
        if (opened.contains(session.id))
            targets.append({source, session});
    }
    ASSERT_EQ(targets.size(), 12);

    ActionJob::Options options;
    options.kind = ActionJob::Kind::Logoff;
    options.timeout = 20s;
    options.maxPerServer = 2;
    QThreadPool pool;
    ActionJob job(options, targets, std::make_shared<AuditLog>(AuditLog::Tool::Console), &pool);
    QList<int> reported(targets.size(), 0);
    QObject::connect(&job, &ActionJob::itemFinished, [&](int index) {
        ++reported[index];
        if (job.finishedCount() == 3)
            job.cancel();
    });
    job.start();
    ASSERT_TRUE(waitUntil([&] { return job.isFinished(); }, 60000));
    EXPECT_TRUE(job.isCanceled());
    EXPECT_EQ(reported, QList<int>(targets.size(), 1)) << "an item was reported twice or never";

    QStringList done;
    QStringList skipped;
    for (int i = 0; i < job.total(); ++i) {
        const ActionJob::Status status = job.outcome(i).status;
        EXPECT_TRUE(status == ActionJob::Status::Done || status == ActionJob::Status::Skipped)
            << ActionJob::statusName(status).toStdString();
        (status == ActionJob::Status::Done ? done : skipped) << job.target(i).session.id;
    }
    EXPECT_GE(done.size(), 3);
    EXPECT_GE(skipped.size(), 12 - 3 - 2) << "at most the two in flight may finish after Cancel";
    const QStringList remaining = lab->sessionIds(host);
    for (const QString &id : done)
        EXPECT_FALSE(remaining.contains(id)) << "logged off, yet listed: " << id.toStdString();
    for (const QString &id : skipped)
        EXPECT_TRUE(remaining.contains(id)) << "skipped, yet gone: " << id.toStdString();
    lab->exec(host, QStringList{QStringLiteral("loginctl"), QStringLiteral("terminate-session")} + skipped);
}
