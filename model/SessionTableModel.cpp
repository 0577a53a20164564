#include "SessionTableModel.h"

#include "SnapshotDiff.h"

#include <QLocale>

#include <algorithm>
#include <bit>
#include <limits>
#include <utility>

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

// Idle time rounded to what formatIdle shows, so a tick that changes nothing visible emits
// nothing: the rule the diff applies to digests.
qint64 idleMinutes(const Session &session, qint64 observedAtMSecs)
{
    return SessionDigest::idleMinutes(SessionDigest::idleSinceOf(session), observedAtMSecs);
}

qint64 numericIdOf(const QString &id)
{
    bool numeric = false;
    const qint64 value = id.toLongLong(&numeric);
    return numeric && value >= 0 ? value : -1;
}

template<typename T>
int threeWay(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

// Missing times sort first, like empty cells.
int compareTimes(const QDateTime &a, const QDateTime &b)
{
    return threeWay(a.isValid() ? a.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min(),
                    b.isValid() ? b.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min());
}

QString formatCount(std::optional<qint64> count)
{
    return count ? QLocale().toString(*count) : QString();
}

QString formatBytes(std::optional<qint64> bytes)
{
    return bytes ? QLocale().formattedDataSize(*bytes, 1, QLocale::DataSizeIecFormat) : QString();
}

QString formatPercent(std::optional<double> percent)
{
    return percent ? SessionTableModel::tr("%1 %").arg(QLocale().toString(*percent, 'f', 1)) : QString();
}

constexpr quint32 bit(int column)
{
    return 1u << column;
}

} // namespace

SessionTableModel::SessionTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int SessionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size() - m_gapSize);
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

bool SessionTableModel::isResourceColumn(int column)
{
    return column == ProcessesColumn || column == MemoryColumn || column == CpuColumn;
}

std::optional<double> SessionTableModel::cpuPercent(std::optional<std::chrono::nanoseconds> before, qint64 beforeMSecs,
                                                    std::optional<std::chrono::nanoseconds> after, qint64 afterMSecs)
{
    if (!before || !after || afterMSecs <= beforeMSecs || *after < *before)
        return std::nullopt;
    const double used = std::chrono::duration<double, std::milli>(*after - *before).count();
    return 100.0 * used / double(afterMSecs - beforeMSecs);
}

std::optional<double> SessionTableModel::cpuPercentOf(const Row &row) const
{
    return cpuPercent(row.previousCpuTime, m_previousObservedAt[size_t(row.serverId)], row.session.cpuTime,
                      observedAt(row));
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
        return formatIdle(idleAt(s, observedAt(row)));
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
    case ProcessesColumn:
        return formatCount(s.processCount);
    case MemoryColumn:
        return formatBytes(s.memoryBytes);
    case CpuColumn:
        return formatPercent(cpuPercentOf(row));
    case ColumnCount:
        break;
    }
    return {};
}

