// The console window (offscreen) against a real logind host of the lab, over its bus and
// over SSH: the grid shows what loginctl reports, and Log Off through the window's own
// path (confirmation, progress dialog) ends the sessions and their processes.
#include "LabHosts.h"

#include "ActionProgressDialog.h"
#include "ErrorBanner.h"
#include "LogoffConfirmDialog.h"
#include "MainWindow.h"
#include "ServerTab.h"
#include "SessionFilterProxyModel.h"
#include "SessionTableModel.h"
#include "SessionTableView.h"
#include "UiTestSupport.h"
#include "logind/LogindBusAddress.h"

#include <QPointer>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>

#include <gtest/gtest.h>

using UiTestSupport::askToLogOff;
using UiTestSupport::waitUntil;

namespace {

enum class Path { Bus, Ssh };

class WindowLabTest : public ::testing::TestWithParam<Path>
{
protected:
    void SetUp() override
    {
        QString error;
        lab = LabHosts::load(&error);
        ASSERT_TRUE(lab.has_value()) << error.toStdString();
        qputenv(LogindBusAddress::SshConfigVariable, lab->sshConfig().toUtf8());
        server = ServerAddress::parse(GetParam() == Path::Bus ? QStringLiteral("dbus:") + host().busAddress
                                                              : QStringLiteral("root@127.0.0.1:%1").arg(host().sshPort))
                     .toString();
    }

    const LabHosts::Host &host() const { return lab->host(0); }

    std::unique_ptr<MainWindow> open()
    {
        MainWindow::Options options;
        options.servers = {server};
        options.settingsFile = m_dir.filePath(QStringLiteral("console.ini"));
        options.auditLog = auditLog();
        auto window = std::make_unique<MainWindow>(options);
        window->show();
        return window;
    }

    static QStringList gridIds(const ServerTab *tab)
    {
        QStringList ids;
        for (int row = 0; row < tab->model()->rowCount(); ++row)
            ids << tab->model()->sessionAt(row).id;
        ids.sort();
        return ids;
    }

    // The grid and loginctl agree; asked again while either is still catching up.
    void expectGridMatchesLoginctl(const ServerTab *tab) const
    {
        QStringList expected;
        QDeadlineTimer deadline(20000);
        do {
            expected = lab->sessionIds(host());
            expected.sort();
            if (waitUntil([&] { return gridIds(tab) == expected; }, 2000))
                return;
        } while (!deadline.hasExpired());
        EXPECT_EQ(gridIds(tab), expected)
            << "the grid does not show what loginctl lists in " << host().name.toStdString();
    }

    static void select(ServerTab *tab, const QStringList &ids)
    {
        QItemSelection selection;
        for (int row = 0; row < tab->proxy()->rowCount(); ++row) {
            const QModelIndex index = tab->proxy()->index(row, 0);
            if (ids.contains(index.siblingAtColumn(SessionTableModel::IdColumn).data().toString()))
                selection.select(index, index.siblingAtColumn(SessionTableModel::ColumnCount - 1));
        }
        tab->view()->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    }

    QString auditLog() const { return m_dir.filePath(QStringLiteral("audit.jsonl")); }

    std::optional<LabHosts> lab;
    QString server;

private:
    QTemporaryDir m_dir;
};

} // namespace

