#include "MainWindow.h"
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
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTimer>
#include <QTreeView>

#include <cstdio>

namespace {

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

// Grabs the window into `fileName` once every server has answered (or after a while) and
// quits: how scripts/screenshot.sh takes the picture without a window manager.
// `processes`: the Processes page of the tab shown; `details`: the details pane open on a session;
// `group`: the view of the server tree's first group.
void screenshotWhenReady(MainWindow *window, const QString &fileName, bool processes, bool details, bool group)
{
    auto *poll = new QTimer(window);
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    QObject::connect(poll, &QTimer::timeout, window, [window, poll, clock, fileName, processes, details, group] {
        const QStringList servers = window->scheduler()->servers();
        const bool ready = !servers.isEmpty() && std::all_of(servers.cbegin(), servers.cend(), [&](const QString &s) {
            return window->scheduler()->status(s).hasResult;
        });
        if (!ready && clock->elapsed() < 15000)
            return;
        poll->stop();
        if (details)
            showDetailsOfASession(window, servers);
        if (group)
            window->serverTree()->select(window->serverTree()->view()->model()->index(1, 0));
        if (ServerTab *tab = window->currentTab(); tab && processes)
            tab->setCurrentPage(ServerTab::Page::Processes);
        // Let the last snapshots reach the grid and be painted.
        QTimer::singleShot(1200, window, [window, fileName] {
            const bool saved = window->grab().save(fileName);
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
    QCommandLineOption screenshotGroupOption(QStringLiteral("screenshot-group"),
                                             QStringLiteral("With --screenshot: the view of the first server group."));
    screenshotGroupOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({serverOption, demoOption, settingsOption, screenshotOption, screenshotProcessesOption,
                       screenshotDetailsOption, screenshotGroupOption});
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
        screenshotWhenReady(&window, parser.value(screenshotOption), parser.isSet(screenshotProcessesOption),
                            parser.isSet(screenshotDetailsOption), parser.isSet(screenshotGroupOption));
    return window.runUntilQuit();
}
