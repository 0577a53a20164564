#include "MainWindow.h"

#include "ActionProgressDialog.h"
#include "ErrorBanner.h"
#include "ServerTab.h"
#include "SessionFilterProxyModel.h"
#include "SessionTableModel.h"
#include "UiTestSupport.h"
#include "demo/DemoSource.h"

#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>

#include <gtest/gtest.h>

// Servers that fail, hang or lose sessions while the window refreshes them and runs
// actions on them: the window never stalls, the other servers carry on, and every
// item of a batch is reported once.

using namespace std::chrono_literals;
using UiTestSupport::Heartbeat;
using UiTestSupport::waitUntil;

namespace {

// Generous, for a busy machine and the sanitizers: this catches a GUI thread that waits on a
// server (the hung one below answers after 8 s), not a slow paint.
constexpr qint64 MaxStallMs = 1000;

QString key(const char *address)
{
    return ServerAddress::parse(QString::fromLatin1(address)).toString();
}

// Ordinary user sessions of `server` in `tab` (not services, listener or the console's own).
QList<Session> userSessions(const ServerTab *tab, const QString &server)
{
    QList<Session> sessions;
    for (int row = 0; row < tab->model()->rowCount(); ++row) {
        const Session &s = tab->model()->sessionAt(row);
        const int id = s.id.toInt();
        if (s.server == server && !s.own && id != DemoSource::ServicesSessionId && id != DemoSource::ListenerSessionId)
            sessions.append(s);
    }
    return sessions;
}

// What a job reported, kept past the job's deletion.
struct JobRecord
{
    QHash<int, int> reports; // item index -> how many times itemFinished named it
    QList<ActionJob::Outcome> outcomes;
    int finishedSignals = 0;
};

void record(ActionJob *job, JobRecord *out, QObject *context)
{
    QObject::connect(job, &ActionJob::itemFinished, context, [out](int index) { ++out->reports[index]; });
    QObject::connect(job, &ActionJob::finished, context, [job, out] {
        ++out->finishedSignals;
        out->outcomes.clear();
        for (int i = 0; i < job->total(); ++i)
            out->outcomes.append(job->outcome(i));
    });
}

class FaultToleranceTest : public ::testing::Test
{
protected:
    std::unique_ptr<MainWindow> open(const QStringList &servers)
    {
        return UiTestSupport::openWindow(servers, m_dir.filePath(QStringLiteral("console.ini")));
    }

    static DemoSource &demo(const MainWindow &window, const QString &server)
    {
        return dynamic_cast<DemoSource &>(*window.scheduler()->source(server));
    }

private:
    QTemporaryDir m_dir;
};

} // namespace

