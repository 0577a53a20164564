#include "MainWindow.h"

#include "ActionProgressDialog.h"
#include "AddServerDialog.h"
#include "AuditHistoryDialog.h"
#include "CsvExporter.h"
#include "DisplayText.h"
#include "ErrorBanner.h"
#include "ProcessesView.h"
#include "ServerImportController.h"
#include "ServerTab.h"
#include "ServerTreeDock.h"
#include "SessionDetailsDock.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

namespace {

QIcon themeIcon(const char *name, QStyle::StandardPixmap fallback, const QStyle *style)
{
    return QIcon::fromTheme(QString::fromLatin1(name), style->standardIcon(fallback));
}

} // namespace

MainWindow::MainWindow(const Options &options, QWidget *parent)
    : QMainWindow(parent)
    , m_scheduler(new RefreshScheduler(this, options.refreshThreads))
    , m_note(new ErrorBanner(this))
    , m_summary(new QLabel(this))
    , m_workspace(std::make_unique<ServerWorkspace>(m_scheduler, m_note, this))
    , m_settingsBinder(
          std::make_unique<SettingsBinder>(options.settingsFile, this, m_workspace.get(), m_scheduler, m_note))
    , m_actions(std::make_unique<ActionController>(m_scheduler, m_workspace.get(), m_note, this, options.actionThreads,
                                                   std::make_shared<AuditLog>(AuditLog::Tool::Console,
                                                                              options.auditLog.isEmpty()
                                                                                  ? AuditLog::defaultPath()
                                                                                  : options.auditLog)))
    , m_cleanup(std::make_unique<CleanupController>(m_scheduler, m_workspace.get(), m_actions.get(), this))
    , m_details(new SessionDetailsDock(m_scheduler, this))
    , m_serverTree(new ServerTreeDock(m_workspace.get(), this))
    , m_import(new ServerImportController(m_workspace.get(), this))
    , m_connecting(new QLabel(this))
{
    setWindowTitle(tr("Session Console"));
    setWindowIcon(QIcon(QStringLiteral(":/session-console/session-console.svg")));

    m_note->setClosable(true);
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_note);
    layout->addWidget(tabs(), 1);
    setCentralWidget(central);

    m_summary->setAccessibleName(tr("Refresh summary"));
    statusBar()->addWidget(m_summary, 1);
    m_connecting->setAccessibleName(tr("Connecting"));
    m_connecting->hide();
    statusBar()->addPermanentWidget(m_connecting);
    statusBar()->addPermanentWidget(m_actions->progressBar());

    addDockWidget(Qt::LeftDockWidgetArea, m_serverTree);
    resizeDocks({m_serverTree}, {360}, Qt::Horizontal); // until the saved layout says otherwise

    addDockWidget(Qt::RightDockWidgetArea, m_details);
    m_details->hide(); // until the user or the saved layout shows it

    createActions();
    createMenus();

    connect(m_workspace.get(), &ServerWorkspace::contextMenuRequested, this, &MainWindow::showContextMenu);
    connect(m_workspace.get(), &ServerWorkspace::processContextMenuRequested, this, &MainWindow::showProcessContextMenu);
    connect(m_workspace.get(), &ServerWorkspace::selectionChanged, this, &MainWindow::updateActions);
    connect(m_workspace.get(), &ServerWorkspace::failingChanged, this, &MainWindow::updateActions);
    connect(m_workspace.get(), &ServerWorkspace::serverOpened, this, &MainWindow::updateSummary);
    connect(m_workspace.get(), &ServerWorkspace::serverClosed, this, &MainWindow::updateSummary);
    connect(tabs(), &QTabWidget::currentChanged, this, [this] {
        const ServerTab *tab = currentTab();
        m_closeTab->setEnabled(tab && tab != allServersTab());
        m_details->follow(currentTab());
        updateActions();
    });
    connect(m_actions.get(), &ActionController::actionStarted, this, &MainWindow::actionStarted);
    // An open History shows each action once it has ended.
    connect(m_actions.get(), &ActionController::actionStarted, this, [this](ActionJob *job) {
        connect(job, &ActionJob::finished, this, [this] {
            if (m_historyDialog)
                m_historyDialog->reload();
        });
    });
    connect(m_workspace.get(), &ServerWorkspace::connectProgress, this, &MainWindow::showConnectProgress);
    connect(m_serverTree, &ServerTreeDock::refused, this, [this](const QString &reason) {
        m_note->showMessage(ErrorBanner::Severity::Error, tr("<b>Groups:</b> %1").arg(reason.toHtmlEscaped()));
    });
    connect(m_import, &ServerImportController::failed, this, [this](const QString &reason) {
        m_note->showMessage(ErrorBanner::Severity::Error, tr("<b>Nothing imported:</b> %1").arg(reason.toHtmlEscaped()));
    });
    connect(m_import, &ServerImportController::imported, this, &MainWindow::showImported);

    m_settingsBinder->restoreWindow();

    m_workspace->openAtStart(options.demo ? options.servers + ServerWorkspace::demoFarm() : options.servers,
                             m_settingsBinder->savedServers());
    m_details->follow(currentTab());
    updateSummary();
    updateActions();
}

