#include "MainWindow.h"

#include "ActionProgressDialog.h"
#include "AddServerDialog.h"
#include "CsvExporter.h"
#include "DisplayText.h"
#include "ErrorBanner.h"
#include "LogoffConfirmDialog.h"
#include "SendMessageDialog.h"
#include "ServerTab.h"
#include "SessionFilterProxyModel.h"
#include "SessionTableModel.h"
#include "SessionTableView.h"

#include <QActionGroup>
#include <QLocale>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QFile>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

#include <cstdio>
#include <cstdlib>

using namespace std::chrono_literals;

namespace {

// "1 session" or "3 sessions", with the number in the user's locale. (tr()'s %n would show
// "session(s)" while no translation is loaded.)
QString counted(int n, const QString &one, const QString &many)
{
    const QString &text = n == 1 ? one : many;
    return text.contains(QLatin1String("%1")) ? text.arg(QLocale().toString(n)) : text;
}

const QString LocalServer = QStringLiteral("local");

QIcon themeIcon(const char *name, QStyle::StandardPixmap fallback, const QStyle *style)
{
    return QIcon::fromTheme(QString::fromLatin1(name), style->standardIcon(fallback));
}

} // namespace

QStringList MainWindow::demoFarm()
{
    return {QStringLiteral("demo:farm1"), QStringLiteral("demo:farm2")};
}

MainWindow::MainWindow(const Options &options, QWidget *parent)
    : QMainWindow(parent)
    , m_settings(options.settingsFile)
    , m_scheduler(new RefreshScheduler(this, options.refreshThreads))
    , m_tabs(new QTabWidget(this))
    , m_allTab(new ServerTab({}, this))
    , m_note(new ErrorBanner(this))
    , m_summary(new QLabel(this))
    , m_jobProgress(new QProgressBar(this))
{
    setWindowTitle(tr("Session Console"));
    setWindowIcon(QIcon(QStringLiteral(":/session-console/session-console.svg")));
    m_actionPool.setMaxThreadCount(std::max(1, options.actionThreads));
    m_actionPool.setObjectName(QStringLiteral("actions"));

    const ConsoleSettings::Values &saved = m_settings.values();
    m_savedServers = saved.servers;
    m_recent = saved.recentServers;
    m_serverColumns = saved.serverColumns;
    m_scheduler->setInterval(saved.interval);

    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setUsesScrollButtons(true);
    m_tabs->setAccessibleName(tr("Servers"));
    m_tabs->addTab(m_allTab, tr("All servers"));
    m_tabs->setTabToolTip(0, tr("The sessions of every server"));
    m_tabs->tabBar()->setTabButton(0, QTabBar::RightSide, nullptr);
    m_tabs->tabBar()->setTabButton(0, QTabBar::LeftSide, nullptr);
    configureTab(m_allTab);
    m_applyingLayout = true;
    m_allTab->view()->restoreLayout(saved.allColumns);
    m_applyingLayout = false;

    m_note->setClosable(true);
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_note);
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    m_summary->setAccessibleName(tr("Refresh summary"));
    m_jobProgress->setAccessibleName(tr("Action progress"));
    m_jobProgress->setMaximumWidth(260);
    m_jobProgress->setVisible(false);
    statusBar()->addWidget(m_summary, 1);
    statusBar()->addPermanentWidget(m_jobProgress);

    createActions();
    createMenus();

    connect(m_scheduler, &RefreshScheduler::refreshStarted, this, &MainWindow::onRefreshStarted);
    connect(m_scheduler, &RefreshScheduler::refreshFinished, this, &MainWindow::onRefreshFinished);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::currentTabChanged);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTabAt);
    connect(m_tabs->tabBar(), &QTabBar::tabMoved, this, &MainWindow::tabMoved);
    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(1000);
    connect(&m_saveTimer, &QTimer::timeout, this, &MainWindow::saveSettings);

    if (!m_settings.warnings().isEmpty()) {
        QString html = tr("<b>The settings could not be read</b>; the defaults are used, and the file is left "
                          "as it is until you change something.");
        for (const QString &warning : m_settings.warnings().mid(0, 3))
            html += QStringLiteral("<br>") + warning.toHtmlEscaped();
        m_note->showMessage(ErrorBanner::Severity::Error, html);
    }

    if (!restoreGeometry(saved.windowGeometry))
        resize(1180, 680);
    restoreState(saved.windowState);

    // Command line first, then the saved list, then this computer with the demo farm behind it.
    QStringList servers = options.servers;
    if (options.demo)
        servers += demoFarm();
    if (servers.isEmpty())
        servers = m_savedServers;
    if (servers.isEmpty()) {
        servers = {LocalServer};
        m_probingLocal = true;
    }
    for (const QString &text : std::as_const(servers)) {
        const ServerAddress address = ServerAddress::parse(text);
        if (address.isValid())
            addServer(address, false);
    }
    m_tabs->setCurrentIndex(m_serverTabs.size() == 1 ? 1 : 0);
    updateSummary();
    updateActions();
}