QVariant SessionTableModel::sortValue(const Row &row, int column) const
{
    const Session &s = row.session;
    switch (Column(column)) {
    case IdColumn:
        // Numeric ids sort as numbers and before textual ones such as logind's "c1".
        return row.numericId >= 0 ? QVariant(row.numericId) : QVariant(s.id);
    case IdleColumn: {
        const auto seconds = idleAt(s, observedAt(row));
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
    // Unknown sorts below every known value, like an empty cell.
    case ProcessesColumn:
        return s.processCount.value_or(-1);
    case MemoryColumn:
        return s.memoryBytes.value_or(-1);
    case CpuColumn:
        return cpuPercentOf(row).value_or(-1.0);
    default:
        return display(row, column);
    }
}

QVariant SessionTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = this->row(index.row());
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
    case StaleRole:
        return !m_staleServers.isEmpty() && m_staleServers.contains(row.session.server);
    case Qt::TextAlignmentRole:
        if (index.column() == IdColumn || index.column() == IdleColumn || isResourceColumn(index.column()))
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

int SessionTableModel::compare(int leftRow, int rightRow, int column) const
{
    const Row &l = row(leftRow);
    const Row &r = row(rightRow);
    const Session &a = l.session;
    const Session &b = r.session;
    const auto text = [](const QString &x, const QString &y) { return QString::compare(x, y, Qt::CaseInsensitive); };
    switch (Column(column)) {
    case IdColumn:
        if ((l.numericId >= 0) != (r.numericId >= 0))
            return l.numericId >= 0 ? -1 : 1;
        return l.numericId >= 0 ? threeWay(l.numericId, r.numericId) : text(a.id, b.id);
    case IdleColumn:
        return threeWay(idleAt(a, observedAt(l)).value_or(-1), idleAt(b, observedAt(r)).value_or(-1));
    case LogonTimeColumn:
        return compareTimes(a.logonTime, b.logonTime);
    case ConnectTimeColumn:
        return compareTimes(a.connectTime, b.connectTime);
    case DisconnectTimeColumn:
        return compareTimes(a.disconnectTime, b.disconnectTime);
    case StateColumn:
        return threeWay(int(a.state), int(b.state));
    case RemoteColumn:
        return threeWay(a.remote, b.remote);
    case ServerColumn:
        return text(a.server, b.server);
    case UserColumn:
        return text(a.user, b.user);
    case StationColumn:
        return text(a.station, b.station);
    case ClientNameColumn:
        return text(a.clientName, b.clientName);
    case ClientAddressColumn:
        return text(a.clientAddress, b.clientAddress);
    case ServiceColumn:
        return text(a.service, b.service);
    case DomainColumn:
        return text(a.domain, b.domain);
    case ProcessesColumn:
        return threeWay(a.processCount.value_or(-1), b.processCount.value_or(-1));
    case MemoryColumn:
        return threeWay(a.memoryBytes.value_or(-1), b.memoryBytes.value_or(-1));
    case CpuColumn:
        return threeWay(cpuPercentOf(l).value_or(-1.0), cpuPercentOf(r).value_or(-1.0));
    case ColumnCount:
        break;
    }
    return 0;
}

QVariant SessionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case ProcessesColumn:
            return tr("Processes in the session (on Linux: tasks, as systemd counts them, threads included)");
        case MemoryColumn:
            return tr("Memory the session's processes use (on Linux: its scope's cgroup, page cache included)");
        case CpuColumn:
            return tr("CPU time the session used since the last refresh, per wall time: 100 % is one CPU "
                      "fully busy, as top shows it");
        default:
            return {};
        }
    }
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
    case ProcessesColumn:
        return tr("Processes");
    case MemoryColumn:
        return tr("Memory");
    case CpuColumn:
        return tr("CPU %");
    case ColumnCount:
        break;
    }
    return {};
}

quint32 SessionTableModel::changedColumns(const Session &s, qint64 oldObservedAtMSecs, const Session &next,
                                          qint64 observedAtMSecs)
{
    quint32 mask = 0;
    if (s.user != next.user)
        mask |= bit(UserColumn);
    if (s.station != next.station)
        mask |= bit(StationColumn);
    if (s.state != next.state || s.rawState != next.rawState)
        mask |= bit(StateColumn);
    if (idleMinutes(s, oldObservedAtMSecs) != idleMinutes(next, observedAtMSecs))
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
    if (s.processCount != next.processCount)
        mask |= bit(ProcessesColumn);
    if (s.memoryBytes != next.memoryBytes)
        mask |= bit(MemoryColumn);
    // Each snapshot's CPU % is the rate over a new interval, so it is news whenever known.
    if (s.cpuTime || next.cpuTime)
        mask |= bit(CpuColumn);
    return mask;
}

void SessionTableModel::emitChanged(int firstRow, int lastRow, quint32 columns)
{
    const int firstColumn = std::countr_zero(columns);
    const int lastColumn = 31 - std::countl_zero(columns);
    Q_EMIT dataChanged(index(firstRow, firstColumn), index(lastRow, lastColumn), ChangedRoles);
}

int SessionTableModel::rowOf(const SessionKey &key) const
{
    Q_ASSERT(m_gapSize == 0);
    const auto it = std::find_if(m_rows.cbegin(), m_rows.cend(), [&key](const auto &row) {
        const Session &s = row->session;
        return s.id == key.id && s.server == key.server && SessionKey::of(s).logonMSecs == key.logonMSecs;
    });
    return it == m_rows.cend() ? -1 : int(it - m_rows.cbegin());
}

void SessionTableModel::applySnapshot(const QString &server, const QList<Session> &sessions, const QDateTime &observedAt)
{
    const ServerSnapshot snapshot{server, sessions, observedAt, {}};
    applySnapshots({&snapshot, 1});
}

