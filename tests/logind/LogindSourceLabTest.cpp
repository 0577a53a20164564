// LogindSource against real logind: the hosts of tests/lab/lab.sh, started by the ctest
// fixture. Without a lab these tests fail; they never pass by skipping.
#include "LabHosts.h"

#include "ActionJob.h"
#include "logind/LogindBusAddress.h"
#include "logind/LogindDetailsMapper.h"
#include "logind/LogindSource.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QThreadPool>

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <iostream>

using namespace std::chrono_literals;

namespace {

class LogindSourceLabTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        QString error;
        lab = LabHosts::load(&error);
        ASSERT_TRUE(lab.has_value()) << error.toStdString();
        qputenv(LogindBusAddress::SshConfigVariable, lab->sshConfig().toUtf8());
    }

    const LabHosts::Host &host() const { return lab->host(0); }

    ServerAddress busAddress() const { return ServerAddress::parse(QStringLiteral("dbus:") + host().busAddress); }

    ServerAddress sshAddress(const QString &user) const
    {
        return ServerAddress::parse(QStringLiteral("%1@127.0.0.1:%2").arg(user).arg(host().sshPort));
    }

    static std::optional<Session> find(const QList<Session> &sessions, const QString &id)
    {
        const auto it = std::find_if(sessions.begin(), sessions.end(), [&](const Session &s) { return s.id == id; });
        return it == sessions.end() ? std::nullopt : std::optional<Session>(*it);
    }

    // What sshd and logind logged lately, for a failure that depends on the host's timing.
    QString hostJournal() const
    {
        return lab->exec(host(), {QStringLiteral("journalctl"), QStringLiteral("--no-pager"), QStringLiteral("-n"),
                                  QStringLiteral("40"), QStringLiteral("-o"), QStringLiteral("short-precise"),
                                  QStringLiteral("-u"), QStringLiteral("ssh"), QStringLiteral("-u"),
                                  QStringLiteral("systemd-logind"), QStringLiteral("-u"), QStringLiteral("user@0")});
    }

    std::optional<LabHosts> lab;
};

// A port on 127.0.0.1 that nothing listens on: bound, read back, released.
int closedPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0
        && ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

// This process's ssh children that exited and were never waited for (read from /proc;
// nothing here reaps them).
int sshZombies()
{
    int zombies = 0;
    const QString self = QString::number(::getpid());
    for (const QString &pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        // "PID (COMM) STATE PPID ..."
        const QString line = QString::fromLatin1(stat.readAll());
        const qsizetype close = line.lastIndexOf(u')');
        const QStringList rest = line.mid(close + 2).split(u' ');
        if (line.mid(line.indexOf(u'(') + 1, close - line.indexOf(u'(') - 1) == u"ssh" && rest.value(0) == u"Z"
            && rest.value(1) == self)
            ++zombies;
    }
    return zombies;
}

QStringList sortedIds(const QList<Session> &sessions)
{
    QStringList ids;
    for (const Session &session : sessions)
        ids << session.id;
    ids.sort();
    return ids;
}

// Runs `job` to the end on this thread's event loop.
void runToEnd(ActionJob &job)
{
    QSignalSpy finished(&job, &ActionJob::finished);
    job.start();
    if (!job.isFinished()) {
        ASSERT_TRUE(finished.wait(60000)) << "the batch did not finish within 60 s";
    }
}

} // namespace

TEST_F(LogindSourceLabTest, ListsWhatLoginctlReportsInsideTheHost)
{
    ASSERT_EQ(lab->openSessions(host(), QStringLiteral("alice"), 2).size(), 2);
    ASSERT_EQ(lab->openSessions(host(), QStringLiteral("bob"), 1).size(), 1);
    std::unique_ptr<QProcess> ssh;
    const QString sshId = lab->openSshSession(host(), QStringLiteral("carol"), &ssh);
    ASSERT_FALSE(sshId.isEmpty()) << "the SSH login of carol opened no session";

    LogindSource source(busAddress());
    const EnumerateResult result = source.enumerate();
    ASSERT_TRUE(result.ok()) << result.error().toString().toStdString();
    const QList<LabHosts::LoginctlSession> expected = lab->loginctlSessions(host());
    ASSERT_GE(expected.size(), 4);

    QList<LabHosts::LoginctlSession> listed;
    for (const Session &session : result.value()) {
        EXPECT_EQ(session.server, busAddress().toString());
        listed << LabHosts::LoginctlSession{session.id,     session.user,          session.rawState,
                                            session.remote, session.clientAddress, session.service};
    }
    const auto byId = [](const auto &a, const auto &b) { return a.id < b.id; };
    std::sort(listed.begin(), listed.end(), byId);
    QList<LabHosts::LoginctlSession> sortedExpected = expected;
    std::sort(sortedExpected.begin(), sortedExpected.end(), byId);
    ASSERT_EQ(listed.size(), sortedExpected.size());
    for (qsizetype i = 0; i < listed.size(); ++i) {
        EXPECT_EQ(listed[i].id, sortedExpected[i].id);
        EXPECT_EQ(listed[i].user, sortedExpected[i].user) << "session " << listed[i].id.toStdString();
        EXPECT_EQ(listed[i].state, sortedExpected[i].state) << "session " << listed[i].id.toStdString();
        EXPECT_EQ(listed[i].remote, sortedExpected[i].remote) << "session " << listed[i].id.toStdString();
        EXPECT_EQ(listed[i].remoteHost, sortedExpected[i].remoteHost) << "session " << listed[i].id.toStdString();
        EXPECT_EQ(listed[i].service, sortedExpected[i].service) << "session " << listed[i].id.toStdString();
    }

    const auto carol = find(result.value(), sshId);
    ASSERT_TRUE(carol.has_value());
    EXPECT_TRUE(carol->remote);
    EXPECT_EQ(carol->clientAddress, QStringLiteral("127.0.0.1"));
    EXPECT_EQ(carol->service, QStringLiteral("sshd"));
    EXPECT_EQ(carol->state, Session::State::Active);
    EXPECT_TRUE(carol->logonTime.isValid());
    EXPECT_LE(carol->logonTime, QDateTime::currentDateTimeUtc());
    EXPECT_FALSE(carol->own) << "a session the console did not open is not its own";
    ssh->kill();
    ssh->waitForFinished();
}

