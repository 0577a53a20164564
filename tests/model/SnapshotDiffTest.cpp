#include "SnapshotDiff.h"
#include "ServerSnapshot.h"
#include "SessionFixtures.h"
#include "SessionTableModel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>

// Readable failures.
void PrintTo(const SnapshotDiff::RemovedRun &run, std::ostream *out)
{
    *out << "rows " << run.first << " to " << run.last;
}

void PrintTo(const SnapshotDiff::Match &match, std::ostream *out)
{
    *out << "row " << match.row << " shows entry " << match.entry << ", columns 0x" << std::hex << match.changedColumns
         << std::dec;
}

using namespace SessionFixtures;

namespace {

const QString A = QStringLiteral("demo:a");
const QString B = QStringLiteral("demo:b");
const qint64 Observed = BaseTime.toMSecsSinceEpoch();
constexpr quint32 IdleBit = 1u << SessionTableModel::IdleColumn;
constexpr quint32 CpuBit = 1u << SessionTableModel::CpuColumn;

using Removed = SnapshotDiff::RemovedRun;
using Match = SnapshotDiff::Match;

// The diff of `rows`, all observed at `rowsObservedAtMSecs`, against `snapshot` observed at
// `observedAtMSecs`, with the model's rule for changed columns.
SnapshotDiff diffOf(const QList<Session> &rows, const QString &server, const QList<Session> &snapshot,
                    qint64 observedAtMSecs = Observed, qint64 rowsObservedAtMSecs = Observed)
{
    const auto serverId = [](const QString &s) { return s == A ? 0 : 1; };
    std::vector<SnapshotDiff::ObservedSession> observed;
    for (const Session &row : rows)
        observed.push_back({&row, SessionDigest::of(row), serverId(row.server)});
    const std::vector<SessionDigest> digests = ServerSnapshot::digestsOf(snapshot);
    const SnapshotDiff::Snapshot input{serverId(server), &snapshot, digests, observedAtMSecs, rowsObservedAtMSecs};
    return SnapshotDiff(observed, {&input, 1}, &SessionTableModel::changedColumns, IdleBit, CpuBit);
}

// The entries of the one snapshot that no row shows.
std::vector<int> inserted(const SnapshotDiff &diff)
{
    std::vector<int> entries;
    for (const SnapshotDiff::Entry &entry : diff.insertedEntries())
        entries.push_back(entry.entry);
    return entries;
}

std::vector<Match> unchanged(std::initializer_list<std::pair<int, int>> rowToEntry)
{
    std::vector<Match> matches;
    for (const auto &[row, entry] : rowToEntry)
        matches.push_back({row, entry, 0});
    return matches;
}

constexpr quint32 bit(SessionTableModel::Column column)
{
    return 1u << column;
}

} // namespace

TEST(SnapshotDiffTest, EmptyToFullInsertsEveryEntry)
{
    const SnapshotDiff diff = diffOf({}, A, range(A, 1, 5));
    EXPECT_TRUE(diff.removedRuns().empty());
    EXPECT_TRUE(diff.matches().empty());
    EXPECT_EQ(inserted(diff), (std::vector<int>{0, 1, 2, 3, 4}));
    EXPECT_EQ(diff.changedRows(), 0);
}

TEST(SnapshotDiffTest, FullToEmptyRemovesOneRun)
{
    const SnapshotDiff diff = diffOf(range(A, 1, 5), A, {});
    EXPECT_EQ(diff.removedRuns(), (std::vector<Removed>{{0, 4}}));
    EXPECT_TRUE(diff.matches().empty());
    EXPECT_TRUE(diff.insertedEntries().empty());
}

TEST(SnapshotDiffTest, SameSnapshotMatchesEveryRowUnchanged)
{
    const SnapshotDiff diff = diffOf(range(A, 1, 4), A, range(A, 1, 4));
    EXPECT_TRUE(diff.removedRuns().empty());
    EXPECT_EQ(diff.matches(), unchanged({{0, 0}, {1, 1}, {2, 2}, {3, 3}}));
    EXPECT_TRUE(diff.insertedEntries().empty());
    EXPECT_EQ(diff.changedRows(), 0);
}

TEST(SnapshotDiffTest, ChurnInTheMiddleRemovesRunsNumberedAsTheyAreRemoved)
{
    // Sessions 3, 4, 5 and 8 end; 11 and 12 start.
    QList<Session> next = only(range(A, 1, 10), {1, 2, 6, 7, 9, 10});
    next += range(A, 11, 2);
    const SnapshotDiff diff = diffOf(range(A, 1, 10), A, next);

    // Session 8 was row 7; once 3 to 5 are gone it is row 4.
    EXPECT_EQ(diff.removedRuns(), (std::vector<Removed>{{2, 4}, {4, 4}}));
    // Rows numbered after the removals.
    EXPECT_EQ(diff.matches(), unchanged({{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, 5}}));
    EXPECT_EQ(inserted(diff), (std::vector<int>{6, 7}));
    // Each row before, numbered after the removals.
    EXPECT_EQ(diff.rowsAfterRemoval(10), (std::vector<int>{0, 1, -1, -1, -1, 2, 3, -1, 4, 5}));
}

