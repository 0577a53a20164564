#include "ConsoleSettings.h"
#include "ErrorBanner.h"
#include "ImportServersDialog.h"
#include "MainWindow.h"
#include "ServerImportController.h"
#include "ServerTab.h"
#include "ServerTreeDock.h"
#include "ServerTreeModel.h"
#include "SessionTableModel.h"
#include "UiTestSupport.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDropEvent>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QTreeWidget>

#include <gtest/gtest.h>

#include <memory>
#include <ostream>

using UiTestSupport::waitUntil;

// Readable failures: gtest would print a QString as its bytes.
static void PrintTo(const QString &text, std::ostream *out)
{
    *out << '"' << text.toStdString() << '"';
}

namespace {

class ServerTreeTest : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(m_dir.isValid()); }

    std::unique_ptr<MainWindow> open(const QStringList &servers)
    {
        auto window = UiTestSupport::openWindow(servers, settingsFile());
        m_tester = UiTestSupport::checked(tree(*window));
        return window;
    }

    static ServerTreeModel *tree(const MainWindow &window)
    {
        return qobject_cast<ServerTreeModel *>(window.serverTree()->view()->model());
    }

    static ServerTab *tabTitled(const MainWindow &window, const QString &title)
    {
        for (int i = 0; i < window.tabs()->count(); ++i) {
            if (window.tabs()->tabText(i) == title)
                return qobject_cast<ServerTab *>(window.tabs()->widget(i));
        }
        return nullptr;
    }

    static int rowsOf(const ServerTab *tab, const QString &server)
    {
        int rows = 0;
        for (int row = 0; row < tab->model()->rowCount(); ++row)
            rows += tab->model()->sessionAt(row).server == server ? 1 : 0;
        return rows;
    }

    // A drop on `target` in the tree's view, as the drag of `servers` from `group` ends.
    static bool dropOn(const MainWindow &window, const QStringList &servers, const QString &group,
                       const QModelIndex &target, Qt::DropAction action)
    {
        QTreeView *view = window.serverTree()->view();
        QModelIndexList dragged;
        for (const QString &server : servers)
            dragged.append(tree(window)->serverIndex(server, group));
        const std::unique_ptr<QMimeData> data(tree(window)->mimeData(dragged));
        const QPoint at = view->visualRect(target).center();
        const Qt::KeyboardModifiers keys = action == Qt::CopyAction ? Qt::ControlModifier : Qt::NoModifier;
        // Qt delivers the move and the drop only to the widget that accepted the enter.
        QDragEnterEvent enter(at, Qt::CopyAction | Qt::MoveAction, data.get(), Qt::LeftButton, keys);
        enter.setDropAction(action);
        QApplication::sendEvent(view->viewport(), &enter);
        if (!enter.isAccepted())
            return false;
        QDragMoveEvent move(at, Qt::CopyAction | Qt::MoveAction, data.get(), Qt::LeftButton, keys);
        move.setDropAction(action);
        QApplication::sendEvent(view->viewport(), &move);
        QDropEvent drop(at, Qt::CopyAction | Qt::MoveAction, data.get(), Qt::LeftButton, keys);
        drop.setDropAction(action);
        QApplication::sendEvent(view->viewport(), &drop);
        return drop.isAccepted();
    }

    QString settingsFile() const { return m_dir.filePath(QStringLiteral("console.ini")); }

    QString writeFile(const QString &name, const QByteArray &text) const
    {
        QFile file(m_dir.filePath(name));
        EXPECT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(text);
        return file.fileName();
    }

    ImportServersDialog *importFrom(const MainWindow &window, ServerImportController::Source source,
                                    const QString &location)
    {
        window.serverImport()->importFrom(source, location);
        EXPECT_TRUE(
            waitUntil([&] { return window.serverImport()->dialog() && window.serverImport()->dialog()->isVisible(); }));
        return window.serverImport()->dialog();
    }

    QTemporaryDir m_dir;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

const QString DemoA = QStringLiteral("demo:a?sessions=7");
const QString DemoB = QStringLiteral("demo:b?fail=100");

} // namespace