MainWindow::~MainWindow()
{
    // The widgets are deleted after this destructor (and after the rooms), and still signal
    // as they go: nothing may reach this window.
    disconnect(tabs(), nullptr, this, nullptr);
    disconnect(m_scheduler, nullptr, this, nullptr);
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
    connect(m_closeTab, &QAction::triggered, this, [this] { m_workspace->closeTabAt(tabs()->currentIndex()); });

    m_export = new QAction(themeIcon("document-save-as", QStyle::SP_DialogSaveButton, style), tr("&Export to CSV…"),
                           this);
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_export->setToolTip(tr("Save the rows shown in this tab as CSV (Ctrl+E)"));
    connect(m_export, &QAction::triggered, this, &MainWindow::openExportDialog);

    m_history = new QAction(tr("&History…"), this);
    m_history->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    m_history->setToolTip(tr("The audit log: every action from this console and sessionctl (Ctrl+H)"));
    connect(m_history, &QAction::triggered, this, &MainWindow::openHistory);

    m_quit = new QAction(tr("&Quit"), this);
    // Not QKeySequence::Quit, which is empty where the platform theme names no key for it.
    m_quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quit->setShortcutContext(Qt::ApplicationShortcut); // also from a progress dialog
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);

    m_refresh = new QAction(themeIcon("view-refresh", QStyle::SP_BrowserReload, style), tr("&Refresh"), this);
    m_refresh->setShortcut(QKeySequence(Qt::Key_F5));
    m_refresh->setToolTip(tr("Refresh the servers of this tab now (F5)"));
    connect(m_refresh, &QAction::triggered, m_workspace.get(), &ServerWorkspace::refreshCurrentTab);
    connect(m_refresh, &QAction::triggered, m_details, &SessionDetailsDock::reload);

    m_pause = new QAction(themeIcon("media-playback-pause", QStyle::SP_MediaPause, style), tr("&Pause Refresh"), this);
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Stop refreshing periodically; F5 still refreshes"));
    connect(m_pause, &QAction::toggled, m_scheduler, &RefreshScheduler::setPaused);
    connect(m_scheduler, &RefreshScheduler::pausedChanged, m_pause, &QAction::setChecked);
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

    m_disconnect = new QAction(tr("&Disconnect"), this);
    m_disconnect->setToolTip(tr("Disconnect the selected sessions; they keep running"));

    m_sendMessage = new QAction(themeIcon("mail-send", QStyle::SP_MessageBoxInformation, style), tr("Send &Message…"),
                                this);
    m_sendMessage->setToolTip(tr("Show a message in the selected sessions"));

    m_lock = new QAction(tr("Loc&k"), this);
    m_lock->setToolTip(tr("Lock the screens of the selected sessions"));

    m_killSession = new QAction(tr("K&ill Session…"), this);
    m_killSession->setToolTip(tr("Send a signal to the processes of the selected sessions, for when Log Off is not "
                                 "enough"));

    using Kind = ActionJob::Kind;
    for (const auto &[action, kind] : {std::pair{m_logoff, Kind::Logoff}, std::pair{m_disconnect, Kind::Disconnect},
                                       std::pair{m_sendMessage, Kind::SendMessage}, std::pair{m_lock, Kind::Lock},
                                       std::pair{m_killSession, Kind::KillSession}}) {
        connect(action, &QAction::triggered, this, [this, action, kind] {
            if (ServerTab *tab = currentTab(); tab && action->isEnabled())
                m_actions->actOnSelection(kind, tab);
        });
    }

    m_cleanupAction = new QAction(tr("Log Off I&dle or Disconnected…"), this);
    m_cleanupAction->setToolTip(tr("Log off the sessions of this tab's servers that have been disconnected or idle "
                                   "too long, after a preview"));
    connect(m_cleanupAction, &QAction::triggered, this, [this] { m_cleanup->openFor(currentTab()); });

    m_endProcess = new QAction(themeIcon("process-stop", QStyle::SP_BrowserStop, style), tr("&End Process…"), this);
    m_endProcess->setToolTip(tr("End the selected processes"));
    connect(m_endProcess, &QAction::triggered, this, [this] {
        if (ServerTab *tab = currentTab(); tab && m_endProcess->isEnabled())
            m_actions->endSelectedProcesses(tab);
    });

    m_copy = new QAction(tr("&Copy"), this);
    m_copy->setShortcut(QKeySequence::Copy);
    m_copy->setToolTip(tr("Copy the selected rows as tab-separated text"));
    connect(m_copy, &QAction::triggered, this, [this] {
        if (const ServerTab *tab = currentTab())
            tab->copySelection();
    });

    m_about = new QAction(tr("&About Session Console"), this);
    m_about->setMenuRole(QAction::AboutRole);
    connect(m_about, &QAction::triggered, this, &MainWindow::showAbout);

    m_staleNote = new QAction(this);
    m_staleNote->setEnabled(false);
    m_staleNote->setVisible(false);
    m_contextMenu = new QMenu(this);
    m_contextMenu->addAction(m_staleNote);
    m_contextMenu->addActions({m_logoff, m_disconnect, m_sendMessage, m_lock, m_killSession});
    m_contextMenu->addSeparator();
    m_contextMenu->addActions({m_copy, m_refresh});

    m_processNote = new QAction(this);
    m_processNote->setEnabled(false);
    m_processNote->setVisible(false);
    m_processMenu = new QMenu(this);
    m_processMenu->addActions({m_processNote, m_endProcess});
    m_processMenu->addSeparator();
    m_processMenu->addActions({m_copy, m_refresh});
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addActions({m_addServer, m_closeTab});
    QMenu *importMenu = file->addMenu(tr("&Import Servers"));
    importMenu->addAction(tr("From the &SSH Configuration…"), this,
                          [this] { m_import->choose(ServerImportController::Source::SshConfig); });
    importMenu->addAction(tr("From a &Text File…"), this,
                          [this] { m_import->choose(ServerImportController::Source::TextFile); });
    if (ServerImportController::isAvailable(ServerImportController::Source::Domain))
        importMenu->addAction(tr("From the &Domain (RD Session Hosts)…"), this,
                              [this] { m_import->choose(ServerImportController::Source::Domain); });
    file->addAction(m_serverTree->newGroupAction());
    file->addSeparator();
    file->addAction(m_export);
    file->addSeparator();
    file->addAction(m_quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addActions({m_refresh, m_pause});
    m_intervalMenu = view->addMenu(tr("Refresh &Interval"));
    auto *intervals = new QActionGroup(m_intervalMenu);
    for (const int seconds : {1, 2, 5, 10, 30, 60}) {
        QAction *choice = m_intervalMenu->addAction(tr("Every %Ln second(s)", nullptr, seconds));
        choice->setCheckable(true);
        choice->setData(seconds);
        choice->setActionGroup(intervals);
        connect(choice, &QAction::triggered, this,
                [this, seconds] { setRefreshInterval(std::chrono::seconds(seconds)); });
    }
    checkIntervalChoice();
    view->addSeparator();
    view->addAction(m_filter);
    view->addSeparator();
    QAction *details = m_details->toggleViewAction();
    details->setText(tr("Session &Details"));
    details->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    details->setToolTip(tr("Show everything the server knows about the current session (Ctrl+I)"));
    connect(details, &QAction::triggered, this, [this] { m_settingsBinder->scheduleSave(false); });
    view->addAction(details);
    view->addAction(m_history);
    QAction *tree = m_serverTree->toggleViewAction();
    tree->setText(tr("Server &Tree"));
    connect(tree, &QAction::triggered, this, [this] { m_settingsBinder->scheduleSave(false); });
    view->addAction(tree);

    QMenu *action = menuBar()->addMenu(tr("&Action"));
    action->addActions({m_logoff, m_disconnect, m_sendMessage, m_lock, m_killSession});
    action->addSeparator();
    action->addAction(m_cleanupAction);
    action->addSeparator();
    action->addAction(m_endProcess);
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

void MainWindow::setRefreshInterval(std::chrono::milliseconds interval, bool byUser)
{
    m_scheduler->setInterval(ConsoleSettings::clampInterval(interval));
    checkIntervalChoice();
    updateSummary();
    m_settingsBinder->scheduleSave(byUser);
}

void MainWindow::checkIntervalChoice()
{
    const QList<QAction *> choices = m_intervalMenu->actions();
    for (QAction *choice : choices)
        choice->setChecked(std::chrono::seconds(choice->data().toInt()) == m_scheduler->interval());
}

void MainWindow::updateSummary()
{
    const qint64 seconds = std::chrono::duration_cast<std::chrono::seconds>(m_scheduler->interval()).count();
    QString text = tr("%Ln server(s)", nullptr, m_workspace->serverCount()) + QStringLiteral("  ·  ");
    text += m_scheduler->isPaused() ? tr("Refresh paused (F5 refreshes)")
                                    : tr("Refreshing every %Ln second(s)", nullptr, int(seconds));
    m_summary->setText(text);
}

void MainWindow::updateActions()
{
    ServerTab *tab = currentTab();
    // Only what the page shown has selected: Delete on the Processes page logs off no one.
    const bool onProcesses = tab && tab->currentPage() == ServerTab::Page::Processes;
    const QList<Session> selected = tab && !onProcesses ? tab->selectedSessions() : QList<Session>();
    const QList<SessionProcess> processes = onProcesses ? tab->processes()->selectedProcesses()
                                                        : QList<SessionProcess>();
    const QString refusal = onProcesses ? m_actions->endProcessRefusal(processes, tab) : QString();
    m_processNote->setVisible(!refusal.isEmpty());
    m_processNote->setText(refusal);
    m_endProcess->setEnabled(!processes.isEmpty() && refusal.isEmpty());
    m_endProcess->setToolTip(refusal.isEmpty() ? tr("End the selected processes") : refusal);
    const SessionSource::Capabilities possible = m_actions->possibleActions(selected);
    const QString stale = m_actions->staleNote(selected);
    m_staleNote->setVisible(!stale.isEmpty());
    if (!stale.isEmpty())
        m_staleNote->setText(stale);
    m_logoff->setEnabled(possible.testFlag(SessionSource::Capability::Logoff));
    m_disconnect->setEnabled(possible.testFlag(SessionSource::Capability::Disconnect));
    m_sendMessage->setEnabled(possible.testFlag(SessionSource::Capability::SendMessage));
    m_lock->setEnabled(possible.testFlag(SessionSource::Capability::Lock));
    m_killSession->setEnabled(possible.testFlag(SessionSource::Capability::KillSession));
    m_copy->setEnabled(!selected.isEmpty() || !processes.isEmpty());
    m_cleanupAction->setEnabled(tab != nullptr);
}

void MainWindow::showContextMenu(const QPoint &globalPos)
{
    updateActions();
    m_contextMenu->popup(globalPos);
}

void MainWindow::showProcessContextMenu(const QPoint &globalPos)
{
    updateActions();
    m_processMenu->popup(globalPos);
}

void MainWindow::openAddServerDialog()
{
    auto *dialog = new AddServerDialog(m_settingsBinder->recentServers(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { addServer(dialog->address()); });
    dialog->open();
}

bool MainWindow::exportCsv(const QString &fileName) const
{
    const ServerTab *tab = currentTab();
    return tab && tab->exportCsv(fileName);
}

void MainWindow::openExportDialog()
{
    CsvExporter::saveAs(
        this, tr("Export Sessions"), QStringLiteral("sessions"),
        [this](const QString &fileName) { return exportCsv(fileName); },
        [this](const QString &fileName) { statusBar()->showMessage(tr("Exported to %1").arg(fileName), 5000); });
}

void MainWindow::openHistory()
{
    if (!m_historyDialog) {
        m_historyDialog = new AuditHistoryDialog(m_actions->auditLog()->path(), this);
        m_historyDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_historyDialog->show();
    m_historyDialog->raise();
    m_historyDialog->activateWindow();
}

void MainWindow::showConnectProgress(int answered, int total)
{
    // One server opening is no news: its tab says it is connecting.
    m_connecting->setVisible(answered < total && total > 1);
    m_connecting->setText(tr("Connecting: %1 of %n server(s) answered…", nullptr, total).arg(answered));
}

void MainWindow::showImported(int opened, int skipped, const QString &group)
{
    QString text = tr("Imported %n server(s)", nullptr, opened);
    if (!group.isEmpty())
        text += u' ' + tr("into the group %1").arg(group);
    if (skipped > 0)
        text += tr("; %n entry(s) skipped", nullptr, skipped);
    statusBar()->showMessage(text, 10000);
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

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_settingsBinder->saveBeforeClosing();
    if (!m_cleanup->mayClose() || !m_actions->mayClose()) {
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
}
