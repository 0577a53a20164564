#include "MainWindow.h"

#include "ActionProgressDialog.h"
#include "AddServerDialog.h"
#include "ErrorBanner.h"
#include "KillSessionDialog.h"
#include "LogoffConfirmDialog.h"
#include "ServerTab.h"
#include "SessionFilterProxyModel.h"
#include "SessionTableModel.h"
#include "SessionTableView.h"
#include "UiTestSupport.h"
#include "demo/DemoSource.h"

#include <QAbstractButton>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStyle>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeWidget>

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using UiTestSupport::checked;
using UiTestSupport::waitUntil;

namespace {

QString key(const char *address)
{
    return ServerAddress::parse(QString::fromLatin1(address)).toString();
}

// The proxy row showing the session `id` of `server`, or -1.
int proxyRowOf(const ServerTab *tab, const QString &server, const QString &id)
{
    for (int row = 0; row < tab->proxy()->rowCount(); ++row) {
        const int source = tab->proxy()->mapToSource(tab->proxy()->index(row, 0)).row();
        const Session &s = tab->model()->sessionAt(source);
        if (s.server == server && s.id == id)
            return row;
    }
    return -1;
}

void select(ServerTab *tab, const QString &server, const QStringList &ids)
{
    QItemSelection selection;
    for (const QString &id : ids) {
        const int row = proxyRowOf(tab, server, id);
        ASSERT_GE(row, 0) << id.toStdString();
        selection.select(tab->proxy()->index(row, 0), tab->proxy()->index(row, SessionTableModel::ColumnCount - 1));
    }
    tab->view()->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
}

QStringList selectedIds(const ServerTab *tab)
{
    QStringList ids;
    for (const Session &s : tab->selectedSessions())
        ids.append(s.id);
    ids.sort();
    return ids;
}

// Ids of ordinary user sessions (not services, listener or the console's own).
QStringList userSessionIds(const ServerTab *tab, int count)
{
    QStringList ids;
    for (int row = 0; row < tab->model()->rowCount() && ids.size() < count; ++row) {
        const Session &s = tab->model()->sessionAt(row);
        const int id = s.id.toInt();
        if (!s.own && id != DemoSource::ServicesSessionId && id != DemoSource::ListenerSessionId)
            ids.append(s.id);
    }
    return ids;
}

QByteArray readAll(const QString &fileName)
{
    QFile file(fileName);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

class MainWindowTest : public ::testing::Test
{
protected:
    std::unique_ptr<MainWindow> open(const QStringList &servers, int actionThreads = 8)
    {
        return UiTestSupport::openWindow(servers, settingsFile(), actionThreads);
    }

    // Opens the tab's server and waits for its first rows (sessions + services + listener).
    static ServerTab *waitForRows(MainWindow &window, const QString &server, int rows)
    {
        ServerTab *tab = window.tabFor(server);
        EXPECT_TRUE(tab);
        window.tabs()->setCurrentWidget(tab);
        EXPECT_TRUE(waitUntil([&] { return tab->model()->rowCount() == rows; }))
            << "rows: " << tab->model()->rowCount();
        return tab;
    }

    QString settingsFile() const { return m_dir.filePath(QStringLiteral("console.ini")); }

private:
    QTemporaryDir m_dir;
};

const char *const Quiet = "demo:t?sessions=20&latency=0&churn=0";

} // namespace

TEST_F(MainWindowTest, ActionsAreEnabledByTheCapabilitiesOfTheSelectedRows)
{
    const QString demo = key(Quiet);
    auto window = open({demo});
    const ServerAddress limitedAddress = ServerAddress::parse(QStringLiteral("demo:limited"));
    QList<Session> limitedSessions;
    for (int id = 1; id <= 3; ++id) {
        Session s;
        s.server = limitedAddress.toString();
        s.id = QString::number(id);
        s.user = QStringLiteral("u%1").arg(id);
        limitedSessions.append(s);
    }
    window->addSource(std::make_shared<UiTestSupport::FixedSource>(limitedAddress,
                                                                   SessionSource::Capability::Enumerate
                                                                       | SessionSource::Capability::Logoff,
                                                                   limitedSessions));

    ServerTab *all = window->allServersTab();
    window->tabs()->setCurrentWidget(all);
    const auto allTester = checked(all->model());
    const auto proxyTester = checked(all->proxy());
    ASSERT_TRUE(waitUntil([&] { return all->model()->rowCount() == 22 + 3; }));

    const auto enabled = [&] {
        return std::vector<bool>{window->logoffAction()->isEnabled(), window->disconnectAction()->isEnabled(),
                                 window->sendMessageAction()->isEnabled(), window->lockAction()->isEnabled(),
                                 window->copyAction()->isEnabled()};
    };
    EXPECT_EQ(enabled(), (std::vector<bool>{false, false, false, false, false}));

    select(all, demo, {QStringLiteral("3"), QStringLiteral("4")});
    EXPECT_EQ(enabled(), (std::vector<bool>{true, true, true, true, true}));

    select(all, limitedAddress.toString(), {QStringLiteral("2")});
    EXPECT_EQ(enabled(), (std::vector<bool>{true, false, false, false, true}));

    // Mixed: only what every selected row's server can do.
    all->view()->selectionModel()->select(all->proxy()->index(proxyRowOf(all, demo, QStringLiteral("3")), 0),
                                          QItemSelectionModel::Select | QItemSelectionModel::Rows);
    EXPECT_EQ(all->selectedSessions().size(), 2);
    EXPECT_EQ(enabled(), (std::vector<bool>{true, false, false, false, true}));
}

TEST_F(MainWindowTest, ContextMenuPopsUpWithoutBlocking)
{
    const QString demo = key(Quiet);
    auto window = open({demo});
    ServerTab *tab = waitForRows(*window, demo, 22);
    select(tab, demo, {QStringLiteral("3")});
    const QRect cell = tab->view()->visualRect(tab->proxy()->index(proxyRowOf(tab, demo, QStringLiteral("3")), 1));
    Q_EMIT tab->view()->customContextMenuRequested(cell.center());
    // Still here: popup(), not exec().
    ASSERT_TRUE(waitUntil([&] { return window->contextMenu()->isVisible(); }));
    EXPECT_TRUE(window->contextMenu()->actions().contains(window->logoffAction()));
    EXPECT_TRUE(window->logoffAction()->isEnabled());
    window->contextMenu()->close();
}

TEST_F(MainWindowTest, LoggingOffThreeSessionsShowsProgressAndRemovesTheRows)
{
    const QString demo = key(Quiet);
    auto window = open({demo});
    ServerTab *tab = waitForRows(*window, demo, 22);
    const auto tester = checked(tab->model());
    const auto proxyTester = checked(tab->proxy());
    const QStringList ids = userSessionIds(tab, 3);
    ASSERT_EQ(ids.size(), 3);
    select(tab, demo, ids);
    QList<SessionKey> keys;
    for (const Session &s : tab->selectedSessions())
        keys.append(SessionKey::of(s));

    QSignalSpy started(window.get(), &MainWindow::actionStarted);
    LogoffConfirmDialog *confirm = UiTestSupport::askToLogOff(*window, tab);
    ASSERT_TRUE(confirm);
    EXPECT_EQ(confirm->sessions().size(), 3);
    EXPECT_TRUE(confirm->waitUntilLoggedOff());
    EXPECT_FALSE(confirm->includesOwnSession());
    confirm->accept();

    ASSERT_EQ(started.count(), 1);
    QPointer<ActionJob> job = started.first().at(0).value<ActionJob *>();
    QPointer<ActionProgressDialog> progress = started.first().at(1).value<ActionProgressDialog *>();
    ASSERT_TRUE(job && progress);
    EXPECT_TRUE(progress->isVisible());
    EXPECT_EQ(progress->progressBar()->maximum(), 3);
    EXPECT_TRUE(window->actionProgressBar()->isVisible());
    for (const SessionKey &k : keys) {
        const int row = tab->model()->rowOf(k);
        ASSERT_GE(row, 0);
        EXPECT_EQ(tab->model()->index(row, SessionTableModel::StateColumn).data().toString(),
                  QStringLiteral("Logging off…"));
    }

    ASSERT_TRUE(waitUntil([&] { return progress->progressBar()->value() == 3; }));
    EXPECT_EQ(progress->progressBar()->text(), QStringLiteral("3 of 3"));
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(progress->results()->topLevelItem(i)->text(ActionProgressDialog::ResultColumn),
                  QStringLiteral("Done"));
    // The grid refreshes as soon as the job ends, and the rows are gone.
    ASSERT_TRUE(waitUntil([&] {
        return std::all_of(keys.cbegin(), keys.cend(), [&](const SessionKey &k) {
            return tab->model()->rowOf(k) < 0 && window->allServersTab()->model()->rowOf(k) < 0;
        });
    }));
    EXPECT_EQ(tab->model()->rowCount(), 19);
    EXPECT_TRUE(waitUntil([&] { return !window->actionProgressBar()->isVisible() && !job; }));
}

TEST_F(MainWindowTest, KillSessionSendsTheChosenSignalToEveryProcessAndTheSessionsEnd)
{
    const QString demo = key(Quiet);
    auto window = open({demo});
    ServerTab *tab = waitForRows(*window, demo, 22);
    const QStringList ids = userSessionIds(tab, 2);
    ASSERT_EQ(ids.size(), 2);
    select(tab, demo, ids);
    QList<SessionKey> keys;
    for (const Session &s : tab->selectedSessions())
        keys.append(SessionKey::of(s));
    ASSERT_TRUE(window->killSessionAction()->isEnabled());

    QSignalSpy started(window.get(), &MainWindow::actionStarted);
    window->killSessionAction()->trigger();
    KillSessionDialog *confirm = nullptr;
    ASSERT_TRUE(waitUntil([&] {
        confirm = window->findChild<KillSessionDialog *>();
        return confirm && confirm->isVisible();
    }));
    EXPECT_EQ(confirm->sessionList()->topLevelItemCount(), 2);
    // TERM to every process unless the administrator chooses otherwise.
    EXPECT_EQ(confirm->signal(), 15);
    EXPECT_EQ(confirm->who(), SessionSource::KillWho::All);
    confirm->signalChoice()->setCurrentIndex(confirm->signalChoice()->findData(9));
    confirm->accept();

    ASSERT_EQ(started.count(), 1);
    QPointer<ActionJob> job = started.first().at(0).value<ActionJob *>();
    ASSERT_TRUE(job);
    EXPECT_EQ(job->options().kind, ActionJob::Kind::KillSession);
    EXPECT_EQ(job->options().signal, 9);
    EXPECT_EQ(job->options().killWho, SessionSource::KillWho::All);
    ASSERT_TRUE(waitUntil([&] { return !job || job->finishedCount() == 2; }));
    // With its last process gone the session goes too, and the refresh after the job shows it.
    ASSERT_TRUE(waitUntil([&] {
        return std::all_of(keys.cbegin(), keys.cend(), [&](const SessionKey &k) { return tab->model()->rowOf(k) < 0; });
    }));
    EXPECT_EQ(tab->model()->rowCount(), 20);
}

TEST_F(MainWindowTest, CancelSkipsWhatHasNotStarted)
{
    const QString demo = key("demo:c?sessions=12&latency=30&churn=0");
    auto window = open({demo}, 1);
    ServerTab *tab = waitForRows(*window, demo, 14);
    const QStringList ids = userSessionIds(tab, 6);
    select(tab, demo, ids);
    QSignalSpy started(window.get(), &MainWindow::actionStarted);
    ActionJob::Options options;
    options.kind = ActionJob::Kind::Logoff;
    ActionJob *job = window->startAction(options, tab->selectedSessions());
    ASSERT_TRUE(job);
    ASSERT_EQ(started.count(), 1);
    QPointer<ActionProgressDialog> progress = started.first().at(1).value<ActionProgressDialog *>();
    QSignalSpy jobFinished(job, &ActionJob::finished);
    ASSERT_TRUE(waitUntil([&] { return progress->progressBar()->value() >= 1; }));
    EXPECT_FALSE(progress->currentItemText().isEmpty());
    QTest::mouseClick(progress->cancelButton(), Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return jobFinished.count() == 1; }));
    EXPECT_EQ(progress->progressBar()->value(), 6);

    QStringList done;
    QStringList skipped;
    for (int i = 0; i < progress->results()->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = progress->results()->topLevelItem(i);
        const QString result = item->text(ActionProgressDialog::ResultColumn);
        (result == QStringLiteral("Done") ? done : skipped).append(item->text(ActionProgressDialog::IdColumn));
        if (result != QStringLiteral("Done")) {
            EXPECT_EQ(result, QStringLiteral("Skipped"));
        }
    }
    EXPECT_GE(done.size(), 1);
    EXPECT_GE(skipped.size(), 1);
    EXPECT_TRUE(progress->currentItemText().startsWith(QStringLiteral("Canceled")));
    // Skipped sessions lose their label and stay; the logged-off ones go.
    ASSERT_TRUE(waitUntil([&] { return proxyRowOf(tab, demo, done.first()) < 0; }));
    for (const QString &id : skipped) {
        const int row = proxyRowOf(tab, demo, id);
        ASSERT_GE(row, 0);
        EXPECT_NE(tab->proxy()->index(row, SessionTableModel::StateColumn).data().toString(),
                  QStringLiteral("Logging off…"));
    }
}