TEST_F(ServerTreeTest, EveryOpenServerIsUnderAllServersWithItsCountsAndState)
{
    const auto window = open({DemoA, DemoB});
    ServerTreeModel *model = tree(*window);
    EXPECT_EQ(model->data(model->allServersIndex()).toString(), QStringLiteral("All servers"));
    EXPECT_EQ(model->openServers(), (QStringList{DemoA, DemoB}));
    ASSERT_TRUE(waitUntil([&] { return model->state(DemoA) == ServerTreeModel::ServerState::Ok; }));
    ASSERT_TRUE(waitUntil([&] { return model->state(DemoB) == ServerTreeModel::ServerState::Failing; }));

    // The counts are those of the rows the All servers tab (shown) lists for it.
    const ServerTab *tab = window->allServersTab();
    ASSERT_EQ(window->currentTab(), tab);
    ASSERT_TRUE(waitUntil([&] { return rowsOf(tab, DemoA) > 0; }));
    window->pauseAction()->trigger(); // the rows and the counts hold still
    const auto listed = [&] {
        ServerTreeModel::Counts counts;
        for (int row = 0; row < tab->model()->rowCount(); ++row) {
            const Session &session = tab->model()->sessionAt(row);
            if (session.server != DemoA)
                continue;
            counts.total += session.state != Session::State::Listening ? 1 : 0;
            counts.active += session.state == Session::State::Active ? 1 : 0;
            counts.disconnected += session.state == Session::State::Disconnected ? 1 : 0;
        }
        return counts;
    };
    ASSERT_TRUE(waitUntil([&] { return listed() == model->counts(DemoA); }));
    const QModelIndex row = model->serverIndex(DemoA);
    EXPECT_EQ(row.siblingAtColumn(ServerTreeModel::TotalColumn).data().toInt(), listed().total);
    EXPECT_EQ(row.siblingAtColumn(ServerTreeModel::ActiveColumn).data().toInt(), listed().active);
    EXPECT_EQ(row.siblingAtColumn(ServerTreeModel::DisconnectedColumn).data().toInt(), listed().disconnected);
    EXPECT_GT(listed().total, 0);
    // The tab counts sessions as the tree does, and its listeners apart.
    const QString status = QStringLiteral("%1 sessions on 2 servers").arg(listed().total);
    EXPECT_TRUE(waitUntil([&] { return tab->statusLabel()->text().startsWith(status); }))
        << tab->statusLabel()->text().toStdString();
    EXPECT_TRUE(tab->statusLabel()->text().contains(QStringLiteral("1 listener")))
        << tab->statusLabel()->text().toStdString();
    EXPECT_FALSE(model->serverIndex(DemoB).data(Qt::ToolTipRole).toString().isEmpty());
    EXPECT_EQ(model->state(DemoA), ServerTreeModel::ServerState::Paused);
    EXPECT_EQ(model->serverIndex(DemoA).siblingAtColumn(ServerTreeModel::StateColumn).data().toString(),
              QStringLiteral("paused"));

    window->closeServer(DemoB);
    EXPECT_EQ(model->openServers(), QStringList{DemoA});
}

