#include "ProcessesView.h"
#include "ActionProgressDialog.h"
#include "DisplayText.h"
#include "ProcessConfirmDialog.h"
#include "ProcessRefresher.h"
#include "SessionFilterProxyModel.h"
#include "SessionTableModel.h"
#include "UiTestSupport.h"
#include "demo/DemoSource.h"

#include <QHeaderView>
#include <QHelpEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextDocument>
#include <QToolButton>
#include <QToolTip>
#include <QTreeWidget>

// The Processes page of the window on demo servers: listing only while shown, the session
// filter, End Process across servers, and hostile process names shown as text.

using UiTestSupport::checked;
using UiTestSupport::waitUntil;

namespace {

QString key(const char *address)
{
    return ServerAddress::parse(QString::fromLatin1(address)).toString();
}

const char *const First = "demo:p1?sessions=6&latency=0&churn=0";
const char *const Second = "demo:p2?sessions=5&latency=0&churn=0";

QSet<QString> serversIn(const ProcessTableModel *model)
{
    QSet<QString> servers;
    for (int row = 0; row < model->rowCount(); ++row)
        servers.insert(model->processAt(row).server);
    return servers;
}

QList<ProcessTableModel::Key> keysOf(const QList<SessionProcess> &processes)
{
    QList<ProcessTableModel::Key> keys;
    for (const SessionProcess &process : processes)
        keys.append(ProcessTableModel::Key::of(process));
    return keys;
}

// What a tooltip shows: QToolTip renders text that looks like HTML as rich text.
QString shownText(const QString &toolTip)
{
    if (!Qt::mightBeRichText(toolTip))
        return toolTip;
    QTextDocument document;
    document.setHtml(toolTip);
    return document.toPlainText();
}

// Lists fixed processes, some with hostile names, and cannot end any.
class ListingOnlySource final : public SessionSource
{
public:
    ListingOnlySource(const ServerAddress &address, QList<SessionProcess> processes)
        : SessionSource(address)
        , m_processes(std::move(processes))
    {}
    Capabilities capabilities() const override { return Capability::Enumerate | Capability::ListProcesses; }
    EnumerateResult enumerate() override
    {
        Session s;
        s.server = address().toString();
        s.id = QStringLiteral("1");
        s.user = QStringLiteral("alice");
        s.state = Session::State::Active;
        return QList<Session>{s};
    }

protected:
    ActionResult doLogoff(const SessionRef &, bool, Timeout) override { return {}; }
    ProcessesResult doProcesses(const std::optional<SessionRef> &, Timeout) override { return m_processes; }

private:
    const QList<SessionProcess> m_processes;
};

// Its listing waits until released (or a deadline passes, so a failed test cannot hang).
class SlowListingSource final : public SessionSource
{
public:
    explicit SlowListingSource(const ServerAddress &address)
        : SessionSource(address)
    {}
    Capabilities capabilities() const override { return Capability::Enumerate | Capability::ListProcesses; }
    EnumerateResult enumerate() override { return QList<Session>{}; }
    void release() { m_release.release(1000); }
    bool isListing() const { return m_listing.load(); }

protected:
    ActionResult doLogoff(const SessionRef &, bool, Timeout) override { return {}; }
    ProcessesResult doProcesses(const std::optional<SessionRef> &, Timeout) override
    {
        m_listing = true;
        m_release.tryAcquire(1, 20000);
        m_listing = false;
        return QList<SessionProcess>{};
    }

private:
    QSemaphore m_release;
    std::atomic<bool> m_listing{false};
};

class ProcessesViewTest : public ::testing::Test
{
protected:
    std::unique_ptr<MainWindow> open(const QStringList &servers)
    {
        return UiTestSupport::openWindow(servers, m_dir.filePath(QStringLiteral("console.ini")));
    }

    // Shows the Processes page of `tab` and waits until every server of it has listed.
    static ProcessesView *showProcesses(MainWindow &window, ServerTab *tab, int servers)
    {
        window.tabs()->setCurrentWidget(tab);
        tab->setCurrentPage(ServerTab::Page::Processes);
        ProcessesView *view = tab->processes();
        EXPECT_TRUE(waitUntil([&] { return serversIn(view->model()).size() == servers; }));
        return view;
    }

private:
    QTemporaryDir m_dir;
};

} // namespace

