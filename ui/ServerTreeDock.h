#pragma once

#include <QDockWidget>

class QAction;
class QMenu;
class QTreeView;
class ServerTreeModel;
class ServerWorkspace;

// The server tree at the left of the window (tsadmin's layout): "All servers", then the
// user's groups with their servers, each with its session counts and state. Clicking an
// entry shows its tab in the workspace (a group shows its own view); Enter or a double
// click on a server not open opens it. Groups are made, renamed in place (F2) and removed here; servers are put in
// groups by drag and drop (move, or copy with Ctrl) or with Add to Group, and taken out
// with Remove from Group. The current entry follows the tab shown. The groups themselves
// are kept by the tree's model.
class ServerTreeDock final : public QDockWidget
{
    Q_OBJECT

public:
    explicit ServerTreeDock(ServerWorkspace *workspace, QWidget *parent = nullptr);

    QTreeView *view() const { return m_view; }
    QAction *newGroupAction() const { return m_newGroup; }
    QAction *renameAction() const { return m_rename; }
    QAction *removeGroupAction() const { return m_removeGroup; }
    QAction *removeFromGroupAction() const { return m_removeFromGroup; }
    // The context menu of the entry at the current index, as it would pop up.
    QMenu *contextMenu() const { return m_menu; }

    // Makes a group with a free name ("New group", "New group 2", …) and edits its name;
    // returns the name, or empty when no group could be made (the reason is shown).
    QString newGroup();
    // Makes `index` the current entry and shows its tab, as a click does.
    void select(const QModelIndex &index);
    // Adds the servers selected in the tree to the group.
    void addSelectedToGroup(const QString &group);

Q_SIGNALS:
    // A group could not be made or renamed: the reason, for the window to show.
    void refused(const QString &reason);

private:
    QModelIndex currentName() const;
    QStringList selectedServers() const;
    void updateActions();
    void showContextMenu(const QPoint &pos);
    // Makes the entry of the tab shown the current one.
    void followCurrentTab();
    // Shows the entry's tab; a server not open is opened only when `openServer`.
    void activate(const QModelIndex &index, bool openServer);

    ServerWorkspace *const m_workspace;
    ServerTreeModel *const m_model;
    QTreeView *const m_view;
    QMenu *const m_menu;
    QMenu *const m_addToGroup;
    QAction *const m_newGroup;
    QAction *const m_rename;
    QAction *const m_removeGroup;
    QAction *const m_removeFromGroup;
};
