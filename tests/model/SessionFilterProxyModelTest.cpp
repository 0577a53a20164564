#include "SessionFilterProxyModel.h"
#include "SessionFixtures.h"
#include "SessionTableModel.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>

#include <gtest/gtest.h>

#include <random>

using namespace SessionFixtures;

namespace {

const QString A = QStringLiteral("demo:a");

class SessionFilterProxyModelTest : public ::testing::Test
{
protected:
    SessionTableModel model;
    SessionFilterProxyModel proxy;
    QAbstractItemModelTester modelTester{&model, QAbstractItemModelTester::FailureReportingMode::Fatal};
    QAbstractItemModelTester proxyTester{&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal};

    void SetUp() override { proxy.setSourceModel(&model); }

    QStringList column(int c) const
    {
        QStringList out;
        for (int row = 0; row < proxy.rowCount(); ++row)
            out << proxy.index(row, c).data().toString();
        return out;
    }
};

} // namespace

TEST_F(SessionFilterProxyModelTest, NumericIdsSortAsNumbers)
{
    QList<Session> sessions;
    for (const int id : {10, 2, 100, 1, 33})
        sessions.append(make(A, id));
    Session logind = make(A, 0);
    logind.id = QStringLiteral("c1");
    sessions.append(logind);
    model.applySnapshot(A, sessions, BaseTime);
    proxy.sort(SessionTableModel::IdColumn, Qt::AscendingOrder);
    EXPECT_EQ(column(SessionTableModel::IdColumn), words("1 2 10 33 100 c1"));
    proxy.sort(SessionTableModel::IdColumn, Qt::DescendingOrder);
    EXPECT_EQ(column(SessionTableModel::IdColumn), words("c1 100 33 10 2 1"));
}

TEST_F(SessionFilterProxyModelTest, TimesSortAsTimes)
{
    QList<Session> sessions = range(A, 1, 4);
    // Text order of these would differ from time order across a year boundary.
    sessions[0].logonTime = QDateTime(QDate(2026, 1, 5), QTime(9, 0), Qt::UTC);
    sessions[1].logonTime = QDateTime(QDate(2025, 12, 31), QTime(23, 0), Qt::UTC);
    sessions[2].logonTime = QDateTime();
    sessions[3].logonTime = QDateTime(QDate(2026, 1, 5), QTime(8, 59), Qt::UTC);
    model.applySnapshot(A, sessions, BaseTime);
    proxy.sort(SessionTableModel::LogonTimeColumn, Qt::AscendingOrder);
    QStringList ids;
    for (int row = 0; row < proxy.rowCount(); ++row)
        ids << proxy.index(row, SessionTableModel::IdColumn).data().toString();
    EXPECT_EQ(ids, words("3 2 4 1")); // a missing time sorts first, like an empty cell
}

TEST_F(SessionFilterProxyModelTest, FilterMatchesAnyColumn)
{
    QList<Session> sessions = range(A, 1, 5);
    sessions[1].user = QStringLiteral("Alice");
    sessions[3].clientName = QStringLiteral("ALICE-LAPTOP");
    sessions[4].clientAddress = QStringLiteral("192.0.2.77");
    model.applySnapshot(A, sessions, BaseTime);
    proxy.setFilterFixedString(QStringLiteral("alice"));
    EXPECT_EQ(proxy.rowCount(), 2);
    proxy.setFilterFixedString(QStringLiteral("192.0.2.77"));
    ASSERT_EQ(proxy.rowCount(), 1);
    EXPECT_EQ(proxy.index(0, SessionTableModel::IdColumn).data().toString(), QStringLiteral("5"));
    proxy.setFilterFixedString(QString());
    EXPECT_EQ(proxy.rowCount(), 5);
}

