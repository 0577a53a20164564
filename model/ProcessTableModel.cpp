#include "ProcessTableModel.h"

#include <QHash>
#include <QLocale>

namespace {

template<typename T>
int compareOptional(const std::optional<T> &left, const std::optional<T> &right)
{
    if (left.has_value() != right.has_value())
        return left ? 1 : -1; // unknown sorts first
    if (!left || *left == *right)
        return 0;
    return *left < *right ? -1 : 1;
}

QString formatMemory(const std::optional<qint64> &bytes)
{
    return bytes ? QLocale().formattedDataSize(*bytes) : QString();
}

QString formatCpu(const std::optional<double> &seconds)
{
    if (!seconds)
        return {};
    const qint64 total = qint64(*seconds);
    return QStringLiteral("%1:%2:%3")
        .arg(total / 3600)
        .arg(total / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(total % 60, 2, 10, QLatin1Char('0'));
}

QString formatCount(const std::optional<qint64> &count)
{
    return count ? QLocale().toString(*count) : QString();
}

} // namespace

size_t qHash(const ProcessTableModel::Key &key, size_t seed)
{
    return qHashMulti(seed, key.server, key.pid, key.name);
}

ProcessTableModel::ProcessTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int ProcessTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ProcessTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProcessTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const SessionProcess &process = m_rows.at(index.row());
    if (role == StaleRole)
        return m_staleServers.contains(process.server);
    if (role == Qt::TextAlignmentRole) {
        const bool numeric = index.column() == PidColumn || index.column() >= ThreadsColumn;
        return QVariant::fromValue(numeric ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    }
    if (role == SortRole) {
        switch (index.column()) {
        case PidColumn:
            return process.pid;
        case ThreadsColumn:
            return process.threads ? QVariant(*process.threads) : QVariant();
        case HandlesColumn:
            return process.handles ? QVariant(*process.handles) : QVariant();
        case MemoryColumn:
            return process.memoryBytes ? QVariant(*process.memoryBytes) : QVariant();
        case CpuTimeColumn:
            return process.cpuSeconds ? QVariant(*process.cpuSeconds) : QVariant();
        default:
            break;
        }
    }
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (index.column()) {
    case ServerColumn:
        return process.server;
    case SessionColumn:
        return process.sessionId;
    case UserColumn:
        return process.user;
    case PidColumn:
        return QString::number(process.pid);
    case NameColumn:
        return process.name;
    case CommandLineColumn:
        return process.commandLine;
    case ThreadsColumn:
        return formatCount(process.threads);
    case HandlesColumn:
        return formatCount(process.handles);
    case MemoryColumn:
        return formatMemory(process.memoryBytes);
    case CpuTimeColumn:
        return formatCpu(process.cpuSeconds);
    default:
        return {};
    }
}

QVariant ProcessTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ServerColumn:
        return tr("Server");
    case SessionColumn:
        return tr("Session");
    case UserColumn:
        return tr("User");
    case PidColumn:
        return tr("PID");
    case NameColumn:
        return tr("Name");
    case CommandLineColumn:
        return tr("Command line");
    case ThreadsColumn:
        return tr("Threads");
    case HandlesColumn:
        return tr("Handles");
    case MemoryColumn:
        return tr("Memory");
    case CpuTimeColumn:
        return tr("CPU time");
    default:
        return {};
    }
}

int ProcessTableModel::rowOf(const Key &key) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (Key::of(m_rows.at(row)) == key)
            return row;
    }
    return -1;
}

int ProcessTableModel::compare(int left, int right, int column) const
{
    const SessionProcess &l = m_rows.at(left);
    const SessionProcess &r = m_rows.at(right);
    switch (column) {
    case PidColumn:
        return l.pid == r.pid ? 0 : (l.pid < r.pid ? -1 : 1);
    case ThreadsColumn:
        return compareOptional(l.threads, r.threads);
    case HandlesColumn:
        return compareOptional(l.handles, r.handles);
    case MemoryColumn:
        return compareOptional(l.memoryBytes, r.memoryBytes);
    case CpuTimeColumn:
        return compareOptional(l.cpuSeconds, r.cpuSeconds);
    case SessionColumn: {
        // Numeric ids (WTS, logind) sort as numbers.
        bool leftNumeric = false;
        bool rightNumeric = false;
        const qlonglong a = l.sessionId.toLongLong(&leftNumeric);
        const qlonglong b = r.sessionId.toLongLong(&rightNumeric);
        if (leftNumeric && rightNumeric)
            return a == b ? 0 : (a < b ? -1 : 1);
        break;
    }
    default:
        break;
    }
    return QString::compare(data(index(left, column)).toString(), data(index(right, column)).toString(),
                            Qt::CaseInsensitive);
}

void ProcessTableModel::applyProcesses(const QString &server, const QList<SessionProcess> &processes)
{
    QHash<Key, qsizetype> incoming;
    incoming.reserve(processes.size());
    for (qsizetype i = 0; i < processes.size(); ++i)
        incoming.insert(Key::of(processes.at(i)), i);

    QList<int> gone;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).server != server)
            continue;
        const auto it = incoming.constFind(Key::of(m_rows.at(row)));
        if (it == incoming.cend())
            gone.append(row);
    }
    removeRows(gone);

    for (int row = 0; row < m_rows.size(); ++row) {
        SessionProcess &process = m_rows[row];
        if (process.server != server)
            continue;
        const qsizetype from = incoming.take(Key::of(process));
        const SessionProcess &now = processes.at(from);
        int first = -1;
        int last = -1;
        const auto changed = [&](int column, bool differs) {
            if (!differs)
                return;
            first = first < 0 ? column : first;
            last = column;
        };
        changed(SessionColumn, now.sessionId != process.sessionId);
        changed(UserColumn, now.user != process.user);
        changed(CommandLineColumn, now.commandLine != process.commandLine);
        changed(ThreadsColumn, now.threads != process.threads);
        changed(HandlesColumn, now.handles != process.handles);
        changed(MemoryColumn, now.memoryBytes != process.memoryBytes);
        changed(CpuTimeColumn, now.cpuSeconds != process.cpuSeconds);
        if (first < 0)
            continue;
        process = now;
        Q_EMIT dataChanged(index(row, first), index(row, last));
    }

    if (incoming.isEmpty())
        return;
    // What is left is new, appended in the order the server listed it.
    QList<qsizetype> added = incoming.values();
    std::sort(added.begin(), added.end());
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + added.size() - 1));
    for (const qsizetype i : std::as_const(added))
        m_rows.append(processes.at(i));
    endInsertRows();
}

void ProcessTableModel::removeServer(const QString &server)
{
    QList<int> rows;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).server == server)
            rows.append(row);
    }
    removeRows(rows);
    m_staleServers.remove(server);
}

void ProcessTableModel::removeRows(const QList<int> &ascending)
{
    // From the end, one contiguous run at a time, so the rows before keep their numbers.
    for (qsizetype end = ascending.size(); end > 0;) {
        qsizetype begin = end - 1;
        while (begin > 0 && ascending.at(begin - 1) == ascending.at(begin) - 1)
            --begin;
        const int first = ascending.at(begin);
        const int last = ascending.at(end - 1);
        beginRemoveRows({}, first, last);
        m_rows.remove(first, last - first + 1);
        endRemoveRows();
        end = begin;
    }
}

void ProcessTableModel::setServerStale(const QString &server, bool stale)
{
    if (stale == m_staleServers.contains(server))
        return;
    if (stale)
        m_staleServers.insert(server);
    else
        m_staleServers.remove(server);
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).server == server)
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1), {StaleRole});
    }
}