TEST_F(ServerTreeTest, ClickingShowsTheServersTabOrTheGroupsOwnView)
{
    const auto window = open({DemoA, DemoB});
    ServerTreeModel *model = tree(*window);
    ASSERT_TRUE(model->addGroup(QStringLiteral("Berlin")).ok());
    model->addToGroup(QStringLiteral("Berlin"), DemoA);
    QTreeView *view = window->serverTree()->view();

    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(model->serverIndex(DemoB)).center());
    EXPECT_EQ(window->currentTab(), window->tabFor(DemoB));

    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->visualRect(model->groupIndex(QStringLiteral("Berlin"))).center());
    ServerTab *berlin = tabTitled(*window, QStringLiteral("All servers of Berlin"));
    ASSERT_TRUE(berlin);
    EXPECT_EQ(window->currentTab(), berlin);
    EXPECT_EQ(berlin->servers(), QStringList{DemoA});
    ASSERT_TRUE(waitUntil([&] { return rowsOf(berlin, DemoA) > 0; }));
    EXPECT_EQ(rowsOf(berlin, DemoB), 0);

    // A member added shows its rows there too, at once; one taken out leaves.
    model->addToGroup(QStringLiteral("Berlin"), DemoB);
    EXPECT_EQ(berlin->servers().size(), 2);
    model->removeFromGroup(QStringLiteral("Berlin"), DemoA);
    EXPECT_EQ(berlin->servers(), QStringList{DemoB});
    EXPECT_EQ(rowsOf(berlin, DemoA), 0);

    // Renamed, the view follows; removed, it closes.
    ASSERT_TRUE(model->renameGroup(QStringLiteral("Berlin"), QStringLiteral("Paris")).ok());
    EXPECT_EQ(tabTitled(*window, QStringLiteral("All servers of Paris")), berlin);
    const QPointer<ServerTab> gone(berlin);
    model->removeGroup(QStringLiteral("Paris"));
    EXPECT_FALSE(tabTitled(*window, QStringLiteral("All servers of Paris")));
    EXPECT_TRUE(waitUntil([&] { return gone.isNull(); }));

    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(model->allServersIndex()).center());
    EXPECT_EQ(window->currentTab(), window->allServersTab());

    // The tree's current entry follows the tab shown.
    window->tabs()->setCurrentWidget(window->tabFor(DemoB));
    EXPECT_EQ(view->currentIndex().siblingAtColumn(0), model->serverIndex(DemoB));
    window->tabs()->setCurrentWidget(window->allServersTab());
    EXPECT_EQ(view->currentIndex().siblingAtColumn(0), model->allServersIndex());
}

TEST_F(ServerTreeTest, AMemberNotOpenOpensOnEnterOnly)
{
    ConsoleSettings::Values values;
    values.servers = {DemoA};
    ASSERT_TRUE(values.groups.addGroup(QStringLiteral("Lab")).ok());
    values.groups.addMember(QStringLiteral("Lab"), QStringLiteral("demo:c"));
    ConsoleSettings settings(settingsFile());
    settings.setValues(values, true);
    ASSERT_TRUE(settings.save());

    const auto window = open({});
    ServerTreeModel *model = tree(*window);
    const QModelIndex member = model->serverIndex(QStringLiteral("demo:c"), QStringLiteral("Lab"));
    ASSERT_TRUE(member.isValid());
    EXPECT_EQ(model->state(QStringLiteral("demo:c")), ServerTreeModel::ServerState::NotOpen);
    QTreeView *view = window->serverTree()->view();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(member).center());
    EXPECT_FALSE(window->tabFor(QStringLiteral("demo:c")));
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Return);
    ASSERT_TRUE(window->tabFor(QStringLiteral("demo:c")));
    EXPECT_EQ(window->currentTab(), window->tabFor(QStringLiteral("demo:c")));
}

TEST_F(ServerTreeTest, GroupsAreSavedAndReadBack)
{
    {
        const auto window = open({DemoA, DemoB});
        ServerTreeModel *model = tree(*window);
        ASSERT_TRUE(model->addGroup(QStringLiteral("Berlin")).ok());
        ASSERT_TRUE(model->addGroup(QStringLiteral("RDS farm")).ok());
        model->addToGroup(QStringLiteral("Berlin"), DemoA);
        model->addToGroup(QStringLiteral("RDS farm"), DemoA);
        model->addToGroup(QStringLiteral("RDS farm"), DemoB);
        ASSERT_TRUE(window->saveSettings());
    }
    const ConsoleSettings saved(settingsFile());
    EXPECT_TRUE(saved.warnings().isEmpty()) << saved.warnings().join(u'\n').toStdString();
    EXPECT_EQ(saved.values().groups.names(), (QStringList{QStringLiteral("Berlin"), QStringLiteral("RDS farm")}));
    EXPECT_EQ(saved.values().groups.members(QStringLiteral("RDS farm")), (QStringList{DemoA, DemoB}));

    const auto window = open({});
    EXPECT_EQ(tree(*window)->groups(), saved.values().groups);
    EXPECT_EQ(tree(*window)->rowCount(), 3);
}