TEST(SnapshotDiffTest, ChurnAtBothEnds)
{
    QList<Session> next = range(A, 3, 5); // 1, 2, 8 and 9 end
    next.prepend(make(A, 20));
    const SnapshotDiff diff = diffOf(range(A, 1, 9), A, next);
    EXPECT_EQ(diff.removedRuns(), (std::vector<Removed>{{0, 1}, {5, 6}}));
    EXPECT_EQ(diff.matches(), unchanged({{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}}));
    EXPECT_EQ(inserted(diff), (std::vector<int>{0}));
}

TEST(SnapshotDiffTest, ReorderedSnapshotMatchesEveryRow)
{
    QList<Session> next = range(A, 1, 6);
    std::reverse(next.begin(), next.end());
    next.move(0, 3);
    // Entries: 5 4 3 6 2 1.
    const SnapshotDiff diff = diffOf(range(A, 1, 6), A, next);
    EXPECT_TRUE(diff.removedRuns().empty());
    EXPECT_EQ(diff.matches(), unchanged({{0, 5}, {1, 4}, {2, 2}, {3, 1}, {4, 0}, {5, 3}}));
    EXPECT_TRUE(diff.insertedEntries().empty());
}

TEST(SnapshotDiffTest, LargeShuffleIsMatchedByKey)
{
    const QList<Session> rows = range(A, 1, 2000);
    QList<Session> next;
    for (int i = 0; i < 2000; ++i)
        next.append(rows.at((i * 7919) % 2000)); // 7919 is prime to 2000: a permutation
    const SnapshotDiff diff = diffOf(rows, A, next);
    EXPECT_TRUE(diff.removedRuns().empty());
    EXPECT_TRUE(diff.insertedEntries().empty());
    ASSERT_EQ(diff.matches().size(), size_t(2000));
    for (const Match &match : diff.matches())
        EXPECT_EQ(next.at(match.entry).id, rows.at(match.row).id);
}

TEST(SnapshotDiffTest, DuplicateOfAnExistingRowIsDropped)
{
    QList<Session> next = range(A, 1, 3);
    next.insert(2, make(A, 2)); // 1 2 2 3
    const SnapshotDiff diff = diffOf(range(A, 1, 3), A, next);
    EXPECT_TRUE(diff.removedRuns().empty());
    EXPECT_EQ(diff.matches(), unchanged({{0, 0}, {1, 1}, {2, 3}})) << "the first entry holds the row";
    EXPECT_TRUE(diff.insertedEntries().empty());
}

TEST(SnapshotDiffTest, NewDuplicatesAreEachInsertedAndThenKept)
{
    const QList<Session> next{make(A, 1), make(A, 7), make(A, 7)};
    const SnapshotDiff first = diffOf(range(A, 1, 1), A, next);
    EXPECT_EQ(inserted(first), (std::vector<int>{1, 2}));

    // The next refresh lists them again: each row keeps its entry.
    const SnapshotDiff again = diffOf(next, A, next);
    EXPECT_TRUE(again.removedRuns().empty());
    EXPECT_EQ(again.matches(), unchanged({{0, 0}, {1, 1}, {2, 2}}));
    EXPECT_TRUE(again.insertedEntries().empty());

    // Listed once: the last of the two rows goes.
    const SnapshotDiff once = diffOf(next, A, range(A, 7, 1));
    EXPECT_EQ(once.removedRuns(), (std::vector<Removed>{{0, 0}, {1, 1}}));
    EXPECT_EQ(once.matches(), unchanged({{0, 0}}));
}

TEST(SnapshotDiffTest, InterleavedServersLeaveOtherRowsAlone)
{
    // Rows as a model holds them after servers answered in turn: A1 B1 A2 B2 A3 A4 B3 A5.
    const QList<Session> rows{make(A, 1), make(B, 1), make(A, 2), make(B, 2),
                              make(A, 3), make(A, 4), make(B, 3), make(A, 5)};
    const SnapshotDiff diff = diffOf(rows, A, only(range(A, 1, 6), {1, 5, 6}));

    // A2 alone; A3 and A4 together (rows 4 and 5, then 3 and 4). B's rows break the runs.
    EXPECT_EQ(diff.removedRuns(), (std::vector<Removed>{{2, 2}, {3, 4}}));
    // A1 stays row 0; A5 was row 7, three rows above it went.
    EXPECT_EQ(diff.matches(), unchanged({{0, 0}, {4, 1}}));
    EXPECT_EQ(inserted(diff), (std::vector<int>{2}));

    const SnapshotDiff gone = diffOf(rows, B, {});
    EXPECT_EQ(gone.removedRuns(), (std::vector<Removed>{{1, 1}, {2, 2}, {4, 4}}));
    EXPECT_TRUE(gone.matches().empty());
}