TEST_F(FaultToleranceTest, FailingServerShowsUnreachableWhileTheOthersKeepRefreshingAndRecovers)
{
    const QString a = key("demo:fa?sessions=5&latency=10&churn=0");
    const QString b = key("demo:fb?sessions=5&latency=10&churn=0");
    const QString c = key("demo:fc?sessions=5&latency=10&churn=0");
    auto window = open({a, b, c});
    RefreshScheduler *scheduler = window->scheduler();
    scheduler->setInterval(100ms);
    ASSERT_TRUE(waitUntil([&] {
        return scheduler->status(a).lastSuccess.isValid() && scheduler->status(b).lastSuccess.isValid()
               && scheduler->status(c).lastSuccess.isValid();
    }));
    ServerTab *tabB = window->tabFor(b);
    window->tabs()->setCurrentWidget(tabB);
    ASSERT_TRUE(waitUntil([&] { return tabB->model()->rowCount() == 7; }));

    const Heartbeat heartbeat;
    demo(*window, b).setFailPercent(100);
    ASSERT_TRUE(waitUntil([&] { return tabB->isFailing(b); }));
    EXPECT_TRUE(tabB->banner()->isVisible());
    EXPECT_TRUE(tabB->banner()->text().contains(QStringLiteral("Unreachable"))) << tabB->banner()->text().toStdString();
    EXPECT_TRUE(window->allServersTab()->isFailing(b));

    // While b keeps failing, a and c keep refreshing.
    const QDateTime bLast = scheduler->status(b).lastSuccess;
    const QDateTime aBefore = scheduler->status(a).lastSuccess;
    const QDateTime cBefore = scheduler->status(c).lastSuccess;
    ASSERT_TRUE(waitUntil([&] {
        return scheduler->status(b).consecutiveFailures >= 2 && scheduler->status(a).lastSuccess > aBefore
               && scheduler->status(c).lastSuccess > cBefore;
    }));
    EXPECT_EQ(scheduler->status(b).lastSuccess, bLast);
    EXPECT_FALSE(window->allServersTab()->isFailing(a));
    EXPECT_FALSE(window->allServersTab()->isFailing(c));
    EXPECT_FALSE(window->tabFor(a)->isFailing(a));

    // It answers again: the backoff retry picks it up without anyone pressing Retry.
    demo(*window, b).setFailPercent(0);
    ASSERT_TRUE(waitUntil([&] { return !tabB->isFailing(b); }));
    EXPECT_FALSE(tabB->banner()->isVisible());
    EXPECT_GT(scheduler->status(b).lastSuccess, bLast);
    EXPECT_FALSE(window->allServersTab()->isFailing(b));
    EXPECT_LT(heartbeat.maxLatenessMs(), MaxStallMs);
}

TEST_F(FaultToleranceTest, HangingServerNeverBlocksTheWindowAndItsLateResultIsDropped)
{
    // One call of the hung server lasts 80 refresh intervals of the quick one: long enough
    // that the quick one's first five refreshes come first on a busy machine too.
    const QString hung = key("demo:hung?sessions=3&latency=8000");
    const QString quick = key("demo:quick?sessions=3&latency=0&churn=0");
    auto window = open({quick, hung});
    RefreshScheduler *scheduler = window->scheduler();
    scheduler->setInterval(100ms);
    const Heartbeat heartbeat;
    QSignalSpy finished(scheduler, &RefreshScheduler::refreshFinished);
    const auto finishedFor = [&](const QString &server) {
        return std::count_if(finished.cbegin(), finished.cend(),
                             [&](const QList<QVariant> &args) { return args.at(0).toString() == server; });
    };

    ASSERT_TRUE(waitUntil([&] { return finishedFor(quick) >= 5; }));
    EXPECT_TRUE(scheduler->status(hung).refreshing);
    EXPECT_FALSE(scheduler->status(hung).hasResult);
    EXPECT_EQ(finishedFor(hung), 0);
    ServerTab *quickTab = window->tabFor(quick);
    window->tabs()->setCurrentWidget(quickTab);
    EXPECT_TRUE(waitUntil([&] { return quickTab->model()->rowCount() == 5; }));

    // Closed while its call is in flight: the window does not wait, and the result is dropped.
    const std::weak_ptr<SessionSource> hungSource = scheduler->source(hung);
    window->closeServer(hung);
    EXPECT_FALSE(window->tabFor(hung));
    const int quickBefore = int(finishedFor(quick));
    ASSERT_TRUE(waitUntil([&] { return finishedFor(quick) > quickBefore + 3; }));
    // The worker lets go of the source when the call returns; its result is posted by then.
    ASSERT_TRUE(waitUntil([&] { return hungSource.expired(); }, 60000));
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    EXPECT_EQ(finishedFor(hung), 0);
    EXPECT_FALSE(window->allServersTab()->servers().contains(hung));
    const ServerTab *all = window->allServersTab();
    for (int row = 0; row < all->model()->rowCount(); ++row)
        EXPECT_NE(all->model()->sessionAt(row).server, hung);
    EXPECT_LT(heartbeat.maxLatenessMs(), MaxStallMs);
}

