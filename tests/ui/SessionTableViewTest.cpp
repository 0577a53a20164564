#include "SessionTableView.h"
#include "SessionFilterProxyModel.h"
#include "SessionFixtures.h"
#include "SessionTableModel.h"

#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QScrollBar>
#include <QTest>

#include <gtest/gtest.h>

using namespace SessionFixtures;

namespace {

const QString A = QStringLiteral("demo:a");
const QString B = QStringLiteral("demo:b");

QString keyOf(const QModelIndex &index)
{
    return index.siblingAtColumn(SessionTableModel::ServerColumn).data().toString() + QLatin1Char('/')
           + index.siblingAtColumn(SessionTableModel::IdColumn).data().toString();
}

} // namespace

// The grid as the window has it, thousands of rows of two servers sorted by user, through
// snapshots that remove and insert rows all over the sorted order: the table's rows follow
// the proxy's, and the selection, current row and scroll position stay.
TEST(SessionTableViewTest, SelectionCurrentRowAndScrollPositionSurviveSnapshotsThatMoveRowsEverywhere)
{
    SessionTableModel model;
    SessionFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    SessionTableView view(true);
    view.setModel(&proxy);
    view.applyDefaultLayout();
    view.sortByColumn(SessionTableModel::UserColumn, Qt::DescendingOrder);
    view.resize(800, 400);
    view.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));

    const auto snapshot = [](const QString &server, int round) {
        QList<Session> sessions;
        for (int id = 1; id <= 3000; ++id) {
            if ((id + round) % 9 == 0 && id % 10 != 5)
                continue; // ends, and starts again next round; ids ending in 5 stay
            Session s = make(server, id);
            s.user = QStringLiteral("user%1").arg((id * 7 + round) % 400);
            sessions.append(s);
        }
        return sessions;
    };
    model.applySnapshot(A, snapshot(A, 0), BaseTime);
    model.applySnapshot(B, snapshot(B, 0), BaseTime);

    const int middle = proxy.rowCount() / 2;
    view.scrollTo(proxy.index(middle, 0), QAbstractItemView::PositionAtTop);
    QModelIndex chosen;
    for (int row = middle; !chosen.isValid(); ++row) {
        if (proxy.index(row, SessionTableModel::IdColumn).data().toString().endsWith(QLatin1Char('5')))
            chosen = proxy.index(row, SessionTableModel::UserColumn);
    }
    const QString chosenKey = keyOf(chosen);
    view.selectionModel()->setCurrentIndex(chosen, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const int scrolled = view.verticalScrollBar()->value();
    ASSERT_GT(scrolled, 0);

    for (int round = 1; round <= 6; ++round) {
        model.applySnapshot(round % 2 ? A : B, snapshot(round % 2 ? A : B, round), BaseTime);
        QCoreApplication::processEvents();
        ASSERT_EQ(view.verticalHeader()->count(), proxy.rowCount());
        EXPECT_EQ(keyOf(view.currentIndex()), chosenKey);
        EXPECT_EQ(view.currentIndex().column(), int(SessionTableModel::UserColumn));
        ASSERT_EQ(view.selectionModel()->selectedRows().size(), 1);
        EXPECT_EQ(keyOf(view.selectionModel()->selectedRows().first()), chosenKey);
        EXPECT_EQ(view.verticalScrollBar()->value(), scrolled);
    }
    QStringList users;
    for (int row = 0; row < proxy.rowCount(); ++row)
        users << proxy.index(row, SessionTableModel::UserColumn).data().toString();
    EXPECT_TRUE(std::is_sorted(users.cbegin(), users.cend(), [](const QString &a, const QString &b) {
        return QString::compare(a, b, Qt::CaseInsensitive) > 0;
    }));
}
