#include "ServerWorkspace.h"

#include "DisplayText.h"
#include "ErrorBanner.h"
#include "ProcessRefresher.h"
#include "ProcessesView.h"
#include "ServerTab.h"
#include "SessionTableView.h"
#include "TabCloseButton.h"

#include <QMouseEvent>
#include <QStyle>
#include <QTabBar>
#include <QTabWidget>

#include <algorithm>
#include <utility>

namespace {

const QString LocalServer = QStringLiteral("local");

// A tab's title shows '&' as a mnemonic marker: a group named "R&D" keeps its '&'.
QString groupTabTitle(const QString &group)
{
    return ServerWorkspace::tr("All servers of %1").arg(QString(group).replace(u'&', QStringLiteral("&&")));
}

} // namespace

QStringList ServerWorkspace::demoFarm()
{
    return {QStringLiteral("demo:farm1"), QStringLiteral("demo:farm2")};
}

ServerWorkspace::ServerWorkspace(RefreshScheduler *scheduler, ErrorBanner *note, QWidget *window)
    : m_scheduler(scheduler)
    , m_note(note)
    , m_tabs(new QTabWidget(window))
    , m_allTab(new ServerTab({}, scheduler, &m_processPool, m_tabs))
{
    // Listings wait on their servers more than they compute: a thread per server listed at once.
    m_processPool.setMaxThreadCount(ProcessPoolThreads);
    m_processPool.setObjectName(QStringLiteral("processes"));
    m_tabs->setDocumentMode(true);
    m_tabs->setMovable(true);
    m_tabs->setUsesScrollButtons(true);
    m_tabs->setAccessibleName(tr("Servers"));
    m_tabs->addTab(m_allTab, tr("All servers"));
    m_tabs->setTabToolTip(0, tr("The sessions of every server"));
    m_tabs->tabBar()->installEventFilter(this);
    configureTab(m_allTab);

    connect(m_scheduler, &RefreshScheduler::refreshStarted, this, &ServerWorkspace::routeRefreshStarted);
    connect(m_scheduler, &RefreshScheduler::refreshFinished, this, &ServerWorkspace::routeRefreshFinished);
    connect(m_tabs, &QTabWidget::currentChanged, this, &ServerWorkspace::placeCloseButton);
    connect(m_tabs->tabBar(), &QTabBar::tabMoved, this, &ServerWorkspace::tabMoved);

    m_tree.setPaused(m_scheduler->isPaused());
    connect(m_scheduler, &RefreshScheduler::pausedChanged, &m_tree, &ServerTreeModel::setPaused);
    connect(&m_tree, &ServerTreeModel::membersChanged, this, &ServerWorkspace::syncGroupTab);
    connect(&m_tree, &ServerTreeModel::groupRenamed, this, &ServerWorkspace::renameGroupTab);
    connect(&m_tree, &ServerTreeModel::groupRemoved, this, &ServerWorkspace::closeGroupTab);

    // Only what the user looks at is refreshed at the interval. Queued: a server is opened
    // and its tab shown in one go.
    connect(m_tabs, &QTabWidget::currentChanged, this, &ServerWorkspace::updateBackground);
    connect(this, &ServerWorkspace::serverOpened, this, &ServerWorkspace::scheduleBackgroundUpdate);
    connect(this, &ServerWorkspace::serverClosed, this, &ServerWorkspace::scheduleBackgroundUpdate);
    connect(&m_tree, &ServerTreeModel::membersChanged, this, &ServerWorkspace::scheduleBackgroundUpdate);
}

void ServerWorkspace::scheduleBackgroundUpdate()
{
    // Once for servers opened together: each update goes over every server.
    if (std::exchange(m_backgroundUpdateDue, true))
        return;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_backgroundUpdateDue = false;
            updateBackground();
        },
        Qt::QueuedConnection);
}

void ServerWorkspace::placeCloseButton()
{
    // One close button, on the tab shown. QTabBar lays out every tab each time a tab gets a
    // button, so a button on each tab made opening a thousand servers take seconds.
    QTabBar *bar = m_tabs->tabBar();
    const auto side = QTabBar::ButtonPosition(
        bar->style()->styleHint(QStyle::SH_TabBar_CloseButtonPosition, nullptr, bar));
    if (m_closeButton) {
        if (const int holder = m_tabs->indexOf(m_closeButtonTab); holder >= 0)
            bar->setTabButton(holder, side, nullptr);
        m_closeButton->deleteLater();
    }
    QWidget *current = m_tabs->currentWidget();
    if (!current || current == m_allTab)
        return;
    m_closeButton = new TabCloseButton(bar);
    connect(m_closeButton, &QAbstractButton::clicked, this, [this] { closeTabAt(m_tabs->currentIndex()); });
    bar->setTabButton(m_tabs->currentIndex(), side, m_closeButton);
    m_closeButtonTab = current;
}

