// The logind backend against loginctl on a lab host (tests/lab/run-bench.sh starts the lab):
//   enumerate a host holding 300 sessions: LogindSource::enumerate() (ListSessions, then every
//     GetAll in flight at once) versus `loginctl list-sessions` alone and versus
//     `loginctl show-session` for every session; the same with the sessions' resource totals
//     (a GetAll of each scope unit, all in flight at once) and without, on the bus and over SSH;
//   log off 100 sessions with wait: one ActionJob batch versus a serial loop of
//     `loginctl terminate-session` that waits for each session to go;
//   isolation: from opening a session on a good host to its source's change callback and an
//     enumerate that lists it, while a black-hole SSH port and a frozen host hang (each kept
//     busy refreshing), beside the same figure with nothing hung.
// Usage: bench_logind [--enumerate-only | --isolation-only]   (SC_LAB_ENV names the running
// lab's lab.env; the isolation part needs a second host to freeze)
// The references run inside the host (nsenter through tests/lab/lab.sh exec), as an
// administrator logged on there would run them.
#include "BlackHolePort.h"

#include "ActionJob.h"
#include "logind/LogindSource.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>
#include <QThreadPool>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {

constexpr int EnumerateSessions = 300;
constexpr int LogoffSessions = 100;
constexpr int Runs = 21;
constexpr int IsolationRuns = 7;
const QString BenchUser = QStringLiteral("bench");

[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "bench_logind: %s\n", qPrintable(message));
    std::exit(1);
}

QHash<QString, QString> labEnvironment()
{
    const QString path = qEnvironmentVariable("SC_LAB_ENV");
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly))
        fail(QStringLiteral("no lab: run tests/lab/run-bench.sh (SC_LAB_ENV='%1')").arg(path));
    QHash<QString, QString> values;
    for (const QByteArray &line : file.readAll().split('\n')) {
        const qsizetype equals = line.indexOf('=');
        if (equals > 0)
            values.insert(QString::fromUtf8(line.left(equals)), QString::fromUtf8(line.mid(equals + 1)).remove(u'"'));
    }
    return values;
}

QString lab(const QStringList &arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(QStringLiteral(SC_LAB_SCRIPT), arguments);
    if (!process.waitForFinished(600000) || process.exitCode() != 0)
        fail(QStringLiteral("lab.sh %1 failed").arg(arguments.join(u' ')));
    return QString::fromUtf8(process.readAllStandardOutput());
}

// Runs a shell command inside the host and returns how long it took, spawn included.
double timeInHost(const QString &host, const QString &script)
{
    QElapsedTimer timer;
    timer.start();
    lab({QStringLiteral("exec"), host, QStringLiteral("--"), QStringLiteral("/bin/sh"), QStringLiteral("-c"), script});
    return double(timer.nsecsElapsed()) / 1e6;
}

QStringList benchSessionIds(const QString &host)
{
    QStringList ids;
    const QString out = lab({QStringLiteral("exec"), host, QStringLiteral("--"), QStringLiteral("loginctl"),
                             QStringLiteral("list-sessions"), QStringLiteral("--no-legend")});
    for (const QString &line : out.split(u'\n', Qt::SkipEmptyParts)) {
        const QStringList fields = line.split(u' ', Qt::SkipEmptyParts);
        if (fields.value(2) == BenchUser)
            ids << fields.first();
    }
    return ids;
}

// Starts from a clean slate, since sessions of an earlier run may still be closing.
void freshSessions(const QString &host, int count)
{
    lab({QStringLiteral("exec"), host, QStringLiteral("--"), QStringLiteral("/bin/sh"), QStringLiteral("-c"),
         QStringLiteral("loginctl terminate-user %1 2>/dev/null; "
                        "while loginctl list-sessions --no-legend 2>/dev/null | grep -q ' %1 '; do sleep 0.1; done")
             .arg(BenchUser)});
    lab({QStringLiteral("sessions"), host, BenchUser, QString::number(count)});
    // The host's systemd and logind are still busy with the new sessions for a moment.
    QThread::sleep(3);
}

struct Figures
{
    double median = 0;
    double best = 0;
};

template<typename F>
Figures measure(int runs, F &&run)
{
    QList<double> times;
    for (int i = 0; i < runs; ++i)
        times << run();
    std::sort(times.begin(), times.end());
    return {times.at(times.size() / 2), times.first()};
}

