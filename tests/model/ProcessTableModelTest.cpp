#include "ProcessTableModel.h"
#include "ProcessFilterProxyModel.h"

#include <QAbstractItemModelTester>
#include <QPersistentModelIndex>
#include <QSignalSpy>

#include <gtest/gtest.h>

namespace {

const QString A = QStringLiteral("demo:a");
const QString B = QStringLiteral("demo:b");

SessionProcess process(const QString &server, quint32 pid, const QString &name, const QString &session = {},
                       std::optional<qint64> memory = std::nullopt)
{
    SessionProcess p;
    p.server = server;
    p.sessionId = session.isEmpty() ? QStringLiteral("1") : session;
    p.pid = pid;
    p.name = name;
    p.user = QStringLiteral("CORP\\") + name.left(3);
    p.memoryBytes = memory;
    return p;
}

class ProcessTableModelTest : public ::testing::Test
{
protected:
    ProcessTableModel model;
    ProcessFilterProxyModel proxy;
    QAbstractItemModelTester modelTester{&model, QAbstractItemModelTester::FailureReportingMode::Fatal};
    QAbstractItemModelTester proxyTester{&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal};

    void SetUp() override { proxy.setSourceModel(&model); }

    QStringList proxyColumn(int column) const
    {
        QStringList out;
        for (int row = 0; row < proxy.rowCount(); ++row)
            out << proxy.index(row, column).data().toString();
        return out;
    }
};

} // namespace

TEST_F(ProcessTableModelTest, ShowsEveryColumnAndLeavesUnknownsEmpty)
{
    SessionProcess full = process(A, 4242, QStringLiteral("excel.exe"), QStringLiteral("3"), 3 * 1024 * 1024);
    full.commandLine = QStringLiteral("\"C:\\Office\\EXCEL.EXE\" /e");
    full.threads = 12;
    full.handles = 1500;
    full.cpuSeconds = 3725.9;
    model.applyProcesses(A, {full, process(A, 7, QStringLiteral("bash"))});
    ASSERT_EQ(model.rowCount(), 2);
    using C = ProcessTableModel::Column;
    const auto cell = [&](int row, int column) { return model.index(row, column).data().toString(); };
    EXPECT_EQ(cell(0, C::ServerColumn), A);
    EXPECT_EQ(cell(0, C::SessionColumn), QStringLiteral("3"));
    EXPECT_EQ(cell(0, C::UserColumn), QStringLiteral("CORP\\exc"));
    EXPECT_EQ(cell(0, C::PidColumn), QStringLiteral("4242"));
    EXPECT_EQ(cell(0, C::NameColumn), QStringLiteral("excel.exe"));
    EXPECT_EQ(cell(0, C::CommandLineColumn), full.commandLine);
    EXPECT_EQ(cell(0, C::ThreadsColumn), QLocale().toString(12));
    EXPECT_EQ(cell(0, C::HandlesColumn), QLocale().toString(1500));
    EXPECT_EQ(cell(0, C::MemoryColumn), QLocale().formattedDataSize(3 * 1024 * 1024));
    EXPECT_EQ(cell(0, C::CpuTimeColumn), QStringLiteral("1:02:05"));
    for (const int column :
         {C::CommandLineColumn, C::ThreadsColumn, C::HandlesColumn, C::MemoryColumn, C::CpuTimeColumn})
        EXPECT_TRUE(cell(1, column).isEmpty()) << column;
    EXPECT_EQ(model.headerData(C::CpuTimeColumn, Qt::Horizontal).toString(), QStringLiteral("CPU time"));
}

