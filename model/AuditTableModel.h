#pragma once

#include "AuditRecord.h"

#include <QAbstractTableModel>
#include <QList>

// The audit log as a table, newest record first. A reload that only adds records to the
// log inserts them at the top, keeping the selection; anything else (a rotation removed
// the oldest file, the log was replaced) resets the table.
class AuditTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Time,
        Operator,
        Tool,
        Server,
        Session,
        User,
        Action,
        Phase,
        Outcome,
        Reason,
        Options,
        Purpose,
        Batch,
        ColumnCount
    };
    // Typed values for sorting: the time as QDateTime, the rest as displayed.
    static constexpr int SortRole = Qt::UserRole;

    explicit AuditTableModel(QObject *parent = nullptr);

    // `records` as AuditLog::read gives them: oldest first.
    void setRecords(const QList<AuditRecord> &records);
    const AuditRecord &record(int row) const { return m_records.at(m_records.size() - 1 - row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString text(const AuditRecord &record, int column) const;

    QList<AuditRecord> m_records; // oldest first, as read; row 0 is the last
};