int SessionTableModel::serverId(const QString &server)
{
    if (const auto it = m_serverIds.constFind(server); it != m_serverIds.cend())
        return *it;
    m_observedAt.push_back(0);
    m_previousObservedAt.push_back(0);
    m_listeners.push_back(0);
    return *m_serverIds.insert(server, int(m_serverIds.size()));
}

void SessionTableModel::applySnapshots(std::span<const ServerSnapshot> snapshots)
{
    // Digests the window did not work out on a worker are worked out here.
    std::vector<std::vector<SessionDigest>> digested(snapshots.size());
    std::vector<SnapshotDiff::Snapshot> inputs;
    inputs.reserve(snapshots.size());
    for (size_t s = 0; s < snapshots.size(); ++s) {
        const ServerSnapshot &snapshot = snapshots[s];
        std::span<const SessionDigest> digests = snapshot.digests;
        if (digests.size() != size_t(snapshot.sessions.size())) {
            digested[s] = ServerSnapshot::digestsOf(snapshot.sessions);
            digests = digested[s];
        }
        const int id = serverId(snapshot.server);
        inputs.push_back(
            {id, &snapshot.sessions, digests, snapshot.observedAt.toMSecsSinceEpoch(), m_observedAt[size_t(id)]});
    }
    const SnapshotDiff diff(m_observed, inputs, &SessionTableModel::changedColumns, bit(IdleColumn), bit(CpuColumn));

    Q_EMIT snapshotAboutToBeApplied();

    if (diff.removedRuns().size() > MaxRuns)
        removeInOneLayoutChange(diff);
    else
        removeRunByRun(diff);
    removeObserved(diff);
    for (const SnapshotDiff::Snapshot &input : inputs) {
        m_previousObservedAt[size_t(input.serverId)] = input.rowsObservedAtMSecs;
        m_observedAt[size_t(input.serverId)] = input.observedAtMSecs;
        const int listeners = int(std::count_if(input.sessions->cbegin(), input.sessions->cend(),
                                                [](const Session &s) { return s.state == Session::State::Listening; }));
        m_listenerTotal += listeners - std::exchange(m_listeners[size_t(input.serverId)], listeners);
    }

    // Updates in place, one dataChanged per run of changed rows, or when they are many one
    // over all of them. A row whose digest is the entry's keeps its session; when only the
    // idle or CPU time moved, only those are taken.
    const bool oneRange = diff.changedRows() > int(MaxRuns);
    int runFirst = -1;
    int runLast = -1;
    quint32 runColumns = 0;
    for (const SnapshotDiff::Match &match : diff.matches()) {
        SnapshotDiff::ObservedSession &observed = m_observed[size_t(match.row)];
        const SnapshotDiff::Snapshot &input = inputs[size_t(match.snapshot)];
        const SessionDigest &digest = input.digests[size_t(match.entry)];
        const bool cpu = digest.hasCpuTime || observed.digest.hasCpuTime;
        if (digest.content != observed.digest.content || cpu
            || digest.idleSinceMSecs != observed.digest.idleSinceMSecs) {
            Row &row = *m_rows[size_t(match.row)];
            const Session &next = input.sessions->at(match.entry);
            row.previousCpuTime = row.session.cpuTime;
            if (digest.content != observed.digest.content) {
                row.session = next;
            } else {
                row.session.idleSince = next.idleSince;
                row.session.cpuTime = next.cpuTime;
            }
            observed.digest = digest;
        }
        if (match.changedColumns == 0)
            continue;
        if (runFirst >= 0 && (oneRange || match.row == runLast + 1)) {
            runLast = match.row;
            runColumns |= match.changedColumns;
            continue;
        }
        if (runFirst >= 0)
            emitChanged(runFirst, runLast, runColumns);
        runFirst = runLast = match.row;
        runColumns = match.changedColumns;
    }
    if (runFirst >= 0)
        emitChanged(runFirst, runLast, runColumns);

    if (const auto &inserted = diff.insertedEntries(); !inserted.empty()) {
        const int rows = rowCount();
        beginInsertRows({}, rows, rows + int(inserted.size()) - 1);
        m_rows.reserve(m_rows.size() + inserted.size());
        m_observed.reserve(m_observed.size() + inserted.size());
        for (const SnapshotDiff::Entry &entry : inserted) {
            const SnapshotDiff::Snapshot &input = inputs[size_t(entry.snapshot)];
            const Session &session = input.sessions->at(entry.entry);
            const auto &row = m_rows.emplace_back(
                std::make_unique<Row>(Row{session, {}, numericIdOf(session.id), input.serverId, std::nullopt}));
            m_observed.push_back({&row->session, input.digests[size_t(entry.entry)], input.serverId});
        }
        endInsertRows();
    }
    Q_EMIT snapshotApplied(diff);
}