TEST_P(WindowLabTest, GridShowsTheHostsSessionsAndLogOffEndsThem)
{
    const QStringList opened = lab->openSessions(host(), QStringLiteral("bob"), 3);
    ASSERT_EQ(opened.size(), 3);
    auto window = open();
    ServerTab *tab = window->tabFor(server);
    ASSERT_TRUE(tab);
    window->tabs()->setCurrentWidget(tab);
    expectGridMatchesLoginctl(tab);

    const QStringList targets = opened.mid(0, 2);
    QStringList leaders;
    QStringList scopes;
    for (const QString &id : targets) {
        leaders << lab->sessionProperty(host(), id, QStringLiteral("Leader"));
        scopes << lab->sessionProperty(host(), id, QStringLiteral("Scope"));
        ASSERT_FALSE(leaders.last().isEmpty());
    }
    select(tab, targets);
    ASSERT_EQ(tab->selectedSessions().size(), 2);

    QSignalSpy started(window.get(), &MainWindow::actionStarted);
    LogoffConfirmDialog *confirm = askToLogOff(*window, tab);
    ASSERT_TRUE(confirm);
    EXPECT_EQ(confirm->sessions().size(), 2);
    EXPECT_FALSE(confirm->includesOwnSession());
    confirm->accept();
    ASSERT_EQ(started.count(), 1);
    QPointer<ActionProgressDialog> progress = started.first().at(1).value<ActionProgressDialog *>();
    ASSERT_TRUE(progress);

    ASSERT_TRUE(waitUntil([&] { return progress->progressBar()->value() == 2; }, 30000));
    EXPECT_EQ(progress->progressBar()->text(), QStringLiteral("2 of 2"));
    for (int i = 0; i < 2; ++i)
        EXPECT_EQ(progress->results()->topLevelItem(i)->text(ActionProgressDialog::ResultColumn),
                  QStringLiteral("Done"))
            << progress->results()->topLevelItem(i)->text(ActionProgressDialog::DetailColumn).toStdString();
    EXPECT_TRUE(waitUntil([&] {
        const QStringList ids = gridIds(tab);
        return !ids.contains(targets.at(0)) && !ids.contains(targets.at(1));
    })) << "the logged-off rows stay in the grid";
    EXPECT_TRUE(gridIds(tab).contains(opened.at(2)));

    const QStringList remaining = lab->sessionIds(host());
    for (int i = 0; i < 2; ++i) {
        EXPECT_FALSE(remaining.contains(targets.at(i))) << "logind still lists " << targets.at(i).toStdString();
        int exitCode = -1;
        lab->exec(host(), {QStringLiteral("kill"), QStringLiteral("-0"), leaders.at(i)}, &exitCode);
        EXPECT_NE(exitCode, 0) << "the leader " << leaders.at(i).toStdString() << " survived";
        const QString scopeState
            = lab->exec(host(), {QStringLiteral("systemctl"), QStringLiteral("is-active"), scopes.at(i)}).trimmed();
        EXPECT_NE(scopeState, QStringLiteral("active")) << scopes.at(i).toStdString() << " still runs processes";
    }
    // One batch: each session asked for, then done, as the window recorded it.
    const QList<AuditRecord> records = AuditLog::read(auditLog()).records;
    ASSERT_EQ(records.size(), 4);
    for (const QString &id : targets) {
        QList<AuditRecord> mine;
        for (const AuditRecord &record : records) {
            if (record.sessionId == id)
                mine.append(record);
        }
        ASSERT_EQ(mine.size(), 2) << id.toStdString();
        EXPECT_EQ(mine.at(0).phase, AuditRecord::Phase::Requested);
        EXPECT_EQ(mine.at(0).tool, QStringLiteral("console"));
        EXPECT_EQ(mine.at(0).server, server);
        EXPECT_EQ(mine.at(0).sessionUser, QStringLiteral("bob"));
        EXPECT_EQ(mine.at(1).outcome, QStringLiteral("done"));
        EXPECT_EQ(mine.at(1).batch, records.first().batch);
    }
    expectGridMatchesLoginctl(tab);
    lab->exec(host(), {QStringLiteral("loginctl"), QStringLiteral("terminate-session"), opened.at(2)});
}

// A session that ends while the confirmation is open (between enumeration and log off).
TEST_P(WindowLabTest, SessionEndedWhileTheConfirmationWasOpenIsRefusedOrAlreadyGone)
{
    const QStringList opened = lab->openSessions(host(), QStringLiteral("carol"), 1);
    ASSERT_EQ(opened.size(), 1);
    auto window = open();
    ServerTab *tab = window->tabFor(server);
    ASSERT_TRUE(tab);
    window->tabs()->setCurrentWidget(tab);
    ASSERT_TRUE(waitUntil([&] { return gridIds(tab).contains(opened.first()); }, 20000));
    select(tab, opened);

    QSignalSpy started(window.get(), &MainWindow::actionStarted);
    LogoffConfirmDialog *confirm = askToLogOff(*window, tab);
    ASSERT_TRUE(confirm);
    int exitCode = -1;
    lab->exec(host(), {QStringLiteral("loginctl"), QStringLiteral("terminate-session"), opened.first()}, &exitCode);
    ASSERT_EQ(exitCode, 0);
    ASSERT_TRUE(waitUntil([&] { return !lab->sessionIds(host()).contains(opened.first()); }, 20000))
        << "loginctl terminate-session did not end " << opened.first().toStdString();
    confirm->accept();
    if (started.isEmpty()) {
        // logind signalled the end, and the window's refresh listed it before the confirmation:
        // the log off is refused, saying why.
        EXPECT_FALSE(gridIds(tab).contains(opened.first()));
        EXPECT_TRUE(window->noteBanner()->isVisible());
        EXPECT_TRUE(window->noteBanner()->text().contains(QStringLiteral("is no longer listed")))
            << window->noteBanner()->text().toStdString();
        return;
    }
    // Otherwise the log off is sent, and the server says the session is gone.
    ASSERT_EQ(started.count(), 1);
    QPointer<ActionProgressDialog> progress = started.first().at(1).value<ActionProgressDialog *>();
    ASSERT_TRUE(progress);
    ASSERT_TRUE(waitUntil([&] { return progress->progressBar()->value() == 1; }, 30000));
    EXPECT_EQ(progress->results()->topLevelItem(0)->text(ActionProgressDialog::ResultColumn),
              QStringLiteral("Already gone"))
        << progress->results()->topLevelItem(0)->text(ActionProgressDialog::DetailColumn).toStdString();
    EXPECT_TRUE(waitUntil([&] { return !gridIds(tab).contains(opened.first()); }));
}

INSTANTIATE_TEST_SUITE_P(Lab, WindowLabTest, ::testing::Values(Path::Bus, Path::Ssh),
                         [](const ::testing::TestParamInfo<Path> &info) {
                             return info.param == Path::Bus ? std::string("Bus") : std::string("Ssh");
                         });
