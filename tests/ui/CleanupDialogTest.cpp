#include "CleanupDialog.h"
#include "MainWindow.h"
#include "ServerTab.h"
#include "UiTestSupport.h"
#include "demo/DemoSource.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>

#include <gtest/gtest.h>

using UiTestSupport::waitUntil;

namespace {

// Farms without churn: disconnected sessions stay disconnected, and users idle at the start
// stay idle, so what a preview shows is still there when the log off runs.
const QString FarmA = QStringLiteral("demo:clean-a?latency=0&churn=0&sessions=30");
const QString FarmB = QStringLiteral("demo:clean-b?latency=0&churn=0&sessions=30");

class CleanupDialogTest : public ::testing::Test
{
protected:
    std::unique_ptr<MainWindow> open(const QStringList &servers)
    {
        auto window = UiTestSupport::openWindow(servers, m_dir.filePath(QStringLiteral("console.ini")));
        window->tabs()->setCurrentWidget(window->allServersTab());
        return window;
    }

    // Action › Log Off Idle or Disconnected… on the current tab.
    static CleanupDialog *openDialog(MainWindow &window)
    {
        EXPECT_TRUE(window.cleanupAction()->isEnabled());
        window.cleanupAction()->trigger();
        CleanupDialog *dialog = window.cleanupController()->dialog();
        EXPECT_TRUE(dialog && waitUntil([&] { return dialog->isVisible(); }));
        return dialog;
    }

    static bool previewed(CleanupDialog *dialog)
    {
        QTest::mouseClick(dialog->previewButton(), Qt::LeftButton);
        return waitUntil([&] { return dialog->plan().has_value() && !dialog->isPreviewing(); }, 30000);
    }

    // The dialog, set to warn the users and wait `grace` before logging off, and previewed;
    // nullptr when it did not open or preview.
    static CleanupDialog *previewedWithWarning(MainWindow &window, const QString &grace)
    {
        CleanupDialog *dialog = openDialog(window);
        if (!dialog)
            return nullptr;
        dialog->warnCheck()->setChecked(true);
        dialog->graceEdit()->setText(grace);
        const bool done = previewed(dialog);
        EXPECT_TRUE(done) << "no preview";
        return done ? dialog : nullptr;
    }

    // The confirmed cleanup sent its warning and counts down its grace period.
    static bool graceStarted(const MainWindow &window)
    {
        return waitUntil([&] {
            const CleanupRun *run = window.cleanupController()->run();
            return run && run->graceEnds().isValid();
        });
    }

    // The sessions of the preview as "server id" words, checked against the rows shown.
    static QStringList previewRows(CleanupDialog *dialog)
    {
        QStringList rows;
        QTreeWidget *list = dialog->previewList();
        const QList<CleanupMatch> &matches = dialog->plan()->matches;
        EXPECT_EQ(list->topLevelItemCount(), matches.size());
        for (int i = 0; i < list->topLevelItemCount() && i < matches.size(); ++i) {
            const QTreeWidgetItem *item = list->topLevelItem(i);
            const Session &s = matches.at(i).session;
            EXPECT_EQ(item->text(CleanupDialog::IdColumn), s.id);
            EXPECT_EQ(item->text(CleanupDialog::UserColumn), s.user);
            EXPECT_EQ(item->text(CleanupDialog::ReasonColumn), matches.at(i).reason);
            EXPECT_FALSE(item->text(CleanupDialog::IdleColumn).isEmpty());
            rows.append(s.server + u' ' + s.id);
        }
        return rows;
    }

    static QStringList targetsOf(const ActionJob &job)
    {
        QStringList rows;
        for (int i = 0; i < job.total(); ++i)
            rows.append(job.target(i).session.server + u' ' + job.target(i).session.id);
        return rows;
    }

    static bool isPresent(MainWindow &window, const QString &server, const QString &id)
    {
        return std::dynamic_pointer_cast<DemoSource>(window.scheduler()->source(server))->isPresent(id);
    }

    QTemporaryDir m_dir;
};

} // namespace