MainWindow::~MainWindow()
{
    // The jobs go at once; the action pool, a member, then waits for their workers.
    for (ActionJob *job : std::as_const(m_jobs))
        job->cancel();
    qDeleteAll(m_jobs);
    m_jobs.clear();
    // The tabs are deleted after this destructor, and still signal as they go (a header
    // resized while a window that never closed is torn down): nothing may reach this one.
    const QList<ServerTab *> tabs = findChildren<ServerTab *>();
    for (const ServerTab *tab : tabs)
        disconnect(tab, nullptr, this, nullptr);
    disconnect(m_tabs, nullptr, this, nullptr);
    disconnect(m_tabs->tabBar(), nullptr, this, nullptr);
    disconnect(m_scheduler, nullptr, this, nullptr);
}

ServerTab *MainWindow::currentTab() const
{
    return qobject_cast<ServerTab *>(m_tabs->currentWidget());
}

void MainWindow::createActions()
{
    const QStyle *style = this->style();
    m_addServer = new QAction(themeIcon("list-add", QStyle::SP_FileDialogNewFolder, style), tr("&Add Server…"), this);
    m_addServer->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    m_addServer->setToolTip(tr("Add a server tab (Ctrl+T)"));
    connect(m_addServer, &QAction::triggered, this, &MainWindow::openAddServerDialog);

    m_closeTab = new QAction(tr("&Close Tab"), this);
    m_closeTab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    connect(m_closeTab, &QAction::triggered, this, [this] { closeTabAt(m_tabs->currentIndex()); });

    m_export = new QAction(themeIcon("document-save-as", QStyle::SP_DialogSaveButton, style), tr("&Export to CSV…"), this);
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_export->setToolTip(tr("Save the rows shown in this tab as CSV (Ctrl+E)"));
    connect(m_export, &QAction::triggered, this, &MainWindow::openExportDialog);

    m_quit = new QAction(tr("&Quit"), this);
    // Not QKeySequence::Quit, which is empty where the platform theme names no key for it.
    m_quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quit->setShortcutContext(Qt::ApplicationShortcut); // also from a progress dialog
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);

    m_refresh = new QAction(themeIcon("view-refresh", QStyle::SP_BrowserReload, style), tr("&Refresh"), this);
    m_refresh->setShortcut(QKeySequence(Qt::Key_F5));
    m_refresh->setToolTip(tr("Refresh the servers of this tab now (F5)"));
    connect(m_refresh, &QAction::triggered, this, [this] {
        if (ServerTab *tab = currentTab()) {
            for (const QString &server : tab->servers())
                m_scheduler->refreshNow(server);
        }
    });

    m_pause = new QAction(themeIcon("media-playback-pause", QStyle::SP_MediaPause, style), tr("&Pause Refresh"), this);
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Stop refreshing periodically; F5 still refreshes"));
    connect(m_pause, &QAction::toggled, m_scheduler, &RefreshScheduler::setPaused);
    connect(m_scheduler, &RefreshScheduler::pausedChanged, this, &MainWindow::updateSummary);

    m_filter = new QAction(tr("&Filter…"), this);
    m_filter->setShortcut(QKeySequence::Find);
    connect(m_filter, &QAction::triggered, this, [this] {
        if (ServerTab *tab = currentTab())
            tab->focusFilter();
    });

    m_logoff = new QAction(themeIcon("system-log-out", QStyle::SP_DialogCloseButton, style), tr("&Log Off…"), this);
    m_logoff->setShortcut(QKeySequence::Delete);
    m_logoff->setToolTip(tr("Log off the selected sessions (Delete)"));
    connect(m_logoff, &QAction::triggered, this, &MainWindow::confirmLogoff);

    m_disconnect = new QAction(tr("&Disconnect"), this);
    m_disconnect->setToolTip(tr("Disconnect the selected sessions; they keep running"));
    connect(m_disconnect, &QAction::triggered, this, &MainWindow::disconnectSelected);

    m_sendMessage = new QAction(themeIcon("mail-send", QStyle::SP_MessageBoxInformation, style), tr("Send &Message…"), this);
    m_sendMessage->setToolTip(tr("Show a message in the selected sessions"));
    connect(m_sendMessage, &QAction::triggered, this, &MainWindow::openSendMessageDialog);

    m_lock = new QAction(tr("Loc&k"), this);
    m_lock->setToolTip(tr("Lock the screens of the selected sessions"));
    connect(m_lock, &QAction::triggered, this, &MainWindow::lockSelected);

    m_copy = new QAction(tr("&Copy"), this);
    m_copy->setShortcut(QKeySequence::Copy);
    m_copy->setToolTip(tr("Copy the selected rows as tab-separated text"));
    connect(m_copy, &QAction::triggered, this, &MainWindow::copySelected);

    m_about = new QAction(tr("&About Session Console"), this);
    m_about->setMenuRole(QAction::AboutRole);
    connect(m_about, &QAction::triggered, this, &MainWindow::showAbout);

    m_staleNote = new QAction(this);
    m_staleNote->setEnabled(false);
    m_staleNote->setVisible(false);
    m_contextMenu = new QMenu(this);
    m_contextMenu->addAction(m_staleNote);
    m_contextMenu->addActions({m_logoff, m_disconnect, m_sendMessage, m_lock});
    m_contextMenu->addSeparator();
    m_contextMenu->addActions({m_copy, m_refresh});
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addActions({m_addServer, m_closeTab});
    file->addSeparator();
    file->addAction(m_export);
    file->addSeparator();
    file->addAction(m_quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addActions({m_refresh, m_pause});
    m_intervalMenu = view->addMenu(tr("Refresh &Interval"));
    auto *intervals = new QActionGroup(m_intervalMenu);
    for (const int seconds : {1, 2, 5, 10, 30, 60}) {
        QAction *choice = m_intervalMenu->addAction(counted(seconds, tr("Every second"), tr("Every %1 seconds")));
        choice->setCheckable(true);
        choice->setChecked(m_scheduler->interval() == std::chrono::seconds(seconds));
        choice->setActionGroup(intervals);
        connect(choice, &QAction::triggered, this, [this, seconds] { setRefreshInterval(std::chrono::seconds(seconds)); });
    }
    view->addSeparator();
    view->addAction(m_filter);

    QMenu *action = menuBar()->addMenu(tr("&Action"));
    action->addActions({m_logoff, m_disconnect, m_sendMessage, m_lock});
    action->addSeparator();
    action->addAction(m_copy);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_about);

    QToolBar *tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("MainToolBar"));
    tools->setMovable(false);
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tools->setIconSize(QSize(16, 16));
    tools->addActions({m_addServer, m_refresh, m_pause});
    tools->addSeparator();
    tools->addActions({m_logoff, m_sendMessage});
    tools->addSeparator();
    tools->addAction(m_export);
}