bool ServerWorkspace::eventFilter(QObject *watched, QEvent *event)
{
    // A middle click closes the tab under the pointer, as in browsers.
    if (watched == m_tabs->tabBar() && event->type() == QEvent::MouseButtonRelease) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() == Qt::MiddleButton) {
            if (const int index = m_tabs->tabBar()->tabAt(mouse->position().toPoint()); index >= 0) {
                closeTabAt(index);
                return true;
            }
        }
    }
    return QObject::eventFilter(watched, event);
}

void ServerWorkspace::updateBackground()
{
    const ServerTab *shown = currentTab();
    const QStringList visible = shown ? shown->servers() : QStringList();
    const QSet<QString> foreground(visible.cbegin(), visible.cend());
    QSet<QString> background;
    for (const QString &server : m_scheduler->servers()) {
        if (!foreground.contains(server))
            background.insert(server);
    }
    m_scheduler->setBackground(background);
}

ServerTab *ServerWorkspace::currentTab() const
{
    return qobject_cast<ServerTab *>(m_tabs->currentWidget());
}

QStringList ServerWorkspace::servers() const
{
    QStringList servers;
    for (int i = 0; i < m_tabs->count(); ++i) {
        const auto *tab = qobject_cast<const ServerTab *>(m_tabs->widget(i));
        if (tab && !tab->isAllServers())
            servers.append(tab->server());
    }
    return servers;
}

QList<ServerTab *> ServerWorkspace::tabsShowing(const QString &server) const
{
    QList<ServerTab *> tabs{m_allTab};
    if (ServerTab *tab = m_serverTabs.value(server))
        tabs.append(tab);
    for (ServerTab *tab : m_groupTabs) {
        if (tab->servers().contains(server))
            tabs.append(tab);
    }
    return tabs;
}

bool ServerWorkspace::isListingProcesses() const
{
    const auto listing = [](const ServerTab *tab) { return tab->processes()->refresher()->hasInFlight(); };
    return listing(m_allTab) || std::any_of(m_serverTabs.cbegin(), m_serverTabs.cend(), listing)
           || std::any_of(m_groupTabs.cbegin(), m_groupTabs.cend(), listing);
}

void ServerWorkspace::configureTab(ServerTab *tab)
{
    connect(tab->processes()->refresher(), &ProcessRefresher::listed, this, &ServerWorkspace::processesListed);
    connect(tab, &ServerTab::contextMenuRequested, this, &ServerWorkspace::contextMenuRequested);
    connect(tab, &ServerTab::processContextMenuRequested, this, &ServerWorkspace::processContextMenuRequested);
    connect(tab, &ServerTab::selectionChanged, this, &ServerWorkspace::selectionChanged);
    connect(tab, &ServerTab::retryRequested, this, [this](const QStringList &servers) {
        for (const QString &server : servers)
            m_scheduler->refreshNow(server);
    });
    connect(tab, &ServerTab::columnsChanged, this, [this, tab] {
        for (const QString &server : tab->servers())
            updateWantedTotals(server);
        Q_EMIT columnsChanged(tab);
    });
}

void ServerWorkspace::openAtStart(const QStringList &requested, const QStringList &saved)
{
    const QStringList &servers = requested.isEmpty() ? saved : requested;
    m_probingLocal = servers.isEmpty();
    const QStringList open = m_probingLocal ? QStringList{LocalServer} : servers;
    for (const QString &text : open) {
        const ServerAddress address = ServerAddress::parse(text);
        if (address.isValid())
            addServer(address, false);
    }
    m_tabs->setCurrentIndex(m_serverTabs.size() == 1 ? 1 : 0);
}

ServerTab *ServerWorkspace::openTab(const ServerAddress &address, bool byUser, bool show)
{
    const QString server = address.toString();
    if (ServerTab *open = m_serverTabs.value(server)) {
        m_tabs->setCurrentWidget(open);
        return nullptr;
    }
    auto *tab = new ServerTab(server, m_scheduler, &m_processPool, m_tabs);
    configureTab(tab);
    connect(tab, &ServerTab::failingChanged, this,
            [this, tab](const QString &server, bool failing) { markFailing(tab, server, failing); });
    Q_EMIT tabCreated(tab);
    m_serverTabs.insert(server, tab);
    const int index = m_tabs->addTab(tab, address.displayName());
    m_tabs->setTabToolTip(index, plainToolTip(server));
    m_allTab->addServer(server);
    m_tree.addOpenServer(server);
    if (m_connecting.isEmpty())
        m_connectTotal = 0;
    m_connecting.insert(server);
    ++m_connectTotal;
    Q_EMIT connectProgress(m_connectTotal - int(m_connecting.size()), m_connectTotal);
    for (const QString &group : m_tree.groups().groupsOf(server))
        syncGroupTab(group);
    if (show)
        m_tabs->setCurrentWidget(tab);
    Q_EMIT serverOpened(server, byUser);
    return tab;
}