TEST_F(CleanupDialogTest, ThePreviewIsExactlyWhatIsLoggedOff)
{
    auto window = open({FarmA, FarmB});
    CleanupDialog *dialog = openDialog(*window);
    ASSERT_TRUE(dialog);
    dialog->idleCheck()->setChecked(true);
    dialog->idleEdit()->setText(QStringLiteral("1h"));
    ASSERT_TRUE(previewed(dialog));

    const QStringList preview = previewRows(dialog);
    ASSERT_GE(preview.size(), 4) << "old disconnected and idle sessions on two servers";
    EXPECT_TRUE(!preview.filter(QStringLiteral("clean-a")).isEmpty()
                && !preview.filter(QStringLiteral("clean-b")).isEmpty());
    for (const CleanupMatch &m : dialog->plan()->matches)
        EXPECT_FALSE(m.session.own || m.session.id == u"0" || m.session.state == Session::State::Listening);
    EXPECT_TRUE(
        dialog->summaryLabel()->text().contains(QStringLiteral("%1 sessions would be logged off").arg(preview.size())))
        << dialog->summaryLabel()->text().toStdString();
    QPushButton *ok = dialog->buttons()->button(QDialogButtonBox::Ok);
    ASSERT_TRUE(ok->isEnabled());

    QSignalSpy started(window->cleanupController(), &CleanupController::logoffStarted);
    QTest::mouseClick(ok, Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return !started.isEmpty(); }));
    auto *job = started.at(0).at(0).value<ActionJob *>();
    ASSERT_TRUE(job);
    EXPECT_EQ(job->options().kind, ActionJob::Kind::Logoff);
    EXPECT_EQ(job->options().purpose, QStringLiteral("cleanup"));
    EXPECT_EQ(targetsOf(*job), preview);
    QSignalSpy finished(job, &ActionJob::finished);
    ASSERT_TRUE(job->isFinished() || finished.wait(30000));
    for (int i = 0; i < job->total(); ++i)
        EXPECT_EQ(job->outcome(i).status, ActionJob::Status::Done) << preview.at(i).toStdString();
    for (const QString &row : preview)
        EXPECT_FALSE(isPresent(*window, row.section(u' ', 0, 0), row.section(u' ', 1))) << row.toStdString();
}

TEST_F(CleanupDialogTest, ChangingTheRuleDropsThePreviewAndBadInputSaysWhy)
{
    auto window = open({FarmA});
    CleanupDialog *dialog = openDialog(*window);
    ASSERT_TRUE(dialog);
    ASSERT_TRUE(previewed(dialog));
    ASSERT_GT(dialog->previewList()->topLevelItemCount(), 0);
    dialog->disconnectedEdit()->setText(QStringLiteral("3h"));
    EXPECT_FALSE(dialog->plan());
    EXPECT_EQ(dialog->previewList()->topLevelItemCount(), 0);
    EXPECT_FALSE(dialog->buttons()->button(QDialogButtonBox::Ok)->isEnabled()) << "nothing confirmed unseen";

    dialog->disconnectedEdit()->setText(QStringLiteral("3 hours"));
    dialog->preview();
    EXPECT_FALSE(dialog->isPreviewing());
    EXPECT_TRUE(dialog->errorLabel()->isVisibleTo(dialog));
    EXPECT_TRUE(dialog->errorLabel()->text().contains(QStringLiteral("invalid duration '3 hours'")))
        << dialog->errorLabel()->text().toStdString();
    EXPECT_FALSE(dialog->plan());
}

TEST_F(CleanupDialogTest, AServerThatCannotBeAskedIsNamedAndTheOthersPreviewed)
{
    auto window = open({FarmA, QStringLiteral("demo:clean-down?latency=0&fail=100")});
    CleanupDialog *dialog = openDialog(*window);
    ASSERT_TRUE(dialog);
    ASSERT_TRUE(previewed(dialog));
    EXPECT_TRUE(dialog->summaryLabel()->text().contains(QStringLiteral("could not be asked")))
        << dialog->summaryLabel()->text().toStdString();
    EXPECT_EQ(dialog->plan()->unreachableServers().size(), 1);
    EXPECT_GT(dialog->previewList()->topLevelItemCount(), 0);
}

