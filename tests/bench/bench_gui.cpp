// bench_gui: the real window, offscreen, with demo servers of 100 sessions each (50 ms
// latency, 5 % churn) refreshing every second, 200 and 1 000 of them by default, one beside
// the other. Measures how late a 5 ms heartbeat timer on the GUI thread fires (frames the
// user would feel stall) and how long one refresh of every server takes. A Google Benchmark
// program: one benchmark per server count, its time the median refresh cycle, its figures
// counters (--benchmark_format=json gives them to tools):
//   p50_ms p99_ms max_ms  heartbeat lateness    cycle_ms  median refresh cycle
//   first_frame_ms        the first tick's lateness: the window's first layout and paint
// BM_OpenServers opens that many servers at once into the shown window, as an import does
// (addServers), against opening them one after the other as the user adds one (each tab
// shown as it opens) in the same run: its time how long the GUI thread was taken.
// Usage: bench_gui [--benchmark_* flags] [--seconds 20] [--servers 200,1000] [--sessions 100]
//                  [--tab all|server]

#include "MainWindow.h"
#include "RefreshScheduler.h"
#include "ServerAddress.h"
#include "ServerTab.h"
#include "SessionTableModel.h"
#include "Translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <string>

namespace {

struct WindowRun
{
    int seconds = 20;
    int servers = 200;
    QString sessions;
    bool serverTab = false;
};

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index = size_t(std::min<double>(double(values.size() - 1), p / 100.0 * double(values.size())));
    return values[index];
}

void runWindow(benchmark::State &state, const WindowRun &run)
{
    for (auto _ : state) {
        QTemporaryDir dir;
        MainWindow::Options options;
        options.settingsFile = dir.filePath(QStringLiteral("bench.ini"));
        options.auditLog = dir.filePath(QStringLiteral("audit.jsonl"));
        for (int i = 0; i < run.servers; ++i)
            options.servers.append(QStringLiteral("demo:s%1?sessions=%2&latency=50&churn=5")
                                       .arg(i, 3, 10, QLatin1Char('0'))
                                       .arg(run.sessions));

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
        if (run.serverTab)
            window.tabs()->setCurrentIndex(1);
        else
            window.tabs()->setCurrentWidget(window.allServersTab());

        // The heartbeat: how late each 5 ms tick comes is how long the GUI thread was busy.
        std::vector<double> lateness;
        lateness.reserve(size_t(run.seconds) * 250);
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
        // exit, not quit: quit() asks the window to close, and with refreshes in flight it asks
        // the user first, so the bench would wait on a question nobody answers.
        QTimer::singleShot(run.seconds * 1000, &window, [] { QCoreApplication::exit(0); });
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

        const double cycle = percentile(cycles, 50);
        state.SetIterationTime(cycle / 1000);
        state.counters["servers"] = run.servers;
        state.counters["rows"] = window.allServersTab()->model()->rowCount();
        state.counters["threads"] = scheduler->pool()->maxThreadCount();
        // The first tick waits for the window's first layout and paint: reported apart, so that
        // the others measure the refreshes.
        state.counters["first_frame_ms"] = lateness.empty() ? 0.0 : lateness.front();
        if (!lateness.empty())
            lateness.erase(lateness.begin());
        state.counters["heartbeats"] = double(lateness.size());
        state.counters["rounds"] = double(cycles.size());
        state.counters["p50_ms"] = percentile(lateness, 50);
        state.counters["p99_ms"] = percentile(lateness, 99);
        state.counters["max_ms"] = lateness.empty() ? 0.0 : *std::max_element(lateness.begin(), lateness.end());
        state.counters["cycle_ms"] = cycle;
    }
}