TEST_F(ServerTreeTest, AGroupsViewSharesTheAllServersColumnsAndTheyAreKept)
{
    const QString berlin = QStringLiteral("Berlin");
    const auto showBerlin = [&](const MainWindow &window) {
        const QTreeView *view = window.serverTree()->view();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                          view->visualRect(tree(window)->groupIndex(berlin)).center());
        return tabTitled(window, QStringLiteral("All servers of Berlin"));
    };
    const auto userWidth = [](const ServerTab *tab) {
        return tab->view()->horizontalHeader()->sectionSize(SessionTableModel::UserColumn);
    };
    const auto stateIndex = [](const ServerTab *tab) {
        return tab->view()->horizontalHeader()->visualIndex(SessionTableModel::StateColumn);
    };
    {
        const auto window = open({DemoA});
        ASSERT_TRUE(tree(*window)->addGroup(berlin).ok());
        tree(*window)->addToGroup(berlin, DemoA);
        ServerTab *group = showBerlin(*window);
        ASSERT_TRUE(group);
        QHeaderView *header = group->view()->horizontalHeader();
        header->moveSection(header->visualIndex(SessionTableModel::StateColumn), 1);
        header->resizeSection(SessionTableModel::UserColumn, 211);

        // The All servers tab takes the layout when shown; a server's own tab keeps its own.
        window->tabs()->setCurrentWidget(window->allServersTab());
        EXPECT_EQ(userWidth(window->allServersTab()), 211);
        EXPECT_EQ(stateIndex(window->allServersTab()), 1);
        window->tabs()->setCurrentWidget(window->tabFor(DemoA));
        EXPECT_NE(userWidth(window->tabFor(DemoA)), 211);
        ASSERT_TRUE(window->saveSettings());
    }
    const auto window = open({});
    ServerTab *group = showBerlin(*window);
    ASSERT_TRUE(group);
    EXPECT_EQ(userWidth(group), 211);
    EXPECT_EQ(stateIndex(group), 1);
    EXPECT_EQ(userWidth(window->allServersTab()), 211);
}

TEST_F(ServerTreeTest, SettingsWithoutGroupsOrWithBadOnesStillRead)
{
    // Written before groups existed.
    writeFile(QStringLiteral("console.ini"), "[General]\nversion=1\n\n[servers]\nlist=demo:a\n");
    const ConsoleSettings old(settingsFile());
    EXPECT_TRUE(old.warnings().isEmpty()) << old.warnings().join(u'\n').toStdString();
    EXPECT_TRUE(old.values().groups.groups().isEmpty());
    EXPECT_EQ(old.values().servers, QStringList{QStringLiteral("demo:a")});

    // Edited by hand: a duplicate name, a hostile server, a group without a name.
    writeFile(QStringLiteral("console.ini"), "[General]\nversion=1\n\n"
                                             "[groups]\nsize=4\n"
                                             "1\\name=Berlin\n1\\servers=demo:a, rds1, -oProxyCommand=sh\n"
                                             "2\\name=berlin\n2\\servers=rds2\n"
                                             "3\\servers=rds3\n"
                                             "4\\name=Paris\n");
    const ConsoleSettings edited(settingsFile());
    EXPECT_EQ(edited.values().groups.names(), (QStringList{QStringLiteral("Berlin"), QStringLiteral("Paris")}));
    EXPECT_EQ(edited.values().groups.members(QStringLiteral("Berlin")),
              (QStringList{QStringLiteral("demo:a"), QStringLiteral("rds1")}));
    EXPECT_EQ(edited.warnings().size(), 3) << edited.warnings().join(u'\n').toStdString();
    // Such a file is not overwritten until the user changes something.
    EXPECT_FALSE(edited.mayWrite());
}

