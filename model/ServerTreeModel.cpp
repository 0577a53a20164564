#include "ServerTreeModel.h"

#include "ServerAddress.h"

#include <QIODevice>
#include <QMimeData>

#include <algorithm>

namespace {

constexpr quintptr TopLevelId = 0;

} // namespace

ServerTreeModel::ServerTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{
    // Every change of who is in a group is announced by one of these, and this model's own
    // slot runs first; a server's counts update the sums as they change (updateSums).
    const auto forgetSums = [this] { m_sums.clear(); };
    connect(this, &QAbstractItemModel::rowsInserted, this, forgetSums);
    connect(this, &QAbstractItemModel::rowsRemoved, this, forgetSums);
    connect(this, &QAbstractItemModel::rowsMoved, this, forgetSums);
    connect(this, &QAbstractItemModel::layoutChanged, this, forgetSums);
    connect(this, &QAbstractItemModel::modelReset, this, forgetSums);
}

ServerTreeModel::Counts ServerTreeModel::countsOf(const QList<Session> &sessions)
{
    Counts counts;
    for (const Session &session : sessions) {
        if (session.state == Session::State::Listening)
            continue;
        ++counts.total;
        if (session.state == Session::State::Active)
            ++counts.active;
        else if (session.state == Session::State::Disconnected)
            ++counts.disconnected;
    }
    return counts;
}

void ServerTreeModel::setGroups(const ServerGroups &groups)
{
    beginResetModel();
    m_groups = groups;
    m_groupIds.clear();
    for (qsizetype i = 0; i < m_groups.groups().size(); ++i)
        m_groupIds.append(m_nextGroupId++);
    endResetModel();
}

void ServerTreeModel::addOpenServer(const QString &server)
{
    if (m_open.contains(server))
        return;
    beginInsertRows(allServersIndex(), int(m_open.size()), int(m_open.size()));
    m_open.append(server);
    m_servers.insert(server, {});
    endInsertRows();
    serverChanged(server); // its rows in groups turn from "not open" to "connecting"
}

void ServerTreeModel::removeOpenServer(const QString &server)
{
    const int row = int(m_open.indexOf(server));
    if (row < 0)
        return;
    beginRemoveRows(allServersIndex(), row, row);
    m_open.removeAt(row);
    m_servers.remove(server);
    endRemoveRows();
    serverChanged(server);
}

void ServerTreeModel::setServerCounts(const QString &server, const Counts &counts)
{
    const auto info = m_servers.find(server);
    if (info == m_servers.end())
        return;
    if (info->counted && !info->failing && info->counts == counts)
        return;
    const ServerInfo before = *info;
    info->counts = counts;
    info->counted = true;
    info->answered = true;
    info->failing = false;
    info->error.clear();
    updateSums(server, before, *info);
    serverChanged(server);
}

void ServerTreeModel::setServerFailing(const QString &server, bool failing, const QString &error)
{
    const auto info = m_servers.find(server);
    if (info == m_servers.end())
        return;
    const ServerInfo before = *info;
    info->answered = true;
    info->failing = failing;
    info->error = failing ? error : QString();
    updateSums(server, before, *info);
    serverChanged(server);
}

void ServerTreeModel::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    for (const QString &server : std::as_const(m_open))
        serverChanged(server);
}

ServerTreeModel::ServerState ServerTreeModel::state(const QString &server) const
{
    const auto info = m_servers.constFind(server);
    if (info == m_servers.cend())
        return ServerState::NotOpen;
    if (info->failing)
        return ServerState::Failing;
    if (m_paused)
        return ServerState::Paused;
    return info->answered ? ServerState::Ok : ServerState::Connecting;
}

Result<void> ServerTreeModel::addGroup(const QString &name)
{
    const int row = int(m_groups.groups().size()) + 1;
    ServerGroups changed = m_groups;
    if (Result<void> added = changed.addGroup(name); !added)
        return added;
    beginInsertRows({}, row, row);
    m_groups = changed;
    m_groupIds.append(m_nextGroupId++);
    endInsertRows();
    Q_EMIT groupsChanged();
    return {};
}

