#include "ServerTreeDock.h"

#include "ServerTab.h"
#include "ServerTreeModel.h"
#include "ServerWorkspace.h"

#include <QAction>
#include <QHeaderView>
#include <QMenu>
#include <QStyle>
#include <QTabWidget>
#include <QTreeView>

ServerTreeDock::ServerTreeDock(ServerWorkspace *workspace, QWidget *parent)
    : QDockWidget(tr("Servers"), parent)
    , m_workspace(workspace)
    , m_model(workspace->tree())
    , m_view(new QTreeView(this))
    , m_menu(new QMenu(this))
    , m_addToGroup(new QMenu(tr("&Add to Group"), this))
    , m_newGroup(new QAction(tr("&New Group"), this))
    , m_rename(new QAction(tr("&Rename Group"), this))
    , m_removeGroup(new QAction(tr("Remove &Group"), this))
    , m_removeFromGroup(new QAction(tr("Remove from G&roup"), this))
{
    setObjectName(QStringLiteral("serverTree"));
    setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
    m_view->setModel(m_model);
    m_view->setAccessibleName(tr("Server tree"));
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::EditKeyPressed);
    m_view->setDragEnabled(true);
    m_view->setAcceptDrops(true);
    m_view->setDropIndicatorShown(true);
    m_view->setDragDropMode(QAbstractItemView::DragDrop);
    // A plain drag moves a server to another group; Ctrl makes it a copy.
    m_view->setDefaultDropAction(Qt::MoveAction);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    // Widths fixed once from the text they hold, not ResizeToContents, which measures every
    // row again on each change: the counts change with every refresh of every server.
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(ServerTreeModel::NameColumn, QHeaderView::Stretch);
    const QFontMetrics metrics = m_view->fontMetrics();
    const int padding = 3 * m_view->style()->pixelMetric(QStyle::PM_HeaderMargin);
    for (int column = ServerTreeModel::TotalColumn; column < ServerTreeModel::ColumnCount; ++column) {
        const QString widest = column == ServerTreeModel::StateColumn
                                   ? ServerTreeModel::stateText(ServerTreeModel::ServerState::Connecting)
                                   : QStringLiteral("00000");
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        header->resizeSection(column,
                              std::max(metrics.horizontalAdvance(widest), metrics.horizontalAdvance(title)) + padding);
    }
    m_view->expandAll();
    setWidget(m_view);

    m_rename->setShortcut(QKeySequence(Qt::Key_F2));
    m_rename->setShortcutContext(Qt::WidgetShortcut);
    m_view->addAction(m_rename);
    m_menu->addActions({m_newGroup, m_rename, m_removeGroup});
    m_menu->addSeparator();
    m_menu->addMenu(m_addToGroup);
    m_menu->addAction(m_removeFromGroup);

    connect(m_newGroup, &QAction::triggered, this, [this] { newGroup(); });
    connect(m_model, &ServerTreeModel::editRefused, this, &ServerTreeDock::refused);
    connect(m_rename, &QAction::triggered, this, [this] {
        if (const QModelIndex name = currentName(); name.isValid())
            m_view->edit(name);
    });
    connect(m_removeGroup, &QAction::triggered, this, [this] {
        if (const QModelIndex name = currentName(); name.isValid())
            m_model->removeGroup(name.data(ServerTreeModel::GroupRole).toString());
    });
    connect(m_removeFromGroup, &QAction::triggered, this, [this] {
        const QModelIndex current = m_view->currentIndex();
        m_model->removeFromGroup(current.data(ServerTreeModel::GroupRole).toString(),
                                 current.data(ServerTreeModel::ServerRole).toString());
    });
    connect(m_addToGroup, &QMenu::aboutToShow, this, [this] {
        m_addToGroup->clear();
        for (const QString &group : m_model->groups().names())
            m_addToGroup->addAction(group, this, [this, group] { addSelectedToGroup(group); });
        m_addToGroup->addSeparator();
        m_addToGroup->addAction(tr("New Group"), this, [this] {
            const QStringList servers = selectedServers();
            const QString group = newGroup();
            for (const QString &server : servers)
                m_model->addToGroup(group, server);
        });
    });
    connect(m_view, &QWidget::customContextMenuRequested, this, &ServerTreeDock::showContextMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &ServerTreeDock::updateActions);
    // Only the user's click or Enter shows a tab: the current row also moves when rows go.
    connect(m_view, &QAbstractItemView::clicked, this, [this](const QModelIndex &index) { activate(index, false); });
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex &index) { activate(index, true); });
    // A member added: show it.
    connect(m_model, &QAbstractItemModel::rowsInserted, m_view,
            [this](const QModelIndex &parent) { m_view->expand(parent); });
    connect(m_model, &QAbstractItemModel::modelReset, m_view, &QTreeView::expandAll);
    connect(m_workspace->tabs(), &QTabWidget::currentChanged, this, &ServerTreeDock::followCurrentTab);
    updateActions();
}