TEST_F(ServerTreeTest, DropsCopyWithCtrlAndMoveOtherwise)
{
    const auto window = open({DemoA, DemoB});
    ServerTreeModel *model = tree(*window);
    ASSERT_TRUE(model->addGroup(QStringLiteral("Berlin")).ok());
    ASSERT_TRUE(model->addGroup(QStringLiteral("Paris")).ok());
    model->addToGroup(QStringLiteral("Berlin"), DemoA);

    // From "All servers" into a group.
    EXPECT_TRUE(dropOn(*window, {DemoB}, {}, model->groupIndex(QStringLiteral("Paris")), Qt::MoveAction));
    EXPECT_EQ(model->groups().members(QStringLiteral("Paris")), QStringList{DemoB});
    EXPECT_EQ(model->openServers(), (QStringList{DemoA, DemoB}));

    // With Ctrl, a copy: onto a member of Paris, so into Paris.
    EXPECT_TRUE(dropOn(*window, {DemoA}, QStringLiteral("Berlin"), model->serverIndex(DemoB, QStringLiteral("Paris")),
                       Qt::CopyAction));
    EXPECT_EQ(model->groups().groupsOf(DemoA), (QStringList{QStringLiteral("Berlin"), QStringLiteral("Paris")}));

    // Onto the group it is in already, or onto "All servers": refused.
    EXPECT_FALSE(
        dropOn(*window, {DemoA}, QStringLiteral("Berlin"), model->groupIndex(QStringLiteral("Paris")), Qt::MoveAction));
    EXPECT_FALSE(dropOn(*window, {DemoA}, QStringLiteral("Berlin"), model->allServersIndex(), Qt::CopyAction));
}

TEST_F(ServerTreeTest, RenameWithF2AndRemoveFromTheContextMenu)
{
    const auto window = open({DemoA});
    ServerTreeDock *dock = window->serverTree();
    ServerTreeModel *model = tree(*window);
    ASSERT_TRUE(model->addGroup(QStringLiteral("Paris")).ok());
    dock->newGroupAction()->trigger(); // "New group", its name in an editor
    QTreeView *view = dock->view();
    auto *editor = view->viewport()->findChild<QLineEdit *>();
    ASSERT_TRUE(waitUntil([&] {
        editor = view->findChild<QLineEdit *>();
        return editor && editor->isVisible();
    }));
    EXPECT_EQ(editor->text(), QStringLiteral("New group"));
    editor->setText(QStringLiteral("Berlin"));
    QTest::keyClick(editor, Qt::Key_Return);
    // The delegate commits from the event loop.
    EXPECT_TRUE(waitUntil([&] { return model->groups().contains(QStringLiteral("Berlin")); }));
    EXPECT_EQ(model->groups().names(), (QStringList{QStringLiteral("Paris"), QStringLiteral("Berlin")}));

    // F2 on Paris; a taken name is refused with the reason.
    view->setCurrentIndex(model->groupIndex(QStringLiteral("Paris")));
    view->setFocus();
    QTest::keyClick(view, Qt::Key_F2);
    ASSERT_TRUE(waitUntil([&] {
        editor = view->findChild<QLineEdit *>();
        return editor && editor->isVisible() && editor->text() == QStringLiteral("Paris");
    }));
    editor->setText(QStringLiteral("BERLIN"));
    QTest::keyClick(editor, Qt::Key_Return);
    ASSERT_TRUE(waitUntil([&] { return window->noteBanner()->isVisible(); }));
    EXPECT_EQ(model->groups().names(), (QStringList{QStringLiteral("Paris"), QStringLiteral("Berlin")}));

    view->setCurrentIndex(model->groupIndex(QStringLiteral("Paris")));
    EXPECT_TRUE(dock->removeGroupAction()->isEnabled());
    EXPECT_FALSE(dock->removeFromGroupAction()->isEnabled());
    dock->removeGroupAction()->trigger();
    EXPECT_EQ(model->groups().names(), QStringList{QStringLiteral("Berlin")});
    EXPECT_TRUE(window->tabFor(DemoA)); // a group's servers stay open

    model->addToGroup(QStringLiteral("Berlin"), DemoA);
    view->setCurrentIndex(model->serverIndex(DemoA, QStringLiteral("Berlin")));
    EXPECT_FALSE(dock->removeGroupAction()->isEnabled());
    ASSERT_TRUE(dock->removeFromGroupAction()->isEnabled());
    dock->removeFromGroupAction()->trigger();
    EXPECT_TRUE(model->groups().members(QStringLiteral("Berlin")).isEmpty());
}

