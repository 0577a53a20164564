#include "ActionJob.h"
#include "ActionProgressDialog.h"
#include "AddServerDialog.h"
#include "LogoffConfirmDialog.h"
#include "SendMessageDialog.h"

#include "SessionFixtures.h"
#include "UiTestSupport.h"
#include "demo/DemoSource.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QThreadPool>
#include <QTreeWidget>

#include <gtest/gtest.h>

using UiTestSupport::waitUntil;

namespace {

QPushButton *okButton(QDialog &dialog)
{
    return dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

} // namespace

TEST(AddServerDialogTest, AcceptsOnlyValidAddresses)
{
    AddServerDialog dialog({QStringLiteral("demo:recent"), QStringLiteral("lab1")});
    auto *combo = dialog.findChild<QComboBox *>();
    ASSERT_TRUE(combo);
    EXPECT_EQ(combo->count(), 2); // the recent entries are offered
    EXPECT_FALSE(okButton(dialog)->isEnabled());

    dialog.setText(QStringLiteral("-oProxyCommand=evil"));
    EXPECT_FALSE(okButton(dialog)->isEnabled());
    const auto *problem = dialog.findChild<QLabel *>(QStringLiteral("AddressProblem"));
    ASSERT_TRUE(problem);
    EXPECT_FALSE(problem->text().isEmpty());

    dialog.setText(QStringLiteral("admin@lab2:2222"));
    EXPECT_TRUE(okButton(dialog)->isEnabled());
    EXPECT_EQ(dialog.address().toString(), QStringLiteral("admin@lab2:2222"));

    combo->setCurrentIndex(0);
    EXPECT_TRUE(okButton(dialog)->isEnabled());
    EXPECT_EQ(dialog.address().toString(), QStringLiteral("demo:recent"));
}

TEST(LogoffConfirmDialogTest, ListsSessionsAndWaitsByDefault)
{
    const QList<Session> sessions = SessionFixtures::range(QStringLiteral("demo:a"), 5, 3);
    LogoffConfirmDialog dialog(sessions);
    EXPECT_TRUE(dialog.waitUntilLoggedOff());
    EXPECT_FALSE(dialog.includesOwnSession());
    EXPECT_EQ(dialog.sessionList()->topLevelItemCount(), 3);
    EXPECT_EQ(dialog.sessionList()->topLevelItem(1)->text(LogoffConfirmDialog::UserColumn), QStringLiteral("user6"));
    EXPECT_FALSE(dialog.findChild<QLabel *>(QStringLiteral("OwnSessionWarning")));
    dialog.findChild<QCheckBox *>()->setChecked(false);
    EXPECT_FALSE(dialog.waitUntilLoggedOff());
}

TEST(LogoffConfirmDialogTest, AsksAboutOneSessionOrSeveralInWords)
{
    const auto question = [](const QList<Session> &sessions) {
        const LogoffConfirmDialog dialog(sessions);
        for (const QLabel *label : dialog.findChildren<QLabel *>()) {
            if (label->text().startsWith(QStringLiteral("Log off")))
                return label->text();
        }
        return QString();
    };
    EXPECT_EQ(question(SessionFixtures::range(QStringLiteral("demo:a"), 1, 1)),
              QStringLiteral("Log off this session? Its programs are closed and unsaved work is lost."));
    EXPECT_EQ(question(SessionFixtures::range(QStringLiteral("demo:a"), 1, 3)),
              QStringLiteral("Log off these 3 sessions? Their programs are closed and unsaved work is lost."));
}

TEST(LogoffConfirmDialogTest, ShowsTheIdentityOfEachLogonByTheServersShortNameWithoutScrolling)
{
    // The address as the window keys it: long enough to push the other columns aside.
    const QString server = ServerAddress::parse(QStringLiteral("demo:rdsh01?sessions=30&latency=20&churn=0")).toString();
    QList<Session> sessions = SessionFixtures::range(server, 3, 2);
    sessions[0].logonTime = QDateTime(QDate(2026, 11, 25), QTime(9, 15), Qt::UTC);
    sessions[1].logonTime = QDateTime();
    LogoffConfirmDialog dialog(sessions);
    dialog.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));

    const QTreeWidget *list = dialog.sessionList();
    const QTreeWidgetItem *first = list->topLevelItem(0);
    EXPECT_EQ(first->text(LogoffConfirmDialog::ServerColumn), QStringLiteral("demo:rdsh01"));
    EXPECT_EQ(first->toolTip(LogoffConfirmDialog::ServerColumn), server);
    EXPECT_EQ(first->text(LogoffConfirmDialog::UserColumn), sessions[0].user);
    EXPECT_EQ(first->text(LogoffConfirmDialog::IdColumn), QStringLiteral("3"));
    EXPECT_EQ(first->text(LogoffConfirmDialog::StateColumn), Session::stateName(sessions[0].state));
    EXPECT_EQ(first->text(LogoffConfirmDialog::LogonTimeColumn),
              sessions[0].logonTime.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    EXPECT_EQ(list->topLevelItem(1)->text(LogoffConfirmDialog::LogonTimeColumn), QStringLiteral("unknown"));

    // Every column as wide as its contents, all in view: no horizontal scroll bar.
    EXPECT_FALSE(list->horizontalScrollBar()->isVisible());
    const QFontMetrics metrics(list->font());
    for (int column = 0; column < list->columnCount(); ++column) {
        EXPECT_GE(list->columnWidth(column), metrics.horizontalAdvance(first->text(column))) << column;
        EXPECT_LE(list->header()->sectionViewportPosition(column) + list->columnWidth(column), list->viewport()->width())
            << column;
    }
}