// Opens `count` servers into a shown window with one server open, at once or one by one.
void runOpen(benchmark::State &state, int count, bool atOnce)
{
    for (auto _ : state) {
        QTemporaryDir dir;
        MainWindow::Options options;
        options.settingsFile = dir.filePath(QStringLiteral("bench.ini"));
        options.auditLog = dir.filePath(QStringLiteral("audit.jsonl"));
        options.servers = {QStringLiteral("demo:first?sessions=10")};
        MainWindow window(options);
        window.resize(1280, 800);
        window.show();
        window.tabs()->setCurrentWidget(window.allServersTab());
        QCoreApplication::processEvents();
        QList<ServerAddress> addresses;
        for (int i = 0; i < count; ++i)
            addresses.append(ServerAddress::parse(QStringLiteral("demo:open%1?sessions=10").arg(i)));

        QElapsedTimer taken;
        taken.start();
        if (atOnce) {
            window.addServers(addresses);
        } else {
            for (const ServerAddress &address : std::as_const(addresses))
                window.addServer(address, true);
        }
        const double opened = double(taken.nsecsElapsed()) / 1e6;
        // What the opening queued for the event loop (the scheduler's background, the tabs'
        // first layout) is the GUI thread's too.
        QCoreApplication::processEvents();
        const double settled = double(taken.nsecsElapsed()) / 1e6;
        state.SetIterationTime(settled / 1000);
        state.counters["servers"] = count;
        state.counters["open_ms"] = opened;
        state.counters["settled_ms"] = settled;
        state.counters["per_server_ms"] = settled / count;
        QCoreApplication::exit(0);
    }
}

} // namespace

int main(int argc, char **argv)
{
    // Google Benchmark takes its flags first; the window's options are what remains.
    benchmark::Initialize(&argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const Translations translations;

    QCommandLineParser parser;
    const QCommandLineOption secondsOption(QStringLiteral("seconds"), QStringLiteral("Run time per server count."),
                                           QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption serversOption(QStringLiteral("servers"),
                                           QStringLiteral("Server counts, comma-separated, each run in turn."),
                                           QStringLiteral("N[,N…]"), QStringLiteral("200,1000"));
    const QCommandLineOption sessionsOption(QStringLiteral("sessions"), QStringLiteral("Sessions per server."),
                                            QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption tabOption(QStringLiteral("tab"), QStringLiteral("Visible tab: all or server."),
                                       QStringLiteral("TAB"), QStringLiteral("all"));
    parser.addOptions({secondsOption, serversOption, sessionsOption, tabOption});
    parser.addHelpOption();
    parser.process(app);

    WindowRun run;
    bool ok = false;
    run.seconds = parser.value(secondsOption).toInt(&ok);
    if (!ok || run.seconds < 1) {
        std::fprintf(stderr, "bench_gui: --seconds takes a positive number\n");
        return 1;
    }
    run.sessions = parser.value(sessionsOption);
    run.serverTab = parser.value(tabOption) == QStringLiteral("server");
    for (const QString &count : parser.value(serversOption).split(QLatin1Char(','))) {
        run.servers = count.toInt(&ok);
        if (!ok || run.servers < 1) {
            std::fprintf(stderr, "bench_gui: --servers takes positive numbers, comma-separated\n");
            return 1;
        }
        benchmark::RegisterBenchmark(("BM_Window/servers:" + std::to_string(run.servers)).c_str(),
                                     [run](benchmark::State &state) { runWindow(state, run); })
            ->Iterations(1)
            ->UseManualTime()
            ->Unit(benchmark::kMillisecond);
    }
    for (const QString &count : parser.value(serversOption).split(QLatin1Char(','))) {
        const int servers = count.toInt();
        for (const bool atOnce : {true, false}) {
            benchmark::RegisterBenchmark((std::string("BM_OpenServers/") + (atOnce ? "at_once" : "one_by_one")
                                          + "/servers:" + std::to_string(servers))
                                             .c_str(),
                                         [servers, atOnce](benchmark::State &state) { runOpen(state, servers, atOnce); })
                ->Iterations(1)
                ->UseManualTime()
                ->Unit(benchmark::kMillisecond);
        }
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
