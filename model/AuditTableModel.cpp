#include "AuditTableModel.h"

#include <QLocale>

namespace {

bool sameRecord(const AuditRecord &a, const AuditRecord &b)
{
    return a.time == b.time && a.batch == b.batch && a.phase == b.phase && a.server == b.server
           && a.sessionRef == b.sessionRef && a.pid == b.pid;
}

} // namespace

AuditTableModel::AuditTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void AuditTableModel::setRecords(const QList<AuditRecord> &records)
{
    const qsizetype kept = m_records.size();
    const bool appended = kept > 0 && records.size() >= kept && sameRecord(records.at(kept - 1), m_records.last())
                          && sameRecord(records.first(), m_records.first());
    if (!appended) {
        beginResetModel();
        m_records = records;
        endResetModel();
        return;
    }
    if (records.size() == kept)
        return;
    beginInsertRows({}, 0, int(records.size() - kept - 1));
    m_records.append(records.mid(kept));
    endInsertRows();
}

int AuditTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int AuditTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AuditTableModel::text(const AuditRecord &r, int column) const
{
    switch (Column(column)) {
    case Time:
        return QLocale().toString(r.time.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    case Operator:
        return r.operatorName;
    case Tool:
        return r.tool;
    case Server:
        return r.server;
    case Session:
        return r.sessionRef;
    case User:
        return r.sessionUser;
    case Action:
        return r.pid ? QStringLiteral("%1 %2 (%3)").arg(r.action).arg(*r.pid).arg(r.processName) : r.action;
    case Phase:
        return AuditRecord::phaseName(r.phase);
    case Outcome:
        return r.outcome;
    case Reason:
        return r.reasonCategory.isEmpty() ? r.reason : r.reasonCategory + QStringLiteral(": ") + r.reason;
    case Options:
        return r.optionsText();
    case Purpose:
        return r.purpose;
    case Batch:
        return r.batch;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant AuditTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const AuditRecord &r = record(index.row());
    if (role == Qt::DisplayRole)
        return text(r, index.column());
    if (role == Qt::ToolTipRole && (index.column() == Reason || index.column() == Options))
        return text(r, index.column());
    if (role == SortRole)
        return index.column() == Time ? QVariant(r.time) : QVariant(text(r, index.column()));
    return {};
}

QVariant AuditTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Time:
        return tr("Time");
    case Operator:
        return tr("Operator");
    case Tool:
        return tr("Tool");
    case Server:
        return tr("Server");
    case Session:
        return tr("Session");
    case User:
        return tr("User");
    case Action:
        return tr("Action");
    case Phase:
        return tr("Phase");
    case Outcome:
        return tr("Outcome");
    case Reason:
        return tr("Reason");
    case Options:
        return tr("Options");
    case Purpose:
        return tr("Purpose");
    case Batch:
        return tr("Batch");
    case ColumnCount:
        break;
    }
    return {};
}