TEST_F(ProcessTableModelTest, AppliesByKeyWithoutResetSoSelectedRowsSurvive)
{
    model.applyProcesses(A, {process(A, 1, QStringLiteral("a")), process(A, 2, QStringLiteral("b")),
                             process(A, 3, QStringLiteral("c"))});
    model.applyProcesses(B, {process(B, 1, QStringLiteral("a"))});
    const QPersistentModelIndex c(model.index(2, ProcessTableModel::NameColumn));
    const QPersistentModelIndex onB(model.index(3, ProcessTableModel::NameColumn));
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);

    // b is gone, c uses more memory, the pid of a now runs another program, d is new.
    model.applyProcesses(A, {process(A, 1, QStringLiteral("other")), process(A, 3, QStringLiteral("c"), {}, 4096),
                             process(A, 4, QStringLiteral("d"))});

    EXPECT_EQ(resets.count(), 0);
    ASSERT_TRUE(c.isValid());
    EXPECT_EQ(c.data().toString(), QStringLiteral("c"));
    EXPECT_EQ(model.processAt(c.row()).memoryBytes, 4096);
    ASSERT_TRUE(onB.isValid());
    EXPECT_EQ(model.processAt(onB.row()).server, B);
    ASSERT_EQ(changes.count(), 1);
    EXPECT_EQ(changes.first().at(0).toModelIndex().row(), c.row());
    EXPECT_EQ(model.rowCount(), 4);
    EXPECT_EQ(model.rowOf({A, 2, QStringLiteral("b")}), -1);
    EXPECT_EQ(model.rowOf({A, 1, QStringLiteral("a")}), -1);
    EXPECT_GE(model.rowOf({A, 1, QStringLiteral("other")}), 0);
    EXPECT_GE(model.rowOf({A, 4, QStringLiteral("d")}), 0);

    // The same list again changes nothing.
    changes.clear();
    model.applyProcesses(A, {process(A, 1, QStringLiteral("other")), process(A, 3, QStringLiteral("c"), {}, 4096),
                             process(A, 4, QStringLiteral("d"))});
    EXPECT_EQ(changes.count(), 0);
}

TEST_F(ProcessTableModelTest, RemovingAServerLeavesTheOthers)
{
    model.applyProcesses(A, {process(A, 1, QStringLiteral("a")), process(A, 2, QStringLiteral("b"))});
    model.applyProcesses(B, {process(B, 1, QStringLiteral("a"))});
    model.setServerStale(A, true);
    model.removeServer(A);
    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(model.processAt(0).server, B);
    EXPECT_FALSE(model.isServerStale(A));
}

TEST_F(ProcessTableModelTest, StaleServersRowsSaySo)
{
    model.applyProcesses(A, {process(A, 1, QStringLiteral("a"))});
    model.applyProcesses(B, {process(B, 1, QStringLiteral("a"))});
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    model.setServerStale(A, true);
    EXPECT_EQ(changes.count(), 1);
    EXPECT_TRUE(model.index(0, 0).data(ProcessTableModel::StaleRole).toBool());
    EXPECT_FALSE(model.index(1, 0).data(ProcessTableModel::StaleRole).toBool());
    model.setServerStale(A, false);
    EXPECT_FALSE(model.index(0, 0).data(ProcessTableModel::StaleRole).toBool());
}

TEST_F(ProcessTableModelTest, SortsNumbersAsNumbersAndUnknownFirst)
{
    model.applyProcesses(A, {process(A, 10, QStringLiteral("x"), {}, 2048), process(A, 9, QStringLiteral("y")),
                             process(A, 100, QStringLiteral("z"), {}, 1024)});
    proxy.sort(ProcessTableModel::PidColumn, Qt::AscendingOrder);
    EXPECT_EQ(proxyColumn(ProcessTableModel::PidColumn),
              (QStringList{QStringLiteral("9"), QStringLiteral("10"), QStringLiteral("100")}));
    proxy.sort(ProcessTableModel::MemoryColumn, Qt::AscendingOrder);
    EXPECT_EQ(proxyColumn(ProcessTableModel::NameColumn),
              (QStringList{QStringLiteral("y"), QStringLiteral("z"), QStringLiteral("x")}));
}

TEST_F(ProcessTableModelTest, FiltersOnTextAndOnTheChosenSessions)
{
    model.applyProcesses(A, {process(A, 1, QStringLiteral("excel.exe"), QStringLiteral("2")),
                             process(A, 2, QStringLiteral("winword.exe"), QStringLiteral("2")),
                             process(A, 3, QStringLiteral("excel.exe"), QStringLiteral("3"))});
    model.applyProcesses(B, {process(B, 1, QStringLiteral("EXCEL.EXE"), QStringLiteral("2"))});
    proxy.sort(ProcessTableModel::PidColumn, Qt::AscendingOrder);

    proxy.setFilterFixedString(QStringLiteral("excel"));
    EXPECT_EQ(proxy.rowCount(), 3);

    proxy.setSessions({{A, QStringLiteral("2")}});
    EXPECT_EQ(proxy.rowCount(), 1);
    proxy.setFilterFixedString({});
    EXPECT_EQ(proxyColumn(ProcessTableModel::NameColumn),
              (QStringList{QStringLiteral("excel.exe"), QStringLiteral("winword.exe")}));

    // A session id names a session on its own server only.
    proxy.setSessions({{B, QStringLiteral("2")}, {A, QStringLiteral("3")}});
    EXPECT_EQ(proxy.rowCount(), 2);
    proxy.setSessions({});
    EXPECT_EQ(proxy.rowCount(), 4);
}