void ServerWorkspace::addServer(const ServerAddress &address, bool byUser)
{
    open(address, byUser, byUser);
}

void ServerWorkspace::open(const ServerAddress &address, bool byUser, bool show)
{
    // An invalid address has no key but the empty one, which is the All servers tab's.
    if (!address.isValid())
        return;
    if (openTab(address, byUser, show))
        m_scheduler->addServer(address);
}

void ServerWorkspace::addSource(std::shared_ptr<SessionSource> source)
{
    if (openTab(source->address(), false, false))
        m_scheduler->addSource(std::move(source));
}

void ServerWorkspace::addServers(const QList<ServerAddress> &addresses)
{
    // Showing each new tab in turn would lay out and hide every one, and tell the scheduler
    // each time which servers are shown; a visible tab bar lays out all its tabs on each
    // insertion. Either is quadratic in the servers: the bar is laid out once, at the end.
    QTabBar *bar = m_tabs->tabBar();
    const bool hideBar = addresses.size() > 1 && bar->isVisible();
    if (hideBar)
        bar->hide();
    for (const ServerAddress &address : addresses) {
        if (address.isValid() && !m_serverTabs.contains(address.toString()))
            open(address, true, false);
    }
    if (hideBar)
        bar->show();
}

void ServerWorkspace::showServer(const QString &server)
{
    if (ServerTab *tab = m_serverTabs.value(server)) {
        m_tabs->setCurrentWidget(tab);
        return;
    }
    addServer(ServerAddress::parse(server), true);
}

void ServerWorkspace::showGroup(const QString &group)
{
    if (!m_tree.groups().contains(group))
        return;
    ServerTab *tab = m_groupTabs.value(group);
    if (!tab) {
        tab = new ServerTab({}, m_scheduler, &m_processPool, m_tabs);
        configureTab(tab);
        Q_EMIT tabCreated(tab);
        tab->setAccessibleName(tr("All servers of %1").arg(group));
        m_groupTabs.insert(group, tab);
        const int index = m_tabs->addTab(tab, groupTabTitle(group));
        m_tabs->setTabToolTip(index, plainToolTip(tr("The sessions of every open server of the group %1").arg(group)));
        syncGroupTab(group);
    }
    m_tabs->setCurrentWidget(tab);
}

QString ServerWorkspace::groupOf(const ServerTab *tab) const
{
    for (auto it = m_groupTabs.cbegin(); it != m_groupTabs.cend(); ++it) {
        if (it.value() == tab)
            return it.key();
    }
    return {};
}

void ServerWorkspace::showAllServers()
{
    m_tabs->setCurrentWidget(m_allTab);
}

void ServerWorkspace::syncGroupTab(const QString &group)
{
    ServerTab *tab = m_groupTabs.value(group);
    if (!tab)
        return;
    const QStringList members = m_tree.groups().members(group);
    for (const QString &server : tab->servers()) {
        if (!members.contains(server) || !m_serverTabs.contains(server))
            tab->removeServer(server);
    }
    for (const QString &server : members) {
        if (!m_serverTabs.contains(server) || tab->servers().contains(server))
            continue;
        tab->addServer(server);
        // Its rows come with its next refresh: at once, not an interval later.
        m_scheduler->refreshNow(server);
    }
}

void ServerWorkspace::renameGroupTab(const QString &from, const QString &to)
{
    ServerTab *tab = m_groupTabs.take(from);
    if (!tab)
        return;
    m_groupTabs.insert(to, tab);
    m_tabs->setTabText(m_tabs->indexOf(tab), groupTabTitle(to));
    tab->setAccessibleName(tr("All servers of %1").arg(to));
}

void ServerWorkspace::closeGroupTab(const QString &group)
{
    ServerTab *tab = m_groupTabs.take(group);
    if (!tab)
        return;
    m_tabs->removeTab(m_tabs->indexOf(tab));
    tab->deleteLater();
}

void ServerWorkspace::settleConnecting(const QString &server)
{
    if (m_connecting.remove(server))
        Q_EMIT connectProgress(m_connectTotal - int(m_connecting.size()), m_connectTotal);
}