TEST_F(ServerTreeTest, ImportingAListOpensItsServersIntoAGroupAndListsWhatWasSkipped)
{
    const auto window = open({DemoA});
    const QString list = writeFile(QStringLiteral("farm.txt"), "# the farm\n"
                                                               "demo:a?sessions=7\n"
                                                               "demo:f1\n"
                                                               "\n"
                                                               "demo:f2   # second\n"
                                                               "bad host\n");
    ImportServersDialog *dialog = importFrom(*window, ServerImportController::Source::TextFile, list);
    ASSERT_TRUE(dialog);
    EXPECT_TRUE(dialog->summaryLabel()->text().contains(QStringLiteral("3 servers found, 1 already open")))
        << dialog->summaryLabel()->text().toStdString();
    ASSERT_EQ(dialog->skippedList()->topLevelItemCount(), 1);
    EXPECT_EQ(dialog->skippedList()->topLevelItem(0)->text(0), QDir::toNativeSeparators(list) + QStringLiteral(":6"));
    EXPECT_EQ(dialog->skippedList()->topLevelItem(0)->text(2), QStringLiteral("host name must not contain whitespace"));
    EXPECT_EQ(dialog->group(), QStringLiteral("farm"));
    EXPECT_EQ(dialog->buttons()->button(QDialogButtonBox::Ok)->text(), QStringLiteral("&Open 2 Servers"));

    QSignalSpy imported(window->serverImport(), &ServerImportController::imported);
    dialog->accept();
    ASSERT_EQ(imported.count(), 1);
    EXPECT_TRUE(window->tabFor(QStringLiteral("demo:f1")));
    EXPECT_TRUE(window->tabFor(QStringLiteral("demo:f2")));
    EXPECT_EQ(tree(*window)->groups().members(QStringLiteral("farm")),
              (QStringList{DemoA, QStringLiteral("demo:f1"), QStringLiteral("demo:f2")}));
    EXPECT_EQ(window->statusBar()->currentMessage(),
              QStringLiteral("Imported 2 servers into the group farm; 1 entry skipped"));
}

TEST_F(ServerTreeTest, ImportingTheSshConfigShowsItsHostsAndCancelOpensNothing)
{
    QDir(m_dir.path()).mkpath(QStringLiteral("ssh/conf.d"));
    writeFile(QStringLiteral("ssh/conf.d/farm.conf"), "Host rds-a rds-b\n  User admin\n");
    const QString config = writeFile(QStringLiteral("ssh/config"), "Include conf.d/*.conf\n"
                                                                   "Host *\n  ServerAliveInterval 30\n"
                                                                   "Match host rds-*\n  User ops\n"
                                                                   "Host bastion\n");
    const auto window = open({DemoA});
    ImportServersDialog *dialog = importFrom(*window, ServerImportController::Source::SshConfig, config);
    ASSERT_TRUE(dialog);
    // conf.d is relative to ~/.ssh as ssh has it, not to this file: only bastion here.
    EXPECT_EQ(dialog->found().servers, QStringList{QStringLiteral("bastion")});
    ASSERT_EQ(dialog->skippedList()->topLevelItemCount(), 1);
    EXPECT_EQ(dialog->skippedList()->topLevelItem(0)->text(1), QStringLiteral("*"));
    dialog->reject();
    EXPECT_FALSE(window->tabFor(QStringLiteral("bastion")));
    EXPECT_TRUE(tree(*window)->groups().groups().isEmpty());
}

