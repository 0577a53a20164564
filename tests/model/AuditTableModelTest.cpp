#include "AuditTableModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>

#include <gtest/gtest.h>

namespace {

AuditRecord recordOf(int second, const QString &session, AuditRecord::Phase phase)
{
    AuditRecord record;
    record.time = QDateTime(QDate(2026, 11, 26), QTime(3, 0, second), Qt::UTC);
    record.batch = QStringLiteral("b");
    record.server = QStringLiteral("demo:m");
    record.sessionRef = session;
    record.action = QStringLiteral("logoff");
    record.phase = phase;
    return record;
}

} // namespace

TEST(AuditTableModel, NewestFirstAndARecordsAddedToTheLogAreInsertedAtTheTop)
{
    AuditTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const QList<AuditRecord> first{recordOf(1, QStringLiteral("3"), AuditRecord::Phase::Requested),
                                   recordOf(2, QStringLiteral("3"), AuditRecord::Phase::Outcome)};
    model.setRecords(first);
    ASSERT_EQ(model.rowCount(), 2);
    EXPECT_EQ(model.index(0, AuditTableModel::Phase).data().toString(), QStringLiteral("outcome"));
    EXPECT_EQ(model.index(0, AuditTableModel::Time).data(AuditTableModel::SortRole).toDateTime(), first.at(1).time);

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.setRecords(first + QList<AuditRecord>{recordOf(3, QStringLiteral("4"), AuditRecord::Phase::Requested)});
    EXPECT_EQ(reset.count(), 0);
    ASSERT_EQ(inserted.count(), 1);
    EXPECT_EQ(inserted.first().at(1).toInt(), 0);
    EXPECT_EQ(inserted.first().at(2).toInt(), 0);
    EXPECT_EQ(model.index(0, AuditTableModel::Session).data().toString(), QStringLiteral("4"));

    // The oldest went with a rotation: the table is read anew.
    model.setRecords({recordOf(3, QStringLiteral("4"), AuditRecord::Phase::Requested)});
    EXPECT_EQ(reset.count(), 1);
    EXPECT_EQ(model.rowCount(), 1);
}