TEST_F(SessionFilterProxyModelTest, SortedAndFilteredViewFollowsRefreshes)
{
    model.applySnapshot(A, range(A, 1, 30), BaseTime);
    proxy.sort(SessionTableModel::UserColumn, Qt::DescendingOrder);
    proxy.setFilterFixedString(QStringLiteral("user1"));
    QItemSelectionModel selection(&proxy);
    const QModelIndex user12 = proxy
                                   .match(proxy.index(0, SessionTableModel::UserColumn), Qt::DisplayRole,
                                          QStringLiteral("user12"), 1, Qt::MatchExactly)
                                   .value(0);
    ASSERT_TRUE(user12.isValid());
    selection.setCurrentIndex(user12, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);

    QList<Session> next = range(A, 1, 30);
    next.removeIf([](const Session &s) { return s.id == u"11" || s.id == u"3"; });
    next += range(A, 100, 2); // user100, user101 match the filter
    next[5].user = QStringLiteral("user1x");
    model.applySnapshot(A, next, BaseTime);

    QStringList users = column(SessionTableModel::UserColumn);
    QStringList sorted = users;
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    EXPECT_EQ(users, sorted);
    EXPECT_TRUE(users.contains(QStringLiteral("user101")));
    EXPECT_TRUE(users.contains(QStringLiteral("user1x")));
    EXPECT_FALSE(users.contains(QStringLiteral("user11")));
    EXPECT_EQ(selection.currentIndex().data().toString(), QStringLiteral("user12"));
    EXPECT_EQ(selection.selectedRows().size(), 1);
}

TEST_F(SessionFilterProxyModelTest, ASnapshotIsOneLayoutChangeThatKeepsTheSelection)
{
    model.applySnapshot(A, range(A, 1, 200), BaseTime);
    proxy.sort(SessionTableModel::UserColumn, Qt::AscendingOrder);
    QItemSelectionModel selection(&proxy);
    const QModelIndex user150 = proxy
                                    .match(proxy.index(0, SessionTableModel::UserColumn), Qt::DisplayRole,
                                           QStringLiteral("user150"), 1, Qt::MatchExactly)
                                    .value(0);
    ASSERT_TRUE(user150.isValid());
    selection.setCurrentIndex(user150, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);

    // Rows removed and inserted all over the sorted order: one layout change, no run by run.
    QSignalSpy layouts(&proxy, &QAbstractItemModel::layoutChanged);
    QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&proxy, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&proxy, &QAbstractItemModel::dataChanged);
    QList<Session> next = range(A, 1, 200);
    next.removeIf([](const Session &s) { return s.id.toInt() % 7 == 0; });
    next += range(A, 1000, 400);
    model.applySnapshot(A, next, BaseTime);
    EXPECT_EQ(layouts.count(), 1);
    EXPECT_EQ(inserted.count() + removed.count(), 0);

    QStringList users = column(SessionTableModel::UserColumn);
    QStringList sorted = users;
    std::sort(sorted.begin(), sorted.end(),
              [](const QString &a, const QString &b) { return QString::compare(a, b, Qt::CaseInsensitive) < 0; });
    EXPECT_EQ(users, sorted);
    EXPECT_EQ(proxy.rowCount(), next.size());
    EXPECT_EQ(selection.currentIndex().data().toString(), QStringLiteral("user150"));
    EXPECT_EQ(selection.selectedRows().size(), 1);

    // The same snapshot again changes nothing and says nothing.
    model.applySnapshot(A, next, BaseTime);
    EXPECT_EQ(layouts.count(), 1);
    EXPECT_EQ(changed.count(), 0);

    // A change that moves no row is dataChanged on the rows shown, not a layout change.
    next[3].clientName = QStringLiteral("elsewhere");
    model.applySnapshot(A, next, BaseTime);
    EXPECT_EQ(layouts.count(), 1);
    ASSERT_EQ(changed.count(), 1);
    const QModelIndex shown = proxy.mapFromSource(model.index(model.rowOf(SessionKey::of(next[3])), 0));
    const auto topLeft = changed.first().at(0).value<QModelIndex>();
    const auto bottomRight = changed.first().at(1).value<QModelIndex>();
    EXPECT_LE(topLeft.row(), shown.row());
    EXPECT_GE(bottomRight.row(), shown.row());
    EXPECT_LE(topLeft.column(), int(SessionTableModel::ClientNameColumn));
    EXPECT_GE(bottomRight.column(), int(SessionTableModel::ClientNameColumn));
}