ServerTab *MainWindow::createTab(const QString &server)
{
    auto *tab = new ServerTab(server, m_tabs);
    configureTab(tab);
    m_applyingLayout = true;
    tab->view()->restoreLayout(m_serverColumns);
    m_applyingLayout = false;
    return tab;
}

void MainWindow::configureTab(ServerTab *tab)
{
    connect(tab, &ServerTab::contextMenuRequested, this, &MainWindow::showContextMenu);
    connect(tab, &ServerTab::selectionChanged, this, &MainWindow::updateActions);
    connect(tab, &ServerTab::retryRequested, this, [this](const QStringList &servers) {
        for (const QString &server : servers)
            m_scheduler->refreshNow(server);
    });
    connect(tab, &ServerTab::columnsChanged, this, [this, tab] { columnsChanged(tab); });
}

ServerTab *MainWindow::openTab(const ServerAddress &address, bool byUser)
{
    const QString server = address.toString();
    if (ServerTab *open = m_serverTabs.value(server)) {
        m_tabs->setCurrentWidget(open);
        return nullptr;
    }
    ServerTab *tab = createTab(server);
    m_serverTabs.insert(server, tab);
    const int index = m_tabs->addTab(tab, address.displayName());
    m_tabs->setTabToolTip(index, plainToolTip(server));
    m_allTab->addServer(server);
    if (byUser) {
        m_recent.removeAll(server);
        m_recent.prepend(server);
        m_recent = m_recent.mid(0, ConsoleSettings::MaxRecent);
        m_tabs->setCurrentWidget(tab);
        serverListChangedByUser();
    }
    updateSummary();
    return tab;
}

