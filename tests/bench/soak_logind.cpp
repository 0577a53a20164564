// Soak: the real RefreshScheduler and a SessionTableModel fed by it refresh four lab hosts
// (two over their bus, two over SSH) every second while sessions come and go on them.
// Samples this process's memory, threads and connections, and checks at the end that
// nothing grew and that the rows are what loginctl lists on every host.
// Needs a running lab of 4 hosts: tests/lab/soak.sh [MINUTES] starts one and runs this.
//
// Usage: soak_logind [MINUTES]   (default 30; fractions allowed)
#include "LabHosts.h"

#include "RefreshScheduler.h"
#include "SessionTableModel.h"
#include "logind/LogindBusAddress.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <climits>
#include <cstdio>

using namespace std::chrono_literals;

namespace {

struct Sample
{
    qint64 atMs = 0;
    qint64 rssKb = 0;
    int threads = 0;
    int sockets = 0;     // D-Bus connections: a unix socket each (a socketpair end for ssh)
    int sshChildren = 0; // one ssh per SSH host
};

qint64 residentKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

int countSockets()
{
    int sockets = 0;
    const QDir fds(QStringLiteral("/proc/self/fd"));
    for (const QString &fd : fds.entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot)) {
        if (QFile::symLinkTarget(fds.filePath(fd)).contains(QStringLiteral("socket:")))
            ++sockets;
    }
    return sockets;
}

int countSshChildren()
{
    int ssh = 0;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile children(tasks.filePath(task) + QStringLiteral("/children"));
        if (!children.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &pid : children.readAll().split(' ')) {
            QFile comm(QStringLiteral("/proc/%1/comm").arg(QString::fromLatin1(pid.trimmed())));
            if (!pid.trimmed().isEmpty() && comm.open(QIODevice::ReadOnly) && comm.readAll().trimmed() == "ssh")
                ++ssh;
        }
    }
    return ssh;
}

Sample sample(qint64 atMs)
{
    return {atMs, residentKb(),
            int(QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size()),
            countSockets(), countSshChildren()};
}