QString ServerTreeDock::newGroup()
{
    const QString base = tr("New group");
    QString name = base;
    for (int n = 2; m_model->groups().contains(name); ++n)
        name = QStringLiteral("%1 %2").arg(base).arg(n);
    if (const Result<void> added = m_model->addGroup(name); !added) {
        Q_EMIT refused(added.error().message);
        return {};
    }
    const QModelIndex group = m_model->groupIndex(name);
    m_view->setCurrentIndex(group);
    m_view->edit(group);
    return name;
}

void ServerTreeDock::select(const QModelIndex &index)
{
    m_view->setCurrentIndex(index);
    activate(index, false);
}

void ServerTreeDock::addSelectedToGroup(const QString &group)
{
    for (const QString &server : selectedServers())
        m_model->addToGroup(group, server);
}

QModelIndex ServerTreeDock::currentName() const
{
    const QModelIndex current = m_view->currentIndex();
    if (current.data(ServerTreeModel::KindRole).value<ServerTreeModel::ItemKind>() != ServerTreeModel::ItemKind::Group)
        return {};
    return current.siblingAtColumn(ServerTreeModel::NameColumn);
}

QStringList ServerTreeDock::selectedServers() const
{
    QStringList servers;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows()) {
        const QString server = index.data(ServerTreeModel::ServerRole).toString();
        if (!server.isEmpty() && !servers.contains(server))
            servers.append(server);
    }
    return servers;
}

void ServerTreeDock::updateActions()
{
    const QModelIndex current = m_view->currentIndex();
    const auto kind = current.data(ServerTreeModel::KindRole).value<ServerTreeModel::ItemKind>();
    const bool group = current.isValid() && kind == ServerTreeModel::ItemKind::Group;
    const bool member = current.isValid() && kind == ServerTreeModel::ItemKind::Server
                        && !current.data(ServerTreeModel::GroupRole).toString().isEmpty();
    m_rename->setEnabled(group);
    m_removeGroup->setEnabled(group);
    m_removeFromGroup->setEnabled(member);
    m_addToGroup->setEnabled(current.isValid() && kind == ServerTreeModel::ItemKind::Server);
}

void ServerTreeDock::showContextMenu(const QPoint &pos)
{
    if (const QModelIndex at = m_view->indexAt(pos); at.isValid() && !m_view->selectionModel()->isSelected(at))
        m_view->setCurrentIndex(at);
    updateActions();
    m_menu->popup(m_view->viewport()->mapToGlobal(pos));
}

void ServerTreeDock::followCurrentTab()
{
    // Only the current entry moves: showing a tab is what a click does, not this.
    const ServerTab *tab = m_workspace->currentTab();
    QModelIndex entry;
    if (tab == m_workspace->allServersTab())
        entry = m_model->allServersIndex();
    else if (const QString group = m_workspace->groupOf(tab); !group.isEmpty())
        entry = m_model->groupIndex(group);
    else if (tab)
        entry = m_model->serverIndex(tab->server());
    if (entry.isValid() && entry != m_view->currentIndex().siblingAtColumn(0))
        m_view->selectionModel()->setCurrentIndex(entry,
                                                  QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void ServerTreeDock::activate(const QModelIndex &index, bool openServer)
{
    if (!index.isValid())
        return;
    switch (index.data(ServerTreeModel::KindRole).value<ServerTreeModel::ItemKind>()) {
    case ServerTreeModel::ItemKind::AllServers:
        m_workspace->showAllServers();
        break;
    case ServerTreeModel::ItemKind::Group:
        m_workspace->showGroup(index.data(ServerTreeModel::GroupRole).toString());
        break;
    case ServerTreeModel::ItemKind::Server:
        if (openServer
            || index.data(ServerTreeModel::StateRole).value<ServerTreeModel::ServerState>()
                   != ServerTreeModel::ServerState::NotOpen)
            m_workspace->showServer(index.data(ServerTreeModel::ServerRole).toString());
        break;
    }
}
