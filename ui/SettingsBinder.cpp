#include "SettingsBinder.h"

#include "ErrorBanner.h"
#include "RefreshScheduler.h"
#include "ServerTab.h"
#include "ServerTreeModel.h"
#include "ServerWorkspace.h"
#include "SessionTableView.h"

#include <QMainWindow>
#include <QTabWidget>

SettingsBinder::SettingsBinder(const QString &fileName, QMainWindow *window, ServerWorkspace *workspace,
                               RefreshScheduler *scheduler, ErrorBanner *note)
    : m_settings(fileName)
    , m_window(window)
    , m_workspace(workspace)
    , m_scheduler(scheduler)
{
    const ConsoleSettings::Values &saved = m_settings.values();
    m_savedServers = saved.servers;
    m_recent = saved.recentServers;
    m_serverColumns = saved.serverColumns;
    m_manyColumns = saved.allColumns;
    m_scheduler->setInterval(saved.interval);
    restoreColumns(m_workspace->allServersTab(), m_manyColumns);
    m_workspace->tree()->setGroups(saved.groups);
    connect(m_workspace->tree(), &ServerTreeModel::groupsChanged, this, [this] { scheduleSave(true); });

    connect(m_workspace, &ServerWorkspace::tabCreated, this,
            [this](ServerTab *tab) { restoreColumns(tab, sharedColumns(tab)); });
    connect(m_workspace, &ServerWorkspace::columnsChanged, this, &SettingsBinder::columnsChanged);
    connect(m_workspace->tabs(), &QTabWidget::currentChanged, this, &SettingsBinder::applySharedColumns);
    connect(m_workspace, &ServerWorkspace::serverOpened, this, [this](const QString &server, bool byUser) {
        if (!byUser)
            return;
        m_recent.removeAll(server);
        m_recent.prepend(server);
        m_recent = m_recent.mid(0, ConsoleSettings::MaxRecent);
        serverListChangedByUser();
    });
    connect(m_workspace, &ServerWorkspace::serverClosed, this, [this](const QString &server, bool byUser) {
        m_transient.remove(server);
        if (byUser)
            serverListChangedByUser();
    });
    connect(m_workspace, &ServerWorkspace::tabsReordered, this, &SettingsBinder::serverListChangedByUser);
    connect(m_workspace, &ServerWorkspace::demoFallbackOpened, this,
            [this](const QStringList &servers) { m_transient.unite(QSet<QString>(servers.cbegin(), servers.cend())); });

    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(1000);
    connect(&m_saveTimer, &QTimer::timeout, this, &SettingsBinder::save);

    if (!m_settings.warnings().isEmpty()) {
        QString html = tr("<b>The settings could not be read</b>; the defaults are used, and the file is left "
                          "as it is until you change something.");
        for (const QString &warning : m_settings.warnings().mid(0, 3))
            html += QStringLiteral("<br>") + warning.toHtmlEscaped();
        note->showMessage(ErrorBanner::Severity::Error, html);
    }
}

void SettingsBinder::restoreWindow()
{
    const ConsoleSettings::Values &saved = m_settings.values();
    if (!m_window->restoreGeometry(saved.windowGeometry))
        m_window->resize(1180, 680);
    m_window->restoreState(saved.windowState);
}

void SettingsBinder::restoreColumns(ServerTab *tab, const QByteArray &state)
{
    m_applyingLayout = true;
    tab->view()->restoreLayout(state);
    m_applyingLayout = false;
}

void SettingsBinder::columnsChanged(ServerTab *tab)
{
    if (m_applyingLayout)
        return;
    (tab->isAllServers() ? m_manyColumns : m_serverColumns) = tab->view()->saveLayout();
    // Layouts alone do not count as the user's change of a file that could not be read.
    scheduleSave(false);
}

void SettingsBinder::applySharedColumns()
{
    // Server tabs share one column layout, and tabs of many servers another; a tab picks up
    // changes made in another of its kind.
    ServerTab *tab = m_workspace->currentTab();
    if (!tab)
        return;
    const QByteArray &shared = sharedColumns(tab);
    if (!shared.isEmpty() && tab->view()->saveLayout() != shared)
        restoreColumns(tab, shared);
}

const QByteArray &SettingsBinder::sharedColumns(const ServerTab *tab) const
{
    return tab->isAllServers() ? m_manyColumns : m_serverColumns;
}

void SettingsBinder::serverListChangedByUser()
{
    m_serverListEdited = true;
    scheduleSave(true);
}

void SettingsBinder::scheduleSave(bool byUser)
{
    m_saveByUser = m_saveByUser || byUser;
    m_saveTimer.start();
}

bool SettingsBinder::save()
{
    m_settings.setValues(currentValues(), m_saveByUser);
    m_saveByUser = false;
    return m_settings.save();
}

void SettingsBinder::saveBeforeClosing()
{
    m_saveTimer.stop();
    save();
}

ConsoleSettings::Values SettingsBinder::currentValues() const
{
    ConsoleSettings::Values values;
    if (m_serverListEdited) {
        const QStringList open = m_workspace->servers();
        for (const QString &server : open) {
            if (!m_transient.contains(server))
                values.servers.append(server);
        }
    } else {
        values.servers = m_savedServers;
    }
    values.recentServers = m_recent;
    values.groups = m_workspace->tree()->groups();
    values.windowGeometry = m_window->saveGeometry();
    values.windowState = m_window->saveState();
    values.serverColumns = m_serverColumns;
    values.allColumns = m_manyColumns.isEmpty() ? m_workspace->allServersTab()->view()->saveLayout() : m_manyColumns;
    values.interval = m_scheduler->interval();
    return values;
}
