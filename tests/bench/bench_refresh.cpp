// One refresh cycle of many servers whose enumeration mostly waits (demo: servers with a
// fixed latency stand in for D-Bus over SSH or RPC): how long until every server has
// answered once, against the size of the scheduler's pool. The reference in the same run
// is the former pool of 16 threads. Figures go to stdout in Google Benchmark's format (so
// --benchmark_format=json is parseable); the summary beside the reference goes to stderr.
#include "ProcStatus.h"
#include "RefreshScheduler.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>

namespace {

constexpr int ReferenceThreads = 16;
constexpr int LatencyMs = 50;

// Keyed by "servers/threads": the mean cycle of that run, in milliseconds.
std::map<std::pair<int, int>, double> g_cycleMs;

// Runs the event loop until `expected` refreshes have finished; false when they did not
// within a deadline wide enough for a loaded machine.
bool waitForRefreshes(RefreshScheduler &scheduler, int expected)
{
    QEventLoop loop;
    int finished = 0;
    const QMetaObject::Connection connection = QObject::connect(&scheduler, &RefreshScheduler::refreshFinished, &loop,
                                                                [&] {
                                                                    if (++finished == expected)
                                                                        loop.quit();
                                                                });
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] { loop.exit(1); });
    deadline.start(std::chrono::minutes(5));
    const bool done = loop.exec() == 0;
    QObject::disconnect(connection);
    return done;
}

void BM_RefreshCycle(benchmark::State &state)
{
    const int servers = int(state.range(0));
    const int threads = int(state.range(1));
    RefreshScheduler scheduler(nullptr, threads);
    scheduler.setPaused(true); // only the cycles the benchmark starts
    for (int i = 0; i < servers; ++i) {
        scheduler.addServer(
            ServerAddress::parse(QStringLiteral("demo:host%1?sessions=100&latency=%2&seed=%1").arg(i).arg(LatencyMs)));
    }
    if (!waitForRefreshes(scheduler, servers)) {
        state.SkipWithError("the first refresh did not finish");
        return;
    }
    long peakThreads = 0;
    double totalMs = 0;
    for (auto _ : state) {
        QElapsedTimer timer;
        timer.start();
        for (const QString &server : scheduler.servers())
            scheduler.refreshNow(server);
        if (!waitForRefreshes(scheduler, servers)) {
            state.SkipWithError("a cycle did not finish");
            return;
        }
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        state.SetIterationTime(ms / 1000);
        totalMs += ms;
        peakThreads = std::max(peakThreads, procStatus("Threads"));
    }
    const double cycleMs = totalMs / double(state.iterations());
    g_cycleMs[{servers, threads}] = cycleMs;
    state.counters["cycle_ms"] = cycleMs;
    state.counters["threads"] = double(peakThreads);
    state.counters["rss_mb"] = double(procStatus("VmRSS")) / 1024;
}

void arguments(benchmark::internal::Benchmark *b)
{
    for (const int servers : {200, 1000})
        for (const int threads : {ReferenceThreads, 32, 64, RefreshScheduler::DefaultMaxThreads, 256})
            b->Args({servers, threads});
    b->ArgNames({"servers", "threads"});
    b->UseManualTime();
    b->Iterations(3);
    b->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_RefreshCycle)->Apply(arguments);

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();

    std::fprintf(stderr, "\nrefresh cycle, %d ms latency per server (speedup against %d threads)\n", LatencyMs,
                 ReferenceThreads);
    for (const auto &[key, ms] : g_cycleMs) {
        const auto reference = g_cycleMs.find({key.first, ReferenceThreads});
        if (reference == g_cycleMs.end())
            continue;
        std::fprintf(stderr, "refresh servers=%d threads=%d cycle_ms=%.0f reference_ms=%.0f speedup=%.1fx\n", key.first,
                     key.second, ms, reference->second, reference->second / ms);
    }
    return 0;
}
