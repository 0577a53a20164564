// The logind backend against loginctl on a lab host (tests/lab/run-bench.sh starts the lab):
//   enumerate a host holding 300 sessions: LogindSource::enumerate() (ListSessions, then every
//     GetAll in flight at once) versus `loginctl list-sessions` alone and versus
//     `loginctl show-session` for every session;
//   log off 100 sessions with wait: one ActionJob batch versus a serial loop of
//     `loginctl terminate-session` that waits for each session to go.
// Usage: bench_logind [--enumerate-only]   (SC_LAB_ENV names the running lab's lab.env)
// The references run inside the host (nsenter through tests/lab/lab.sh exec), as an
// administrator logged on there would run them.
#include "ActionJob.h"
#include "logind/LogindSource.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QThread>
#include <QThreadPool>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

using namespace std::chrono_literals;

namespace {

constexpr int EnumerateSessions = 300;
constexpr int LogoffSessions = 100;
constexpr int Runs = 21;
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

    freshSessions(host, EnumerateSessions);
    QElapsedTimer cold;
    cold.start();
    const EnumerateResult first = source->enumerate();
    const double coldMs = double(cold.nsecsElapsed()) / 1e6;
    if (!first.ok())
        fail(first.error->toString());
    const int listed = int(first.sessions.size());
    std::printf("\nEnumerate %d sessions, all properties (%d runs):\n", listed, Runs);
    const Figures ours = measure(Runs, [&] {
        QElapsedTimer timer;
        timer.start();
        const EnumerateResult result = source->enumerate();
        if (!result.ok() || result.sessions.size() != listed)
            fail(QStringLiteral("enumeration changed under the benchmark"));
        return double(timer.nsecsElapsed()) / 1e6;
    });
    row("LogindSource::enumerate (connection kept)", ours);
    std::printf("  %-58s %9.2f ms\n", "LogindSource::enumerate, first call (connects)", coldMs);
    const Figures listOnly = measure(Runs, [&] { return timeInHost(host, QStringLiteral("loginctl list-sessions >/dev/null")); });
    row("loginctl list-sessions (ids and users only)", listOnly);
    const Figures showEach = measure(3, [&] {
        return timeInHost(host, QStringLiteral("for id in $(loginctl list-sessions --no-legend | awk '{print $1}'); do "
                                               "loginctl show-session \"$id\"; done >/dev/null"));
    });
    row("loginctl show-session for every session", showEach);
    std::printf("  => ours %.1fx faster than the show-session loop, %.1fx the time of list-sessions alone\n",
                showEach.median / ours.median, ours.median / listOnly.median);

    if (app.arguments().contains(QStringLiteral("--enumerate-only")))
        return 0;

    // Log off: our batch, then the serial loginctl loop, each on sessions of its own.
    QStringList ids = benchSessionIds(host);
    if (ids.size() < 2 * LogoffSessions)
        fail(QStringLiteral("too few sessions for the logoff benchmark"));
    QList<ActionJob::Target> targets;
    for (const Session &session : first.sessions) {
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
    ActionJob job(options, targets, &pool);
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
    const double loopLogoff = timeInHost(
        host, QStringLiteral("for id in %1; do loginctl terminate-session \"$id\"; "
                             "while loginctl show-session \"$id\" >/dev/null 2>&1; do sleep 0.01; done; done")
                  .arg(reference.join(u' ')));
    std::printf("\nLog off %d sessions with wait:\n", LogoffSessions);
    std::printf("  %-58s %9.2f ms\n",
                qPrintable(QStringLiteral("ActionJob + LogindSource::logoff (%1 per server)").arg(options.maxPerServer > 0 ? options.maxPerServer : targets.first().source->actionConcurrency())),
                oursLogoff);
    std::printf("  %-58s %9.2f ms\n", "serial loginctl terminate-session, waiting for each", loopLogoff);
    std::printf("  => ours %.1fx faster than the serial loop\n", loopLogoff / oursLogoff);
    return 0;
}