TEST_F(ServerTreeTest, AnUnreadableSourceSaysWhyAndOpensNothing)
{
    const auto window = open({DemoA});
    window->serverImport()->importFrom(ServerImportController::Source::TextFile,
                                       m_dir.filePath(QStringLiteral("absent")));
    ASSERT_TRUE(waitUntil([&] { return window->noteBanner()->isVisible(); }));
    EXPECT_FALSE(window->serverImport()->dialog());
    EXPECT_EQ(window->tabs()->count(), 2);
}

// Many servers at once: the status bar counts those that answered; a slow one and failing
// ones hold up nobody.
TEST_F(ServerTreeTest, ConnectingToManyServersShowsProgressAndFailuresBlockNobody)
{
    const auto window = open({DemoA});
    ASSERT_TRUE(waitUntil([&] { return tree(*window)->state(DemoA) == ServerTreeModel::ServerState::Ok; }));
    QByteArray list;
    for (int i = 0; i < 30; ++i)
        list += QStringLiteral("demo:m%1%2\n").arg(i).arg(i % 5 == 0 ? QStringLiteral("?fail=100") : QString()).toUtf8();
    list += "demo:slow?latency=10000\n";
    ImportServersDialog *dialog = importFrom(*window, ServerImportController::Source::TextFile,
                                             writeFile(QStringLiteral("many.txt"), list));
    ASSERT_TRUE(dialog);
    dialog->groupBox()->setCurrentText(QStringLiteral("(no group)"));
    dialog->accept();

    QLabel *connecting = window->connectingLabel();
    ServerTreeModel *model = tree(*window);
    const auto answered = [&] {
        int n = 0;
        for (const QString &server : model->openServers())
            n += model->state(server) != ServerTreeModel::ServerState::Connecting ? 1 : 0;
        return n;
    };
    // All but the slow one answer, well or not, while it still keeps its worker.
    ASSERT_TRUE(waitUntil([&] { return answered() == 31; }, 60000));
    EXPECT_EQ(model->state(QStringLiteral("demo:slow?latency=10000")), ServerTreeModel::ServerState::Connecting);
    EXPECT_EQ(model->state(QStringLiteral("demo:m0?fail=100")), ServerTreeModel::ServerState::Failing);
    EXPECT_EQ(model->state(QStringLiteral("demo:m1")), ServerTreeModel::ServerState::Ok);
    EXPECT_TRUE(connecting->isVisible());
    EXPECT_EQ(connecting->text(), QStringLiteral("Connecting: 30 of 31 servers answered…"));

    // Closed, the slow one no longer counts.
    window->closeServer(QStringLiteral("demo:slow?latency=10000"));
    EXPECT_FALSE(connecting->isVisible());
}

TEST_F(ServerTreeTest, AddToGroupFromTheKeyboardPutsTheSelectedServersIn)
{
    const auto window = open({DemoA, DemoB});
    ServerTreeDock *dock = window->serverTree();
    ServerTreeModel *model = tree(*window);
    ASSERT_TRUE(model->addGroup(QStringLiteral("Paris")).ok());
    QTreeView *view = dock->view();
    view->selectionModel()->select(model->serverIndex(DemoA), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    view->selectionModel()->select(model->serverIndex(DemoB), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    dock->addSelectedToGroup(QStringLiteral("Paris"));
    EXPECT_EQ(model->groups().members(QStringLiteral("Paris")), (QStringList{DemoA, DemoB}));

    // A group's view closes like a server's tab; the group stays.
    dock->select(model->groupIndex(QStringLiteral("Paris")));
    ASSERT_TRUE(tabTitled(*window, QStringLiteral("All servers of Paris")));
    ASSERT_TRUE(window->closeTabAction()->isEnabled());
    window->closeTabAction()->trigger();
    EXPECT_FALSE(tabTitled(*window, QStringLiteral("All servers of Paris")));
    EXPECT_TRUE(model->groups().contains(QStringLiteral("Paris")));
    EXPECT_TRUE(window->tabFor(DemoA));

    // "New group" is taken: the next one is "New group 2".
    EXPECT_EQ(dock->newGroup(), QStringLiteral("New group"));
    EXPECT_EQ(dock->newGroup(), QStringLiteral("New group 2"));
}