TEST_F(MainWindowTest, ErrorBannerShowsTheFailureKeepsStaleRowsAndRecovers)
{
    const QString demo = key("demo:f?sessions=5&latency=0&churn=0");
    auto window = open({demo});
    ServerTab *tab = waitForRows(*window, demo, 7);
    EXPECT_FALSE(tab->banner()->isVisible());
    auto &source = dynamic_cast<DemoSource &>(*window->scheduler()->source(demo));

    source.setFailPercent(100);
    window->refreshAction()->trigger(); // F5
    ASSERT_TRUE(waitUntil([&] { return tab->banner()->isVisible(); }));
    EXPECT_TRUE(tab->banner()->text().contains(QStringLiteral("Unreachable")));
    EXPECT_TRUE(tab->banner()->text().contains(QStringLiteral("The RPC server is unavailable. (1722)")));
    EXPECT_TRUE(tab->isFailing(demo));
    EXPECT_EQ(tab->model()->rowCount(), 7); // the last good rows stay, greyed
    EXPECT_FALSE(window->tabs()->tabIcon(window->tabs()->indexOf(tab)).isNull());
    EXPECT_TRUE(window->allServersTab()->isFailing(demo));
    EXPECT_GT(window->scheduler()->status(demo).retryIn, window->scheduler()->interval());

    source.setFailPercent(0);
    Q_EMIT tab->banner()->actionTriggered(); // Retry Now
    ASSERT_TRUE(waitUntil([&] { return !tab->banner()->isVisible(); }));
    EXPECT_FALSE(tab->isFailing(demo));
    EXPECT_TRUE(window->tabs()->tabIcon(window->tabs()->indexOf(tab)).isNull());
}