TEST_F(FaultToleranceTest, BulkLogoffAcrossServersWithOneFailingMidwayThenCancel)
{
    const QString a = key("demo:ba?sessions=8&latency=10&churn=0");
    const QString b = key("demo:bb?sessions=8&latency=10&churn=0");
    const QString c = key("demo:bc?sessions=8&latency=10&churn=0");
    auto window = open({a, b, c});
    ServerTab *all = window->allServersTab();
    window->tabs()->setCurrentWidget(all);
    ASSERT_TRUE(waitUntil([&] { return all->model()->rowCount() == 3 * 10; }));
    const QList<Session> sessions = userSessions(all, a) + userSessions(all, b) + userSessions(all, c);
    ASSERT_EQ(sessions.size(), 3 * 7);

    // One item at a time per server, so b fails from a known point on.
    ActionJob::Options options;
    options.kind = ActionJob::Kind::Logoff;
    options.maxPerServer = 1;
    QSignalSpy started(window.get(), &MainWindow::actionStarted);
    const Heartbeat heartbeat;
    QObject guard;
    JobRecord first;
    int firstOfB = -1;
    ActionJob *job = window->startAction(options, sessions);
    ASSERT_TRUE(job);
    record(job, &first, &guard);
    QObject::connect(job, &ActionJob::itemFinished, &guard, [&, job](int index) {
        if (firstOfB < 0 && job->target(index).session.server == b) {
            firstOfB = index;
            demo(*window, b).setFailPercent(100);
        }
    });
    ASSERT_EQ(started.count(), 1);
    QPointer<ActionProgressDialog> progress = started.first().at(1).value<ActionProgressDialog *>();
    ASSERT_TRUE(waitUntil([&] { return first.finishedSignals > 0; }, 30000));

    EXPECT_EQ(first.finishedSignals, 1);
    ASSERT_EQ(first.outcomes.size(), sessions.size());
    ASSERT_EQ(first.reports.size(), sessions.size());
    for (int i = 0; i < sessions.size(); ++i) {
        EXPECT_EQ(first.reports.value(i), 1) << "item " << i;
        const ActionJob::Outcome &outcome = first.outcomes.at(i);
        if (sessions.at(i).server != b || i == firstOfB) {
            EXPECT_EQ(outcome.status, ActionJob::Status::Done) << "item " << i;
        } else {
            EXPECT_EQ(outcome.status, ActionJob::Status::Failed) << "item " << i;
            ASSERT_TRUE(outcome.error);
            EXPECT_TRUE(outcome.error->toString().contains(QStringLiteral("Access is denied")));
            ASSERT_TRUE(progress);
            EXPECT_EQ(progress->results()->topLevelItem(i)->text(ActionProgressDialog::ResultColumn),
                      QStringLiteral("Failed"));
            EXPECT_FALSE(progress->results()->topLevelItem(i)->text(ActionProgressDialog::DetailColumn).isEmpty());
        }
    }
    ASSERT_TRUE(progress);
    EXPECT_TRUE(progress->currentItemText().contains(QStringLiteral("15 done, 6 failed")))
        << progress->currentItemText().toStdString();
    // Every session of the healthy servers is gone from the grid and from the server.
    ASSERT_TRUE(waitUntil([&] { return userSessions(all, a).isEmpty() && userSessions(all, c).isEmpty(); }));
    EXPECT_TRUE(all->isFailing(b)); // b's last rows stay, greyed

    // b answers again and shows what is left: a second batch on those, canceled once the
    // first of them has finished.
    demo(*window, b).setFailPercent(0);
    window->scheduler()->refreshNow(b);
    ASSERT_TRUE(waitUntil([&] { return !all->isFailing(b) && userSessions(all, b).size() == 6; }));
    const QList<Session> again = userSessions(all, b);
    started.clear();
    JobRecord second;
    ActionJob *job2 = window->startAction(options, again);
    ASSERT_TRUE(job2);
    record(job2, &second, &guard);
    ASSERT_EQ(started.count(), 1);
    QPointer<ActionProgressDialog> progress2 = started.first().at(1).value<ActionProgressDialog *>();
    ASSERT_TRUE(waitUntil([&] { return !second.reports.isEmpty(); }));
    ASSERT_TRUE(progress2);
    QTest::mouseClick(progress2->cancelButton(), Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return second.finishedSignals > 0; }));

    EXPECT_EQ(second.finishedSignals, 1);
    ASSERT_EQ(second.outcomes.size(), again.size());
    int done = 0;
    int skipped = 0;
    for (int i = 0; i < again.size(); ++i) {
        EXPECT_EQ(second.reports.value(i), 1) << "item " << i;
        const ActionJob::Status status = second.outcomes.at(i).status;
        const bool present = demo(*window, b).isPresent(again.at(i).id);
        if (status == ActionJob::Status::Done) {
            ++done;
            EXPECT_FALSE(present) << "item " << i;
        } else {
            EXPECT_EQ(status, ActionJob::Status::Skipped) << "item " << i;
            ++skipped;
            // Never started: the session is still there.
            EXPECT_TRUE(present) << "item " << i;
        }
    }
    EXPECT_GE(done, 1);
    EXPECT_GE(skipped, 1);
    EXPECT_LT(heartbeat.maxLatenessMs(), MaxStallMs);
}

