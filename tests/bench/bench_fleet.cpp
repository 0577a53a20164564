// A fleet of real SSH servers: the lab's hosts, each reachable under many ssh_config aliases
// (each alias is a server of its own to the console: its own ssh, its own bus, its own
// logind sessions), refreshed by the scheduler the window uses. Measures the first full
// refresh (every server connected and answered), one more cycle, and what the console
// holds for them: its RSS, threads and descriptors, its ssh children and their PSS.
// The smaller fleet of the same run is the reference. Run by tests/lab/run-fleet.sh.
#include "LabHosts.h"
#include "OpenFileLimit.h"
#include "ProcStatus.h"
#include "RefreshScheduler.h"
#include "logind/LogindBusAddress.h"
#include "logind/SshHandshakeGate.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTimer>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <tuple>
#include <unistd.h>

namespace {

std::optional<LabHosts> g_lab;
QString g_fleetConfig;
// By servers, handshakes at once and servers shown.
std::map<std::tuple<int, int, int>, std::map<std::string, double>> g_figures;

// Runs the event loop until every one of `servers` has finished a refresh since the call
// (with `untilSuccess`, a successful one: failures are retried by the scheduler). Returns
// the number of failed refreshes seen, or -1 when the deadline passed.
int waitForAll(RefreshScheduler &scheduler, const QStringList &servers, bool untilSuccess, std::chrono::minutes deadline)
{
    QSet<QString> waiting(servers.cbegin(), servers.cend());
    int failures = 0;
    QEventLoop loop;
    const QMetaObject::Connection connection
        = QObject::connect(&scheduler, &RefreshScheduler::refreshFinished, &loop,
                           [&](const QString &server, const EnumerateResult &result) {
                               if (!waiting.contains(server))
                                   return;
                               if (!result.ok() && ++failures <= 3)
                                   std::fprintf(stderr, "fleet: %s: %s\n", qPrintable(server),
                                                qPrintable(result.error().message));
                               if (result.ok() || !untilSuccess)
                                   waiting.remove(server);
                               if (waiting.isEmpty())
                                   loop.quit();
                           });
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] { loop.exit(1); });
    timer.start(deadline);
    const bool done = waiting.isEmpty() || loop.exec() == 0;
    QObject::disconnect(connection);
    return done ? failures : -1;
}

void BM_Fleet(benchmark::State &state)
{
    const int aliases = int(state.range(0));
    SshHandshakeGate::shared().setSlots(int(state.range(1)));
    const int shownAliases = int(state.range(2));
    QStringList servers;
    QStringList shown;
    QSet<QString> background;
    for (const LabHosts::Host &host : g_lab->hosts()) {
        for (int i = 1; i <= aliases; ++i) {
            const QString server = QStringLiteral("fleet-%1-%2").arg(host.name).arg(i);
            servers << server;
            if (i <= shownAliases)
                shown << server;
            else
                background << server;
        }
    }
    for (auto _ : state) {
        // As the window: every server at the default interval, failures retried with backoff.
        RefreshScheduler scheduler;
        QElapsedTimer clock;
        clock.start();
        for (const QString &server : servers)
            scheduler.addServer(ServerAddress::parse(server));
        const int firstFailures = waitForAll(scheduler, servers, true, std::chrono::minutes(10));
        const double firstMs = double(clock.elapsed());
        if (firstFailures < 0) {
            state.SkipWithError("not every server answered within 10 minutes");
            return;
        }
        // As a tab that shows some: the others let go of their connections.
        scheduler.setBackground(background);
        scheduler.setPaused(true);
        if (!background.isEmpty()) {
            // The shown servers whose connections the limit closed meanwhile connect again.
            for (const QString &server : std::as_const(shown))
                scheduler.refreshNow(server);
            waitForAll(scheduler, shown, false, std::chrono::minutes(5));
        }
        // Then one cycle of the servers shown that the benchmark starts, all of them connected.
        clock.restart();
        for (const QString &server : std::as_const(shown))
            scheduler.refreshNow(server);
        const int cycleFailures = waitForAll(scheduler, shown, false, std::chrono::minutes(5));
        const double cycleMs = double(clock.elapsed());
        state.SetIterationTime(cycleMs / 1000);
        const auto [children, pssKb] = sshChildren();
        std::map<std::string, double> &figures
            = g_figures[{int(servers.size()), int(state.range(1)), int(shown.size())}];
        figures["first_full_ms"] = firstMs;
        figures["first_failures"] = firstFailures;
        figures["cycle_ms"] = cycleMs;
        figures["cycle_failures"] = cycleFailures;
        figures["console_rss_mb"] = double(procStatus("VmRSS")) / 1024;
        figures["ssh_children"] = children;
        figures["ssh_pss_mb_total"] = double(pssKb) / 1024;
        figures["fds"] = double(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System).size());
        figures["threads"] = double(procStatus("Threads"));
        for (const auto &[name, value] : figures)
            state.counters[name] = value;
    }
}