TEST_F(LogindSourceLabTest, LogoffWithWaitEndsTheSessionAndItsProcesses)
{
    const QStringList ids = lab->openSessions(host(), QStringLiteral("bob"), 1);
    ASSERT_EQ(ids.size(), 1);
    const QString id = ids.first();
    const QString leader = lab->sessionProperty(host(), id, QStringLiteral("Leader"));
    const QString scope = lab->sessionProperty(host(), id, QStringLiteral("Scope"));
    ASSERT_FALSE(leader.isEmpty());
    int exitCode = -1;
    lab->exec(host(), {QStringLiteral("kill"), QStringLiteral("-0"), leader}, &exitCode);
    ASSERT_EQ(exitCode, 0) << "the session's leader should run before the logoff";

    LogindSource source(busAddress());
    const ActionResult result = source.logoff(SessionRef::plainId(id), true, 20s);
    ASSERT_TRUE(result.ok()) << result.error().toString().toStdString();

    EXPECT_FALSE(lab->sessionIds(host()).contains(id)) << "logind still lists session " << id.toStdString();
    // The source sees it gone too.
    const EnumerateResult after = source.enumerate();
    ASSERT_TRUE(after.ok()) << after.error().toString().toStdString();
    EXPECT_FALSE(find(after.value(), id).has_value());
    lab->exec(host(), {QStringLiteral("kill"), QStringLiteral("-0"), leader}, &exitCode);
    EXPECT_NE(exitCode, 0) << "the session's leader " << leader.toStdString() << " survived the logoff";
    const QString scopeState
        = lab->exec(host(), {QStringLiteral("systemctl"), QStringLiteral("is-active"), scope}).trimmed();
    EXPECT_NE(scopeState, QStringLiteral("active")) << "the session's scope " << scope.toStdString() << " still runs";
}

TEST_F(LogindSourceLabTest, LogoffOfAGoneSessionIsAlreadyGone)
{
    const QStringList ids = lab->openSessions(host(), QStringLiteral("bob"), 1);
    ASSERT_EQ(ids.size(), 1);
    LogindSource source(busAddress());
    ASSERT_TRUE(source.logoff(SessionRef::plainId(ids.first()), true, 20s).ok());

    const ActionResult again = source.logoff(SessionRef::plainId(ids.first()), true, 20s);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().category, SessionError::Category::AlreadyGone) << again.error().toString().toStdString();
    const ActionResult never = source.logoff(SessionRef::plainId(QStringLiteral("nosuchsession")), false, 20s);
    ASSERT_FALSE(never.ok());
    EXPECT_EQ(never.error().category, SessionError::Category::AlreadyGone) << never.error().toString().toStdString();
}