TEST_F(FaultToleranceTest, SessionGoneBeforeItsLogoffIsAlreadyGoneAndCountsAsDone)
{
    const QString server = key("demo:gone?sessions=4&latency=0&churn=0");
    auto window = open({server});
    ServerTab *tab = window->tabFor(server);
    window->tabs()->setCurrentWidget(tab);
    ASSERT_TRUE(waitUntil([&] { return tab->model()->rowCount() == 6; }));
    window->scheduler()->setPaused(true);
    const QList<Session> targets = userSessions(tab, server).mid(0, 2);
    ASSERT_EQ(targets.size(), 2);

    // The first session ends on the server after the grid listed it.
    ASSERT_TRUE(window->scheduler()->source(server)->logoff(SessionRef::plainId(targets.first().id), true, 5s).ok());
    ASSERT_GE(tab->model()->rowOf(SessionKey::of(targets.first())), 0);

    QSignalSpy started(window.get(), &MainWindow::actionStarted);
    ActionJob::Options options;
    options.kind = ActionJob::Kind::Logoff;
    ActionJob *job = window->startAction(options, targets);
    ASSERT_TRUE(job);
    QObject guard;
    JobRecord result;
    record(job, &result, &guard);
    ASSERT_EQ(started.count(), 1);
    QPointer<ActionProgressDialog> progress = started.first().at(1).value<ActionProgressDialog *>();
    ASSERT_TRUE(waitUntil([&] { return result.finishedSignals > 0; }));

    ASSERT_EQ(result.outcomes.size(), 2);
    EXPECT_EQ(result.outcomes.at(0).status, ActionJob::Status::AlreadyGone);
    EXPECT_TRUE(ActionJob::succeeded(result.outcomes.at(0).status));
    EXPECT_EQ(result.outcomes.at(1).status, ActionJob::Status::Done);
    ASSERT_TRUE(progress);
    EXPECT_EQ(progress->results()->topLevelItem(0)->text(ActionProgressDialog::ResultColumn),
              QStringLiteral("Already gone"));
    EXPECT_TRUE(progress->results()->topLevelItem(0)->text(ActionProgressDialog::DetailColumn).isEmpty());
    EXPECT_EQ(progress->currentItemText(), QStringLiteral("Finished: 2 done."));
    // Both rows leave the grid with the refresh that follows the job.
    EXPECT_TRUE(waitUntil([&] {
        return tab->model()->rowOf(SessionKey::of(targets.at(0))) < 0
               && tab->model()->rowOf(SessionKey::of(targets.at(1))) < 0;
    }));
}
