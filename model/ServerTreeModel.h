#pragma once

#include "ServerGroups.h"
#include "Session.h"

#include <QAbstractItemModel>
#include <QHash>

#include <optional>
#include <vector>

// The server tree at the left of the window, as tsadmin had it: "All servers" with every
// open server under it, then the user's groups with their members (a server may be in
// several). Each server row shows its session counts and state; groups can be renamed in
// place, and servers dragged between groups (move, or copy with Ctrl). The groups are
// kept here (ServerGroups) and groupsChanged() says when the user changed them, so they
// can be saved. Widget-free: the dock's QTreeView shows it.
class ServerTreeModel final : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, TotalColumn, ActiveColumn, DisconnectedColumn, StateColumn, ColumnCount };

    enum class ServerState {
        NotOpen,    // in a group, but not open in the window
        Connecting, // open, no answer yet
        Ok,
        Failing, // the last refresh failed: the counts are the last known
        Paused,  // refreshes are paused: the counts may be old
    };

    Q_ENUM(ServerState)

    enum class ItemKind { AllServers, Group, Server };
    Q_ENUM(ItemKind)

    enum Role {
        KindRole = Qt::UserRole + 1, // ItemKind
        ServerRole,                  // the server's address text (server rows)
        GroupRole,                   // the group's name (group rows, and server rows under a group)
        StateRole,                   // ServerState (server rows)
    };

    struct Counts
    {
        int total = 0; // every session but listeners
        int active = 0;
        int disconnected = 0;
        bool operator==(const Counts &) const = default;
    };

    static constexpr auto MimeType = "application/x-session-console-servers";

    explicit ServerTreeModel(QObject *parent = nullptr);

    static Counts countsOf(const QList<Session> &sessions);
    // "ok", "failing", … as the State column shows it.
    static QString stateText(ServerState state);

    const ServerGroups &groups() const { return m_groups; }
    // Replaces the groups (as read from the settings): not a change by the user.
    void setGroups(const ServerGroups &groups);

    // The servers open in the window, in tab order, under "All servers".
    QStringList openServers() const { return m_open; }
    void addOpenServer(const QString &server);
    void removeOpenServer(const QString &server);

    void setServerCounts(const QString &server, const Counts &counts);
    void setServerFailing(const QString &server, bool failing, const QString &error);
    void setPaused(bool paused);
    ServerState state(const QString &server) const;
    Counts counts(const QString &server) const { return m_servers.value(server).counts; }

    // The user's edits; each says why when it is refused.
    Result<void> addGroup(const QString &name);
    Result<void> renameGroup(const QString &from, const QString &to);
    bool removeGroup(const QString &name);
    bool addToGroup(const QString &group, const QString &server);
    bool removeFromGroup(const QString &group, const QString &server);

    QModelIndex allServersIndex() const { return index(0, 0); }
    QModelIndex groupIndex(const QString &name) const;
    // The server's row under "All servers" (group empty) or under the group.
    QModelIndex serverIndex(const QString &server, const QString &group = {}) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    Qt::DropActions supportedDragActions() const override { return Qt::CopyAction | Qt::MoveAction; }
    Qt::DropActions supportedDropActions() const override { return Qt::CopyAction | Qt::MoveAction; }
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;
    // The view removes the dragged rows after a move: members leave their group; the
    // rows under "All servers" stay (that list is the open servers, not a group).
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

Q_SIGNALS:
    // The user changed the groups (not setGroups): time to save them.
    void groupsChanged();
    // An edit in place (a rename) was refused: the reason, for the window to show.
    void editRefused(const QString &reason);
    // What changed, for views of a group (all three also emit groupsChanged).
    void groupRenamed(const QString &from, const QString &to);
    void groupRemoved(const QString &name);
    void membersChanged(const QString &group);

private:
    struct ServerInfo
    {
        Counts counts;
        bool counted = false;  // a refresh succeeded once: the counts are known
        bool answered = false; // a refresh ended, well or not
        bool failing = false;
        QString error;
    };

    // A top-level row's sums over its servers.
    struct GroupSums
    {
        Counts counts;
        int counted = 0;
        int failing = 0;
        // Adds (sign 1) or takes away (sign -1) a server's part.
        void add(const ServerInfo &info, int sign);
    };

    // Top-level row of a group; -1 when there is none.
    int groupRow(const QString &name) const;
    // The top-level row whose children carry this id; -1 when it is gone.
    int rowOfId(quintptr id) const;
    QStringList childServers(int topRow) const;
    QString serverAt(const QModelIndex &index) const;
    // "All servers" or a group: the name, the sums of its servers' counts, how many fail.
    QVariant topLevelText(int row, int column) const;
    const GroupSums &groupSums(int row) const;
    void updateSums(const QString &server, const ServerInfo &before, const ServerInfo &after);
    QStringList serversIn(const QMimeData *data) const;
    QString dropGroup(const QModelIndex &parent) const;
    void serverChanged(const QString &server);

    ServerGroups m_groups;
    // A child's internal id names its parent: AllServersId, or its group's id here (parallel
    // to the groups), which stays when groups above it come or go, unlike a row.
    static constexpr quintptr AllServersId = 1;
    QList<quintptr> m_groupIds;
    quintptr m_nextGroupId = AllServersId + 1;
    QStringList m_open;
    QHash<QString, ServerInfo> m_servers;
    bool m_paused = false;
    // By top-level row, the sums once asked for, kept up to date as servers answer: with a
    // thousand servers answering every second, the view asks for the All servers row's size
    // on every answer, and summing every server each time would cost a thousand per answer.
    mutable std::vector<std::optional<GroupSums>> m_sums;
};
