#include "SessionTableModel.h"
#include "ServerSnapshot.h"
#include "SessionFixtures.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>

#include <gtest/gtest.h>

using namespace SessionFixtures;

namespace {

const QString A = QStringLiteral("demo:a");
const QString B = QStringLiteral("demo:b");

class SessionTableModelTest : public ::testing::Test
{
protected:
    SessionTableModel model;
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::Fatal};
    QSignalSpy resets{&model, &QAbstractItemModel::modelReset};
    QSignalSpy layouts{&model, &QAbstractItemModel::layoutChanged};

    void TearDown() override
    {
        EXPECT_EQ(resets.count(), 0) << "a refresh must never reset the model";
        EXPECT_EQ(layouts.count(), 0);
    }

    QStringList ids() const
    {
        QStringList out;
        for (int row = 0; row < model.rowCount(); ++row)
            out << model.sessionAt(row).id;
        return out;
    }
};

} // namespace

TEST_F(SessionTableModelTest, FirstSnapshotInsertsOneRun)
{
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.applySnapshot(A, range(A, 1, 5), BaseTime);
    ASSERT_EQ(inserted.count(), 1);
    EXPECT_EQ(inserted.at(0).at(1).toInt(), 0);
    EXPECT_EQ(inserted.at(0).at(2).toInt(), 4);
    EXPECT_EQ(model.rowCount(), 5);
    EXPECT_EQ(model.index(2, SessionTableModel::UserColumn).data().toString(), QStringLiteral("user3"));
    EXPECT_EQ(model.index(2, SessionTableModel::StateColumn).data().toString(), QStringLiteral("Active"));
}

TEST_F(SessionTableModelTest, SameSnapshotEmitsNothing)
{
    model.applySnapshot(A, range(A, 1, 20), BaseTime);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.applySnapshot(A, range(A, 1, 20), BaseTime);
    EXPECT_EQ(changed.count(), 0);
    EXPECT_EQ(inserted.count(), 0);
    EXPECT_EQ(removed.count(), 0);
}

TEST_F(SessionTableModelTest, ChurnRemovesContiguousRunsAndAppends)
{
    model.applySnapshot(A, range(A, 1, 10), BaseTime);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

    QList<Session> next = range(A, 1, 10);
    // Sessions 3, 4, 5 and 8 end; 11 and 12 start.
    next.removeIf([](const Session &s) { return QList<int>{3, 4, 5, 8}.contains(s.id.toInt()); });
    next += range(A, 11, 2);
    model.applySnapshot(A, next, BaseTime);

    ASSERT_EQ(removed.count(), 2);
    EXPECT_EQ(removed.at(0).at(1).toInt(), 2); // sessions 3 to 5
    EXPECT_EQ(removed.at(0).at(2).toInt(), 4);
    EXPECT_EQ(removed.at(1).at(1).toInt(), 4); // session 8, moved up by the first run
    EXPECT_EQ(removed.at(1).at(2).toInt(), 4);
    ASSERT_EQ(inserted.count(), 1);
    EXPECT_EQ(inserted.at(0).at(1).toInt(), 6);
    EXPECT_EQ(inserted.at(0).at(2).toInt(), 7);
    EXPECT_EQ(ids(), words("1 2 6 7 9 10 11 12"));
    for (int row = 0; row < model.rowCount(); ++row)
        EXPECT_EQ(model.rowOf(SessionKey::of(model.sessionAt(row))), row);
}

TEST_F(SessionTableModelTest, DataChangedNamesOnlyTheChangedCells)
{
    model.applySnapshot(A, range(A, 1, 10), BaseTime);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    QList<Session> next = range(A, 1, 10);
    next[3].state = Session::State::Disconnected;
    next[4].state = Session::State::Disconnected;
    next[8].clientName = QStringLiteral("LT-0009");
    model.applySnapshot(A, next, BaseTime);

    ASSERT_EQ(changed.count(), 2);
    const auto topLeft = changed.at(0).at(0).value<QModelIndex>();
    const auto bottomRight = changed.at(0).at(1).value<QModelIndex>();
    EXPECT_EQ(topLeft.row(), 3);
    EXPECT_EQ(bottomRight.row(), 4);
    EXPECT_EQ(topLeft.column(), int(SessionTableModel::StateColumn));
    EXPECT_EQ(bottomRight.column(), int(SessionTableModel::StateColumn));
    EXPECT_EQ(changed.at(1).at(0).value<QModelIndex>().row(), 8);
    EXPECT_EQ(changed.at(1).at(0).value<QModelIndex>().column(), int(SessionTableModel::ClientNameColumn));
    EXPECT_EQ(model.index(4, SessionTableModel::StateColumn).data().toString(), QStringLiteral("Disconnected"));
}