TEST_F(ProcessesViewTest, EndsProcessesSelectedOnTwoServersWithProgressAndResults)
{
    const QString first = key(First);
    const QString second = key(Second);
    auto window = open({first, second});
    ServerTab *all = window->allServersTab();
    ProcessesView *view = showProcesses(*window, all, 2);
    const auto tester = checked(view->model());
    const auto proxyTester = checked(view->proxy());

    // "End every ctfmon.exe across the farm": filter, select all, End Process.
    view->filterEdit()->setText(QStringLiteral("ctfmon.exe"));
    ASSERT_TRUE(waitUntil([&] { return view->proxy()->rowCount() > 0; }));
    view->view()->selectAll();
    const QList<SessionProcess> chosen = view->selectedProcesses();
    ASSERT_EQ(chosen.size(), view->proxy()->rowCount());
    QSet<QString> chosenServers;
    for (const SessionProcess &process : chosen) {
        EXPECT_EQ(process.name, QStringLiteral("ctfmon.exe"));
        chosenServers.insert(process.server);
    }
    ASSERT_EQ(chosenServers, (QSet<QString>{first, second}));
    const int others = view->model()->rowCount() - int(chosen.size());

    ASSERT_TRUE(window->endProcessAction()->isEnabled());
    // The session actions stay off: their selection is not what the page shows.
    EXPECT_FALSE(window->logoffAction()->isEnabled());
    QSignalSpy started(window.get(), &MainWindow::actionStarted);
    window->endProcessAction()->trigger();
    ProcessConfirmDialog *confirm = nullptr;
    ASSERT_TRUE(waitUntil([&] {
        confirm = window->findChild<ProcessConfirmDialog *>();
        return confirm && confirm->isVisible();
    }));
    ASSERT_EQ(confirm->processList()->topLevelItemCount(), chosen.size());
    const QTreeWidgetItem *firstItem = confirm->processList()->topLevelItem(0);
    EXPECT_EQ(firstItem->text(ProcessConfirmDialog::NameColumn), QStringLiteral("ctfmon.exe"));
    EXPECT_EQ(firstItem->text(ProcessConfirmDialog::PidColumn), QString::number(chosen.first().pid));
    EXPECT_EQ(firstItem->text(ProcessConfirmDialog::UserColumn), chosen.first().user);
    EXPECT_EQ(firstItem->text(ProcessConfirmDialog::ServerColumn), serverDisplayName(chosen.first().server));
    confirm->accept();

    ASSERT_EQ(started.count(), 1);
    QPointer<ActionJob> job = started.first().at(0).value<ActionJob *>();
    QPointer<ActionProgressDialog> progress = started.first().at(1).value<ActionProgressDialog *>();
    ASSERT_TRUE(job && progress);
    EXPECT_EQ(job->options().kind, ActionJob::Kind::EndProcess);
    EXPECT_EQ(progress->progressBar()->maximum(), chosen.size());
    ASSERT_TRUE(waitUntil([&] { return progress->progressBar()->value() == chosen.size(); }));
    for (int i = 0; i < progress->results()->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = progress->results()->topLevelItem(i);
        EXPECT_EQ(item->text(ActionProgressDialog::ResultColumn), QStringLiteral("Done"));
        EXPECT_TRUE(item->text(ActionProgressDialog::IdColumn).startsWith(QStringLiteral("ctfmon.exe (")));
    }

    // The servers are refreshed after the job, and the processes with them: the ended ones are gone.
    const QList<ProcessTableModel::Key> ended = keysOf(chosen);
    ASSERT_TRUE(waitUntil([&] {
        return std::all_of(ended.cbegin(), ended.cend(),
                           [&](const ProcessTableModel::Key &k) { return view->model()->rowOf(k) < 0; });
    }));
    EXPECT_EQ(view->proxy()->rowCount(), 0);
    EXPECT_EQ(view->model()->rowCount(), others);
}

TEST_F(ProcessesViewTest, SelectionSurvivesRefresh)
{
    const QString first = key(First);
    auto window = open({first});
    ServerTab *tab = window->tabFor(first);
    ProcessesView *view = showProcesses(*window, tab, 1);
    const auto tester = checked(view->model());
    view->view()->sortByColumn(ProcessTableModel::PidColumn, Qt::AscendingOrder);
    QItemSelection selection;
    for (const int row : {2, 5, 9})
        selection.select(view->proxy()->index(row, 0), view->proxy()->index(row, ProcessTableModel::ColumnCount - 1));
    view->view()->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    const QList<ProcessTableModel::Key> selected = keysOf(view->selectedProcesses());
    ASSERT_EQ(selected.size(), 3);

    QSignalSpy listed(view->refresher(), &ProcessRefresher::listed);
    QSignalSpy resets(view->model(), &QAbstractItemModel::modelReset);
    for (int i = 0; i < 2; ++i) {
        window->scheduler()->refreshNow(first);
        ASSERT_TRUE(waitUntil([&] { return listed.count() > i; }));
    }
    EXPECT_EQ(resets.count(), 0);
    EXPECT_EQ(keysOf(view->selectedProcesses()), selected);
}