Result<void> ServerTreeModel::renameGroup(const QString &from, const QString &to)
{
    const int row = groupRow(from);
    const QString old = row < 0 ? QString() : m_groups.groups().at(row - 1).name;
    if (Result<void> renamed = m_groups.renameGroup(from, to); !renamed)
        return renamed;
    const QModelIndex group = index(row, NameColumn);
    Q_EMIT dataChanged(group, group);
    // The rows under it carry the group's name in GroupRole.
    if (const int members = rowCount(group); members > 0)
        Q_EMIT dataChanged(index(0, 0, group), index(members - 1, ColumnCount - 1, group), {GroupRole});
    Q_EMIT groupRenamed(old, to);
    Q_EMIT groupsChanged();
    return {};
}

bool ServerTreeModel::removeGroup(const QString &name)
{
    const int row = groupRow(name);
    if (row < 0)
        return false;
    const QString removed = m_groups.groups().at(row - 1).name;
    beginRemoveRows({}, row, row);
    m_groups.removeGroup(name);
    m_groupIds.removeAt(row - 1);
    endRemoveRows();
    Q_EMIT groupRemoved(removed);
    Q_EMIT groupsChanged();
    return true;
}

bool ServerTreeModel::addToGroup(const QString &group, const QString &server)
{
    const int row = groupRow(group);
    if (row < 0 || m_groups.members(group).contains(server) || server.isEmpty())
        return false;
    const int members = int(m_groups.members(group).size());
    beginInsertRows(index(row, 0), members, members);
    m_groups.addMember(group, server);
    endInsertRows();
    Q_EMIT membersChanged(m_groups.groups().at(row - 1).name);
    Q_EMIT groupsChanged();
    return true;
}

bool ServerTreeModel::removeFromGroup(const QString &group, const QString &server)
{
    const int row = groupRow(group);
    const int member = row < 0 ? -1 : int(m_groups.members(group).indexOf(server));
    if (member < 0)
        return false;
    beginRemoveRows(index(row, 0), member, member);
    m_groups.removeMember(group, server);
    endRemoveRows();
    Q_EMIT membersChanged(m_groups.groups().at(row - 1).name);
    Q_EMIT groupsChanged();
    return true;
}

QModelIndex ServerTreeModel::groupIndex(const QString &name) const
{
    const int row = groupRow(name);
    return row < 0 ? QModelIndex() : index(row, 0);
}

QModelIndex ServerTreeModel::serverIndex(const QString &server, const QString &group) const
{
    const QModelIndex parent = group.isEmpty() ? allServersIndex() : groupIndex(group);
    if (!parent.isValid())
        return {};
    const int row = int(childServers(parent.row()).indexOf(server));
    return row < 0 ? QModelIndex() : index(row, 0, parent);
}

QModelIndex ServerTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, TopLevelId);
    const quintptr id = parent.row() == 0 ? AllServersId : m_groupIds.at(parent.row() - 1);
    return createIndex(row, column, id);
}

QModelIndex ServerTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == TopLevelId)
        return {};
    const int row = rowOfId(child.internalId());
    return row < 0 ? QModelIndex() : createIndex(row, 0, TopLevelId);
}

int ServerTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.groups().size()) + 1;
    if (parent.internalId() != TopLevelId || parent.column() != 0)
        return 0;
    return int(childServers(parent.row()).size());
}

int ServerTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant ServerTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (role == Qt::TextAlignmentRole) {
        const bool count = index.column() != NameColumn && index.column() != StateColumn;
        return count ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    }
    if (index.internalId() == TopLevelId) {
        const bool all = index.row() == 0;
        const QString name = all ? QString() : m_groups.groups().at(index.row() - 1).name;
        switch (role) {
        case Qt::DisplayRole:
            return topLevelText(index.row(), index.column());
        case Qt::EditRole:
            return index.column() == NameColumn && !all ? QVariant(name) : QVariant();
        case Qt::ToolTipRole:
            return all ? tr("Every open server")
                       : tr("Group %1: %n server(s)", nullptr, int(childServers(index.row()).size())).arg(name);
        case KindRole:
            return QVariant::fromValue(all ? ItemKind::AllServers : ItemKind::Group);
        case GroupRole:
            return all ? QVariant() : QVariant(name);
        default:
            return {};
        }
    }

    const QString server = serverAt(index);
    const ServerState serverState = state(server);
    const ServerInfo info = m_servers.value(server);
    const bool counted = info.counted;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return ServerAddress::parse(server).displayName(); // as on its tab; the address is the tooltip
        case TotalColumn:
            return counted ? QVariant(info.counts.total) : QVariant();
        case ActiveColumn:
            return counted ? QVariant(info.counts.active) : QVariant();
        case DisconnectedColumn:
            return counted ? QVariant(info.counts.disconnected) : QVariant();
        case StateColumn:
            return stateText(serverState);
        }
        return {};
    case Qt::ToolTipRole:
        return serverState == ServerState::Failing ? server + u'\n' + info.error : server;
    case KindRole:
        return QVariant::fromValue(ItemKind::Server);
    case ServerRole:
        return server;
    case GroupRole:
        return index.parent().row() == 0 ? QVariant() : QVariant(m_groups.groups().at(index.parent().row() - 1).name);
    case StateRole:
        return QVariant::fromValue(serverState);
    default:
        return {};
    }
}