TEST(LogoffConfirmDialogTest, WarnsLoudlyAboutTheOwnSession)
{
    QList<Session> sessions = SessionFixtures::range(QStringLiteral("demo:a"), 1, 2);
    sessions[1].own = true;
    LogoffConfirmDialog dialog(sessions);
    EXPECT_TRUE(dialog.includesOwnSession());
    const auto *warning = dialog.findChild<QLabel *>(QStringLiteral("OwnSessionWarning"));
    ASSERT_TRUE(warning);
    EXPECT_TRUE(warning->text().contains(QStringLiteral("user2")));
    // Enter must not log off the console's own session.
    EXPECT_FALSE(okButton(dialog)->isDefault());
    EXPECT_TRUE(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel)->isDefault());
}

TEST(SendMessageDialogTest, NeedsText)
{
    SendMessageDialog dialog(2);
    EXPECT_FALSE(okButton(dialog)->isEnabled());
    QTest::keyClicks(dialog.findChild<QPlainTextEdit *>(), QStringLiteral("Reboot at 18:00"));
    EXPECT_TRUE(okButton(dialog)->isEnabled());
    EXPECT_EQ(dialog.text(), QStringLiteral("Reboot at 18:00"));
    EXPECT_FALSE(dialog.title().isEmpty());
}

TEST(SendMessageDialogTest, CountsTheSessionsInItsTitle)
{
    EXPECT_EQ(SendMessageDialog(1).windowTitle(), QStringLiteral("Send Message to 1 Session"));
    EXPECT_EQ(SendMessageDialog(4).windowTitle(), QStringLiteral("Send Message to 4 Sessions"));
}

TEST(ActionProgressDialogTest, CountsTheSessionsInItsTitle)
{
    const auto source = std::make_shared<DemoSource>(ServerAddress::parse(QStringLiteral("demo:t?churn=0")));
    const QList<Session> sessions = SessionFixtures::range(QStringLiteral("demo:t"), 1, 2);
    QThreadPool pool;
    ActionJob::Options options;
    options.kind = ActionJob::Kind::Logoff;
    ActionJob one(options, {{source, sessions[0]}}, std::make_shared<AuditLog>(AuditLog::Tool::Console), &pool);
    EXPECT_EQ(ActionProgressDialog(&one).windowTitle(), QStringLiteral("Log Off — 1 session"));
    ActionJob two(options, {{source, sessions[0]}, {source, sessions[1]}},
                  std::make_shared<AuditLog>(AuditLog::Tool::Console), &pool);
    EXPECT_EQ(ActionProgressDialog(&two).windowTitle(), QStringLiteral("Log Off — 2 sessions"));
}

TEST(ActionProgressDialogTest, ShowsProgressResultsAndCancel)
{
    const auto source = std::make_shared<DemoSource>(
        ServerAddress::parse(QStringLiteral("demo:p?sessions=10&latency=20&churn=0")));
    const QList<Session> sessions = source->enumerate().value();
    QList<ActionJob::Target> targets;
    for (const Session &s : sessions) {
        const int id = s.id.toInt();
        if (id != DemoSource::ServicesSessionId && id != DemoSource::ListenerSessionId && !s.own)
            targets.append({source, s});
    }
    ASSERT_GE(targets.size(), 6);
    QThreadPool pool;
    pool.setMaxThreadCount(1);
    ActionJob::Options options;
    options.kind = ActionJob::Kind::Logoff;
    options.maxPerServer = 1;
    ActionJob job(options, targets, std::make_shared<AuditLog>(AuditLog::Tool::Console), &pool);
    ActionProgressDialog dialog(&job);
    dialog.show();
    job.start();
    ASSERT_TRUE(waitUntil([&] { return dialog.progressBar()->value() >= 1; }));
    EXPECT_TRUE(dialog.currentItemText().startsWith(QStringLiteral("Working on")));
    QTest::mouseClick(dialog.cancelButton(), Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return job.isFinished(); }));
    EXPECT_EQ(dialog.progressBar()->value(), int(targets.size()));
    int skipped = 0;
    for (int i = 0; i < dialog.results()->topLevelItemCount(); ++i)
        skipped += dialog.results()->topLevelItem(i)->text(ActionProgressDialog::ResultColumn)
                   == QStringLiteral("Skipped");
    EXPECT_GE(skipped, 1);
    EXPECT_EQ(dialog.results()->topLevelItem(0)->text(ActionProgressDialog::ResultColumn), QStringLiteral("Done"));
    EXPECT_TRUE(dialog.currentItemText().startsWith(QStringLiteral("Canceled")));
    EXPECT_EQ(dialog.cancelButton()->text(), QStringLiteral("&Close"));
}