TEST_F(LogindSourceLabTest, NonRootUserIsDeniedAnotherUsersSessionWhileTheBatchCompletes)
{
    const QStringList bobs = lab->openSessions(host(), QStringLiteral("bob"), 1);
    const QStringList alices = lab->openSessions(host(), QStringLiteral("alice"), 1);
    ASSERT_EQ(bobs.size(), 1);
    ASSERT_EQ(alices.size(), 1);

    auto source = std::make_shared<LogindSource>(sshAddress(QStringLiteral("alice")));
    const EnumerateResult listed = source->enumerate();
    ASSERT_TRUE(listed.ok()) << listed.error().toString().toStdString();
    const auto bob = find(listed.value(), bobs.first());
    const auto alice = find(listed.value(), alices.first());
    ASSERT_TRUE(bob && alice);

    ActionJob::Options options;
    options.kind = ActionJob::Kind::Logoff;
    options.wait = true;
    options.timeout = 20s;
    QThreadPool pool;
    const QTemporaryDir auditDirectory;
    const QString auditLog = auditDirectory.filePath(QStringLiteral("audit.jsonl"));
    ActionJob job(options, {{source, *bob}, {source, *alice}},
                  std::make_shared<AuditLog>(AuditLog::Tool::Console, auditLog), &pool);
    runToEnd(job);
    ASSERT_TRUE(job.isFinished());

    // Both asked, and both outcomes, the refusal with logind's reason.
    const QList<AuditRecord> records = AuditLog::read(auditLog).records;
    ASSERT_EQ(records.size(), 4);
    for (const auto &[id, outcome, category] :
         {std::tuple{bobs.first(), QStringLiteral("failed"),
                     SessionError::categoryName(SessionError::Category::AccessDenied)},
          std::tuple{alices.first(), QStringLiteral("done"), QString()}}) {
        QList<AuditRecord> mine;
        for (const AuditRecord &record : records) {
            if (record.sessionId == id)
                mine.append(record);
        }
        ASSERT_EQ(mine.size(), 2) << id.toStdString();
        EXPECT_EQ(mine.at(0).phase, AuditRecord::Phase::Requested);
        EXPECT_EQ(mine.at(0).batch, job.batchId());
        EXPECT_EQ(mine.at(0).action, QStringLiteral("logoff"));
        EXPECT_EQ(mine.at(1).phase, AuditRecord::Phase::Outcome);
        EXPECT_EQ(mine.at(1).outcome, outcome) << id.toStdString();
        EXPECT_EQ(mine.at(1).reasonCategory, category) << id.toStdString();
    }

    EXPECT_EQ(job.outcome(0).status, ActionJob::Status::Failed);
    ASSERT_TRUE(job.outcome(0).error.has_value());
    EXPECT_EQ(job.outcome(0).error->category, SessionError::Category::AccessDenied)
        << job.outcome(0).error->toString().toStdString();
    EXPECT_TRUE(job.outcome(0).error->message.contains(QStringLiteral("org.freedesktop.login1.manage")))
        << job.outcome(0).error->message.toStdString();
    EXPECT_EQ(job.outcome(1).status, ActionJob::Status::Done)
        << (job.outcome(1).error ? job.outcome(1).error->toString().toStdString() : std::string());

    const QStringList remaining = lab->sessionIds(host());
    EXPECT_TRUE(remaining.contains(bobs.first())) << "bob's session must survive alice's attempt";
    EXPECT_FALSE(remaining.contains(alices.first())) << "alice may end her own session";
    ASSERT_TRUE(LogindSource(busAddress()).logoff(SessionRef::plainId(bobs.first()), true, 20s).ok());
}

TEST_F(LogindSourceLabTest, SshPathListsTheHostAndMarksItsOwnSession)
{
    LogindSource overSsh(sshAddress(QStringLiteral("root")));
    const EnumerateResult viaSsh = overSsh.enumerate();
    ASSERT_TRUE(viaSsh.ok()) << viaSsh.error().toString().toStdString();

    const auto own = std::find_if(viaSsh.value().begin(), viaSsh.value().end(), [](const Session &s) { return s.own; });
    ASSERT_NE(own, viaSsh.value().end()) << "the session of the console's own ssh connection is not marked";
    EXPECT_EQ(std::count_if(viaSsh.value().begin(), viaSsh.value().end(), [](const Session &s) { return s.own; }), 1);
    EXPECT_EQ(own->user, QStringLiteral("root"));
    EXPECT_TRUE(own->remote);
    EXPECT_EQ(own->clientAddress, QStringLiteral("127.0.0.1"));
    EXPECT_EQ(own->service, QStringLiteral("sshd"));

    LogindSource overBus(busAddress());
    const EnumerateResult viaBus = overBus.enumerate();
    ASSERT_TRUE(viaBus.ok()) << viaBus.error().toString().toStdString();
    EXPECT_EQ(sortedIds(viaSsh.value()), sortedIds(viaBus.value()));

    // The connection is kept: a second enumeration opens no second ssh session.
    const EnumerateResult again = overSsh.enumerate();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(sortedIds(again.value()), sortedIds(viaSsh.value()));
}

TEST_F(LogindSourceLabTest, SshConnectionIsReopenedAfterItDrops)
{
    LogindSource source(sshAddress(QStringLiteral("root")));
    const EnumerateResult first = source.enumerate();
    ASSERT_TRUE(first.ok()) << first.error().toString().toStdString();
    const auto own = std::find_if(first.value().begin(), first.value().end(), [](const Session &s) { return s.own; });
    ASSERT_NE(own, first.value().end());

    // Ending the ssh session ends the connection under the source.
    ASSERT_TRUE(LogindSource(busAddress()).logoff(SessionRef::plainId(own->id), true, 20s).ok());
    // The next enumeration opens a new connection. A fresh ssh login to a busy host can take
    // longer than one enumeration waits; the next refresh tries again, and so does this test.
    EnumerateResult second = source.enumerate();
    for (int attempt = 1; attempt < 4 && !second.ok() && second.error().category == SessionError::Category::Timeout;
         ++attempt) {
        std::cout << "attempt " << attempt << ": " << second.error().toString().toStdString() << "\n"
                  << hostJournal().toStdString();
        second = source.enumerate();
    }
    ASSERT_TRUE(second.ok()) << second.error().toString().toStdString() << "\n" << hostJournal().toStdString();
    const auto newOwn = std::find_if(second.value().begin(), second.value().end(),
                                     [](const Session &s) { return s.own; });
    ASSERT_NE(newOwn, second.value().end());
    EXPECT_NE(newOwn->id, own->id);
    // sd-bus waited for the ssh of the dropped connection when it closed it.
    EXPECT_EQ(sshZombies(), 0);
}