TEST(SnapshotDiffTest, ReusedIdWithAnotherLogonIsAnotherSession)
{
    QList<Session> next = range(A, 1, 3);
    next[1] = make(A, 2, 3600); // session 2 ended and a new logon took id 2
    const SnapshotDiff diff = diffOf(range(A, 1, 3), A, next);
    EXPECT_EQ(diff.removedRuns(), (std::vector<Removed>{{1, 1}}));
    EXPECT_EQ(diff.matches(), unchanged({{0, 0}, {1, 2}}));
    EXPECT_EQ(inserted(diff), (std::vector<int>{1}));
}

TEST(SnapshotDiffTest, MatchesNameTheChangedColumns)
{
    using Model = SessionTableModel;
    QList<Session> next = range(A, 1, 5);
    next[0].state = Session::State::Disconnected;
    next[0].disconnectTime = BaseTime.addSecs(600);
    next[1].rawState = QStringLiteral("WTSConnectQuery"); // the backend's word for the state
    next[2].own = true;                                   // shown on the user
    next[3].clientAddress = QStringLiteral("192.0.2.7");
    const SnapshotDiff diff = diffOf(range(A, 1, 5), A, next);
    EXPECT_EQ(diff.matches(), (std::vector<Match>{
                                  {0, 0, bit(Model::StateColumn) | bit(Model::DisconnectTimeColumn)},
                                  {1, 1, bit(Model::StateColumn)},
                                  {2, 2, bit(Model::UserColumn)},
                                  {3, 3, bit(Model::ClientAddressColumn)},
                                  {4, 4, 0},
                              }));
    EXPECT_EQ(diff.changedRows(), 4);
}

TEST(SnapshotDiffTest, IdleTimeChangesOnlyWhenTheShownMinuteDoes)
{
    QList<Session> sessions = range(A, 1, 1);
    sessions[0].idleSince = BaseTime;
    const qint64 at30s = BaseTime.addSecs(30).toMSecsSinceEpoch();
    const auto idleChange = [&](const QList<Session> &next, qint64 observedAt) {
        const SnapshotDiff diff = diffOf(sessions, A, next, observedAt, at30s);
        return diff.matches().at(0).changedColumns;
    };
    EXPECT_EQ(idleChange(sessions, BaseTime.addSecs(59).toMSecsSinceEpoch()), 0u) << "still under a minute";
    EXPECT_EQ(idleChange(sessions, BaseTime.addSecs(60).toMSecsSinceEpoch()), bit(SessionTableModel::IdleColumn));

    // Idle since a little later, within the same shown minute: nothing to show.
    QList<Session> later = sessions;
    later[0].idleSince = BaseTime.addSecs(10);
    EXPECT_EQ(idleChange(later, BaseTime.addSecs(45).toMSecsSinceEpoch()), 0u);

    // No longer idle.
    QList<Session> active = sessions;
    active[0].idleSince = QDateTime();
    EXPECT_EQ(idleChange(active, at30s), bit(SessionTableModel::IdleColumn));
}

TEST(SnapshotDiffTest, ManyServersAreDiffedInOnePass)
{
    // A and B interleaved; both snapshots at once.
    const QList<Session> rows{make(A, 1), make(B, 1), make(A, 2), make(B, 2), make(A, 3), make(B, 3)};
    std::vector<SnapshotDiff::ObservedSession> observed;
    for (const Session &row : rows)
        observed.push_back({&row, SessionDigest::of(row), row.server == A ? 0 : 1});
    QList<Session> nextA = only(range(A, 1, 4), {1, 3, 4});
    nextA[0].user = QStringLiteral("renamed");
    const QList<Session> nextB = only(range(B, 1, 3), {1});
    const std::vector<SessionDigest> digestsA = ServerSnapshot::digestsOf(nextA);
    const std::vector<SessionDigest> digestsB = ServerSnapshot::digestsOf(nextB);
    const std::vector<SnapshotDiff::Snapshot> inputs{{1, &nextB, digestsB, Observed, Observed},
                                                     {0, &nextA, digestsA, Observed, Observed}};
    const SnapshotDiff diff(observed, inputs, &SessionTableModel::changedColumns, IdleBit, CpuBit);

    // A2 and B2 are next to each other: one run. B3 is the last row.
    EXPECT_EQ(diff.removedRuns(), (std::vector<Removed>{{2, 3}, {3, 3}}));
    EXPECT_EQ(diff.matches(),
              (std::vector<Match>{{0, 0, bit(SessionTableModel::UserColumn), 1}, {1, 0, 0, 0}, {2, 1, 0, 1}}));
    EXPECT_EQ(diff.insertedEntries(), (std::vector<SnapshotDiff::Entry>{{2, 1}}));
    EXPECT_EQ(diff.changedRows(), 1);
}

TEST(SnapshotDiffTest, AServerWithoutASnapshotKeepsItsRowsUnread)
{
    const QList<Session> rows = range(B, 1, 3);
    const SnapshotDiff diff = diffOf(rows, A, range(A, 1, 2));
    EXPECT_TRUE(diff.removedRuns().empty());
    EXPECT_TRUE(diff.matches().empty()) << "B's rows are not A's";
    EXPECT_EQ(inserted(diff), (std::vector<int>{0, 1}));
}
