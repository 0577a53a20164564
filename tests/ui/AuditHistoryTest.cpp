#include "ActionProgressDialog.h"
#include "AuditHistoryDialog.h"
#include "AuditLog.h"
#include "ErrorBanner.h"
#include "MainWindow.h"
#include "ServerTab.h"
#include "SessionTableModel.h"
#include "UiTestSupport.h"
#include "demo/DemoSource.h"

#include <QFile>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeWidget>

#include <gtest/gtest.h>

using UiTestSupport::checked;
using UiTestSupport::waitUntil;

namespace {

const QString Demo = ServerAddress::parse(QStringLiteral("demo:audit?sessions=6&latency=0&churn=0")).toString();

class AuditHistoryTest : public ::testing::Test
{
protected:
    std::unique_ptr<MainWindow> open(const QString &auditLog)
    {
        MainWindow::Options options;
        options.servers = {Demo};
        options.settingsFile = m_dir.filePath(QStringLiteral("console.ini"));
        options.auditLog = auditLog;
        auto window = std::make_unique<MainWindow>(options);
        window->show();
        EXPECT_TRUE(QTest::qWaitForWindowExposed(window.get()));
        return window;
    }

    // The user sessions the tab lists, once it lists them.
    static QList<Session> userSessions(MainWindow &window)
    {
        ServerTab *tab = window.tabFor(Demo);
        EXPECT_TRUE(tab);
        EXPECT_TRUE(waitUntil([&] { return tab->model()->rowCount() == 8; }));
        QList<Session> sessions;
        for (int row = 0; row < tab->model()->rowCount(); ++row) {
            const Session &s = tab->model()->sessionAt(row);
            const int id = s.id.toInt();
            if (!s.own && id != DemoSource::ServicesSessionId && id != DemoSource::ListenerSessionId)
                sessions.append(s);
        }
        return sessions;
    }

    static ActionJob *run(MainWindow &window, ActionJob::Kind kind, const QList<Session> &sessions)
    {
        ActionJob::Options options;
        options.kind = kind;
        ActionJob *job = window.startAction(options, sessions);
        EXPECT_TRUE(job);
        if (job) {
            QSignalSpy finished(job, &ActionJob::finished);
            EXPECT_TRUE(job->isFinished() || finished.wait(20000));
        }
        return job;
    }

    QTemporaryDir m_dir;
};

} // namespace

TEST_F(AuditHistoryTest, ActionsFromTheWindowAreRecordedAndListedNewestFirst)
{
    const QString log = m_dir.filePath(QStringLiteral("log/audit.jsonl"));
    auto window = open(log);
    const QList<Session> sessions = userSessions(*window);
    ASSERT_GE(sessions.size(), 3);
    run(*window, ActionJob::Kind::Logoff, sessions.mid(0, 2));

    const QList<AuditRecord> records = AuditLog::read(log).records;
    ASSERT_EQ(records.size(), 4);
    for (const AuditRecord &record : records) {
        EXPECT_EQ(record.tool, QStringLiteral("console"));
        EXPECT_EQ(record.action, QStringLiteral("logoff"));
        EXPECT_EQ(record.server, Demo);
    }
    for (const Session &session : sessions.mid(0, 2)) {
        const auto phases = std::count_if(records.cbegin(), records.cend(), [&](const AuditRecord &r) {
            return r.sessionId == session.id && r.sessionUser == session.user
                   && (r.phase == AuditRecord::Phase::Requested || r.outcome == u"done");
        });
        EXPECT_EQ(phases, 2) << qPrintable(session.id);
    }

    window->historyAction()->trigger();
    AuditHistoryDialog *history = window->historyDialog();
    ASSERT_TRUE(history);
    ASSERT_TRUE(history->isVisible());
    const auto tester = checked(history->view()->model());
    ASSERT_TRUE(waitUntil([&] { return history->view()->model()->rowCount() == 4; }));
    EXPECT_TRUE(history->statusText().startsWith(QStringLiteral("Records: 4, from ")))
        << qPrintable(history->statusText());

    // The open History follows the actions that end.
    run(*window, ActionJob::Kind::Lock, {sessions.at(2)});
    QAbstractItemModel *shown = history->view()->model();
    ASSERT_TRUE(waitUntil([&] { return shown->rowCount() == 6; }));
    const auto cell = [&](int row, int column) { return shown->index(row, column).data().toString(); };
    EXPECT_EQ(cell(0, AuditTableModel::Action), QStringLiteral("lock"));
    EXPECT_EQ(cell(0, AuditTableModel::Phase), QStringLiteral("outcome"));
    EXPECT_EQ(cell(1, AuditTableModel::Phase), QStringLiteral("requested"));
    EXPECT_EQ(cell(5, AuditTableModel::Action), QStringLiteral("logoff"));

    history->setFilterText(QStringLiteral("LOCK"));
    ASSERT_EQ(shown->rowCount(), 2);
    const QString csvFile = m_dir.filePath(QStringLiteral("history.csv"));
    ASSERT_TRUE(history->exportCsv(csvFile));
    QFile csv(csvFile);
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(csv.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 3);
    EXPECT_TRUE(lines.at(0).contains(QStringLiteral("Time,Operator,Tool,Server,Session,User,Action")))
        << qPrintable(lines.at(0));
    EXPECT_TRUE(lines.at(1).contains(QStringLiteral(",lock,outcome,done,")));
    EXPECT_TRUE(lines.at(2).contains(QStringLiteral(",lock,requested,")));
}

TEST_F(AuditHistoryTest, AnUnwritableLogIsShownAndRefusesEveryAction)
{
    // A regular file where the log's directory should be: unwritable for root as well.
    const QString blocker = m_dir.filePath(QStringLiteral("not-a-directory"));
    {
        QFile file(blocker);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    }
    const QString log = blocker + QStringLiteral("/audit.jsonl");
    auto window = open(log);
    ASSERT_TRUE(waitUntil([&] {
        return window->noteBanner()->isVisible()
               && window->noteBanner()->text().contains(QStringLiteral("The audit log cannot be written"));
    }));
    EXPECT_TRUE(window->noteBanner()->text().contains(QStringLiteral("Could not write the audit log at")));

    const QList<Session> sessions = userSessions(*window);
    ASSERT_GE(sessions.size(), 1);
    QSignalSpy started(window.get(), &MainWindow::actionStarted);
    ActionJob *job = run(*window, ActionJob::Kind::Logoff, {sessions.first()});
    ASSERT_TRUE(job);
    ASSERT_EQ(job->outcome(0).status, ActionJob::Status::Failed);
    EXPECT_TRUE(job->outcome(0).error->message.startsWith(QStringLiteral("Could not write the audit log at ")));
    const auto *progress = started.first().at(1).value<ActionProgressDialog *>();
    ASSERT_TRUE(progress);
    EXPECT_TRUE(progress->results()
                    ->topLevelItem(0)
                    ->text(ActionProgressDialog::DetailColumn)
                    .startsWith(QStringLiteral("Could not write the audit log at ")));
    ASSERT_TRUE(waitUntil([&] { return window->noteBanner()->text().contains(QStringLiteral("Not acted on")); }));
    EXPECT_FALSE(QFile::exists(log));

    // Still logged on: the next refresh lists it as before.
    ServerTab *tab = window->tabFor(Demo);
    QSignalSpy refreshed(window->scheduler(), &RefreshScheduler::refreshFinished);
    window->refreshAction()->trigger();
    ASSERT_TRUE(refreshed.wait(10000));
    EXPECT_GE(tab->model()->rowOf(SessionKey::of(sessions.first())), 0);
}