void MainWindow::addServer(const ServerAddress &address, bool byUser)
{
    // An invalid address has no key but the empty one, which is the All servers tab's.
    if (!address.isValid())
        return;
    if (openTab(address, byUser))
        m_scheduler->addServer(address);
}

void MainWindow::addSource(std::shared_ptr<SessionSource> source)
{
    if (openTab(source->address(), false))
        m_scheduler->addSource(std::move(source));
}

void MainWindow::closeServer(const QString &server, bool byUser)
{
    ServerTab *tab = m_serverTabs.take(server);
    if (!tab)
        return;
    m_scheduler->removeServer(server);
    m_allTab->removeServer(server);
    m_transient.remove(server);
    m_tabs->removeTab(m_tabs->indexOf(tab));
    tab->deleteLater();
    if (byUser)
        serverListChangedByUser();
    updateSummary();
}

void MainWindow::closeTabAt(int index)
{
    const auto *tab = qobject_cast<ServerTab *>(m_tabs->widget(index));
    if (tab && !tab->isAllServers())
        closeServer(tab->server());
}

void MainWindow::tabMoved()
{
    // The All servers tab stays first.
    if (const int all = m_tabs->indexOf(m_allTab); all != 0) {
        m_tabs->tabBar()->moveTab(all, 0);
        return;
    }
    serverListChangedByUser();
}

void MainWindow::serverListChangedByUser()
{
    m_serverListEdited = true;
    scheduleSave(true);
}

void MainWindow::setRefreshInterval(std::chrono::milliseconds interval, bool byUser)
{
    m_scheduler->setInterval(ConsoleSettings::clampInterval(interval));
    const auto choices = m_intervalMenu->actions();
    const int seconds = int(std::chrono::duration_cast<std::chrono::seconds>(m_scheduler->interval()).count());
    for (QAction *choice : choices)
        choice->setChecked(choice->text() == counted(seconds, tr("Every second"), tr("Every %1 seconds")));
    updateSummary();
    scheduleSave(byUser);
}

void MainWindow::columnsChanged(ServerTab *tab)
{
    if (m_applyingLayout)
        return;
    if (!tab->isAllServers())
        m_serverColumns = tab->view()->horizontalHeader()->saveState();
    // Layouts alone do not count as the user's change of a file that could not be read.
    scheduleSave(false);
}

void MainWindow::currentTabChanged()
{
    ServerTab *tab = currentTab();
    // Server tabs share one column layout; a tab picks up changes made in another.
    if (tab && !tab->isAllServers() && !m_serverColumns.isEmpty()
        && tab->view()->horizontalHeader()->saveState() != m_serverColumns) {
        m_applyingLayout = true;
        tab->view()->restoreLayout(m_serverColumns);
        m_applyingLayout = false;
    }
    m_closeTab->setEnabled(tab && !tab->isAllServers());
    updateActions();
}

void MainWindow::onRefreshStarted(const QString &server, const RefreshScheduler::ServerStatus &status)
{
    if (ServerTab *tab = m_serverTabs.value(server))
        tab->refreshStarted(server, status);
    m_allTab->refreshStarted(server, status);
}

