#include "SessionTableModel.h"

#include <QLocale>

#include <bit>

namespace {

const QList<int> ChangedRoles{Qt::DisplayRole, Qt::ToolTipRole, SessionTableModel::SortRole};

QString formatTime(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
}

std::optional<qint64> idleAt(const Session &session, qint64 observedAtMSecs)
{
    if (!session.idleSince.isValid())
        return std::nullopt;
    return std::max<qint64>(0, (observedAtMSecs - session.idleSince.toMSecsSinceEpoch()) / 1000);
}

// Idle seconds rounded to what formatIdle shows, so a tick that changes nothing visible
// emits nothing.
qint64 idleMinutes(const Session &session, qint64 observedAtMSecs)
{
    const auto seconds = idleAt(session, observedAtMSecs);
    return seconds ? *seconds / 60 : -1;
}

constexpr quint32 bit(int column)
{
    return 1u << column;
}

} // namespace

SessionTableModel::SessionTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int SessionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SessionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString SessionTableModel::formatIdle(std::optional<qint64> seconds)
{
    // quser's convention, which RDS administrators read at a glance.
    if (!seconds)
        return {};
    const qint64 minutes = *seconds / 60;
    if (minutes < 1)
        return QStringLiteral(".");
    if (minutes < 60)
        return QString::number(minutes);
    const qint64 hours = minutes / 60;
    if (hours < 24)
        return QStringLiteral("%1:%2").arg(hours).arg(minutes % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1+%2:%3")
        .arg(hours / 24)
        .arg(hours % 24, 2, 10, QLatin1Char('0'))
        .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

QVariant SessionTableModel::display(const Row &row, int column) const
{
    const Session &s = row.session;
    switch (Column(column)) {
    case ServerColumn:
        return s.server;
    case UserColumn:
        return s.user;
    case StationColumn:
        return s.station;
    case IdColumn:
        return s.id;
    case StateColumn:
        return row.pending.isEmpty() ? Session::stateName(s.state) : row.pending;
    case IdleColumn:
        return formatIdle(idleAt(s, row.observedAtMSecs));
    case LogonTimeColumn:
        return formatTime(s.logonTime);
    case ClientNameColumn:
        return s.clientName;
    case ClientAddressColumn:
        return s.clientAddress;
    case ServiceColumn:
        return s.service;
    case RemoteColumn:
        return s.remote ? tr("Remote") : tr("Local");
    case DomainColumn:
        return s.domain;
    case ConnectTimeColumn:
        return formatTime(s.connectTime);
    case DisconnectTimeColumn:
        return formatTime(s.disconnectTime);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant SessionTableModel::sortValue(const Row &row, int column) const
{
    const Session &s = row.session;
    switch (Column(column)) {
    case IdColumn: {
        bool numeric = false;
        const qlonglong id = s.id.toLongLong(&numeric);
        // Numeric ids sort as numbers and before textual ones such as logind's "c1".
        return numeric ? QVariant(id) : QVariant(s.id);
    }
    case IdleColumn: {
        const auto seconds = idleAt(s, row.observedAtMSecs);
        return seconds ? QVariant(*seconds) : QVariant(qlonglong(-1));
    }
    case LogonTimeColumn:
        return s.logonTime;
    case ConnectTimeColumn:
        return s.connectTime;
    case DisconnectTimeColumn:
        return s.disconnectTime;
    case StateColumn:
        return int(s.state);
    default:
        return display(row, column);
    }
}

QVariant SessionTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return display(row, index.column());
    case SortRole:
        return sortValue(row, index.column());
    case OwnSessionRole:
        return row.session.own;
    case PendingRole:
        return row.pending;
    case Qt::TextAlignmentRole:
        if (index.column() == IdColumn || index.column() == IdleColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant SessionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case ServerColumn:
        return tr("Server");
    case UserColumn:
        return tr("User");
    case StationColumn:
        return tr("Session");
    case IdColumn:
        return tr("ID");
    case StateColumn:
        return tr("State");
    case IdleColumn:
        return tr("Idle Time");
    case LogonTimeColumn:
        return tr("Logon Time");
    case ClientNameColumn:
        return tr("Client Name");
    case ClientAddressColumn:
        return tr("Client Address");
    case ServiceColumn:
        return tr("Protocol");
    case RemoteColumn:
        return tr("Type");
    case DomainColumn:
        return tr("Domain");
    case ConnectTimeColumn:
        return tr("Connect Time");
    case DisconnectTimeColumn:
        return tr("Disconnect Time");
    case ColumnCount:
        break;
    }
    return {};
}

quint32 SessionTableModel::changedColumns(const Row &old, const Session &next, qint64 observedAtMSecs) const
{
    const Session &s = old.session;
    quint32 mask = 0;
    if (s.user != next.user)
        mask |= bit(UserColumn);
    if (s.station != next.station)
        mask |= bit(StationColumn);
    if (s.state != next.state || s.rawState != next.rawState)
        mask |= bit(StateColumn);
    if (idleMinutes(s, old.observedAtMSecs) != idleMinutes(next, observedAtMSecs))
        mask |= bit(IdleColumn);
    if (s.clientName != next.clientName)
        mask |= bit(ClientNameColumn);
    if (s.clientAddress != next.clientAddress)
        mask |= bit(ClientAddressColumn);
    if (s.service != next.service)
        mask |= bit(ServiceColumn);
    if (s.remote != next.remote)
        mask |= bit(RemoteColumn);
    if (s.domain != next.domain)
        mask |= bit(DomainColumn);
    if (s.connectTime != next.connectTime)
        mask |= bit(ConnectTimeColumn);
    if (s.disconnectTime != next.disconnectTime)
        mask |= bit(DisconnectTimeColumn);
    if (s.own != next.own)
        mask |= bit(UserColumn);
    return mask;
}

void SessionTableModel::emitChanged(int firstRow, int lastRow, quint32 columns)
{
    const int firstColumn = std::countr_zero(columns);
    const int lastColumn = 31 - std::countl_zero(columns);
    Q_EMIT dataChanged(index(firstRow, firstColumn), index(lastRow, lastColumn), ChangedRoles);
}

void SessionTableModel::reindexFrom(int firstRow)
{
    for (int row = firstRow; row < m_rows.size(); ++row)
        m_rowOfKey[SessionKey::of(m_rows.at(row).session)] = row;
}

void SessionTableModel::applySnapshot(const QString &server, const QList<Session> &sessions,
                                      const QDateTime &observedAt)
{
    const qint64 observedAtMSecs = observedAt.toMSecsSinceEpoch();

    // Which incoming session each existing row becomes; -1: the row's session is gone.
    QList<int> incomingOfRow(m_rows.size(), -1);
    QList<int> fresh;
    for (int i = 0; i < sessions.size(); ++i) {
        Q_ASSERT(sessions.at(i).server == server);
        const int row = m_rowOfKey.value(SessionKey::of(sessions.at(i)), -1);
        if (row >= 0 && incomingOfRow.at(row) < 0)
            incomingOfRow[row] = i;
        else if (row < 0)
            fresh.append(i);
    }

    // Removals, bottom up, one beginRemoveRows per contiguous run.
    int lowestRemoved = int(m_rows.size());
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (incomingOfRow.at(row) >= 0 || m_rows.at(row).session.server != server)
            continue;
        int first = row;
        while (first > 0 && incomingOfRow.at(first - 1) < 0 && m_rows.at(first - 1).session.server == server)
            --first;
        beginRemoveRows({}, first, row);
        for (int r = first; r <= row; ++r)
            m_rowOfKey.remove(SessionKey::of(m_rows.at(r).session));
        m_rows.remove(first, row - first + 1);
        incomingOfRow.remove(first, row - first + 1);
        endRemoveRows();
        lowestRemoved = first;
        row = first;
    }
    if (lowestRemoved < m_rows.size())
        reindexFrom(lowestRemoved);

    // Updates in place, one dataChanged per run of changed rows.
    int runFirst = -1;
    quint32 runColumns = 0;
    for (int row = 0; row < m_rows.size(); ++row) {
        const int incoming = incomingOfRow.at(row);
        quint32 columns = 0;
        if (incoming >= 0) {
            Row &current = m_rows[row];
            const Session &next = sessions.at(incoming);
            columns = changedColumns(current, next, observedAtMSecs);
            if (columns != 0 || current.session != next)
                current.session = next;
            current.observedAtMSecs = observedAtMSecs;
        }
        if (columns != 0) {
            if (runFirst < 0)
                runFirst = row;
            runColumns |= columns;
        } else if (runFirst >= 0) {
            emitChanged(runFirst, row - 1, runColumns);
            runFirst = -1;
            runColumns = 0;
        }
    }
    if (runFirst >= 0)
        emitChanged(runFirst, int(m_rows.size()) - 1, runColumns);

    if (!fresh.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(fresh.size()) - 1);
        m_rows.reserve(first + fresh.size());
        for (const int i : std::as_const(fresh)) {
            m_rowOfKey.insert(SessionKey::of(sessions.at(i)), int(m_rows.size()));
            m_rows.append(Row{sessions.at(i), observedAtMSecs, {}});
        }
        endInsertRows();
    }
}

void SessionTableModel::removeServer(const QString &server)
{
    applySnapshot(server, {});
}

void SessionTableModel::setPending(const SessionKey &key, const QString &label)
{
    const int row = rowOf(key);
    if (row < 0 || m_rows.at(row).pending == label)
        return;
    m_rows[row].pending = label;
    Q_EMIT dataChanged(index(row, StateColumn), index(row, StateColumn), {Qt::DisplayRole, Qt::ToolTipRole, PendingRole});
}

void SessionTableModel::clearPending(const SessionKey &key)
{
    setPending(key, {});
}