// Every combination of sort column, order and filter against a plain sort of what the model
// holds, through snapshots that remove, insert and change rows of two interleaved servers.
TEST_F(SessionFilterProxyModelTest, SortedAndFilteredRowsMatchAFullSortAfterEverySnapshot)
{
    const QString b = QStringLiteral("demo:b");
    std::mt19937 random(7);
    const auto snapshot = [&random](const QString &server) {
        QList<Session> sessions;
        for (int id = 1; id <= 120; ++id) {
            if (random() % 4 == 0)
                continue;
            Session s = make(server, id);
            s.user = QStringLiteral("user%1").arg(random() % 30);
            s.state = random() % 2 ? Session::State::Active : Session::State::Disconnected;
            s.logonTime = BaseTime.addSecs(qint64(random() % 5) * 60);
            sessions.append(s);
        }
        return sessions;
    };
    QItemSelectionModel selection(&proxy);
    for (int round = 0; round < 24; ++round) {
        const int sortColumn = round % 3 == 2 ? -1 : int(random() % SessionTableModel::ColumnCount);
        const auto order = round % 2 ? Qt::DescendingOrder : Qt::AscendingOrder;
        proxy.sort(sortColumn, order);
        proxy.setFilterFixedString(round % 4 == 3 ? QStringLiteral("user1") : QString());
        const QModelIndex chosen = proxy.index(proxy.rowCount() / 2, 1);
        const QString chosenKey = chosen.isValid()
                                      ? chosen.siblingAtColumn(SessionTableModel::ServerColumn).data().toString()
                                            + chosen.siblingAtColumn(SessionTableModel::IdColumn).data().toString()
                                      : QString();
        selection.setCurrentIndex(chosen, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);

        model.applySnapshot(round % 2 ? A : b, snapshot(round % 2 ? A : b), BaseTime);

        std::vector<int> expected;
        for (int row = 0; row < model.rowCount(); ++row) {
            const QString filter = proxy.filterFixedString();
            bool match = filter.isEmpty();
            for (int c = 0; !match && c < model.columnCount(); ++c)
                match = model.index(row, c).data().toString().contains(filter, Qt::CaseInsensitive);
            if (match)
                expected.push_back(row);
        }
        std::stable_sort(expected.begin(), expected.end(), [&](int l, int r) {
            if (sortColumn < 0)
                return l < r;
            int c = model.compare(l, r, sortColumn);
            if (c == 0)
                c = model.compare(l, r, SessionTableModel::ServerColumn);
            if (c == 0)
                c = model.compare(l, r, SessionTableModel::IdColumn);
            return order == Qt::AscendingOrder ? c < 0 : c > 0;
        });
        ASSERT_EQ(proxy.rowCount(), int(expected.size())) << "round " << round;
        for (int row = 0; row < proxy.rowCount(); ++row) {
            ASSERT_EQ(proxy.mapToSource(proxy.index(row, 0)).row(), expected[size_t(row)]) << "round " << round;
            ASSERT_EQ(proxy.mapFromSource(model.index(expected[size_t(row)], 0)).row(), row);
        }
        // The chosen row is still current wherever it went, or gone with its session.
        const QModelIndex current = selection.currentIndex();
        if (current.isValid()) {
            EXPECT_EQ(current.siblingAtColumn(SessionTableModel::ServerColumn).data().toString()
                          + current.siblingAtColumn(SessionTableModel::IdColumn).data().toString(),
                      chosenKey);
        }
    }
}