// 500 servers through the gate, beside 50 (the small fleet) and beside 500 servers that all
// set up their ssh connections at once (a gate as wide as the fleet: the reference); all
// shown, and 500 of which a tab shows 50.
BENCHMARK(BM_Fleet)
    ->ArgNames({"aliases_per_host", "handshakes", "shown_per_host"})
    ->Args({5, SshHandshakeGate::DefaultSlots, 5})
    ->Args({50, SshHandshakeGate::DefaultSlots, 50})
    ->Args({50, 1000, 50})
    ->Args({50, SshHandshakeGate::DefaultSlots, 5})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

// Every host under `aliases` names, each with its own Host block, and the lab's own options
// (key, known hosts) for all of them.
bool writeFleetConfig(const QString &path, int aliases, QString *error)
{
    QFile labConfig(g_lab->sshConfig());
    QFile fleet(path);
    if (!labConfig.open(QIODevice::ReadOnly) || !fleet.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1 from %2").arg(path, labConfig.fileName());
        return false;
    }
    for (const LabHosts::Host &host : g_lab->hosts()) {
        for (int i = 1; i <= aliases; ++i) {
            fleet.write(QStringLiteral("Host fleet-%1-%2\n  HostName 127.0.0.1\n  Port %3\n  User root\n")
                            .arg(host.name)
                            .arg(i)
                            .arg(host.sshPort)
                            .toUtf8());
        }
    }
    fleet.write("Host *\n");
    fleet.write(labConfig.readAll());
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    QString error;
    g_lab = LabHosts::load(&error);
    if (!g_lab) {
        std::fprintf(stderr, "bench_fleet: %s (run it through tests/lab/run-fleet.sh)\n", qPrintable(error));
        return 2;
    }
    OpenFileLimit::raise();
    QTemporaryDir dir;
    g_fleetConfig = dir.filePath(QStringLiteral("ssh_config"));
    if (!writeFleetConfig(g_fleetConfig, 50, &error)) {
        std::fprintf(stderr, "bench_fleet: %s\n", qPrintable(error));
        return 2;
    }
    qputenv(LogindBusAddress::SshConfigVariable, g_fleetConfig.toUtf8());
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();

    for (const auto &[key, figures] : g_figures) {
        std::fprintf(stderr, "fleet servers=%d handshakes=%d shown=%d", std::get<0>(key), std::get<1>(key),
                     std::get<2>(key));
        for (const char *name : {"first_full_ms", "first_failures", "cycle_ms", "console_rss_mb", "ssh_children",
                                 "ssh_pss_mb_total", "fds", "threads"}) {
            const auto it = figures.find(name);
            std::fprintf(stderr, " %s=%.0f", name, it == figures.end() ? -1.0 : it->second);
        }
        std::fprintf(stderr, "\n");
    }
    return 0;
}