void MainWindow::onRefreshFinished(const QString &server, const EnumerateResult &result, const QDateTime &observedAt,
                                   const RefreshScheduler::ServerStatus &status)
{
    ServerTab *tab = m_serverTabs.value(server);
    if (!tab)
        return; // closed meanwhile
    const bool wasFailing = tab->isFailing(server);
    tab->refreshFinished(server, result, observedAt, status);
    m_allTab->refreshFinished(server, result, observedAt, status);
    if (wasFailing != tab->isFailing(server)) {
        const int index = m_tabs->indexOf(tab);
        m_tabs->setTabIcon(index, tab->isFailing(server) ? style()->standardIcon(QStyle::SP_MessageBoxWarning) : QIcon());
        m_tabs->setTabToolTip(index, plainToolTip(tab->isFailing(server)
                                                      ? server + QLatin1Char('\n') + result.error->toString()
                                                      : server));
        updateActions();
    }
    quitIfIdle();
    if (m_probingLocal && server == LocalServer) {
        m_probingLocal = false;
        if (!result.ok()) {
            // Not from inside the scheduler's signal, which may come from addServer itself.
            QMetaObject::invokeMethod(this, [this, error = *result.error] { fallBackToDemo(error); },
                                      Qt::QueuedConnection);
        }
    }
}

void MainWindow::fallBackToDemo(const SessionError &error)
{
    closeServer(LocalServer, false);
    for (const QString &text : demoFarm()) {
        m_transient.insert(text);
        addServer(ServerAddress::parse(text), false);
    }
    m_tabs->setCurrentIndex(0);
    m_note->showMessage(ErrorBanner::Severity::Note,
                        tr("<b>No session manager answered on this computer</b> (%1), so the <b>demo farm</b> "
                           "is shown: simulated servers with made-up sessions. Add real servers with "
                           "File › Add Server (Ctrl+T).")
                            .arg(error.toString().toHtmlEscaped()));
}

void MainWindow::updateSummary()
{
    const int servers = int(m_serverTabs.size());
    const qint64 seconds = std::chrono::duration_cast<std::chrono::seconds>(m_scheduler->interval()).count();
    QString text = counted(servers, tr("%1 server"), tr("%1 servers")) + QStringLiteral("  ·  ");
    text += m_scheduler->isPaused() ? tr("Refresh paused (F5 refreshes)")
                                    : counted(int(seconds), tr("Refreshing every second"), tr("Refreshing every %1 seconds"));
    m_summary->setText(text);
}

void MainWindow::updateActions()
{
    ServerTab *tab = currentTab();
    const QList<Session> selected = tab ? tab->selectedSessions() : QList<Session>();
    // An action is offered when every selected row's server can do it.
    SessionSource::Capabilities common = selected.isEmpty() ? SessionSource::Capabilities{}
                                                            : SessionSource::Capabilities(0xff);
    QSet<QString> seen;
    for (const Session &session : selected) {
        if (!seen.contains(session.server)) {
            seen.insert(session.server);
            common &= m_scheduler->capabilities(session.server);
        }
    }
    // Rows of a server that is not answering may name logons that are gone or whose ids
    // now belong to someone else: nothing is done to them until a fresh list comes.
    const QStringList stale = staleServers(selected);
    if (!stale.isEmpty())
        common = {};
    m_staleNote->setVisible(!stale.isEmpty());
    if (!stale.isEmpty()) {
        const QString first = serverDisplayName(stale.first());
        m_staleNote->setText(stale.size() == 1
                                 ? tr("%1 is not answering: actions wait for a fresh list").arg(first)
                                 : tr("%1 and %2 more are not answering: actions wait for a fresh list")
                                       .arg(first, QLocale().toString(stale.size() - 1)));
    }
    m_logoff->setEnabled(common.testFlag(SessionSource::Capability::Logoff));
    m_disconnect->setEnabled(common.testFlag(SessionSource::Capability::Disconnect));
    m_sendMessage->setEnabled(common.testFlag(SessionSource::Capability::SendMessage));
    m_lock->setEnabled(common.testFlag(SessionSource::Capability::Lock));
    m_copy->setEnabled(!selected.isEmpty());
}

void MainWindow::showContextMenu(const QPoint &globalPos)
{
    updateActions();
    m_contextMenu->popup(globalPos);
}

void MainWindow::openAddServerDialog()
{
    auto *dialog = new AddServerDialog(m_recent, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { addServer(dialog->address()); });
    dialog->open();
}