QVariant ServerTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case TotalColumn:
            return tr("Sessions, not counting listeners (on a group: of its servers that answered)");
        case ActiveColumn:
            return tr("Active sessions");
        case DisconnectedColumn:
            return tr("Disconnected sessions");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Server");
    case TotalColumn:
        return tr("Total");
    case ActiveColumn:
        return tr("Active");
    case DisconnectedColumn:
        return tr("Disc.");
    case StateColumn:
        return tr("State");
    }
    return {};
}

Qt::ItemFlags ServerTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.internalId() == TopLevelId) {
        if (index.row() > 0) {
            flags |= Qt::ItemIsDropEnabled;
            if (index.column() == NameColumn)
                flags |= Qt::ItemIsEditable;
        }
        return flags;
    }
    flags |= Qt::ItemIsDragEnabled;
    if (index.parent().row() > 0)
        flags |= Qt::ItemIsDropEnabled; // dropped on a member: into its group
    return flags;
}

bool ServerTreeModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || index.internalId() != TopLevelId || index.row() == 0)
        return false;
    const QString from = m_groups.groups().at(index.row() - 1).name;
    const QString to = value.toString();
    if (to == from)
        return true;
    if (Result<void> renamed = renameGroup(from, to); !renamed) {
        Q_EMIT editRefused(renamed.error().message);
        return false;
    }
    return true;
}

QStringList ServerTreeModel::mimeTypes() const
{
    return {QString::fromLatin1(MimeType)};
}

QMimeData *ServerTreeModel::mimeData(const QModelIndexList &indexes) const
{
    QStringList servers;
    for (const QModelIndex &index : indexes) {
        if (index.isValid() && index.internalId() != TopLevelId) {
            const QString server = serverAt(index);
            if (!servers.contains(server))
                servers.append(server);
        }
    }
    if (servers.isEmpty())
        return nullptr;
    auto *data = new QMimeData; // owned by the caller (the drag), as Qt's contract says
    // Addresses one per line: they never hold a line break, and text has no length field that
    // a forged drop could make enormous.
    data->setData(QString::fromLatin1(MimeType), servers.join(u'\n').toUtf8());
    data->setText(servers.join(u'\n'));
    return data;
}

bool ServerTreeModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int, int,
                                      const QModelIndex &parent) const
{
    if (action != Qt::CopyAction && action != Qt::MoveAction)
        return false;
    const QString group = dropGroup(parent);
    if (group.isEmpty())
        return false;
    const QStringList members = m_groups.members(group);
    const QStringList servers = serversIn(data);
    return std::any_of(servers.cbegin(), servers.cend(),
                       [&members](const QString &server) { return !members.contains(server); });
}

bool ServerTreeModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                   const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    const QString group = dropGroup(parent);
    bool added = false;
    for (const QString &server : serversIn(data))
        added = addToGroup(group, server) || added;
    return added;
}

bool ServerTreeModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (!parent.isValid() || parent.internalId() != TopLevelId || parent.row() == 0 || count <= 0)
        return false;
    const QString group = m_groups.groups().at(parent.row() - 1).name;
    const QStringList members = m_groups.members(group);
    if (row < 0 || row + count > members.size())
        return false;
    for (const QString &server : members.mid(row, count))
        removeFromGroup(group, server);
    return true;
}

int ServerTreeModel::groupRow(const QString &name) const
{
    const int index = m_groups.indexOf(name);
    return index < 0 ? -1 : index + 1;
}

int ServerTreeModel::rowOfId(quintptr id) const
{
    if (id == AllServersId)
        return 0;
    const int index = int(m_groupIds.indexOf(id));
    return index < 0 ? -1 : index + 1;
}