TEST_F(LogindSourceLabTest, LocalIsTheSystemBusTheEnvironmentNames)
{
    // `local` is whatever sd-bus takes for the system bus: here the host's, by
    // DBUS_SYSTEM_BUS_ADDRESS, so the test does not depend on this machine's own logind.
    const QStringList ids = lab->openSessions(host(), QStringLiteral("alice"), 1);
    ASSERT_EQ(ids.size(), 1);
    QStringList expected = lab->sessionIds(host());
    expected.sort();

    EnumerateResult listed;
    ActionResult loggedOff;
    {
        // Only while the source talks: lab.sh's commands in the host inherit the environment.
        const QByteArray saved = qgetenv("DBUS_SYSTEM_BUS_ADDRESS");
        const bool wasSet = qEnvironmentVariableIsSet("DBUS_SYSTEM_BUS_ADDRESS");
        const auto restore = qScopeGuard([&] {
            if (wasSet)
                qputenv("DBUS_SYSTEM_BUS_ADDRESS", saved);
            else
                qunsetenv("DBUS_SYSTEM_BUS_ADDRESS");
        });
        qputenv("DBUS_SYSTEM_BUS_ADDRESS", host().busAddress.toUtf8());
        LogindSource local(ServerAddress::local());
        listed = local.enumerate();
        loggedOff = local.logoff(SessionRef::plainId(ids.first()), true, 20s);
    }
    ASSERT_TRUE(listed.ok()) << listed.error().toString().toStdString();
    EXPECT_EQ(sortedIds(listed.value()), expected);
    EXPECT_TRUE(loggedOff.ok()) << loggedOff.error().toString().toStdString();
    EXPECT_FALSE(lab->sessionIds(host()).contains(ids.first()));
}

TEST_F(LogindSourceLabTest, ClosedPortIsUnreachableWithinTheTimeout)
{
    const int port = closedPort();
    ASSERT_GT(port, 0);

    LogindSource source(ServerAddress::parse(QStringLiteral("root@127.0.0.1:%1").arg(port)));
    QElapsedTimer timer;
    timer.start();
    const EnumerateResult result = source.enumerate();
    ASSERT_FALSE(result.ok());
    EXPECT_LT(timer.elapsed(), LogindSource::QueryTimeout.count());
    EXPECT_EQ(result.error().category, SessionError::Category::Unreachable) << result.error().toString().toStdString();
    EXPECT_TRUE(result.error().message.contains(QStringLiteral("Connection refused")))
        << "ssh's own message is expected: " << result.error().message.toStdString();

    const ActionResult logoff = source.logoff(SessionRef::plainId(QStringLiteral("1")), true, 5s);
    ASSERT_FALSE(logoff.ok());
    EXPECT_EQ(logoff.error().category, SessionError::Category::Unreachable);
}

TEST_F(LogindSourceLabTest, UnknownHostKeyIsUnreachableWithSshsMessage)
{
    // Without the lab's known_hosts, BatchMode refuses the unknown host key instead of asking.
    qputenv(LogindBusAddress::SshConfigVariable, QByteArray("/dev/null"));
    LogindSource source(sshAddress(QStringLiteral("root")));
    const EnumerateResult result = source.enumerate();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().category, SessionError::Category::Unreachable) << result.error().toString().toStdString();
    EXPECT_TRUE(result.error().message.contains(QStringLiteral("Host key verification failed")))
        << result.error().message.toStdString();
}

TEST_F(LogindSourceLabTest, MissingBusIsUnreachable)
{
    LogindSource source(ServerAddress::parse(QStringLiteral("dbus:unix:path=/nonexistent/bus")));
    const EnumerateResult result = source.enumerate();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().category, SessionError::Category::Unreachable) << result.error().toString().toStdString();
}