TEST_F(MainWindowTest, SelectionAndCurrentRowSurviveRefreshesWithChurn)
{
    const QString demo = key("demo:churn?sessions=30&latency=0&churn=40");
    auto window = open({demo});
    ServerTab *tab = window->tabFor(demo);
    window->tabs()->setCurrentWidget(tab);
    ASSERT_TRUE(waitUntil([&] { return tab->model()->rowCount() > 0; }));
    const auto tester = checked(tab->model());
    const auto proxyTester = checked(tab->proxy());
    tab->view()->sortByColumn(SessionTableModel::UserColumn, Qt::AscendingOrder);

    // Services, the listener and the console's own session never churn.
    const QStringList keep{QStringLiteral("0"), QStringLiteral("2"), QStringLiteral("65536")};
    select(tab, demo, keep);
    tab->view()->selectionModel()->setCurrentIndex(tab->proxy()->index(proxyRowOf(tab, demo, QStringLiteral("2")), 1),
                                                   QItemSelectionModel::NoUpdate);
    QSignalSpy inserted(tab->model(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(tab->model(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy finished(window->scheduler(), &RefreshScheduler::refreshFinished);
    window->scheduler()->setInterval(10ms);
    ASSERT_TRUE(waitUntil([&] { return finished.count() >= 15 && inserted.count() > 0 && removed.count() > 0; }));
    window->scheduler()->setPaused(true);
    tab->flushNow();

    EXPECT_EQ(selectedIds(tab), (QStringList{QStringLiteral("0"), QStringLiteral("2"), QStringLiteral("65536")}));
    const QModelIndex current = tab->view()->currentIndex();
    ASSERT_TRUE(current.isValid());
    EXPECT_EQ(tab->model()->sessionAt(tab->proxy()->mapToSource(current).row()).id, QStringLiteral("2"));
    EXPECT_EQ(current.column(), 1);
}

TEST_F(MainWindowTest, SettingsRoundTrip)
{
    const QString a = key("demo:a?latency=0");
    const QString b = key("demo:b?latency=0");
    const QString c = key("demo:c?latency=0");
    QByteArray serverColumns;
    {
        auto window = open({a});
        window->addServer(ServerAddress::parse(b));
        window->addServer(ServerAddress::parse(c));
        window->setRefreshInterval(10s);
        window->tabs()->tabBar()->moveTab(3, 1); // c, a, b
        ServerTab *tab = window->tabFor(a);
        window->tabs()->setCurrentWidget(tab);
        // The resource columns show once the server has said it gives them.
        ASSERT_TRUE(waitUntil([&] { return tab->view()->resourceTotalsAvailable(); }));
        QHeaderView *header = tab->view()->horizontalHeader();
        header->moveSection(header->visualIndex(SessionTableModel::StateColumn), 1);
        header->resizeSection(SessionTableModel::UserColumn, 222);
        tab->view()->sortByColumn(SessionTableModel::UserColumn, Qt::DescendingOrder);
        serverColumns = header->saveState();
        // Above the window's minimum on every platform (Windows fonts make it wider than 900).
        window->resize(1100, 640);
        window->close();
    }
    ConsoleSettings saved(settingsFile());
    EXPECT_TRUE(saved.warnings().isEmpty());
    EXPECT_EQ(saved.values().servers, (QStringList{c, a, b}));
    EXPECT_EQ(saved.values().recentServers, (QStringList{c, b}));
    EXPECT_EQ(saved.values().interval, 10s);
    EXPECT_EQ(saved.values().serverColumns, serverColumns);

    auto window = open({});
    ASSERT_EQ(window->tabs()->count(), 4);
    EXPECT_EQ(window->tabs()->widget(0), window->allServersTab());
    EXPECT_EQ(window->tabs()->widget(1), window->tabFor(c));
    EXPECT_EQ(window->tabs()->widget(2), window->tabFor(a));
    EXPECT_EQ(window->tabs()->widget(3), window->tabFor(b));
    EXPECT_EQ(window->scheduler()->interval(), 10s);
    EXPECT_EQ(window->size(), QSize(1100, 640));
    ServerTab *tab = window->tabFor(b);
    window->tabs()->setCurrentWidget(tab);
    const QHeaderView *header = tab->view()->horizontalHeader();
    EXPECT_EQ(header->visualIndex(SessionTableModel::StateColumn), 1);
    EXPECT_EQ(header->sectionSize(SessionTableModel::UserColumn), 222);
    EXPECT_EQ(header->sortIndicatorSection(), SessionTableModel::UserColumn);
    EXPECT_EQ(header->sortIndicatorOrder(), Qt::DescendingOrder);
    EXPECT_EQ(tab->proxy()->sortColumn(), SessionTableModel::UserColumn);
    EXPECT_TRUE(header->isSectionHidden(SessionTableModel::ServerColumn));
}

TEST_F(MainWindowTest, CorruptSettingsGiveDefaultsAndAreNotOverwritten)
{
    QByteArray garbage("\x7f"
                       "ELF\x02\x01[[[\xff\xfe=\n\0\0servers/list=-oProxyCommand=x\n",
                       44);
    garbage += "[refresh]\nintervalMs=0\n";
    {
        QFile file(settingsFile());
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(garbage);
    }
    {
        auto window = open({key(Quiet)});
        EXPECT_TRUE(window->noteBanner()->isVisible());
        EXPECT_EQ(window->noteBanner()->severity(), ErrorBanner::Severity::Error);
        EXPECT_EQ(window->scheduler()->interval(), ConsoleSettings::DefaultInterval);
        EXPECT_EQ(window->tabs()->count(), 2);
        window->resize(700, 400); // geometry alone is not the user's change
        EXPECT_FALSE(window->saveSettings());
        window->close();
    }
    EXPECT_EQ(readAll(settingsFile()), garbage);

    {
        auto window = open({key(Quiet)});
        window->addServer(ServerAddress::parse(QStringLiteral("demo:new")));
        window->close();
    }
    const ConsoleSettings repaired(settingsFile());
    EXPECT_TRUE(repaired.warnings().isEmpty());
    EXPECT_EQ(repaired.values().servers, (QStringList{key(Quiet), QStringLiteral("demo:new")}));
}

TEST_F(MainWindowTest, OpensLocalOrFallsBackToTheDemoFarm)
{
    auto window = open({});
    const QString local = QStringLiteral("local");
    ASSERT_TRUE(waitUntil(
        [&] { return window->scheduler()->status(local).hasResult || window->tabFor(QStringLiteral("demo:farm1")); },
        20000));
    const bool localFailed = window->tabFor(QStringLiteral("demo:farm1"))
                             || window->scheduler()->status(local).lastError.has_value();
    if (localFailed) {
        ASSERT_TRUE(waitUntil([&] { return window->tabFor(QStringLiteral("demo:farm2")) != nullptr; }));
        EXPECT_FALSE(window->tabFor(local));
        EXPECT_TRUE(window->noteBanner()->isVisible());
        EXPECT_EQ(window->noteBanner()->severity(), ErrorBanner::Severity::Note);
        EXPECT_TRUE(window->noteBanner()->text().contains(QStringLiteral("demo farm")));
        window->close();
        // The fallback is not saved as the user's servers.
        EXPECT_TRUE(ConsoleSettings(settingsFile()).values().servers.isEmpty());
    } else {
        EXPECT_TRUE(window->tabFor(local));
        EXPECT_FALSE(window->tabFor(QStringLiteral("demo:farm1")));
    }
}

TEST_F(MainWindowTest, KeyboardAddsFiltersRefreshesAndClosesTabs)
{
    const QString demo = key(Quiet);
    auto window = open({demo});
    ServerTab *tab = waitForRows(*window, demo, 22);

    QTest::keyClick(window.get(), Qt::Key_T, Qt::ControlModifier);
    AddServerDialog *dialog = nullptr;
    ASSERT_TRUE(waitUntil([&] {
        dialog = window->findChild<AddServerDialog *>();
        return dialog && dialog->isVisible();
    }));
    dialog->setText(QStringLiteral("demo:k?latency=0"));
    dialog->accept();
    const QString added = key("demo:k?latency=0");
    ASSERT_TRUE(window->tabFor(added));
    EXPECT_EQ(window->currentTab(), window->tabFor(added));

    QTest::keyClick(window.get(), Qt::Key_W, Qt::ControlModifier);
    EXPECT_FALSE(window->tabFor(added));
    EXPECT_FALSE(window->scheduler()->servers().contains(added));

    window->tabs()->setCurrentWidget(tab);
    QTest::keyClick(window.get(), Qt::Key_F, Qt::ControlModifier);
    EXPECT_TRUE(tab->filterEdit()->hasFocus());
    QTest::keyClicks(tab->filterEdit(), QStringLiteral("RDP-Tcp"));
    EXPECT_LT(tab->proxy()->rowCount(), tab->model()->rowCount());
    EXPECT_TRUE(waitUntil([&] { return tab->statusLabel()->text().contains(QStringLiteral("match")); }));
    tab->filterEdit()->clear();

    QSignalSpy started(window->scheduler(), &RefreshScheduler::refreshStarted);
    tab->view()->setFocus();
    QTest::keyClick(window.get(), Qt::Key_F5);
    ASSERT_TRUE(started.count() >= 1 || started.wait(5000));
    EXPECT_EQ(started.first().at(0).toString(), demo);

    // The All servers tab cannot be closed.
    window->tabs()->setCurrentIndex(0);
    EXPECT_FALSE(window->closeTabAction()->isEnabled());
    QTest::keyClick(window.get(), Qt::Key_W, Qt::ControlModifier);
    EXPECT_EQ(window->tabs()->count(), 2);
}

TEST_F(MainWindowTest, ResultOfAClosedTabIsDropped)
{
    // Slow enough to be still refreshing once the window is shown on a busy machine.
    const QString slow = key("demo:slow?sessions=5&latency=2000");
    auto window = open({key(Quiet), slow});
    ASSERT_TRUE(window->scheduler()->status(slow).refreshing);
    QSignalSpy finished(window->scheduler(), &RefreshScheduler::refreshFinished);
    window->closeServer(slow);
    // The refresh ends on its worker and posts its result; deliver it, and apply whatever
    // the All servers tab would hold back for a moment.
    window->scheduler()->pool()->waitForDone();
    QCoreApplication::sendPostedEvents();
    window->allServersTab()->flushNow();
    for (const QList<QVariant> &args : std::as_const(finished))
        EXPECT_NE(args.at(0).toString(), slow);
    const ServerTab *all = window->allServersTab();
    for (int row = 0; row < all->model()->rowCount(); ++row)
        EXPECT_NE(all->model()->sessionAt(row).server, slow);
    EXPECT_FALSE(all->servers().contains(slow));
}

TEST_F(MainWindowTest, TheShownTabHasTheCloseButtonAndAMiddleClickClosesAnyTab)
{
    const QString a = key("demo:ca?latency=0");
    const QString b = key("demo:cb?latency=0");
    const QString c = key("demo:cc?latency=0");
    auto window = open({a, b, c});
    QTabWidget *tabs = window->tabs();
    QTabBar *bar = tabs->tabBar();
    const auto side = QTabBar::ButtonPosition(
        bar->style()->styleHint(QStyle::SH_TabBar_CloseButtonPosition, nullptr, bar));
    const auto withButton = [&] {
        QList<int> indexes;
        for (int i = 0; i < bar->count(); ++i) {
            if (bar->tabButton(i, side))
                indexes << i;
        }
        return indexes;
    };

    // None on the All servers tab, which cannot be closed; one on a server's tab shown.
    tabs->setCurrentWidget(window->allServersTab());
    EXPECT_TRUE(withButton().isEmpty());
    tabs->setCurrentWidget(window->tabFor(b));
    const int shown = tabs->currentIndex();
    EXPECT_EQ(withButton(), QList<int>{shown});
    auto *close = qobject_cast<QAbstractButton *>(bar->tabButton(shown, side));
    ASSERT_TRUE(close);
    EXPECT_TRUE(close->isVisible());
    QTest::mouseClick(close, Qt::LeftButton);
    EXPECT_FALSE(window->tabFor(b));
    EXPECT_FALSE(window->scheduler()->servers().contains(b));
    EXPECT_EQ(withButton().size(), tabs->currentWidget() == window->allServersTab() ? 0 : 1);

    // A middle click closes the tab under the pointer, shown or not, but never All servers.
    tabs->setCurrentWidget(window->tabFor(a));
    QTest::mouseClick(bar, Qt::MiddleButton, {}, bar->tabRect(tabs->indexOf(window->tabFor(c))).center());
    EXPECT_FALSE(window->tabFor(c));
    EXPECT_EQ(tabs->currentWidget(), window->tabFor(a));
    EXPECT_EQ(withButton(), QList<int>{tabs->currentIndex()});
    QTest::mouseClick(bar, Qt::MiddleButton, {}, bar->tabRect(0).center());
    EXPECT_EQ(tabs->widget(0), window->allServersTab());
    EXPECT_EQ(tabs->count(), 2);
}

TEST_F(MainWindowTest, CopyAndExportUseTheVisibleRows)
{
    const QString demo = key(Quiet);
    auto window = open({demo});
    ServerTab *tab = waitForRows(*window, demo, 22);
    select(tab, demo, {QStringLiteral("2"), QStringLiteral("3")});
    window->copyAction()->trigger();
    const QStringList lines = QGuiApplication::clipboard()->text().split(u'\n', Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 2);
    EXPECT_TRUE(lines[0].contains(u'\t'));

    tab->filterEdit()->setText(QStringLiteral("Disconnected"));
    const int shown = tab->proxy()->rowCount();
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("out.csv"));
    ASSERT_TRUE(window->exportCsv(file));
    const QList<QByteArray> csv = readAll(file).split('\n');
    EXPECT_EQ(int(csv.size()) - 1, shown + 1); // header, rows, final newline
    EXPECT_TRUE(csv.first().contains("User"));
}

TEST_F(MainWindowTest, ASessionThatChurnedAwayWhileTheConfirmDialogWasOpenIsNotReplacedByTheNextLogon)
{
    // The demo farm reuses the lowest free id at once, as an RD Session Host does.
    const QString demo = key("demo:x?sessions=8&latency=0&churn=50");
    auto window = open({demo});
    window->scheduler()->setPaused(true); // the test drives the refreshes
    ServerTab *tab = window->tabFor(demo);
    window->tabs()->setCurrentWidget(tab);
    ASSERT_TRUE(waitUntil([&] { return !userSessionIds(tab, 1).isEmpty(); }));
    QStringList ids = userSessionIds(tab, 100);
    std::sort(ids.begin(), ids.end(), [](const QString &a, const QString &b) { return a.toInt() < b.toInt(); });
    const Session chosen = *tab->listedSession(demo, ids.first());
    select(tab, demo, {chosen.id});
    window->logoffAction()->trigger();
    LogoffConfirmDialog *confirm = nullptr;
    ASSERT_TRUE(waitUntil([&] {
        confirm = window->findChild<LogoffConfirmDialog *>();
        return confirm && confirm->isVisible();
    }));

    // While the dialog is open the logon ends and its id goes to the next one.
    std::optional<Session> next;
    ASSERT_TRUE(waitUntil(
        [&] {
            if (!window->scheduler()->status(demo).refreshing)
                window->scheduler()->refreshNow(demo);
            next = tab->listedSession(demo, chosen.id);
            return next && SessionKey::of(*next) != SessionKey::of(chosen);
        },
        30000));
    auto &source = dynamic_cast<DemoSource &>(*window->scheduler()->source(demo));

    QSignalSpy started(window.get(), &MainWindow::actionStarted);
    confirm->accept();
    EXPECT_EQ(started.count(), 0) << "the next logon was sent a log off";
    EXPECT_TRUE(source.isPresent(chosen.id));
    ASSERT_TRUE(window->noteBanner()->isVisible());
    const QString note = window->noteBanner()->text();
    EXPECT_TRUE(note.contains(QStringLiteral("not logged off"))) << note.toStdString();
    EXPECT_TRUE(note.contains(QStringLiteral("Session %1 is now").arg(chosen.id))) << note.toStdString();

    // A row that lags behind the server (the list not yet refreshed) reaches the engine,
    // which refuses: the id is someone else's logon now.
    ActionJob::Options options;
    options.kind = ActionJob::Kind::Logoff;
    ActionJob *job = window->startAction(options, {chosen});
    ASSERT_TRUE(job);
    std::optional<bool> presentAfterwards;
    QObject::connect(job, &ActionJob::itemFinished, job, [&] { presentAfterwards = source.isPresent(chosen.id); });
    QSignalSpy finished(job, &ActionJob::finished);
    ASSERT_TRUE(finished.wait(20000));
    EXPECT_EQ(job->outcome(0).status, ActionJob::Status::Failed);
    ASSERT_TRUE(job->outcome(0).error.has_value());
    EXPECT_EQ(job->outcome(0).error->category, SessionError::Category::Changed);
    EXPECT_EQ(presentAfterwards, std::optional<bool>(true));
}

TEST_F(MainWindowTest, RowsOfAServerThatIsNotAnsweringCannotBeActedOn)
{
    const QString demo = key("demo:f?sessions=5&latency=0&churn=0");
    auto window = open({demo});
    window->scheduler()->setPaused(true);
    ServerTab *tab = waitForRows(*window, demo, 7);
    const QStringList ids = userSessionIds(tab, 1);
    ASSERT_EQ(ids.size(), 1);
    select(tab, demo, ids);
    EXPECT_TRUE(window->logoffAction()->isEnabled());
    // A confirm dialog opened while the server still answered.
    window->logoffAction()->trigger();
    QPointer<LogoffConfirmDialog> confirm = window->findChild<LogoffConfirmDialog *>();
    ASSERT_TRUE(confirm);

    auto &source = dynamic_cast<DemoSource &>(*window->scheduler()->source(demo));
    source.setFailPercent(100);
    window->scheduler()->refreshNow(demo);
    ASSERT_TRUE(waitUntil([&] { return tab->isFailing(demo); }));
    EXPECT_EQ(tab->selectedSessions().size(), 1); // the stale row is still selected
    const auto enabled = [&] {
        return std::vector<bool>{window->logoffAction()->isEnabled(), window->disconnectAction()->isEnabled(),
                                 window->sendMessageAction()->isEnabled(), window->lockAction()->isEnabled(),
                                 window->copyAction()->isEnabled()};
    };
    EXPECT_EQ(enabled(), (std::vector<bool>{false, false, false, false, true}));

    QSignalSpy started(window.get(), &MainWindow::actionStarted);
    confirm->accept();
    EXPECT_EQ(started.count(), 0);
    EXPECT_TRUE(window->noteBanner()->text().contains(QStringLiteral("demo:f is not answering")))
        << window->noteBanner()->text().toStdString();
    EXPECT_TRUE(source.isPresent(ids.first()));

    // The menu says why, and Delete opens nothing.
    const QRect cell = tab->view()->visualRect(tab->proxy()->index(proxyRowOf(tab, demo, ids.first()), 1));
    Q_EMIT tab->view()->customContextMenuRequested(cell.center());
    ASSERT_TRUE(waitUntil([&] { return window->contextMenu()->isVisible(); }));
    const QAction *note = window->contextMenu()->actions().first();
    EXPECT_TRUE(note->isVisible());
    EXPECT_FALSE(note->isEnabled());
    EXPECT_EQ(note->text(), QStringLiteral("demo:f is not answering: actions wait for a fresh list"));
    window->contextMenu()->close();
    tab->view()->setFocus();
    QTest::keyClick(tab->view(), Qt::Key_Delete);
    const QList<LogoffConfirmDialog *> dialogs = window->findChildren<LogoffConfirmDialog *>();
    EXPECT_TRUE(std::none_of(dialogs.cbegin(), dialogs.cend(), [](const QDialog *d) { return d->isVisible(); }));

    // A fresh list makes the rows actionable again, and the note goes from the menu.
    source.setFailPercent(0);
    window->scheduler()->refreshNow(demo);
    ASSERT_TRUE(waitUntil([&] { return !tab->isFailing(demo); }));
    EXPECT_EQ(enabled(), (std::vector<bool>{true, true, true, true, true}));
    EXPECT_FALSE(note->isVisible());
}

TEST_F(MainWindowTest, ResourceColumnsShowWhereABackendGivesTheTotalsAndAreReadOnlyWhileShown)
{
    using C = SessionTableModel::Column;
    const QString demo = key(Quiet);
    auto window = open({demo});
    window->setRefreshInterval(1s);
    const ServerAddress limitedAddress = ServerAddress::parse(QStringLiteral("demo:nototals"));
    Session only;
    only.server = limitedAddress.toString();
    only.id = QStringLiteral("1");
    only.user = QStringLiteral("u1");
    window->addSource(std::make_shared<UiTestSupport::FixedSource>(limitedAddress,
                                                                   SessionSource::Capability::Enumerate
                                                                       | SessionSource::Capability::Logoff,
                                                                   QList<Session>{only}));

    ServerTab *tab = window->tabFor(demo);
    ServerTab *limited = window->tabFor(limitedAddress.toString());
    ServerTab *all = window->allServersTab();
    window->tabs()->setCurrentWidget(tab);
    const auto demoSource = window->scheduler()->source(demo);
    const auto limitedSource = window->scheduler()->source(limitedAddress.toString());
    const auto shown = [](ServerTab *t, int column) { return !t->view()->horizontalHeader()->isSectionHidden(column); };

    // The demo tab shows them filled in, the CPU % once two snapshots are in.
    ASSERT_TRUE(waitUntil([&] { return tab->view()->resourceTotalsAvailable(); }));
    for (const int column : {C::ProcessesColumn, C::MemoryColumn, C::CpuColumn})
        EXPECT_TRUE(shown(tab, column)) << column;
    // Beside the idle time, where they are seen without scrolling.
    const QHeaderView *header = tab->view()->horizontalHeader();
    EXPECT_EQ(header->visualIndex(C::ProcessesColumn), header->visualIndex(C::IdleColumn) + 1);
    EXPECT_EQ(header->visualIndex(C::CpuColumn), header->visualIndex(C::IdleColumn) + 3);
    EXPECT_TRUE(demoSource->wantsResourceTotals());
    const auto cell = [&](int column) {
        const int row = proxyRowOf(tab, demo, QStringLiteral("3"));
        return row < 0 ? QString() : tab->proxy()->index(row, column).data().toString();
    };
    EXPECT_TRUE(waitUntil([&] { return !cell(C::MemoryColumn).isEmpty() && !cell(C::CpuColumn).isEmpty(); }));
    EXPECT_TRUE(cell(C::MemoryColumn).contains(QStringLiteral("iB"))) << qPrintable(cell(C::MemoryColumn));

    // A tab whose server gives none hides them, and its source is never asked for them.
    window->tabs()->setCurrentWidget(limited);
    ASSERT_TRUE(waitUntil([&] { return limited->model()->rowCount() == 1; }));
    EXPECT_FALSE(limited->view()->resourceTotalsAvailable());
    for (const int column : {C::ProcessesColumn, C::MemoryColumn, C::CpuColumn})
        EXPECT_FALSE(shown(limited, column)) << column;
    EXPECT_FALSE(limitedSource->wantsResourceTotals());
    // Its layout still carries the user's choice, so that sharing it hides nothing elsewhere.
    const QByteArray limitedLayout = limited->view()->saveLayout();
    EXPECT_FALSE(shown(limited, C::CpuColumn)) << "saving showed them";

    // Hidden by the user in every tab that lists the demo server: its totals are no longer read.
    for (ServerTab *t : {tab, all}) {
        for (const int column : {C::ProcessesColumn, C::MemoryColumn, C::CpuColumn})
            t->view()->setColumnShown(column, false);
    }
    EXPECT_FALSE(demoSource->wantsResourceTotals());
    EXPECT_TRUE(tab->view()->restoreLayout(limitedLayout));
    EXPECT_TRUE(shown(tab, C::MemoryColumn));
    EXPECT_TRUE(demoSource->wantsResourceTotals());

    // The choice outlives the window, like the other columns.
    tab->view()->setColumnShown(C::ProcessesColumn, false);
    window->close();
    window.reset();
    auto again = open({demo});
    ServerTab *reopened = again->tabFor(demo);
    ASSERT_NE(reopened, nullptr);
    again->tabs()->setCurrentWidget(reopened);
    ASSERT_TRUE(waitUntil([&] { return reopened->view()->resourceTotalsAvailable(); }));
    EXPECT_FALSE(shown(reopened, C::ProcessesColumn));
    EXPECT_TRUE(shown(reopened, C::MemoryColumn));
}

TEST_F(MainWindowTest, ServersTheCurrentTabDoesNotShowAreRefreshedInTheBackground)
{
    const QString a = key("demo:a?sessions=5&latency=0&churn=0");
    const QString b = key("demo:b?sessions=5&latency=0&churn=0");
    auto window = open({a, b});
    RefreshScheduler *scheduler = window->scheduler();
    window->tabs()->setCurrentWidget(window->tabFor(a));
    EXPECT_TRUE(waitUntil([&] { return scheduler->status(b).background; }));
    EXPECT_FALSE(scheduler->status(a).background);

    window->tabs()->setCurrentIndex(0); // All servers
    EXPECT_TRUE(waitUntil([&] { return !scheduler->status(b).background; }));
    EXPECT_FALSE(scheduler->status(a).background);
}