TEST_F(SessionTableModelTest, ReusedIdIsANewRow)
{
    model.applySnapshot(A, range(A, 1, 3), BaseTime);
    const QPersistentModelIndex oldSession2 = model.index(1, 0);

    QList<Session> next = range(A, 1, 3);
    next[1] = make(A, 2, 3600); // session 2 ended and a new logon took id 2
    next[1].user = QStringLiteral("someoneelse");
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.applySnapshot(A, next, BaseTime);

    EXPECT_EQ(removed.count(), 1);
    EXPECT_EQ(inserted.count(), 1);
    EXPECT_FALSE(oldSession2.isValid());
    EXPECT_EQ(model.rowCount(), 3);
    EXPECT_EQ(model.sessionAt(2).user, QStringLiteral("someoneelse"));
}

TEST_F(SessionTableModelTest, SelectionAndCurrentSurviveChurn)
{
    model.applySnapshot(A, range(A, 1, 10), BaseTime);
    QItemSelectionModel selection(&model);
    const auto selectRow = [&](int row) {
        selection.select(model.index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    };
    selectRow(1); // session 2
    selectRow(4); // session 5, which ends
    selectRow(7); // session 8
    selection.setCurrentIndex(model.index(7, 3), QItemSelectionModel::NoUpdate);

    QList<Session> next = range(A, 1, 10);
    next.removeAt(4);
    next.removeAt(0);
    next[2].state = Session::State::Idle;
    next += range(A, 20, 5);
    model.applySnapshot(A, next, BaseTime);

    QStringList selected;
    for (const QModelIndex &index : selection.selectedRows())
        selected << model.sessionAt(index.row()).id;
    selected.sort();
    EXPECT_EQ(selected, words("2 8"));
    EXPECT_EQ(model.sessionAt(selection.currentIndex().row()).id, QStringLiteral("8"));
    EXPECT_EQ(selection.currentIndex().column(), 3);
}

TEST_F(SessionTableModelTest, ServersAreIndependent)
{
    model.applySnapshot(A, range(A, 1, 3), BaseTime);
    model.applySnapshot(B, range(B, 1, 4), BaseTime);
    EXPECT_EQ(model.rowCount(), 7);

    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.applySnapshot(A, range(A, 2, 2), BaseTime);
    EXPECT_EQ(model.rowCount(), 6);
    ASSERT_EQ(removed.count(), 1) << "B's rows are not touched by A's snapshot";
    EXPECT_EQ(removed.at(0).at(1).toInt(), 0);
    EXPECT_EQ(removed.at(0).at(2).toInt(), 0);
    model.removeServer(B);
    EXPECT_EQ(model.rowCount(), 2);
    ASSERT_EQ(removed.count(), 2);
    EXPECT_EQ(removed.at(1).at(2).toInt() - removed.at(1).at(1).toInt() + 1, 4);
    for (int row = 0; row < model.rowCount(); ++row)
        EXPECT_EQ(model.sessionAt(row).server, A);
}

TEST_F(SessionTableModelTest, ListenersAreCountedPerServerAsSnapshotsComeAndGo)
{
    const auto withListeners = [](const QString &server, int sessions, int listeners) {
        QList<Session> out = range(server, 1, sessions);
        for (int i = 0; i < listeners; ++i)
            out[i].state = Session::State::Listening;
        return out;
    };
    model.applySnapshot(A, withListeners(A, 4, 1), BaseTime);
    model.applySnapshot(B, withListeners(B, 5, 2), BaseTime);
    EXPECT_EQ(model.listenerCount(), 3);
    const std::vector<ServerSnapshot> both{{A, withListeners(A, 4, 2), BaseTime.addSecs(5), {}},
                                           {B, withListeners(B, 5, 0), BaseTime.addSecs(5), {}}};
    model.applySnapshots(both);
    EXPECT_EQ(model.listenerCount(), 2);
    model.removeServer(A);
    EXPECT_EQ(model.listenerCount(), 0);
    model.applySnapshot(A, withListeners(A, 3, 3), BaseTime);
    EXPECT_EQ(model.listenerCount(), 3);
    int listed = 0;
    for (int row = 0; row < model.rowCount(); ++row)
        listed += model.sessionAt(row).state == Session::State::Listening ? 1 : 0;
    EXPECT_EQ(listed, model.listenerCount());
}

TEST_F(SessionTableModelTest, IdleColumnFollowsTheClock)
{
    QList<Session> sessions = range(A, 1, 1);
    sessions[0].idleSince = BaseTime;
    model.applySnapshot(A, sessions, BaseTime.addSecs(30));
    EXPECT_EQ(model.index(0, SessionTableModel::IdleColumn).data().toString(), QStringLiteral("."));

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applySnapshot(A, sessions, BaseTime.addSecs(50));
    EXPECT_EQ(changed.count(), 0) << "still under a minute: nothing visible changed";
    model.applySnapshot(A, sessions, BaseTime.addSecs(3 * 3600 + 5 * 60));
    ASSERT_EQ(changed.count(), 1);
    EXPECT_EQ(model.index(0, SessionTableModel::IdleColumn).data().toString(), QStringLiteral("3:05"));
    EXPECT_EQ(model.index(0, SessionTableModel::IdleColumn).data(SessionTableModel::SortRole).toLongLong(),
              3 * 3600 + 5 * 60);
}

TEST_F(SessionTableModelTest, PendingLabelShowsUntilTheRowGoes)
{
    model.applySnapshot(A, range(A, 1, 3), BaseTime);
    const SessionKey key = SessionKey::of(model.sessionAt(1));
    model.setPending(key, QStringLiteral("Logging off…"));
    EXPECT_EQ(model.index(1, SessionTableModel::StateColumn).data().toString(), QStringLiteral("Logging off…"));
    model.applySnapshot(A, range(A, 1, 3), BaseTime);
    EXPECT_EQ(model.index(1, SessionTableModel::StateColumn).data().toString(), QStringLiteral("Logging off…"));
    QList<Session> next = range(A, 1, 3);
    next.removeAt(1);
    model.applySnapshot(A, next, BaseTime);
    EXPECT_EQ(model.rowOf(key), -1);
    EXPECT_EQ(model.rowCount(), 2);
}

TEST_F(SessionTableModelTest, OddDataIsShownSanely)
{
    Session odd = make(A, 1);
    odd.user.clear();
    odd.logonTime = QDateTime();
    odd.idleSince = QDateTime::currentDateTimeUtc().addDays(3); // a clock ahead of ours
    Session huge = make(A, 2);
    huge.user = QString(100000, u'x');
    model.applySnapshot(A, {odd, huge}, QDateTime::currentDateTimeUtc());
    EXPECT_EQ(model.index(0, SessionTableModel::UserColumn).data().toString(), QString());
    EXPECT_EQ(model.index(0, SessionTableModel::LogonTimeColumn).data().toString(), QString());
    EXPECT_EQ(model.index(0, SessionTableModel::IdleColumn).data().toString(), QStringLiteral("."));
    EXPECT_EQ(model.index(1, SessionTableModel::UserColumn).data().toString().size(), 100000);
}

TEST(SessionTableModelFormat, IdleLikeQuser)
{
    EXPECT_EQ(SessionTableModel::formatIdle(std::nullopt), QString());
    EXPECT_EQ(SessionTableModel::formatIdle(59), QStringLiteral("."));
    EXPECT_EQ(SessionTableModel::formatIdle(60), QStringLiteral("1"));
    EXPECT_EQ(SessionTableModel::formatIdle(3599), QStringLiteral("59"));
    EXPECT_EQ(SessionTableModel::formatIdle(3600), QStringLiteral("1:00"));
    EXPECT_EQ(SessionTableModel::formatIdle(2 * 86400 + 3 * 3600 + 7 * 60), QStringLiteral("2+03:07"));
}

TEST_F(SessionTableModelTest, EveryRemovalRunLeavesAConsistentModel)
{
    model.applySnapshot(A, range(A, 1, 40), BaseTime);
    QList<Session> next = range(A, 1, 40);
    next.removeIf([](const Session &s) { return s.id.toInt() % 3 == 0 || s.id.toInt() > 36; });
    QStringList expected;
    for (const Session &s : std::as_const(next))
        expected << s.id;
    // The runs, top down: 3, 6, … 33, then 36 to 40.
    QList<QStringList> runsRemoved;
    for (int id = 3; id <= 33; id += 3)
        runsRemoved << QStringList{QString::number(id)};
    runsRemoved << words("36 37 38 39 40");

    // After each run, the rows shown are the old ones minus the runs removed so far: read
    // through data(), as a view does between two runs.
    int runs = 0;
    QStringList left = ids();
    QObject::connect(&model, &QAbstractItemModel::rowsRemoved, &model, [&] {
        ASSERT_LT(runs, runsRemoved.size());
        for (const QString &id : std::as_const(runsRemoved.at(runs)))
            left.removeOne(id);
        ++runs;
        QStringList shown;
        for (int row = 0; row < model.rowCount(); ++row)
            shown << model.index(row, SessionTableModel::IdColumn).data().toString();
        EXPECT_EQ(shown, left) << "after run " << runs;
    });
    model.applySnapshot(A, next, BaseTime);
    EXPECT_EQ(runs, 12); // 3, 6, … 33, then 36 to 40
    EXPECT_EQ(ids(), expected);
}

TEST_F(SessionTableModelTest, ResourceColumnsShowTheTotals)
{
    using namespace std::chrono_literals;
    QList<Session> sessions = range(A, 1, 3);
    sessions[0].processCount = 1234;
    sessions[0].memoryBytes = qint64(1536) * 1024 * 1024;
    sessions[0].cpuTime = 10s;
    sessions[1].processCount = 0; // known to be none: shown, unlike unknown
    sessions[1].memoryBytes = 512;
    model.applySnapshot(A, sessions, BaseTime);

    const auto cell = [&](int row, int column) { return model.index(row, column).data().toString(); };
    const QLocale locale;
    EXPECT_EQ(cell(0, SessionTableModel::ProcessesColumn), locale.toString(1234));
    EXPECT_EQ(cell(0, SessionTableModel::MemoryColumn),
              locale.formattedDataSize(qint64(1536) * 1024 * 1024, 1, QLocale::DataSizeIecFormat));
    EXPECT_TRUE(cell(0, SessionTableModel::MemoryColumn).endsWith(QStringLiteral("GiB")));
    EXPECT_EQ(cell(1, SessionTableModel::ProcessesColumn), QStringLiteral("0"));
    EXPECT_TRUE(cell(1, SessionTableModel::MemoryColumn).endsWith(QStringLiteral("bytes")));
    EXPECT_TRUE(cell(0, SessionTableModel::CpuColumn).isEmpty()) << "no CPU % from one snapshot";
    for (const int column :
         {SessionTableModel::ProcessesColumn, SessionTableModel::MemoryColumn, SessionTableModel::CpuColumn})
        EXPECT_TRUE(cell(2, column).isEmpty()) << "unknown is not zero";

    // Memory sorts by bytes, not by its text ("1.5 GiB" < "512 bytes" as text); unknown first.
    EXPECT_LT(model.compare(1, 0, SessionTableModel::MemoryColumn), 0);
    EXPECT_LT(model.compare(2, 1, SessionTableModel::MemoryColumn), 0);
    EXPECT_EQ(model.index(0, SessionTableModel::MemoryColumn).data(SessionTableModel::SortRole).toLongLong(),
              qint64(1536) * 1024 * 1024);
    EXPECT_LT(model.compare(2, 1, SessionTableModel::ProcessesColumn), 0);
}

TEST_F(SessionTableModelTest, CpuPercentIsTheCpuTimeOverTheWallTimeSinceTheLastSnapshot)
{
    using namespace std::chrono_literals;
    QList<Session> sessions = range(A, 1, 2);
    sessions[0].cpuTime = 10s;
    sessions[1].cpuTime = 100s;
    model.applySnapshot(A, sessions, BaseTime);

    // In 2 s, session 1 used 1 s of CPU (50 %), session 2 used 3 s (two cores and a half: 150 %).
    sessions[0].cpuTime = 11s;
    sessions[1].cpuTime = 103s;
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applySnapshot(A, sessions, BaseTime.addSecs(2));
    ASSERT_EQ(changed.count(), 1);
    EXPECT_EQ(changed.at(0).at(0).toModelIndex().column(), int(SessionTableModel::CpuColumn));
    EXPECT_EQ(changed.at(0).at(1).toModelIndex().row(), 1);

    const auto percent = [&](int row) {
        return model.index(row, SessionTableModel::CpuColumn).data(SessionTableModel::SortRole).toDouble();
    };
    EXPECT_DOUBLE_EQ(percent(0), 50.0);
    EXPECT_DOUBLE_EQ(percent(1), 150.0);
    EXPECT_EQ(model.index(0, SessionTableModel::CpuColumn).data().toString(),
              SessionTableModel::tr("%1 %").arg(QLocale().toString(50.0, 'f', 1)));
    EXPECT_GT(model.compare(1, 0, SessionTableModel::CpuColumn), 0);

    // An idle interval after a busy one is 0 %, and the row says so.
    model.applySnapshot(A, sessions, BaseTime.addSecs(4));
    EXPECT_DOUBLE_EQ(percent(0), 0.0);

    // A backend that stops knowing the CPU time empties the cell.
    sessions[0].cpuTime.reset();
    model.applySnapshot(A, sessions, BaseTime.addSecs(6));
    EXPECT_TRUE(model.index(0, SessionTableModel::CpuColumn).data().toString().isEmpty());
}

TEST(SessionTableModelCpuPercent, NeedsTwoKnownSamplesAndTimeBetweenThem)
{
    using namespace std::chrono_literals;
    using M = SessionTableModel;
    EXPECT_EQ(M::cpuPercent(std::nullopt, 0, 1s, 1000), std::nullopt);
    EXPECT_EQ(M::cpuPercent(1s, 0, std::nullopt, 1000), std::nullopt);
    EXPECT_EQ(M::cpuPercent(1s, 1000, 2s, 1000), std::nullopt) << "no time passed";
    EXPECT_EQ(M::cpuPercent(2s, 0, 1s, 1000), std::nullopt) << "CPU time never goes back";
    EXPECT_DOUBLE_EQ(*M::cpuPercent(1s, 0, 1250ms, 1000), 25.0);
}

TEST_F(SessionTableModelTest, ResourceColumnsExplainThemselvesInTheHeader)
{
    for (const int column :
         {SessionTableModel::ProcessesColumn, SessionTableModel::MemoryColumn, SessionTableModel::CpuColumn}) {
        EXPECT_TRUE(SessionTableModel::isResourceColumn(column));
        EXPECT_FALSE(model.headerData(column, Qt::Horizontal).toString().isEmpty());
    }
    EXPECT_FALSE(SessionTableModel::isResourceColumn(SessionTableModel::UserColumn));
    EXPECT_TRUE(model.headerData(SessionTableModel::CpuColumn, Qt::Horizontal, Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("100 % is one CPU")));
}

TEST_F(SessionTableModelTest, RowsGoneInManyPlacesAreOneLayoutChangeThatKeepsTheSelection)
{
    model.applySnapshot(A, range(A, 1, 100), BaseTime);
    QItemSelectionModel selection(&model);
    selection.setCurrentIndex(model.index(49, 2), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    // Every third session ends and every other one changes: too many runs to announce each.
    QList<Session> next;
    for (const Session &s : range(A, 1, 100)) {
        if (s.id.toInt() % 3 != 0)
            next.append(s);
        if (s.id.toInt() % 2 == 0 && !next.isEmpty())
            next.last().state = Session::State::Disconnected;
    }
    model.applySnapshot(A, next, BaseTime);

    EXPECT_EQ(removed.count(), 0);
    EXPECT_EQ(layouts.count(), 1);
    layouts.clear(); // expected here, unlike in the other tests
    EXPECT_EQ(changed.count(), 1);
    EXPECT_EQ(ids(), [&next] {
        QStringList out;
        for (const Session &s : next)
            out << s.id;
        return out;
    }());
    ASSERT_TRUE(selection.currentIndex().isValid());
    EXPECT_EQ(model.sessionAt(selection.currentIndex().row()).id, QStringLiteral("50"));
    EXPECT_EQ(selection.currentIndex().column(), 2);
    EXPECT_EQ(selection.selectedRows().size(), 1);
}

TEST_F(SessionTableModelTest, ManyServersApplyTogetherAsTheyWouldOneByOne)
{
    model.applySnapshot(A, range(A, 1, 6), BaseTime);
    model.applySnapshot(B, range(B, 1, 6), BaseTime);
    QList<Session> nextA = only(range(A, 1, 8), {1, 2, 5, 6, 7, 8});
    nextA[0].state = Session::State::Disconnected;
    const QList<Session> nextB = only(range(B, 1, 7), {3, 4, 7});

    SessionTableModel oneByOne;
    oneByOne.applySnapshot(A, range(A, 1, 6), BaseTime);
    oneByOne.applySnapshot(B, range(B, 1, 6), BaseTime);
    oneByOne.applySnapshot(A, nextA, BaseTime.addSecs(5));
    oneByOne.applySnapshot(B, nextB, BaseTime.addSecs(5));

    QSignalSpy applied(&model, &SessionTableModel::snapshotApplied);
    const std::vector<ServerSnapshot> batch{{A, nextA, BaseTime.addSecs(5), {}},
                                            {B, nextB, BaseTime.addSecs(5), ServerSnapshot::digestsOf(nextB)}};
    model.applySnapshots(batch);
    EXPECT_EQ(applied.count(), 1) << "one pass, one announcement";
    ASSERT_EQ(model.rowCount(), oneByOne.rowCount());
    QSet<QString> rows;
    QSet<QString> expected;
    for (int row = 0; row < model.rowCount(); ++row) {
        rows.insert(model.sessionAt(row).server + model.sessionAt(row).id
                    + model.index(row, SessionTableModel::StateColumn).data().toString());
        expected.insert(oneByOne.sessionAt(row).server + oneByOne.sessionAt(row).id
                        + oneByOne.index(row, SessionTableModel::StateColumn).data().toString());
    }
    EXPECT_EQ(rows, expected);
}

TEST_F(SessionTableModelTest, AChangeNoColumnShowsIsKeptWithoutAnnouncement)
{
    QList<Session> sessions = range(A, 1, 2);
    model.applySnapshot(A, sessions, BaseTime);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    sessions[1].remoteUser = QStringLiteral("alice");
    model.applySnapshot(A, sessions, BaseTime);
    EXPECT_EQ(changed.count(), 0);
    EXPECT_EQ(model.sessionAt(1).remoteUser, QStringLiteral("alice")) << "the details pane shows the new value";
}

TEST_F(SessionTableModelTest, AnIdleTimeThatMovesWithinTheMinuteShownIsTakenQuietly)
{
    QList<Session> sessions = range(A, 1, 1);
    sessions[0].idleSince = BaseTime;
    model.applySnapshot(A, sessions, BaseTime.addSecs(10));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    sessions[0].idleSince = BaseTime.addSecs(5);
    model.applySnapshot(A, sessions, BaseTime.addSecs(20));
    EXPECT_EQ(changed.count(), 0) << "both under a minute";
    EXPECT_EQ(model.sessionAt(0).idleSince, BaseTime.addSecs(5));
    model.applySnapshot(A, sessions, BaseTime.addSecs(125));
    ASSERT_EQ(changed.count(), 1) << "two minutes from the new idle start";
    EXPECT_EQ(model.index(0, SessionTableModel::IdleColumn).data().toString(), QStringLiteral("2"));
}