TEST_F(ProcessesViewTest, SelectedSessionsFilterTheProcessesUntilCleared)
{
    const QString first = key(First);
    auto window = open({first});
    ServerTab *tab = window->tabFor(first);
    ProcessesView *view = showProcesses(*window, tab, 1);
    const int everything = view->proxy()->rowCount();
    EXPECT_EQ(view->sessionFilterLabel()->text(), QStringLiteral("All sessions"));
    EXPECT_FALSE(view->clearSessionFilterButton()->isEnabled());

    // A user session: the sessions page lists it, the processes name it.
    tab->setCurrentPage(ServerTab::Page::Sessions);
    int row = -1;
    ASSERT_TRUE(waitUntil([&] {
        for (int r = 0; r < tab->proxy()->rowCount(); ++r) {
            const Session &s = tab->model()->sessionAt(tab->proxy()->mapToSource(tab->proxy()->index(r, 0)).row());
            if (!s.user.isEmpty() && s.id.toInt() != DemoSource::ServicesSessionId && !s.own) {
                row = r;
                return true;
            }
        }
        return false;
    }));
    tab->view()->selectRow(row);
    const Session session = tab->selectedSessions().value(0);
    tab->setCurrentPage(ServerTab::Page::Processes);

    ASSERT_GT(view->proxy()->rowCount(), 0);
    EXPECT_LT(view->proxy()->rowCount(), everything);
    int inSession = 0;
    for (int r = 0; r < view->model()->rowCount(); ++r)
        inSession += view->model()->processAt(r).sessionId == session.id ? 1 : 0;
    EXPECT_EQ(view->proxy()->rowCount(), inSession);
    for (int r = 0; r < view->proxy()->rowCount(); ++r)
        EXPECT_EQ(view->proxy()->index(r, ProcessTableModel::SessionColumn).data().toString(), session.id);
    EXPECT_EQ(view->sessionFilterLabel()->text(), QStringLiteral("Only session %1").arg(session.id));
    EXPECT_TRUE(view->statusLabel()->text().startsWith(QString::number(inSession)));

    QTest::mouseClick(view->clearSessionFilterButton(), Qt::LeftButton);
    EXPECT_EQ(view->proxy()->rowCount(), everything);
    EXPECT_EQ(view->sessionFilterLabel()->text(), QStringLiteral("All sessions"));
}

TEST_F(ProcessesViewTest, AHiddenPageListsNothing)
{
    const QString first = key(First);
    auto window = open({first});
    ServerTab *tab = window->tabFor(first);
    window->tabs()->setCurrentWidget(tab);
    QSignalSpy refreshed(window->scheduler(), &RefreshScheduler::refreshFinished);
    QSignalSpy listed(tab->processes()->refresher(), &ProcessRefresher::listed);
    window->scheduler()->refreshNow(first);
    ASSERT_TRUE(waitUntil([&] { return refreshed.count() >= 1; }));
    EXPECT_EQ(listed.count(), 0);
    EXPECT_FALSE(tab->processes()->refresher()->isActive());

    tab->setCurrentPage(ServerTab::Page::Processes);
    ASSERT_TRUE(waitUntil([&] { return listed.count() == 1; }));
    // Another server tab shown: its page is hidden, and the listing stops.
    window->tabs()->setCurrentWidget(window->allServersTab());
    EXPECT_FALSE(tab->processes()->refresher()->isActive());
}

