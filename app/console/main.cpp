#include "CleanupDialog.h"
#include "MainWindow.h"
#include "OpenFileLimit.h"
#include "ServerAddress.h"
#include "ServerTab.h"
#include "ServerTreeDock.h"
#include "SessionDetailsDock.h"
#include "SessionFilterProxyModel.h"
#include "SessionTableModel.h"
#include "SessionTableView.h"
#include "TerminalText.h"
#include "Translations.h"

#include <QApplication>
#include <QCheckBox>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QTimer>
#include <QTreeView>

#include <cstdio>

namespace {

// What a screenshot shows: the window as it opens, the Processes page of the tab shown, the
// details pane open on a session, a cleanup's preview, or the view of the first server group.
enum class Shot { Window, Processes, Details, Cleanup, Group };

// For the picture of the details pane: opens it on the first active user session of a
// server's tab.
void showDetailsOfASession(MainWindow *window, const QStringList &servers)
{
    window->detailsDock()->show();
    window->resizeDocks({window->detailsDock()}, {420}, Qt::Horizontal);
    for (const QString &server : servers) {
        ServerTab *tab = window->tabFor(server);
        if (!tab)
            continue;
        // A hidden tab holds its rows back until shown.
        window->tabs()->setCurrentWidget(tab);
        tab->flushNow();
        for (int row = 0; row < tab->proxy()->rowCount(); ++row) {
            const Session &s = tab->model()->sessionAt(tab->proxy()->mapToSource(tab->proxy()->index(row, 0)).row());
            if (!s.user.isEmpty() && !s.own && s.state == Session::State::Active) {
                tab->view()->selectRow(row);
                return;
            }
        }
    }
}

// For the picture of a cleanup preview: Log Off Idle or Disconnected on the All servers tab,
// with idle for an hour as well as the default rule, a warning, and the preview asked for.
// Returns the dialog, to be grabbed once the preview is shown.
CleanupDialog *previewACleanup(MainWindow *window)
{
    window->tabs()->setCurrentWidget(window->allServersTab());
    window->cleanupAction()->trigger();
    CleanupDialog *dialog = window->cleanupController()->dialog();
    dialog->idleCheck()->setChecked(true);
    dialog->idleEdit()->setText(QStringLiteral("1h"));
    dialog->warnCheck()->setChecked(true);
    dialog->resize(1100, 760);
    dialog->preview();
    return dialog;
}

// Grabs the window into `fileName` once every server has answered (or after a while) and
// quits: how scripts/screenshot.sh takes the picture without a window manager.
// `view`: what the picture shows besides the window as it opens (see Shot).
void screenshotWhenReady(MainWindow *window, const QString &fileName, Shot view)
{
    auto *poll = new QTimer(window);
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    QObject::connect(poll, &QTimer::timeout, window, [window, poll, clock, fileName, view] {
        const QStringList servers = window->scheduler()->servers();
        const bool ready = !servers.isEmpty() && std::all_of(servers.cbegin(), servers.cend(), [&](const QString &s) {
            return window->scheduler()->status(s).hasResult;
        });
        if (!ready && clock->elapsed() < 15000)
            return;
        poll->stop();
        if (view == Shot::Details)
            showDetailsOfASession(window, servers);
        if (view == Shot::Group)
            window->serverTree()->select(window->serverTree()->view()->model()->index(1, 0));
        if (ServerTab *tab = window->currentTab(); tab && view == Shot::Processes)
            tab->setCurrentPage(ServerTab::Page::Processes);
        QWidget *shown = view == Shot::Cleanup ? static_cast<QWidget *>(previewACleanup(window)) : window;
        // Let the last snapshots reach the grid (or the preview its list) and be painted.
        QTimer::singleShot(1200, window, [shown, fileName] {
            const bool saved = shown->grab().save(fileName);
            std::fprintf(saved ? stdout : stderr, "%s %s\n", saved ? "wrote" : "could not write", qPrintable(fileName));
            QApplication::exit(saved ? 0 : 1);
        });
    });
    poll->start(100);
}

// The address as given, to say which one is wrong: short, and with control and format
// characters replaced, so that a hostile one cannot flood or drive the terminal.
QString printable(const QString &address)
{
    constexpr qsizetype MaxShown = 60;
    const QString shown = terminalSafe(address.left(MaxShown));
    return address.size() > MaxShown ? shown + QChar(0x2026) : shown;
}

} // namespace

int main(int argc, char **argv)
{
    OpenFileLimit::raise();
    QApplication app(argc, argv);
    const Translations translations;
    QApplication::setApplicationName(QStringLiteral("session-console"));
    QApplication::setApplicationDisplayName(QStringLiteral("Session Console"));
    QApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("session-console"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/session-console/session-console.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("See and end interactive login sessions on many servers."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOption(
        QStringList{QStringLiteral("s"), QStringLiteral("server")},
        QStringLiteral("Open a tab for ADDR (repeatable): local, HOST, USER@HOST[:PORT], dbus:ADDRESS, demo:NAME[?…]."),
        QStringLiteral("ADDR"));
    const QCommandLineOption demoOption(QStringLiteral("demo"),
                                        QStringLiteral("Open the demo farm (simulated servers)."));
    const QCommandLineOption settingsOption(QStringLiteral("settings"),
                                            QStringLiteral("Use FILE instead of the user's settings file."),
                                            QStringLiteral("FILE"));
    QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
                                        QStringLiteral("Save a picture of the window and quit."),
                                        QStringLiteral("FILE"));
    screenshotOption.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption screenshotProcessesOption(QStringLiteral("screenshot-processes"),
                                                 QStringLiteral("With --screenshot: the Processes page."));
    screenshotProcessesOption.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption screenshotDetailsOption(QStringLiteral("screenshot-details"),
                                               QStringLiteral("With --screenshot: show the details of a session."));
    screenshotDetailsOption.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption screenshotCleanupOption(QStringLiteral("screenshot-cleanup"),
                                               QStringLiteral("With --screenshot: the preview of a cleanup."));
    screenshotCleanupOption.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption screenshotGroupOption(QStringLiteral("screenshot-group"),
                                             QStringLiteral("With --screenshot: the view of the first server group."));
    screenshotGroupOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({serverOption, demoOption, settingsOption, screenshotOption, screenshotProcessesOption,
                       screenshotDetailsOption, screenshotCleanupOption, screenshotGroupOption});
    parser.process(app);

    MainWindow::Options options;
    options.demo = parser.isSet(demoOption);
    options.settingsFile = parser.value(settingsOption);
    const QStringList servers = parser.values(serverOption);
    for (const QString &text : servers) {
        QString error;
        const ServerAddress address = ServerAddress::parse(text, &error);
        if (!address.isValid()) {
            // The reason may quote what was decoded from the address (a demo: option, say).
            std::fprintf(stderr, "session-console: %s: %s\n", qPrintable(printable(text)),
                         qPrintable(terminalSafe(error)));
            return 2;
        }
        options.servers.append(address.toString());
    }

    MainWindow window(options);
    window.show();
    if (parser.isSet(screenshotOption))
        screenshotWhenReady(&window, parser.value(screenshotOption),
                            parser.isSet(screenshotProcessesOption) ? Shot::Processes
                            : parser.isSet(screenshotDetailsOption) ? Shot::Details
                            : parser.isSet(screenshotCleanupOption) ? Shot::Cleanup
                            : parser.isSet(screenshotGroupOption)   ? Shot::Group
                                                                    : Shot::Window);
    return window.runUntilQuit();
}
