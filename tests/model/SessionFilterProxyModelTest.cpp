#include "SessionFilterProxyModel.h"
#include "SessionFixtures.h"
#include "SessionTableModel.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>

#include <gtest/gtest.h>

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

TEST_F(SessionFilterProxyModelTest, LargeSnapshotsSortOnceAndKeepTheSelection)
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

    // More new rows than are worth placing one by one: the proxy sorts once, as a layout change.
    QSignalSpy layouts(&proxy, &QAbstractItemModel::layoutChanged);
    QList<Session> next = range(A, 1, 200);
    next += range(A, 1000, 400);
    model.applySnapshot(A, next, BaseTime);
    EXPECT_EQ(layouts.count(), 1);
    EXPECT_TRUE(proxy.dynamicSortFilter());

    QStringList users = column(SessionTableModel::UserColumn);
    QStringList sorted = users;
    std::sort(sorted.begin(), sorted.end(),
              [](const QString &a, const QString &b) { return QString::compare(a, b, Qt::CaseInsensitive) < 0; });
    EXPECT_EQ(users, sorted);
    EXPECT_EQ(proxy.rowCount(), 600);
    EXPECT_EQ(selection.currentIndex().data().toString(), QStringLiteral("user150"));
    EXPECT_EQ(selection.selectedRows().size(), 1);

    // A small snapshot is placed row by row, with no layout change.
    next += range(A, 5000, 3);
    model.applySnapshot(A, next, BaseTime);
    EXPECT_EQ(layouts.count(), 1);
    EXPECT_EQ(proxy.rowCount(), 603);
}