void ServerWorkspace::closeServer(const QString &server, bool byUser)
{
    ServerTab *tab = m_serverTabs.take(server);
    if (!tab)
        return;
    m_scheduler->removeServer(server);
    m_allTab->removeServer(server);
    for (ServerTab *groupTab : std::as_const(m_groupTabs))
        groupTab->removeServer(server);
    m_tree.removeOpenServer(server);
    settleConnecting(server);
    m_tabs->removeTab(m_tabs->indexOf(tab));
    tab->deleteLater();
    Q_EMIT serverClosed(server, byUser);
}

void ServerWorkspace::closeTabAt(int index)
{
    const auto *tab = qobject_cast<ServerTab *>(m_tabs->widget(index));
    if (tab && !tab->isAllServers()) {
        closeServer(tab->server());
        return;
    }
    if (const QString group = groupOf(tab); !group.isEmpty())
        closeGroupTab(group);
}

void ServerWorkspace::refreshCurrentTab()
{
    if (const ServerTab *tab = currentTab()) {
        for (const QString &server : tab->servers())
            m_scheduler->refreshNow(server);
    }
}

void ServerWorkspace::tabMoved()
{
    // The All servers tab stays first.
    if (const int all = m_tabs->indexOf(m_allTab); all != 0) {
        m_tabs->tabBar()->moveTab(all, 0);
        return;
    }
    Q_EMIT tabsReordered();
}

void ServerWorkspace::markFailing(ServerTab *tab, const QString &server, bool failing)
{
    const int index = m_tabs->indexOf(tab);
    const std::optional<SessionError> error = tab->status(server).lastError;
    m_tabs->setTabIcon(index, failing ? m_tabs->style()->standardIcon(QStyle::SP_MessageBoxWarning) : QIcon());
    m_tabs->setTabToolTip(index,
                          plainToolTip(failing && error ? server + QLatin1Char('\n') + error->toString() : server));
    Q_EMIT failingChanged(server, failing);
}

void ServerWorkspace::routeRefreshStarted(const QString &server, const RefreshScheduler::ServerStatus &status)
{
    for (ServerTab *tab : tabsShowing(server))
        tab->refreshStarted(server, status);
}

void ServerWorkspace::routeRefreshFinished(const QString &server, const EnumerateResult &result,
                                           const QDateTime &observedAt, const RefreshScheduler::ServerStatus &status)
{
    if (!m_serverTabs.contains(server))
        return; // closed meanwhile
    for (ServerTab *tab : tabsShowing(server))
        tab->refreshFinished(server, result, observedAt, status);
    if (result.ok())
        m_tree.setServerCounts(server, ServerTreeModel::countsOf(result.value()));
    else
        m_tree.setServerFailing(server, true, result.error().toString());
    settleConnecting(server);
    updateWantedTotals(server);
    if (m_probingLocal && server == LocalServer) {
        m_probingLocal = false;
        if (!result.ok()) {
            // Not from inside the scheduler's signal, which may come from addServer itself.
            QMetaObject::invokeMethod(
                this, [this, error = result.error()] { fallBackToDemo(error); }, Qt::QueuedConnection);
        }
    }
}

void ServerWorkspace::updateWantedTotals(const QString &server)
{
    const std::shared_ptr<SessionSource> source = m_scheduler->source(server);
    if (!source || !source->capabilities().testFlag(SessionSource::Capability::ResourceTotals))
        return;
    const QList<ServerTab *> showing = tabsShowing(server);
    const bool want = std::any_of(showing.cbegin(), showing.cend(),
                                  [](const ServerTab *tab) { return tab->view()->showsResourceColumns(); });
    if (want == source->wantsResourceTotals())
        return;
    source->setWantResourceTotals(want);
    // Filled at once rather than at the next tick.
    if (want)
        m_scheduler->refreshNow(server);
}

void ServerWorkspace::fallBackToDemo(const SessionError &error)
{
    closeServer(LocalServer, false);
    const QStringList farm = demoFarm();
    for (const QString &text : farm)
        addServer(ServerAddress::parse(text), false);
    Q_EMIT demoFallbackOpened(farm);
    m_tabs->setCurrentIndex(0);
    m_note->showMessage(ErrorBanner::Severity::Note,
                        tr("<b>No session manager answered on this computer</b> (%1), so the <b>demo farm</b> "
                           "is shown: simulated servers with made-up sessions. Add real servers with "
                           "File › Add Server (Ctrl+T).")
                            .arg(error.toString().toHtmlEscaped()));
}