TEST_F(ProcessesViewTest, HostileNamesAreShownAsTextAndEndProcessSaysWhyItIsOff)
{
    const ServerAddress address = ServerAddress::parse(QStringLiteral("demo:odd"));
    const QStringList names{
        QStringLiteral("<b>bold</b><img src=\"file:///etc/passwd\">.exe"),
        QStringLiteral("\u202Eexe.txt\u202C"),
        QStringLiteral("line\nbreak\ttab\x01\x1b[31mred.exe"),
        QString(64 * 1024, u'W'),
    };
    QList<SessionProcess> processes;
    for (int i = 0; i < names.size(); ++i) {
        SessionProcess p;
        p.server = address.toString();
        p.sessionId = QStringLiteral("1");
        p.pid = quint32(100 + i);
        p.name = names.at(i);
        p.commandLine = names.at(i) + QStringLiteral(" --flag");
        p.user = QStringLiteral("<i>CORP</i>\\alice");
        processes.append(p);
    }
    auto window = open({key(First)});
    window->addSource(std::make_shared<ListingOnlySource>(address, processes));
    ServerTab *tab = window->tabFor(address.toString());
    ASSERT_TRUE(tab);
    ProcessesView *view = showProcesses(*window, tab, 1);
    ASSERT_EQ(view->model()->rowCount(), names.size());

    QTableView *grid = view->view();
    // Too narrow for any of the names: each one's tooltip shows it whole.
    grid->horizontalHeader()->resizeSection(ProcessTableModel::NameColumn, 24);
    for (int row = 0; row < view->proxy()->rowCount(); ++row) {
        const QModelIndex index = view->proxy()->index(row, ProcessTableModel::NameColumn);
        const QString name = index.data().toString();
        EXPECT_TRUE(names.contains(name));
        grid->scrollTo(index);
        const QPoint pos = grid->visualRect(index).center();
        QToolTip::hideText();
        QHelpEvent event(QEvent::ToolTip, pos, grid->viewport()->mapToGlobal(pos));
        QCoreApplication::sendEvent(grid->viewport(), &event);
        EXPECT_EQ(shownText(QToolTip::text()), name) << row;
    }
    QToolTip::hideText();

    grid->selectAll();
    EXPECT_FALSE(window->endProcessAction()->isEnabled());
    const QString refusal = QStringLiteral("%1 cannot end processes").arg(serverDisplayName(address.toString()));
    EXPECT_EQ(window->endProcessAction()->toolTip(), refusal);
    Q_EMIT grid->customContextMenuRequested(grid->visualRect(view->proxy()->index(0, 1)).center());
    ASSERT_TRUE(waitUntil([&] { return window->processContextMenu()->isVisible(); }));
    const QList<QAction *> entries = window->processContextMenu()->actions();
    EXPECT_TRUE(std::any_of(entries.cbegin(), entries.cend(), [&](const QAction *a) {
        return a->isVisible() && !a->isEnabled() && a->text() == refusal;
    }));
    window->processContextMenu()->close();

    // The confirmation lists them as text too, whatever opens it.
    ProcessConfirmDialog confirm(processes);
    for (int i = 0; i < names.size(); ++i) {
        const QTreeWidgetItem *item = confirm.processList()->topLevelItem(i);
        EXPECT_TRUE(names.at(i).startsWith(
            item->text(ProcessConfirmDialog::NameColumn).chopped(names.at(i).size() > 200 ? 1 : 0)));
        EXPECT_EQ(shownText(item->toolTip(ProcessConfirmDialog::NameColumn)), processes.at(i).commandLine);
        EXPECT_EQ(shownText(item->toolTip(ProcessConfirmDialog::UserColumn)), processes.at(i).user);
    }
}

TEST_F(ProcessesViewTest, ASlowServerHoldsUpOnlyItsOwnListingAndQuittingWaitsForIt)
{
    const QString first = key(First);
    auto window = open({first});
    const ServerAddress slowAddress = ServerAddress::parse(QStringLiteral("demo:slow"));
    const auto slow = std::make_shared<SlowListingSource>(slowAddress);
    window->addSource(slow);
    ServerTab *all = window->allServersTab();
    window->tabs()->setCurrentWidget(all);
    all->setCurrentPage(ServerTab::Page::Processes);
    ProcessesView *view = all->processes();
    ASSERT_TRUE(waitUntil([&] { return slow->isListing(); }));

    // The other server's processes arrive, and keep arriving, while the slow one still lists.
    ASSERT_TRUE(waitUntil([&] { return serversIn(view->model()) == QSet<QString>{first}; }));
    QSignalSpy listed(view->refresher(), &ProcessRefresher::listed);
    window->scheduler()->refreshNow(first);
    ASSERT_TRUE(waitUntil([&] { return !listed.isEmpty(); }));
    EXPECT_EQ(listed.first().at(0).toString(), first);
    EXPECT_TRUE(view->refresher()->isInFlight(slowAddress.toString()));

    // Closing now asks first, for the listing alone: the listing would otherwise hold the window.
    window->scheduler()->setPaused(true);
    ASSERT_TRUE(waitUntil([&] {
        const QStringList servers = window->scheduler()->servers();
        return std::none_of(servers.cbegin(), servers.cend(),
                            [&](const QString &s) { return window->scheduler()->status(s).refreshing; });
    }));
    window->close();
    ASSERT_TRUE(waitUntil([&] { return window->quitQuestion() && window->quitQuestion()->isVisible(); }));
    EXPECT_TRUE(window->isVisible());
    window->quitQuestion()->button(QMessageBox::Cancel)->click();
    slow->release();
    ASSERT_TRUE(waitUntil([&] { return !view->refresher()->isInFlight(slowAddress.toString()); }));
}