TEST_F(CleanupDialogTest, WarnsWaitsWithoutBlockingThenLogsOffWhoStillMatches)
{
    auto window = open({FarmA});
    CleanupDialog *dialog = previewedWithWarning(*window, QStringLiteral("2s"));
    ASSERT_TRUE(dialog);
    const QStringList preview = previewRows(dialog);
    ASSERT_FALSE(preview.isEmpty());

    QSignalSpy started(window->cleanupController(), &CleanupController::logoffStarted);
    QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return window->cleanupController()->graceDialog() != nullptr; }));
    UiTestSupport::Heartbeat heartbeat;
    ASSERT_TRUE(waitUntil([&] { return !started.isEmpty(); }, 30000));
    EXPECT_LT(heartbeat.maxLatenessMs(), 2000) << "the grace period does not hold the GUI thread";
    auto *job = started.at(0).at(0).value<ActionJob *>();
    ASSERT_TRUE(job);
    EXPECT_EQ(targetsOf(*job), preview) << "nobody came back on a farm without churn";
}

TEST_F(CleanupDialogTest, CancellingTheGracePeriodLogsOffNoOne)
{
    auto window = open({FarmA});
    CleanupDialog *dialog = previewedWithWarning(*window, QStringLiteral("1h"));
    ASSERT_TRUE(dialog);
    const QStringList preview = previewRows(dialog);
    ASSERT_FALSE(preview.isEmpty());

    QSignalSpy started(window->cleanupController(), &CleanupController::logoffStarted);
    QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    ASSERT_TRUE(graceStarted(*window));
    QSignalSpy canceled(window->cleanupController()->run(), &CleanupRun::canceled);
    QPushButton *cancel = window->cleanupController()->graceDialog()->findChild<QPushButton *>();
    ASSERT_TRUE(cancel);
    QTest::mouseClick(cancel, Qt::LeftButton);
    EXPECT_EQ(canceled.size(), 1);
    EXPECT_TRUE(waitUntil([&] { return window->cleanupController()->graceDialog() == nullptr; }));
    EXPECT_TRUE(started.isEmpty());
    for (const QString &row : preview)
        EXPECT_TRUE(isPresent(*window, row.section(u' ', 0, 0), row.section(u' ', 1))) << row.toStdString();
}

TEST_F(CleanupDialogTest, QuittingDuringTheGracePeriodAsksAndCancelsTheLogOffOnlyWhenTold)
{
    auto window = open({FarmA});
    CleanupDialog *dialog = previewedWithWarning(*window, QStringLiteral("1h"));
    ASSERT_TRUE(dialog);
    QSignalSpy started(window->cleanupController(), &CleanupController::logoffStarted);
    QTest::mouseClick(dialog->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    ASSERT_TRUE(graceStarted(*window));
    CleanupController *cleanup = window->cleanupController();
    QSignalSpy canceled(cleanup->run(), &CleanupRun::canceled);

    // Closing asks; Cancel keeps the window and the countdown.
    EXPECT_FALSE(window->close());
    ASSERT_TRUE(waitUntil([&] { return cleanup->quitQuestion() && cleanup->quitQuestion()->isVisible(); }));
    EXPECT_TRUE(cleanup->quitQuestion()->informativeText().contains(QStringLiteral("logged off in")))
        << cleanup->quitQuestion()->informativeText().toStdString();
    cleanup->quitQuestion()->button(QMessageBox::Cancel)->click();
    ASSERT_TRUE(waitUntil([&] { return !cleanup->quitQuestion(); }));
    EXPECT_TRUE(window->isVisible());
    EXPECT_TRUE(cleanup->run());
    EXPECT_EQ(canceled.size(), 0);

    // Cancel the Log Off and Quit: no one is logged off, and the window closes.
    window->close();
    const auto cancelAndQuit = [&] {
        return cleanup->quitQuestion()
                   ? cleanup->quitQuestion()->findChild<QAbstractButton *>(QStringLiteral("CancelAndQuit"))
                   : nullptr;
    };
    ASSERT_TRUE(waitUntil([&] { return cancelAndQuit() != nullptr; }));
    cancelAndQuit()->click();
    EXPECT_EQ(canceled.size(), 1);
    EXPECT_TRUE(waitUntil([&] { return !window->isVisible(); }));
    EXPECT_TRUE(started.isEmpty());
}