QStringList sorted(QStringList ids)
{
    ids.sort();
    return ids;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const double minutes = argc > 1 ? QString::fromLocal8Bit(argv[1]).toDouble() : 30.0;
    if (minutes <= 0) {
        std::fprintf(stderr, "usage: soak_logind [MINUTES]\n");
        return 2;
    }
    QString error;
    const std::optional<LabHosts> lab = LabHosts::load(&error);
    if (!lab || lab->hosts().size() < 4) {
        std::fprintf(stderr, "soak: needs a lab of 4 hosts (tests/lab/soak.sh): %s\n", qPrintable(error));
        return 2;
    }
    qputenv(LogindBusAddress::SshConfigVariable, lab->sshConfig().toUtf8());
    const qint64 durationMs = qint64(minutes * 60000);
    const qint64 warmUpMs = durationMs / 5;

    QList<LabHosts::Host> hosts = lab->hosts().mid(0, 4);
    QStringList servers;
    for (int i = 0; i < hosts.size(); ++i) {
        const LabHosts::Host &host = hosts.at(i);
        servers << ServerAddress::parse(i < 2 ? QStringLiteral("dbus:") + host.busAddress
                                              : QStringLiteral("root@127.0.0.1:%1").arg(host.sshPort))
                       .toString();
    }

    RefreshScheduler scheduler;
    scheduler.setInterval(1s);
    SessionTableModel model;
    qint64 refreshes = 0;
    qint64 failures = 0;
    QObject::connect(&scheduler, &RefreshScheduler::refreshFinished,
                     [&](const QString &server, const EnumerateResult &result, const QDateTime &observedAt) {
                         ++refreshes;
                         if (result.ok())
                             model.applySnapshot(server, result.value(), observedAt);
                         else
                             ++failures;
                     });
    for (const QString &server : std::as_const(servers))
        scheduler.addServer(ServerAddress::parse(server));

    // Sessions come and go: two opened on one host after another, the oldest ended once a
    // host holds more than six of them.
    std::atomic<bool> stopChurn{false};
    std::atomic<int> opened{0};
    std::atomic<int> ended{0};
    std::atomic<int> churnErrors{0};
    std::unique_ptr<QThread> churn(QThread::create([&] {
        QList<QStringList> live(hosts.size());
        for (int round = 0; !stopChurn; ++round) {
            const int h = round % int(hosts.size());
            const QStringList ids = lab->openSessions(hosts.at(h), QStringLiteral("bench"), 2);
            if (ids.isEmpty())
                ++churnErrors;
            opened += int(ids.size());
            live[h] << ids;
            if (live[h].size() > 6) {
                const QStringList oldest = live[h].mid(0, 2);
                live[h].remove(0, 2);
                int exitCode = -1;
                lab->exec(hosts.at(h),
                          QStringList{QStringLiteral("loginctl"), QStringLiteral("terminate-session")} + oldest,
                          &exitCode);
                if (exitCode == 0)
                    ended += int(oldest.size());
                else
                    ++churnErrors;
            }
        }
    }));
    churn->start();

    QElapsedTimer clock;
    clock.start();
    QList<Sample> samples;
    QTimer sampler;
    QObject::connect(&sampler, &QTimer::timeout, [&] { samples << sample(clock.elapsed()); });
    sampler.start(2000);
    QEventLoop loop;
    QTimer::singleShot(std::chrono::milliseconds(durationMs), &loop, &QEventLoop::quit);
    loop.exec();
    sampler.stop();
    const Sample end = sample(clock.elapsed());

    stopChurn = true;
    while (!churn->isFinished())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 100);

    // With the churn quiet, the rows of every host must come to what loginctl lists.
    QStringList rowReport;
    bool rowsEqual = true;
    for (int i = 0; i < hosts.size(); ++i) {
        QStringList expected;
        QStringList shown;
        QElapsedTimer deadline;
        deadline.start();
        do {
            expected = sorted(lab->sessionIds(hosts.at(i)));
            QElapsedTimer settle;
            settle.start();
            while (settle.elapsed() < 3000) {
                QCoreApplication::processEvents(QEventLoop::AllEvents, 100);
                shown.clear();
                for (int row = 0; row < model.rowCount(); ++row) {
                    if (model.sessionAt(row).server == servers.at(i))
                        shown << model.sessionAt(row).id;
                }
                shown = sorted(shown);
                if (shown == expected)
                    break;
            }
        } while (shown != expected && deadline.elapsed() < 60000);
        rowsEqual = rowsEqual && shown == expected;
        rowReport << QStringLiteral("%1=%2/%3%4")
                         .arg(hosts.at(i).name)
                         .arg(shown.size())
                         .arg(expected.size())
                         .arg(shown == expected ? QString() : QStringLiteral("(MISMATCH)"));
    }

    Sample warm = end;
    int warmUpThreadsMax = 0;
    int laterThreadsMax = 0;
    int laterSocketsMin = INT_MAX;
    int laterSocketsMax = 0;
    bool warmSet = false;
    for (const Sample &s : std::as_const(samples)) {
        if (s.atMs < warmUpMs) {
            warmUpThreadsMax = std::max(warmUpThreadsMax, s.threads);
            continue;
        }
        if (!warmSet) {
            warm = s;
            warmSet = true;
        }
        laterThreadsMax = std::max(laterThreadsMax, s.threads);
        laterSocketsMin = std::min(laterSocketsMin, s.sockets);
        laterSocketsMax = std::max(laterSocketsMax, s.sockets);
    }
    const double growth = 100.0 * double(end.rssKb - warm.rssKb) / double(std::max<qint64>(1, warm.rssKb));
    // Pool threads come and go with the load; "flat" allows that jitter, not a trend.
    const bool memoryOk = growth < 5.0;
    const bool threadsOk = end.threads <= warm.threads + 2
                           && laterThreadsMax <= std::max(warmUpThreadsMax, warm.threads) + 2;
    const bool connectionsOk = laterSocketsMin == laterSocketsMax && end.sockets == warm.sockets && end.sshChildren == 2
                               && warm.sshChildren == 2;
    const bool ok = warmSet && memoryOk && threadsOk && connectionsOk && rowsEqual;

    std::printf("soak minutes=%.2f samples=%lld refreshes=%lld failed_refreshes=%lld sessions_opened=%d "
                "sessions_ended=%d churn_errors=%d\n",
                minutes, qint64(samples.size()), refreshes, failures, opened.load(), ended.load(), churnErrors.load());
    std::printf(
        "soak rss_warmup_end_kb=%lld rss_end_kb=%lld growth_pct=%.2f threads_warmup_end=%d threads_end=%d "
        "threads_max=%d connections_warmup_end=%d connections_end=%d connections_range=%d..%d ssh_children=%d/%d "
        "rows %s -> %s\n",
        warm.rssKb, end.rssKb, growth, warm.threads, end.threads, laterThreadsMax, warm.sockets, end.sockets,
        laterSocketsMin, laterSocketsMax, warm.sshChildren, end.sshChildren, qPrintable(rowReport.join(u' ')),
        ok ? "PASS" : "FAIL");
    if (!ok) {
        std::fprintf(stderr, "soak: failed:%s%s%s%s%s\n", warmSet ? "" : " no sample after the warm-up,",
                     memoryOk ? "" : " memory grew,", threadsOk ? "" : " threads grew,",
                     connectionsOk ? "" : " connections changed,", rowsEqual ? "" : " rows differ from loginctl");
    }
    return ok ? 0 : 1;
}