void MainWindow::confirmLogoff()
{
    ServerTab *tab = currentTab();
    if (!tab || !m_logoff->isEnabled())
        return;
    const QList<Session> sessions = tab->selectedSessions();
    if (sessions.isEmpty())
        return;
    auto *dialog = new LogoffConfirmDialog(sessions, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, tab = QPointer<ServerTab>(tab)] {
        // The list may have moved on while the dialog was open.
        const QList<Session> confirmed = stillListed(tab, dialog->sessions());
        if (confirmed.isEmpty())
            return;
        ActionJob::Options options;
        options.kind = ActionJob::Kind::Logoff;
        options.wait = dialog->waitUntilLoggedOff();
        startAction(options, confirmed);
    });
    dialog->open();
}

void MainWindow::disconnectSelected()
{
    if (ServerTab *tab = currentTab(); tab && m_disconnect->isEnabled()) {
        ActionJob::Options options;
        options.kind = ActionJob::Kind::Disconnect;
        startAction(options, tab->selectedSessions());
    }
}

void MainWindow::openSendMessageDialog()
{
    ServerTab *tab = currentTab();
    if (!tab || !m_sendMessage->isEnabled())
        return;
    const QList<Session> sessions = tab->selectedSessions();
    auto *dialog = new SendMessageDialog(int(sessions.size()), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, sessions] {
        ActionJob::Options options;
        options.kind = ActionJob::Kind::SendMessage;
        options.wait = false;
        options.title = dialog->title();
        options.text = dialog->text();
        startAction(options, sessions);
    });
    dialog->open();
}

void MainWindow::lockSelected()
{
    if (ServerTab *tab = currentTab(); tab && m_lock->isEnabled()) {
        ActionJob::Options options;
        options.kind = ActionJob::Kind::Lock;
        startAction(options, tab->selectedSessions());
    }
}

void MainWindow::setPending(const Session &session, const QString &label)
{
    const SessionKey key = SessionKey::of(session);
    for (ServerTab *tab : {m_allTab, m_serverTabs.value(session.server)}) {
        if (tab)
            tab->model()->setPending(key, label);
    }
}

QStringList MainWindow::staleServers(const QList<Session> &sessions) const
{
    QStringList stale;
    for (const Session &session : sessions) {
        if (m_allTab->isFailing(session.server) && !stale.contains(session.server))
            stale.append(session.server);
    }
    return stale;
}

QList<Session> MainWindow::stillListed(ServerTab *tab, const QList<Session> &sessions)
{
    if (tab)
        tab->flushNow(); // a snapshot held back for a few milliseconds counts
    QList<Session> kept;
    QStringList dropped;
    for (const Session &session : sessions) {
        const QString server = serverDisplayName(session.server);
        const std::optional<Session> now = tab ? tab->listedSession(session.server, session.id) : std::nullopt;
        if (m_allTab->isFailing(session.server)) {
            dropped.append(tr("%1 is not answering, so session %2 may no longer be %3's: actions wait for a fresh list.")
                               .arg(server, session.id, session.user));
        } else if (!now) {
            dropped.append(tr("%1: session %2 (%3) is no longer listed.").arg(server, session.id, session.user));
        } else if (const std::optional<SessionError> changed = SessionRef::of(session).verify(now->user, now->logonTime);
                   changed || SessionKey::of(*now) != SessionKey::of(session)) {
            dropped.append(changed ? tr("%1: %2.").arg(server, changed->message)
                                   : tr("%1: session %2 is now another logon.").arg(server, session.id));
        } else {
            kept.append(session);
        }
    }
    if (!dropped.isEmpty()) {
        QString html = QStringLiteral("<b>%1</b>").arg(
            counted(int(dropped.size()), tr("1 session was not logged off:"), tr("%1 sessions were not logged off:"))
                .toHtmlEscaped());
        for (const QString &line : std::as_const(dropped))
            html += QStringLiteral("<br>") + line.toHtmlEscaped();
        m_note->showMessage(ErrorBanner::Severity::Error, html);
    }
    return kept;
}