QStringList ServerTreeModel::childServers(int topRow) const
{
    if (topRow == 0)
        return m_open;
    return m_groups.groups().at(topRow - 1).servers;
}

QString ServerTreeModel::serverAt(const QModelIndex &index) const
{
    const int parentRow = rowOfId(index.internalId());
    if (parentRow < 0)
        return {};
    const QStringList servers = childServers(parentRow);
    return index.row() < servers.size() ? servers.at(index.row()) : QString();
}

QStringList ServerTreeModel::serversIn(const QMimeData *data) const
{
    if (data == nullptr || !data->hasFormat(QString::fromLatin1(MimeType)))
        return {};
    const QStringList servers = QString::fromUtf8(data->data(QString::fromLatin1(MimeType))).split(u'\n');
    // A drop from elsewhere that is not a list of our addresses is refused whole.
    const bool valid = std::all_of(servers.cbegin(), servers.cend(), [](const QString &server) {
        return !server.isEmpty() && ServerAddress::parse(server).toString() == server;
    });
    return valid ? servers : QStringList();
}

QString ServerTreeModel::dropGroup(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return {};
    const QModelIndex top = parent.internalId() == TopLevelId ? parent : parent.parent();
    if (!top.isValid() || top.row() == 0)
        return {};
    return m_groups.groups().at(top.row() - 1).name;
}

void ServerTreeModel::serverChanged(const QString &server)
{
    for (int top = 0; top < rowCount(); ++top) {
        const int row = int(childServers(top).indexOf(server));
        if (row < 0)
            continue;
        const QModelIndex parent = index(top, 0);
        Q_EMIT dataChanged(index(row, 0, parent), index(row, ColumnCount - 1, parent),
                           {Qt::DisplayRole, Qt::ToolTipRole, StateRole});
        // The sums on the group's own row.
        Q_EMIT dataChanged(index(top, TotalColumn), index(top, StateColumn), {Qt::DisplayRole});
    }
}

void ServerTreeModel::GroupSums::add(const ServerInfo &info, int sign)
{
    if (info.counted) {
        counted += sign;
        counts.total += sign * info.counts.total;
        counts.active += sign * info.counts.active;
        counts.disconnected += sign * info.counts.disconnected;
    }
    failing += info.failing ? sign : 0;
}

const ServerTreeModel::GroupSums &ServerTreeModel::groupSums(int row) const
{
    if (m_sums.size() <= size_t(row))
        m_sums.resize(size_t(row) + 1);
    std::optional<GroupSums> &sums = m_sums[size_t(row)];
    if (!sums) {
        sums.emplace();
        for (const QString &server : childServers(row))
            sums->add(m_servers.value(server), 1);
    }
    return *sums;
}

void ServerTreeModel::updateSums(const QString &server, const ServerInfo &before, const ServerInfo &after)
{
    for (size_t row = 0; row < m_sums.size(); ++row) {
        std::optional<GroupSums> &sums = m_sums[row];
        if (!sums)
            continue;
        if (row == 0) { // every open server
            sums->add(before, -1);
            sums->add(after, 1);
        } else if (childServers(int(row)).contains(server)) {
            sums.reset(); // a group is small: summed again when next shown
        }
    }
}

QVariant ServerTreeModel::topLevelText(int row, int column) const
{
    if (column == NameColumn)
        return row == 0 ? tr("All servers") : m_groups.groups().at(row - 1).name;
    const GroupSums &sums = groupSums(row);
    const bool counted = sums.counted > 0;
    switch (column) {
    case TotalColumn:
        return counted ? QVariant(sums.counts.total) : QVariant();
    case ActiveColumn:
        return counted ? QVariant(sums.counts.active) : QVariant();
    case DisconnectedColumn:
        return counted ? QVariant(sums.counts.disconnected) : QVariant();
    case StateColumn:
        return sums.failing > 0 ? QVariant(tr("%n failing", nullptr, sums.failing)) : QVariant();
    }
    return {};
}

QString ServerTreeModel::stateText(ServerState state)
{
    switch (state) {
    case ServerState::NotOpen:
        return tr("not open");
    case ServerState::Connecting:
        return tr("connecting…");
    case ServerState::Ok:
        return tr("ok");
    case ServerState::Failing:
        return tr("failing");
    case ServerState::Paused:
        return tr("paused");
    }
    return {};
}