void SessionTableModel::removeObserved(const SnapshotDiff &diff)
{
    const auto &runs = diff.removedRuns();
    if (runs.empty())
        return;
    const auto at = [this](size_t i) { return m_observed.begin() + std::ptrdiff_t(i); };
    size_t write = size_t(runs.front().first);
    size_t read = write;
    size_t removed = 0;
    // Runs are numbered as if those above were gone already.
    for (const SnapshotDiff::RemovedRun &run : runs) {
        const size_t first = size_t(run.first) + removed;
        write = size_t(std::move(at(read), at(first), at(write)) - m_observed.begin());
        const size_t length = size_t(run.last - run.first) + 1;
        read = first + length;
        removed += length;
    }
    m_observed.erase(std::move(at(read), m_observed.end(), at(write)), m_observed.end());
}

void SessionTableModel::removeRunByRun(const SnapshotDiff &diff)
{
    // Top down, one beginRemoveRows per run. Erasing run by run would move the rows
    // below a run once per run above them; instead each kept row moves up once, as the walk
    // passes it, and until the walk is done the rows it has not reached sit behind a gap
    // that row() skips.
    const auto at = [this](size_t i) { return m_rows.begin() + std::ptrdiff_t(i); };
    size_t read = 0; // the first row the walk has not reached
    for (const SnapshotDiff::RemovedRun &run : diff.removedRuns()) {
        const size_t kept = size_t(run.first) - m_gapStart;
        if (m_gapSize != 0)
            std::move(at(read), at(read + kept), at(m_gapStart));
        read += kept;
        m_gapStart += kept;
        beginRemoveRows({}, run.first, run.last);
        for (const size_t end = read + size_t(run.last - run.first) + 1; read < end; ++read)
            m_rows[read].reset();
        m_gapSize = read - m_gapStart;
        endRemoveRows();
    }
    if (m_gapSize != 0)
        m_rows.erase(std::move(at(read), m_rows.end(), at(m_gapStart)), m_rows.end());
    m_gapStart = 0;
    m_gapSize = 0;
}

void SessionTableModel::removeInOneLayoutChange(const SnapshotDiff &diff)
{
    // Rows only go: the others keep their order, as a sort hint on rows promises.
    Q_EMIT layoutAboutToBeChanged({}, VerticalSortHint);
    const std::vector<int> after = diff.rowsAfterRemoval(rowCount());
    const QModelIndexList from = persistentIndexList();
    QModelIndexList to;
    to.reserve(from.size());
    for (const QModelIndex &index : from) {
        const int row = after[size_t(index.row())];
        to.append(row < 0 ? QModelIndex() : createIndex(row, index.column()));
    }
    size_t kept = 0;
    for (size_t row = 0; row < m_rows.size(); ++row) {
        if (after[row] >= 0)
            m_rows[kept++] = std::move(m_rows[row]);
    }
    m_rows.resize(kept);
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, VerticalSortHint);
}

void SessionTableModel::removeServer(const QString &server)
{
    applySnapshot(server, {});
}

void SessionTableModel::setPending(const SessionKey &key, const QString &label)
{
    const int row = rowOf(key);
    if (row < 0 || m_rows[size_t(row)]->pending == label)
        return;
    m_rows[size_t(row)]->pending = label;
    Q_EMIT dataChanged(index(row, StateColumn), index(row, StateColumn),
                       {Qt::DisplayRole, Qt::ToolTipRole, PendingRole});
}

void SessionTableModel::clearPending(const SessionKey &key)
{
    setPending(key, {});
}

void SessionTableModel::setServerStale(const QString &server, bool stale)
{
    if (stale == m_staleServers.contains(server))
        return;
    if (stale)
        m_staleServers.insert(server);
    else
        m_staleServers.remove(server);
    // One range from the server's first row to its last: its rows come in runs, and rows of
    // other servers in between are only repainted.
    const int id = serverId(server);
    int first = -1;
    int last = -1;
    for (int row = 0; row < rowCount(); ++row) {
        if (m_rows[size_t(row)]->serverId == id) {
            first = first < 0 ? row : first;
            last = row;
        }
    }
    if (first >= 0)
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1), {StaleRole});
}