ActionJob *MainWindow::startAction(const ActionJob::Options &options, const QList<Session> &sessions)
{
    QList<ActionJob::Target> targets;
    for (const Session &session : sessions) {
        if (std::shared_ptr<SessionSource> source = m_scheduler->source(session.server))
            targets.append({std::move(source), session});
    }
    if (targets.isEmpty())
        return nullptr;

    auto *job = new ActionJob(options, targets, &m_actionPool, this);
    m_jobs.append(job);
    const QString label = ActionJob::progressLabel(options.kind);
    for (const ActionJob::Target &target : std::as_const(targets))
        setPending(target.session, label);

    connect(job, &ActionJob::itemFinished, this, [this, job](int index) {
        // A session logged off keeps its label until a refresh shows it gone.
        const bool gone = job->options().kind == ActionJob::Kind::Logoff && ActionJob::succeeded(job->outcome(index).status);
        if (!gone)
            setPending(job->target(index).session, {});
    });
    connect(job, &ActionJob::progressChanged, this, &MainWindow::updateJobProgress);
    connect(job, &ActionJob::finished, this, [this, job] {
        QSet<QString> servers;
        for (int i = 0; i < job->total(); ++i)
            servers.insert(job->target(i).session.server);
        for (const QString &server : std::as_const(servers)) {
            if (!m_quitWhenIdle)
                m_scheduler->refreshNow(server);
        }
        m_jobs.removeOne(job);
        job->deleteLater();
        updateJobProgress();
        quitIfIdle();
    });

    auto *dialog = new ActionProgressDialog(job, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    Q_EMIT actionStarted(job, dialog);
    job->start();
    updateJobProgress();
    return job;
}

void MainWindow::updateJobProgress()
{
    int finished = 0;
    int total = 0;
    for (const ActionJob *job : std::as_const(m_jobs)) {
        finished += job->finishedCount();
        total += job->total();
    }
    m_jobProgress->setVisible(total > 0);
    if (total == 0)
        return;
    m_jobProgress->setRange(0, total);
    m_jobProgress->setValue(finished);
    m_jobProgress->setFormat(m_jobs.size() == 1 ? tr("%1: %v of %m").arg(ActionJob::kindName(m_jobs.first()->options().kind))
                                                 : tr("%v of %m"));
}

void MainWindow::copySelected()
{
    ServerTab *tab = currentTab();
    if (!tab)
        return;
    const CsvExporter exporter(tab->proxy(), tab->view()->horizontalHeader());
    const QString text = exporter.tabSeparated(tab->view()->selectedRows());
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

bool MainWindow::exportCsv(const QString &fileName) const
{
    const ServerTab *tab = currentTab();
    if (!tab)
        return false;
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    const CsvExporter exporter(tab->proxy(), tab->view()->horizontalHeader());
    return exporter.writeCsv(&file) && file.commit();
}

void MainWindow::openExportDialog()
{
    auto *dialog = new QFileDialog(this, tr("Export Sessions"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setNameFilter(tr("CSV files (*.csv)"));
    dialog->setDefaultSuffix(QStringLiteral("csv"));
    dialog->selectFile(QStringLiteral("sessions-%1.csv")
                           .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm"))));
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &fileName) {
        if (!exportCsv(fileName)) {
            auto *box = new QMessageBox(QMessageBox::Warning, tr("Export Sessions"),
                                        tr("Could not write %1.").arg(fileName), QMessageBox::Ok, this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        } else {
            statusBar()->showMessage(tr("Exported to %1").arg(fileName), 5000);
        }
    });
    dialog->open();
}

void MainWindow::showAbout()
{
    auto *box = new QMessageBox(QMessageBox::NoIcon, tr("About Session Console"),
                                tr("<h3>Session Console %1</h3>"
                                   "<p>See and end interactive login sessions on many servers at once: "
                                   "Windows Remote Desktop Session Hosts and Linux hosts with systemd-logind.</p>")
                                    .arg(QApplication::applicationVersion()),
                                QMessageBox::Ok, this);
    box->setIconPixmap(windowIcon().pixmap(64, 64));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

ConsoleSettings::Values MainWindow::currentValues() const
{
    ConsoleSettings::Values values;
    if (m_serverListEdited) {
        for (int i = 0; i < m_tabs->count(); ++i) {
            const auto *tab = qobject_cast<const ServerTab *>(m_tabs->widget(i));
            if (tab && !tab->isAllServers() && !m_transient.contains(tab->server()))
                values.servers.append(tab->server());
        }
    } else {
        values.servers = m_savedServers;
    }
    values.recentServers = m_recent;
    values.windowGeometry = saveGeometry();
    values.windowState = saveState();
    values.serverColumns = m_serverColumns;
    values.allColumns = m_allTab->view()->horizontalHeader()->saveState();
    values.interval = m_scheduler->interval();
    return values;
}

void MainWindow::scheduleSave(bool byUser)
{
    m_saveByUser = m_saveByUser || byUser;
    m_saveTimer.start();
}

bool MainWindow::saveSettings()
{
    m_settings.setValues(currentValues(), m_saveByUser);
    m_saveByUser = false;
    return m_settings.save();
}

bool MainWindow::hasWorkInFlight() const
{
    if (!m_jobs.isEmpty())
        return true;
    const QStringList servers = m_scheduler->servers();
    return std::any_of(servers.cbegin(), servers.cend(),
                       [this](const QString &server) { return m_scheduler->status(server).refreshing; });
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Saved at the first request: whatever the answer below, the layout is the user's now.
    m_saveTimer.stop();
    saveSettings();
    if (!m_abandoned && hasWorkInFlight()) {
        event->ignore();
        askBeforeQuitting();
        return;
    }
    QMainWindow::closeEvent(event);
}

QMessageBox *MainWindow::quitQuestion() const
{
    return m_quitQuestion;
}

void MainWindow::askBeforeQuitting()
{
    if (m_quitWhenIdle || m_quitQuestion)
        return;
    int sessions = 0;
    for (const ActionJob *job : std::as_const(m_jobs))
        sessions += job->total() - job->finishedCount();
    auto *box = new QMessageBox(QMessageBox::Question, tr("Quit Session Console"),
                                sessions > 0 ? counted(sessions, tr("An action on 1 session is still running."),
                                                       tr("Actions on %1 sessions are still running."))
                                             : tr("Servers are still being refreshed."),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("QuitQuestion"));
    box->setInformativeText(
        tr("Wait: the window closes by itself when the work in progress is done.\n"
           "Abandon: quit now. What has not started is skipped; a call already sent to a server cannot be "
           "called back and may still take effect there."));
    QPushButton *wait = box->addButton(tr("&Wait"), QMessageBox::AcceptRole);
    box->addButton(tr("&Abandon"), QMessageBox::DestructiveRole)->setObjectName(QStringLiteral("Abandon"));
    box->addButton(QMessageBox::Cancel);
    wait->setObjectName(QStringLiteral("Wait"));
    box->setDefaultButton(wait);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, box](QAbstractButton *button) {
        if (box->buttonRole(button) == QMessageBox::AcceptRole)
            waitThenQuit();
        else if (box->buttonRole(button) == QMessageBox::DestructiveRole)
            abandonAndQuit();
    });
    m_quitQuestion = box;
    box->open();
}

void MainWindow::waitThenQuit()
{
    m_quitWhenIdle = true;
    // Nothing new starts: no timed refreshes (the Pause button shows it), no refresh after an action.
    m_pause->setChecked(true);
    m_note->showMessage(ErrorBanner::Severity::Note,
                        tr("<b>Quitting</b> as soon as the running actions and refreshes have finished."));
    m_note->setActionText(tr("&Abandon and Quit"));
    connect(m_note, &ErrorBanner::actionTriggered, this, &MainWindow::abandonAndQuit, Qt::UniqueConnection);
    quitIfIdle();
}

void MainWindow::abandonAndQuit()
{
    m_abandoned = true;
    // A copy: a job whose items were all waiting finishes, and leaves the list, right here.
    const QList<ActionJob *> jobs = m_jobs;
    for (ActionJob *job : jobs)
        job->cancel();
    close();
}

void MainWindow::quitIfIdle()
{
    if (m_quitWhenIdle && !hasWorkInFlight())
        close();
}

int MainWindow::runUntilQuit()
{
    const int code = QApplication::exec();
    if (m_abandoned) {
        std::fflush(nullptr);
        std::_Exit(code);
    }
    return code;
}
