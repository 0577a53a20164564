// session-console's window, built for Windows, against the scripted RD Session Host: the rows
// come from WTSEnumerateSessionsExW, and Log Off goes the whole real way (confirm dialog,
// ActionJob, WtsSource, WTSLogoffSession and polling) until the host has removed the sessions.
#include "ScriptedHost.h"

#include "ActionProgressDialog.h"
#include "LogoffConfirmDialog.h"
#include "MainWindow.h"
#include "ServerTab.h"
#include "SessionFilterProxyModel.h"
#include "SessionTableModel.h"
#include "SessionTableView.h"
#include "UiTestSupport.h"

#include <QItemSelectionModel>
#include <QPointer>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using UiTestSupport::waitUntil;

namespace {

int rowOf(const ServerTab *tab, const QString &id)
{
    for (int row = 0; row < tab->model()->rowCount(); ++row) {
        if (tab->model()->sessionAt(row).id == id)
            return row;
    }
    return -1;
}

} // namespace

TEST(ScriptedHostWindowTest, LogsTwoSessionsOffAndSeesThemVanish)
{
    ScriptedHost host(QStringLiteral("server rdsh01\n"
                                     "session 0 Disconnected - - Services -\n"
                                     "session 2 Active alice CONTOSO RDP-Tcp#3 2026-11-25T08:00:00Z\n"
                                     "session 3 Active bob CONTOSO RDP-Tcp#4 2026-11-25T08:30:00Z\n"
                                     "session 4 Disconnected carol CONTOSO - 2026-11-25T09:00:00Z\n"
                                     "session 65536 Listen - - RDP-Tcp -\n"
                                     "logoff-delay 800\n"));
    ASSERT_TRUE(host.isValid());
    QTemporaryDir settings;
    auto window = UiTestSupport::openWindow({QStringLiteral("rdsh01")},
                                            settings.filePath(QStringLiteral("console.ini")));
    ServerTab *tab = window->tabFor(QStringLiteral("rdsh01"));
    ASSERT_TRUE(tab);
    window->tabs()->setCurrentWidget(tab);
    ASSERT_TRUE(waitUntil([&] { return tab->model()->rowCount() == 5; }, 60000)) << tab->model()->rowCount();
    EXPECT_EQ(tab->model()->sessionAt(rowOf(tab, QStringLiteral("3"))).user, QStringLiteral("bob"));

    QItemSelection selection;
    for (const QString &id : {QStringLiteral("2"), QStringLiteral("3")}) {
        const int sourceRow = rowOf(tab, id);
        ASSERT_GE(sourceRow, 0);
        const QModelIndex index = tab->proxy()->mapFromSource(tab->model()->index(sourceRow, 0));
        selection.select(index, index.siblingAtColumn(SessionTableModel::ColumnCount - 1));
    }
    tab->view()->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    ASSERT_EQ(tab->selectedSessions().size(), 2);

    QSignalSpy started(window.get(), &MainWindow::actionStarted);
    LogoffConfirmDialog *confirm = UiTestSupport::askToLogOff(*window, tab);
    ASSERT_TRUE(confirm);
    EXPECT_EQ(confirm->sessions().size(), 2);
    confirm->accept();
    ASSERT_EQ(started.count(), 1);
    QPointer<ActionProgressDialog> progress = started.first().at(1).value<ActionProgressDialog *>();
    ASSERT_TRUE(progress);

    ASSERT_TRUE(waitUntil([&] { return progress->progressBar()->value() == 2; }, 60000));
    ASSERT_TRUE(
        waitUntil([&] { return rowOf(tab, QStringLiteral("2")) < 0 && rowOf(tab, QStringLiteral("3")) < 0; }, 60000));
    EXPECT_EQ(tab->model()->rowCount(), 3);

    QStringList removed;
    for (const QString &line : host.record()) {
        if (line.endsWith(QStringLiteral(" Gone")))
            removed.append(line.section(u' ', 2));
    }
    removed.sort();
    EXPECT_EQ(removed, (QStringList{QStringLiteral("rdsh01 2 Gone"), QStringLiteral("rdsh01 3 Gone")}));
}