void row(const char *what, const Figures &figures)
{
    std::printf("  %-58s median %9.2f ms   best %9.2f ms\n", what, figures.median, figures.best);
}

// Opens one session on `host` and returns the milliseconds until `source` told of a change
// and an enumerate after it listed the new session.
double newSessionSeenMs(LogindSource &source, const std::atomic<int> &changes, const QString &host)
{
    const EnumerateResult before = source.enumerate();
    if (!before.ok())
        fail(before.error().toString());
    QSet<QString> known;
    for (const Session &session : before.value())
        known.insert(session.id);
    int seenChanges = changes;
    QProcess opener;
    opener.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QElapsedTimer timer;
    timer.start();
    opener.start(QStringLiteral(SC_LAB_SCRIPT), {QStringLiteral("sessions"), host, BenchUser, QStringLiteral("1")});
    double seenMs = -1;
    while (seenMs < 0) {
        if (timer.elapsed() > 60000)
            fail(QStringLiteral("no new session on %1 seen within 60 s").arg(host));
        if (changes == seenChanges) {
            QThread::usleep(200);
            continue;
        }
        seenChanges = changes;
        const EnumerateResult now = source.enumerate();
        if (!now.ok())
            fail(now.error().toString());
        for (const Session &session : now.value()) {
            if (!known.contains(session.id))
                seenMs = double(timer.nsecsElapsed()) / 1e6;
        }
    }
    if (!opener.waitForFinished(120000) || opener.exitCode() != 0)
        fail(QStringLiteral("lab.sh sessions %1 failed").arg(host));
    return seenMs;
}

// Refreshes of `source` without and with the resource totals, alternating so that both see
// the same load; prints both and what the totals add.
void totalsRow(const char *where, LogindSource &source)
{
    source.setWantResourceTotals(true);
    const EnumerateResult first = source.enumerate(); // systemd looks the scope units up once
    if (!first.ok())
        fail(first.error().toString());
    const qsizetype listed = first.value().size(); // over SSH, with the benchmark's own session
    const qsizetype accounted = std::count_if(first.value().cbegin(), first.value().cend(),
                                              [](const Session &s) { return s.processCount.has_value(); });
    QList<double> without;
    QList<double> with;
    const auto once = [&](bool totals) {
        source.setWantResourceTotals(totals);
        QElapsedTimer timer;
        timer.start();
        const EnumerateResult result = source.enumerate();
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        if (!result.ok() || result.value().size() != listed)
            fail(QStringLiteral("enumeration changed under the benchmark"));
        return ms;
    };
    for (int i = 0; i < Runs; ++i) {
        without << once(false);
        with << once(true);
    }
    source.setWantResourceTotals(false);
    std::sort(without.begin(), without.end());
    std::sort(with.begin(), with.end());
    const Figures a{without.at(Runs / 2), without.first()};
    const Figures b{with.at(Runs / 2), with.first()};
    row(qPrintable(QStringLiteral("%1, without resource totals").arg(QLatin1String(where))), a);
    row(qPrintable(QStringLiteral("%1, with resource totals").arg(QLatin1String(where))), b);
    std::printf("  resource_totals: %s refresh_ms=%.1f without, %.1f with (+%.1f ms, +%.0f %%)\n", where, a.median,
                b.median, b.median - a.median, 100.0 * (b.median - a.median) / a.median);
    // systemd answers every GetAll either way; without cgroup controllers, with "not set".
    std::printf("  (%lld of %lld sessions have totals: the host's systemd accounts %s)\n", qlonglong(accounted),
                qlonglong(listed), accounted == listed ? "them all" : "only those");
}

void resourceTotals(const QHash<QString, QString> &environment, const QString &host, LogindSource &onBus)
{
    std::printf("\nRefresh %d sessions with and without their resource totals (median of %d, alternating):\n",
                EnumerateSessions, Runs);
    totalsRow("on the bus", onBus);
    qputenv("SESSION_CONSOLE_SSH_CONFIG", environment.value(QStringLiteral("LAB_SSH_CONFIG")).toUtf8());
    const QString port = environment.value(QStringLiteral("LAB_%1_PORT").arg(host));
    LogindSource overSsh(ServerAddress::parse(QStringLiteral("root@127.0.0.1:%1").arg(port)));
    totalsRow("over SSH", overSsh);
}

