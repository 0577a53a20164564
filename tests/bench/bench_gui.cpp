// bench_gui: the real window, offscreen, with 200 demo servers of 100 sessions each (50 ms
// latency, 5 % churn) refreshing every second. Measures how late a 5 ms heartbeat timer on
// the GUI thread fires (stalls the user would feel) and how long one refresh of every
// server takes. Not a test: prints figures, last line
//   gui_stall p50_ms=… p99_ms=… max_ms=… cycle_ms=…
// Usage: bench_gui [--seconds 20] [--servers 200] [--sessions 100] [--tab all|server]

#include "MainWindow.h"
#include "RefreshScheduler.h"
#include "ServerTab.h"
#include "SessionTableModel.h"
#include "Translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>

namespace {

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index = size_t(std::min<double>(double(values.size() - 1), p / 100.0 * double(values.size())));
    return values[index];
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const Translations translations;

    QCommandLineParser parser;
    const QCommandLineOption secondsOption(QStringLiteral("seconds"), QStringLiteral("Run time."), QStringLiteral("N"),
                                           QStringLiteral("20"));
    const QCommandLineOption serversOption(QStringLiteral("servers"), QStringLiteral("Servers."), QStringLiteral("N"),
                                           QStringLiteral("200"));
    const QCommandLineOption sessionsOption(QStringLiteral("sessions"), QStringLiteral("Sessions per server."),
                                            QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption tabOption(QStringLiteral("tab"), QStringLiteral("Visible tab: all or server."),
                                       QStringLiteral("TAB"), QStringLiteral("all"));
    parser.addOptions({secondsOption, serversOption, sessionsOption, tabOption});
    parser.addHelpOption();
    parser.process(app);
    const int seconds = parser.value(secondsOption).toInt();
    const int serverCount = parser.value(serversOption).toInt();

    QTemporaryDir dir;
    MainWindow::Options options;
    options.settingsFile = dir.filePath(QStringLiteral("bench.ini"));
    options.auditLog = dir.filePath(QStringLiteral("audit.jsonl"));
    for (int i = 0; i < serverCount; ++i)
        options.servers.append(QStringLiteral("demo:s%1?sessions=%2&latency=50&churn=5")
                                   .arg(i, 3, 10, QLatin1Char('0'))
                                   .arg(parser.value(sessionsOption)));

    // Refresh rounds: for each server, when its n-th refresh started and finished.
    QHash<QString, std::vector<qint64>> starts;
    QHash<QString, std::vector<qint64>> ends;
    QElapsedTimer clock;
    clock.start();

    MainWindow window(options);
    RefreshScheduler *scheduler = window.scheduler();
    QObject::connect(scheduler, &RefreshScheduler::refreshStarted, &window,
                     [&](const QString &server) { starts[server].push_back(clock.elapsed()); });
    QObject::connect(scheduler, &RefreshScheduler::refreshFinished, &window,
                     [&](const QString &server) { ends[server].push_back(clock.elapsed()); });
    // The first refreshes started inside the constructor, before anyone listened.
    for (const QString &server : scheduler->servers())
        starts[server].push_back(0);
    window.setRefreshInterval(std::chrono::seconds(1), false);
    window.resize(1280, 800);
    window.show();
    if (parser.value(tabOption) == QStringLiteral("server"))
        window.tabs()->setCurrentIndex(1);
    else
        window.tabs()->setCurrentWidget(window.allServersTab());

    // The heartbeat: how late each 5 ms tick comes is how long the GUI thread was busy.
    std::vector<double> lateness;
    lateness.reserve(size_t(seconds) * 250);
    QElapsedTimer beat;
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    heartbeat.setInterval(5);
    QObject::connect(&heartbeat, &QTimer::timeout, &window, [&] {
        const double elapsed = double(beat.nsecsElapsed()) / 1e6;
        beat.restart();
        lateness.push_back(std::max(0.0, elapsed - 5.0));
    });
    QTimer::singleShot(0, &window, [&] {
        beat.start();
        heartbeat.start();
    });
    // exit, not quit: quit() asks the window to close, and with refreshes in flight it asks the
    // user first, so the bench would wait on a question nobody answers.
    QTimer::singleShot(seconds * 1000, &app, [] { QCoreApplication::exit(0); });
    QApplication::exec();
    heartbeat.stop();

    // Round n spans from the first start to the last finish of every server's n-th refresh.
    std::vector<double> cycles;
    for (size_t round = 0;; ++round) {
        qint64 first = std::numeric_limits<qint64>::max();
        qint64 last = 0;
        bool complete = true;
        for (const QString &server : scheduler->servers()) {
            const auto &s = starts[server];
            const auto &e = ends[server];
            if (round >= s.size() || round >= e.size()) {
                complete = false;
                break;
            }
            first = std::min(first, s[round]);
            last = std::max(last, e[round]);
        }
        if (!complete)
            break;
        cycles.push_back(double(last - first));
    }

    const int rows = window.allServersTab()->model()->rowCount();
    std::printf("servers=%d rows_in_all_servers=%d heartbeats=%zu rounds=%zu threads=%d\n", serverCount, rows,
                lateness.size(), cycles.size(), scheduler->pool()->maxThreadCount());
    std::printf("cycles_ms:");
    for (const double c : cycles)
        std::printf(" %.0f", c);
    std::printf("\n");
    std::printf("gui_stall p50_ms=%.2f p99_ms=%.2f max_ms=%.2f cycle_ms=%.0f\n", percentile(lateness, 50),
                percentile(lateness, 99), lateness.empty() ? 0.0 : *std::max_element(lateness.begin(), lateness.end()),
                percentile(cycles, 50));
    return 0;
}