TEST_F(LogindSourceLabTest, NewAndRemovedSessionsAreSignalled)
{
    LogindSource source(busAddress());
    std::atomic<int> changes{0};
    source.watchChanges([&] { ++changes; });
    ASSERT_TRUE(source.enumerate().ok());

    const QStringList ids = lab->openSessions(host(), QStringLiteral("alice"), 1);
    ASSERT_EQ(ids.size(), 1);
    QElapsedTimer timer;
    timer.start();
    while (changes == 0 && timer.elapsed() < 5000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    EXPECT_GT(changes.load(), 0) << "no SessionNew reached the callback";

    const int beforeLogoff = changes;
    ASSERT_TRUE(source.logoff(SessionRef::plainId(ids.first()), true, 20s).ok());
    timer.restart();
    while (changes == beforeLogoff && timer.elapsed() < 5000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    EXPECT_GT(changes.load(), beforeLogoff) << "no SessionRemoved reached the callback";
}

TEST_F(LogindSourceLabTest, LockIsSupportedAndDisconnectIsNot)
{
    const QStringList ids = lab->openSessions(host(), QStringLiteral("alice"), 1);
    ASSERT_EQ(ids.size(), 1);
    LogindSource source(busAddress());
    EXPECT_TRUE(source.capabilities().testFlag(SessionSource::Capability::Lock));
    EXPECT_FALSE(source.capabilities().testFlag(SessionSource::Capability::Disconnect));
    const ActionResult locked = source.lock(SessionRef::plainId(ids.first()), 10s);
    EXPECT_TRUE(locked.ok()) << locked.error().toString().toStdString();

    const ActionResult disconnected = source.disconnect(SessionRef::plainId(ids.first()), true, 10s);
    ASSERT_FALSE(disconnected.ok());
    EXPECT_EQ(disconnected.error().category, SessionError::Category::NotSupported);
    const ActionResult message = source.sendMessage(SessionRef::plainId(ids.first()), QStringLiteral("t"),
                                                    QStringLiteral("x"), false, 10s);
    ASSERT_FALSE(message.ok());
    EXPECT_EQ(message.error().category, SessionError::Category::NotSupported);
    ASSERT_TRUE(source.logoff(SessionRef::plainId(ids.first()), true, 20s).ok());
}

namespace {

QSet<quint32> pidsOf(const QList<SessionProcess> &processes)
{
    QSet<quint32> pids;
    for (const SessionProcess &process : processes)
        pids.insert(process.pid);
    return pids;
}

std::string describe(const QSet<quint32> &pids)
{
    QStringList sorted;
    for (const quint32 pid : pids)
        sorted << QString::number(pid);
    sorted.sort();
    return sorted.join(u' ').toStdString();
}

} // namespace

TEST_F(LogindSourceLabTest, ProcessesOfASessionAreThePidsPsShowsInItsScope)
{
    const QStringList alices = lab->openSessions(host(), QStringLiteral("alice"), 2);
    ASSERT_EQ(alices.size(), 2);
    std::unique_ptr<QProcess> ssh;
    const QString carol = lab->openSshSession(host(), QStringLiteral("carol"), &ssh);
    ASSERT_FALSE(carol.isEmpty());
    const auto cleanUp = qScopeGuard([&] {
        lab->exec(host(), QStringList{QStringLiteral("loginctl"), QStringLiteral("terminate-session")} + alices);
        ssh->kill();
        ssh->waitForFinished();
    });

    // On the bus directly, and over ssh: systemd is asked on the same connection as logind.
    LogindSource direct(busAddress());
    LogindSource overSsh(sshAddress(QStringLiteral("root")));
    EXPECT_TRUE(direct.capabilities().testFlag(SessionSource::Capability::ListProcesses));
    const EnumerateResult listed = direct.enumerate();
    ASSERT_TRUE(listed.ok()) << listed.error().toString().toStdString();

    int compared = 0;
    for (const QString &id : alices + QStringList{carol}) {
        const auto session = find(listed.value(), id);
        ASSERT_TRUE(session.has_value()) << id.toStdString();
        const QString scope = lab->sessionProperty(host(), id, QStringLiteral("Scope"));
        const QSet<quint32> expected = lab->scopePids(host(), scope);
        ASSERT_FALSE(expected.isEmpty()) << "ps shows no process in " << scope.toStdString();
        for (LogindSource *source : {&direct, &overSsh}) {
            const ProcessesResult processes = source->processes(SessionRef::of(*session), 20s);
            ASSERT_TRUE(processes.ok()) << processes.error().toString().toStdString();
            EXPECT_EQ(describe(pidsOf(processes.value())), describe(expected))
                << "session " << id.toStdString() << " via " << source->address().toString().toStdString();
            for (const SessionProcess &process : processes.value()) {
                EXPECT_EQ(process.sessionId, id);
                EXPECT_EQ(process.user, session->user);
                EXPECT_EQ(process.server, source->address().toString());
                EXPECT_FALSE(process.name.isEmpty()) << process.pid;
                EXPECT_FALSE(process.commandLine.isEmpty()) << process.pid;
            }
        }
        compared += int(expected.size());
    }
    std::cout << "compared " << compared << " processes of " << alices.size() + 1 << " sessions with ps\n";

    // The whole server: every session's scope, each process under its own session. Sessions
    // of earlier cases may still be closing, so ps is read before and after the listing, and
    // the listing is compared once the two agree.
    const auto sessionPids = [&] {
        QSet<quint32> pids;
        for (const QString &id : lab->sessionIds(host()))
            pids += lab->scopePids(host(), lab->sessionProperty(host(), id, QStringLiteral("Scope")));
        return pids;
    };
    ProcessesResult all = SessionError{};
    QSet<quint32> expectedAll;
    for (int attempt = 0; attempt < 5; ++attempt) {
        const QSet<quint32> before = sessionPids();
        all = direct.processes(std::nullopt, 20s);
        ASSERT_TRUE(all.ok()) << all.error().toString().toStdString();
        expectedAll = sessionPids();
        if (before == expectedAll)
            break;
    }
    EXPECT_EQ(describe(pidsOf(all.value())), describe(expectedAll)) << hostJournal().toStdString();
    std::cout << "the whole server: " << all.value().size() << " processes, as ps shows\n";
    const auto sleeper = std::find_if(all.value().cbegin(), all.value().cend(), [&](const SessionProcess &p) {
        return p.sessionId == carol && p.name == u"sleep";
    });
    ASSERT_NE(sleeper, all.value().cend()) << "carol's `sleep 600` is not listed under her session";
    EXPECT_EQ(sleeper->commandLine, QStringLiteral("sleep 600"));
}

TEST_F(LogindSourceLabTest, ResourceTotalsAreWhatSystemdReportsForEachSessionsScope)
{
    const QStringList alices = lab->openSessions(host(), QStringLiteral("alice"), 2);
    ASSERT_EQ(alices.size(), 2);
    const auto cleanUp = qScopeGuard([&] {
        lab->exec(host(), QStringList{QStringLiteral("loginctl"), QStringLiteral("terminate-session")} + alices);
    });

    // Over ssh: systemd is asked on the same connection as logind.
    LogindSource source(sshAddress(QStringLiteral("root")));
    ASSERT_TRUE(source.capabilities().testFlag(SessionSource::Capability::ResourceTotals));
    const EnumerateResult plain = source.enumerate();
    ASSERT_TRUE(plain.ok()) << plain.error().toString().toStdString();
    for (const Session &session : plain.value())
        EXPECT_FALSE(session.processCount || session.memoryBytes || session.cpuTime) << "read without being asked";

    source.setWantResourceTotals(true);
    const EnumerateResult listed = source.enumerate();
    ASSERT_TRUE(listed.ok()) << listed.error().toString().toStdString();
    // What systemctl shows for the scope right after, nullopt for "[not set]": the lab's
    // containers run on a cgroup v1 host, whose controllers nspawn binds read-only, so their
    // systemd accounts nothing (accounting switched on changes nothing there).
    const auto accounted = [&](const QString &scope, const char *property) -> std::optional<quint64> {
        const QString shown = lab->exec(host(), {QStringLiteral("systemctl"), QStringLiteral("show"), scope,
                                                 QStringLiteral("-p"), QString::fromLatin1(property),
                                                 QStringLiteral("--value")})
                                  .trimmed();
        bool number = false;
        const quint64 value = shown.toULongLong(&number);
        return number ? std::optional(value) : std::nullopt;
    };
    int accountedSessions = 0;
    for (const QString &id : alices) {
        const auto session = find(listed.value(), id);
        ASSERT_TRUE(session.has_value()) << id.toStdString();
        const QString scope = lab->sessionProperty(host(), id, QStringLiteral("Scope"));
        const std::optional<quint64> tasks = accounted(scope, "TasksCurrent");
        const std::optional<quint64> memory = accounted(scope, "MemoryCurrent");
        const std::optional<quint64> cpu = accounted(scope, "CPUUsageNSec");
        // su and `sleep infinity`: nothing starts or ends, nothing runs.
        EXPECT_EQ(session->processCount, tasks ? std::optional(qint64(*tasks)) : std::nullopt) << id.toStdString();
        EXPECT_EQ(session->memoryBytes.has_value(), memory.has_value()) << id.toStdString();
        if (memory && session->memoryBytes) {
            EXPECT_NEAR(double(*session->memoryBytes), double(*memory), 0.1 * double(*memory)) << id.toStdString();
        }
        EXPECT_EQ(session->cpuTime.has_value(), cpu.has_value()) << id.toStdString();
        if (cpu && session->cpuTime) {
            EXPECT_LE(quint64(session->cpuTime->count()), *cpu) << "CPU time read later cannot be less";
        }
        accountedSessions += tasks ? 1 : 0;
    }
    std::cout << accountedSessions << " of " << alices.size()
              << " sessions accounted by the host's systemd; the others' totals are unknown, as systemctl says\n";
}

TEST_F(LogindSourceLabTest, ProcessesAndDetailsOfARefToAnotherLogonAreChanged)
{
    const QStringList ids = lab->openSessions(host(), QStringLiteral("bob"), 1);
    ASSERT_EQ(ids.size(), 1);
    const auto cleanUp = qScopeGuard([&] {
        lab->exec(host(), {QStringLiteral("loginctl"), QStringLiteral("terminate-session"), ids.first()});
    });
    LogindSource source(busAddress());
    const EnumerateResult listed = source.enumerate();
    ASSERT_TRUE(listed.ok());
    const auto bob = find(listed.value(), ids.first());
    ASSERT_TRUE(bob.has_value());
    Session earlier = *bob;
    earlier.logonTime = bob->logonTime.addSecs(-3600);
    const SessionRef stale = SessionRef::of(earlier);

    const ProcessesResult processes = source.processes(stale, 20s);
    ASSERT_FALSE(processes.ok());
    EXPECT_EQ(processes.error().category, SessionError::Category::Changed)
        << processes.error().toString().toStdString();
    const DetailsResult details = source.details(stale, 20s);
    ASSERT_FALSE(details.ok());
    EXPECT_EQ(details.error().category, SessionError::Category::Changed);
    const ActionResult killed = source.killSession(stale, SessionSource::KillWho::All, SIGKILL, 20s);
    ASSERT_FALSE(killed.ok());
    EXPECT_EQ(killed.error().category, SessionError::Category::Changed);
    EXPECT_TRUE(lab->sessionIds(host()).contains(ids.first())) << "a stale ref killed bob's logon";
}

TEST_F(LogindSourceLabTest, KillSessionOfAllLeavesNoProcessAndTheSessionGoes)
{
    const QStringList ids = lab->openSessions(host(), QStringLiteral("bob"), 1);
    ASSERT_EQ(ids.size(), 1);
    const QString id = ids.first();
    const QString scope = lab->sessionProperty(host(), id, QStringLiteral("Scope"));
    ASSERT_FALSE(lab->scopePids(host(), scope).isEmpty());
    LogindSource source(busAddress());
    ASSERT_TRUE(source.capabilities().testFlag(SessionSource::Capability::KillSession));
    const EnumerateResult listed = source.enumerate();
    ASSERT_TRUE(listed.ok());
    const auto bob = find(listed.value(), id);
    ASSERT_TRUE(bob.has_value());

    const ActionResult killed = source.killSession(SessionRef::of(*bob), SessionSource::KillWho::All, SIGKILL, 20s);
    ASSERT_TRUE(killed.ok()) << killed.error().toString().toStdString();

    QElapsedTimer timer;
    timer.start();
    while ((lab->sessionIds(host()).contains(id) || !lab->scopePids(host(), scope).isEmpty()) && timer.elapsed() < 20000)
        QThread::msleep(100);
    EXPECT_EQ(describe(lab->scopePids(host(), scope)), std::string())
        << "processes survived in " << scope.toStdString();
    EXPECT_FALSE(lab->sessionIds(host()).contains(id)) << "session " << id.toStdString() << " outlived its processes";
    const ProcessesResult after = source.processes(SessionRef::of(*bob), 20s);
    ASSERT_FALSE(after.ok());
    EXPECT_EQ(after.error().category, SessionError::Category::AlreadyGone) << after.error().toString().toStdString();
}

TEST_F(LogindSourceLabTest, NonRootUserIsDeniedKillingAnotherUsersSession)
{
    const QStringList bobs = lab->openSessions(host(), QStringLiteral("bob"), 1);
    ASSERT_EQ(bobs.size(), 1);
    const auto cleanUp = qScopeGuard([&] {
        lab->exec(host(), {QStringLiteral("loginctl"), QStringLiteral("terminate-session"), bobs.first()});
    });
    const QString scope = lab->sessionProperty(host(), bobs.first(), QStringLiteral("Scope"));
    const QSet<quint32> before = lab->scopePids(host(), scope);

    LogindSource source(sshAddress(QStringLiteral("alice")));
    const EnumerateResult listed = source.enumerate();
    ASSERT_TRUE(listed.ok()) << listed.error().toString().toStdString();
    const auto bob = find(listed.value(), bobs.first());
    ASSERT_TRUE(bob.has_value());
    for (const SessionSource::KillWho who : {SessionSource::KillWho::All, SessionSource::KillWho::Leader}) {
        const ActionResult killed = source.killSession(SessionRef::of(*bob), who, SIGKILL, 20s);
        ASSERT_FALSE(killed.ok());
        EXPECT_EQ(killed.error().category, SessionError::Category::AccessDenied)
            << killed.error().toString().toStdString();
        EXPECT_TRUE(killed.error().message.contains(QStringLiteral("org.freedesktop.login1.manage")))
            << killed.error().message.toStdString();
    }
    const ActionResult terminated = source.logoff(SessionRef::of(*bob), false, 20s);
    ASSERT_FALSE(terminated.ok());
    EXPECT_EQ(terminated.error().category, SessionError::Category::AccessDenied);
    EXPECT_EQ(describe(lab->scopePids(host(), scope)), describe(before)) << "bob's processes were touched";
    EXPECT_TRUE(lab->sessionIds(host()).contains(bobs.first()));
}

TEST_F(LogindSourceLabTest, DetailsShowTheRemoteHostOfAnSshSessionAndTheRemoteUserOfSu)
{
    std::unique_ptr<QProcess> ssh;
    const QString carol = lab->openSshSession(host(), QStringLiteral("carol"), &ssh);
    ASSERT_FALSE(carol.isEmpty());
    const QStringList alices = lab->openSessions(host(), QStringLiteral("alice"), 1);
    ASSERT_EQ(alices.size(), 1);
    const auto cleanUp = qScopeGuard([&] {
        lab->exec(host(), {QStringLiteral("loginctl"), QStringLiteral("terminate-session"), alices.first()});
        ssh->kill();
        ssh->waitForFinished();
    });
    LogindSource source(sshAddress(QStringLiteral("root")));
    ASSERT_TRUE(source.capabilities().testFlag(SessionSource::Capability::Details));
    const EnumerateResult listed = source.enumerate();
    ASSERT_TRUE(listed.ok()) << listed.error().toString().toStdString();
    const auto value = [](const SessionDetails &details, const char *key) {
        for (const SessionDetail &detail : details) {
            if (detail.key == QLatin1String(key))
                return detail.value;
        }
        ADD_FAILURE() << "no detail " << key;
        return QString();
    };
    const auto loginctl = [&](const QString &id, const char *property) {
        return lab->sessionProperty(host(), id, QString::fromLatin1(property));
    };

    const auto carolSession = find(listed.value(), carol);
    ASSERT_TRUE(carolSession.has_value());
    EXPECT_EQ(carolSession->clientAddress, QStringLiteral("127.0.0.1"));
    const DetailsResult details = source.details(SessionRef::of(*carolSession), 20s);
    ASSERT_TRUE(details.ok()) << details.error().toString().toStdString();
    EXPECT_EQ(value(details.value(), "remoteHost"), QStringLiteral("127.0.0.1"));
    // sshd sets no PAM_RUSER: logind has no remote user for it, and neither do the details.
    EXPECT_EQ(value(details.value(), "remoteUser"), loginctl(carol, "RemoteUser"));
    EXPECT_EQ(value(details.value(), "remote"), LogindDetailsMapper::tr("yes"));
    EXPECT_EQ(value(details.value(), "service"), QStringLiteral("sshd"));
    for (const auto &[key, property] : {std::pair{"id", "Id"},
                                        {"user", "Name"},
                                        {"type", "Type"},
                                        {"class", "Class"},
                                        {"tty", "TTY"},
                                        {"scope", "Scope"},
                                        {"leader", "Leader"}})
        EXPECT_EQ(value(details.value(), key), loginctl(carol, property)) << key;
    // The scope's totals where systemd accounts them, as systemctl shows them; nothing where it
    // says "[not set]" (the lab's containers have no cgroup controllers to account with).
    const QString scope = loginctl(carol, "Scope");
    const auto accounted = [&](const char *property) {
        const QString shown = lab->exec(host(), {QStringLiteral("systemctl"), QStringLiteral("show"), scope,
                                                 QStringLiteral("-p"), QString::fromLatin1(property),
                                                 QStringLiteral("--value")})
                                  .trimmed();
        return shown == u"[not set]" ? QString() : shown;
    };
    EXPECT_EQ(value(details.value(), "tasks"), accounted("TasksCurrent"));
    EXPECT_EQ(value(details.value(), "memory").isEmpty(), accounted("MemoryCurrent").isEmpty());
    EXPECT_EQ(value(details.value(), "cpuTime").isEmpty(), accounted("CPUUsageNSec").isEmpty());
    std::cout << "carol's scope: tasks '" << value(details.value(), "tasks").toStdString() << "', memory '"
              << value(details.value(), "memory").toStdString() << "', CPU '"
              << value(details.value(), "cpuTime").toStdString() << "'\n";

    // su records who ran it as the remote user, without a host.
    const auto alice = find(listed.value(), alices.first());
    ASSERT_TRUE(alice.has_value());
    EXPECT_EQ(alice->remoteUser, QStringLiteral("root"));
    EXPECT_TRUE(alice->clientName.isEmpty());
    const DetailsResult su = source.details(SessionRef::of(*alice), 20s);
    ASSERT_TRUE(su.ok()) << su.error().toString().toStdString();
    EXPECT_EQ(value(su.value(), "remoteUser"), QStringLiteral("root"));
    EXPECT_EQ(value(su.value(), "remoteHost"), QString());
}

TEST_F(LogindSourceLabTest, EndProcessIsNotSupportedAndSaysWhy)
{
    LogindSource source(busAddress());
    EXPECT_FALSE(source.capabilities().testFlag(SessionSource::Capability::EndProcess));
    const ActionResult ended = source.endProcess(ProcessRef{1, {}, SessionRef::plainId(QStringLiteral("1"))}, 10s);
    ASSERT_FALSE(ended.ok());
    EXPECT_EQ(ended.error().category, SessionError::Category::NotSupported);
    EXPECT_TRUE(ended.error().message.contains(QStringLiteral("Kill Session"))) << ended.error().message.toStdString();
}