void isolation(const QHash<QString, QString> &environment, const QString &goodHost, const QString &goodBus)
{
    const QStringList hosts = environment.value(QStringLiteral("LAB_HOSTS")).split(u' ', Qt::SkipEmptyParts);
    const QString frozenHost = hosts.first();
    if (hosts.size() < 2 || frozenHost == goodHost)
        fail(QStringLiteral("the isolation benchmark needs a second lab host (tests/lab/run-bench.sh starts two)"));
    qputenv("SESSION_CONSOLE_SSH_CONFIG", environment.value(QStringLiteral("LAB_SSH_CONFIG")).toUtf8());
    LogindSource good(ServerAddress::parse(QStringLiteral("dbus:") + goodBus));
    std::atomic<int> changes{0};
    good.watchChanges([&] { ++changes; });

    std::printf("\nIsolation: a new session on %s until its change callback and an enumerate list it\n"
                "(lab.sh opening the session included; median of %d):\n",
                qPrintable(goodHost), IsolationRuns);
    const Figures alone = measure(IsolationRuns, [&] { return newSessionSeenMs(good, changes, goodHost); });

    BlackHolePort blackHole;
    if (blackHole.port() == 0)
        fail(QStringLiteral("no port for the black hole"));
    const QString frozenBus = environment.value(QStringLiteral("LAB_%1_BUS").arg(frozenHost));
    std::vector<std::unique_ptr<LogindSource>> hung;
    hung.push_back(std::make_unique<LogindSource>(ServerAddress::parse(QStringLiteral("dbus:") + frozenBus)));
    hung.push_back(std::make_unique<LogindSource>(
        ServerAddress::parse(QStringLiteral("root@127.0.0.1:%1").arg(blackHole.port()))));
    if (!hung.front()->enumerate().ok())
        fail(QStringLiteral("cannot list %1 before freezing it").arg(frozenHost));
    lab({QStringLiteral("freeze"), frozenHost});
    std::atomic<bool> stop{false};
    std::vector<std::thread> busy;
    for (const auto &source : hung) {
        busy.emplace_back([&stop, server = source.get()] {
            // Calls kept in flight on the hung hosts: what they answer does not matter.
            while (!stop)
                static_cast<void>(server->enumerate());
        });
    }
    const Figures whileHung = measure(IsolationRuns, [&] { return newSessionSeenMs(good, changes, goodHost); });
    stop = true;
    lab({QStringLiteral("thaw"), frozenHost});
    for (std::thread &thread : busy)
        thread.join();

    std::printf("  isolation: good_host_event_ms=%.1f with none hung (reference; best %.1f)\n", alone.median,
                alone.best);
    std::printf("  isolation: good_host_event_ms=%.1f while 2 hung (best %.1f; a black-hole SSH port and frozen %s)\n",
                whileHung.median, whileHung.best, qPrintable(frozenHost));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QHash<QString, QString> environment = labEnvironment();
    const QString host = environment.value(QStringLiteral("LAB_HOSTS")).section(u' ', -1);
    const QString bus = environment.value(QStringLiteral("LAB_%1_BUS").arg(host));
    if (host.isEmpty() || bus.isEmpty())
        fail(QStringLiteral("the lab lists no host"));
    auto source = std::make_shared<LogindSource>(ServerAddress::parse(QStringLiteral("dbus:") + bus));
    std::printf("bench_logind on lab host %s (%s)\n", qPrintable(host), qPrintable(bus));
    if (app.arguments().contains(QStringLiteral("--isolation-only"))) {
        isolation(environment, host, bus);
        return 0;
    }

    freshSessions(host, EnumerateSessions);
    QElapsedTimer cold;
    cold.start();
    const EnumerateResult first = source->enumerate();
    const double coldMs = double(cold.nsecsElapsed()) / 1e6;
    if (!first.ok())
        fail(first.error().toString());
    const int listed = int(first.value().size());
    std::printf("\nEnumerate %d sessions, all properties (%d runs):\n", listed, Runs);
    const Figures ours = measure(Runs, [&] {
        QElapsedTimer timer;
        timer.start();
        const EnumerateResult result = source->enumerate();
        if (!result.ok() || result.value().size() != listed)
            fail(QStringLiteral("enumeration changed under the benchmark"));
        return double(timer.nsecsElapsed()) / 1e6;
    });
    row("LogindSource::enumerate (connection kept)", ours);
    std::printf("  %-58s %9.2f ms\n", "LogindSource::enumerate, first call (connects)", coldMs);
    const Figures listOnly = measure(Runs, [&] {
        return timeInHost(host, QStringLiteral("loginctl list-sessions >/dev/null"));
    });
    row("loginctl list-sessions (ids and users only)", listOnly);
    const Figures showEach = measure(3, [&] {
        return timeInHost(host, QStringLiteral("for id in $(loginctl list-sessions --no-legend | awk '{print $1}'); do "
                                               "loginctl show-session \"$id\"; done >/dev/null"));
    });
    row("loginctl show-session for every session", showEach);
    std::printf("  => ours %.1fx faster than the show-session loop, %.1fx the time of list-sessions alone\n",
                showEach.median / ours.median, ours.median / listOnly.median);
    resourceTotals(environment, host, *source);

    if (app.arguments().contains(QStringLiteral("--enumerate-only")))
        return 0;

    // Log off: our batch, then the serial loginctl loop, each on sessions of its own.
    QStringList ids = benchSessionIds(host);
    if (ids.size() < 2 * LogoffSessions)
        fail(QStringLiteral("too few sessions for the logoff benchmark"));
    QList<ActionJob::Target> targets;
    for (const Session &session : first.value()) {
        if (session.user == BenchUser && targets.size() < LogoffSessions) {
            targets.append({source, session});
            ids.removeOne(session.id);
        }
    }
    ActionJob::Options options;
    options.kind = ActionJob::Kind::Logoff;
    options.wait = true;
    options.timeout = 60s;
    // The window's configuration: a logoff with wait mostly waits (su, the lab's session
    // leader, sleeps 2 s after SIGTERM), and logind lets a whole batch be in flight.
    // SC_BENCH_PER_SERVER overrides the per-server limit.
    options.maxPerServer = qEnvironmentVariableIntValue("SC_BENCH_PER_SERVER");
    QThreadPool pool;
    pool.setMaxThreadCount(ActionJob::DefaultPoolThreads);
    // Recorded as the window records it (the cost is part of the batch), not in the user's log.
    const QTemporaryDir auditDirectory;
    ActionJob job(options, targets,
                  std::make_shared<AuditLog>(AuditLog::Tool::Console,
                                             auditDirectory.filePath(QStringLiteral("audit.jsonl"))),
                  &pool);
    QEventLoop loop;
    QObject::connect(&job, &ActionJob::finished, &loop, &QEventLoop::quit);
    QElapsedTimer logoffTimer;
    logoffTimer.start();
    job.start();
    if (!job.isFinished())
        loop.exec();
    const double oursLogoff = double(logoffTimer.nsecsElapsed()) / 1e6;
    int done = 0;
    for (int i = 0; i < job.total(); ++i)
        done += ActionJob::succeeded(job.outcome(i).status) ? 1 : 0;
    if (done != job.total())
        fail(QStringLiteral("%1 of %2 logoffs failed").arg(job.total() - done).arg(job.total()));

    const QStringList reference = ids.mid(0, LogoffSessions);
    const double loopLogoff
        = timeInHost(host,
                     QStringLiteral("for id in %1; do loginctl terminate-session \"$id\"; "
                                    "while loginctl show-session \"$id\" >/dev/null 2>&1; do sleep 0.01; done; done")
                         .arg(reference.join(u' ')));
    std::printf("\nLog off %d sessions with wait:\n", LogoffSessions);
    std::printf("  %-58s %9.2f ms\n",
                qPrintable(QStringLiteral("ActionJob + LogindSource::logoff (%1 per server)")
                               .arg(options.maxPerServer > 0 ? options.maxPerServer
                                                             : targets.first().source->actionConcurrency())),
                oursLogoff);
    std::printf("  %-58s %9.2f ms\n", "serial loginctl terminate-session, waiting for each", loopLogoff);
    std::printf("  => ours %.1fx faster than the serial loop\n", loopLogoff / oursLogoff);

    isolation(environment, host, bus);
    return 0;
}
