#include "LinuxSignal.h"
#include "demo/DemoSource.h"

#include <QElapsedTimer>
#include <QSet>
#include <QTest>

#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {

QList<Session> listed(DemoSource &source)
{
    EnumerateResult result = source.enumerate();
    EXPECT_TRUE(result.ok());
    return result.ok() ? result.value() : QList<Session>();
}

QList<SessionProcess> processesOf(DemoSource &source, const std::optional<SessionRef> &session = std::nullopt)
{
    const ProcessesResult result = source.processes(session, 10s);
    EXPECT_TRUE(result.ok()) << (result.ok() ? std::string() : result.error().toString().toStdString());
    return result.ok() ? result.value() : QList<SessionProcess>();
}

QList<SessionProcess> inSession(const QList<SessionProcess> &processes, const QString &id)
{
    QList<SessionProcess> out;
    std::copy_if(processes.cbegin(), processes.cend(), std::back_inserter(out),
                 [&](const SessionProcess &p) { return p.sessionId == id; });
    return out;
}

std::optional<SessionProcess> named(const QList<SessionProcess> &processes, const QString &name)
{
    const auto it = std::find_if(processes.cbegin(), processes.cend(),
                                 [&](const SessionProcess &p) { return p.name == name; });
    return it == processes.cend() ? std::nullopt : std::optional(*it);
}

bool runs(DemoSource &source, quint32 pid)
{
    const QList<SessionProcess> all = processesOf(source);
    return std::any_of(all.cbegin(), all.cend(), [pid](const SessionProcess &p) { return p.pid == pid; });
}

// A user's session, not the console's own.
Session someUserSession(DemoSource &source)
{
    for (const Session &s : listed(source)) {
        if (!s.user.isEmpty() && !s.own)
            return s;
    }
    ADD_FAILURE() << "no user session";
    return {};
}

const QString Quiet = QStringLiteral("demo:p?sessions=8&latency=0&churn=0");

} // namespace

TEST(DemoSourceProcesses, OffersTheProcessActions)
{
    DemoSource source(ServerAddress::parse(Quiet));
    const auto capabilities = source.capabilities();
    EXPECT_TRUE(capabilities.testFlag(SessionSource::Capability::ListProcesses));
    EXPECT_TRUE(capabilities.testFlag(SessionSource::Capability::EndProcess));
    EXPECT_TRUE(capabilities.testFlag(SessionSource::Capability::KillSession));
}

TEST(DemoSourceProcesses, EverySessionRunsPlausibleProcesses)
{
    DemoSource source(ServerAddress::parse(Quiet));
    const QList<Session> sessions = listed(source);
    const QList<SessionProcess> all = processesOf(source);
    QSet<quint32> pids;
    for (const SessionProcess &p : all) {
        EXPECT_EQ(p.server, Quiet);
        EXPECT_EQ(p.pid % 4, 0u);
        EXPECT_FALSE(p.name.isEmpty());
        EXPECT_TRUE(p.threads && p.handles && p.memoryBytes && p.cpuSeconds) << p.name.toStdString();
        pids.insert(p.pid);
    }
    EXPECT_EQ(pids.size(), all.size()) << "pids are unique on a server";

    const QList<SessionProcess> services = inSession(all, QStringLiteral("0"));
    ASSERT_FALSE(services.isEmpty());
    EXPECT_EQ(services.first().pid, 4u);
    EXPECT_EQ(services.first().name, QStringLiteral("System"));
    EXPECT_TRUE(named(services, QStringLiteral("lsass.exe")));
    EXPECT_GE(services.size(), 15);
    EXPECT_TRUE(inSession(all, QString::number(DemoSource::ListenerSessionId)).isEmpty());

    for (const Session &s : sessions) {
        if (s.user.isEmpty())
            continue;
        const QList<SessionProcess> own = inSession(all, s.id);
        EXPECT_GE(own.size(), 10) << s.id.toStdString();
        EXPECT_LE(own.size(), 60) << s.id.toStdString();
        EXPECT_EQ(own.first().name, QStringLiteral("winlogon.exe")) << "the leader comes first";
        const auto explorer = named(own, QStringLiteral("explorer.exe"));
        ASSERT_TRUE(explorer);
        EXPECT_EQ(explorer->user, QStringLiteral("CORP\\") + s.user);
        EXPECT_EQ(explorer->commandLine, QStringLiteral("C:\\Windows\\Explorer.EXE"));
        EXPECT_TRUE(named(own, QStringLiteral("rdpclip.exe")));
        EXPECT_EQ(named(own, QStringLiteral("dwm.exe"))->user, QStringLiteral("Window Manager\\DWM-") + s.id);
    }
}

TEST(DemoSourceProcesses, DeterministicForASeed)
{
    const auto fingerprint = [](DemoSource &source) {
        listed(source);
        QStringList out;
        for (const SessionProcess &p : processesOf(source))
            out << QStringLiteral("%1/%2/%3").arg(p.sessionId).arg(p.pid).arg(p.name);
        return out;
    };
    DemoSource first(ServerAddress::parse(QStringLiteral("demo:d?sessions=10&latency=0&churn=30&seed=7")));
    DemoSource second(ServerAddress::parse(QStringLiteral("demo:d?sessions=10&latency=0&churn=30&seed=7")));
    DemoSource other(ServerAddress::parse(QStringLiteral("demo:d?sessions=10&latency=0&churn=30&seed=8")));
    bool differs = false;
    for (int tick = 0; tick < 4; ++tick) {
        const QStringList a = fingerprint(first);
        EXPECT_EQ(a, fingerprint(second)) << "tick " << tick;
        differs = differs || a != fingerprint(other);
    }
    EXPECT_TRUE(differs);

    // Processes are drawn when first asked for, and are the same whenever that is.
    DemoSource late(ServerAddress::parse(QStringLiteral("demo:d?sessions=10&latency=0&churn=30&seed=7")));
    for (int tick = 0; tick < 4; ++tick)
        listed(late);
    EXPECT_EQ(fingerprint(late), fingerprint(first));
}

TEST(DemoSourceProcesses, CpuTimeGrowsAndMemoryMoves)
{
    DemoSource source(ServerAddress::parse(Quiet));
    const QList<SessionProcess> before = processesOf(source);
    const auto changed = [&](auto field) {
        const QList<SessionProcess> now = processesOf(source);
        for (int i = 0; i < std::min(before.size(), now.size()); ++i) {
            if (field(now.at(i)) != field(before.at(i)))
                return true;
        }
        return false;
    };
    EXPECT_TRUE(QTest::qWaitFor([&] { return changed([](const SessionProcess &p) { return *p.cpuSeconds; }); }, 20000));
    EXPECT_TRUE(QTest::qWaitFor([&] { return changed([](const SessionProcess &p) { return *p.memoryBytes; }); }, 20000));
    const QList<SessionProcess> after = processesOf(source);
    ASSERT_EQ(after.size(), before.size());
    for (int i = 0; i < after.size(); ++i) {
        EXPECT_EQ(after.at(i).pid, before.at(i).pid);
        EXPECT_GE(*after.at(i).cpuSeconds, *before.at(i).cpuSeconds) << "CPU time never goes back";
    }
}

TEST(DemoSourceProcesses, ChurnStartsAndEndsApplications)
{
    DemoSource source(ServerAddress::parse(QStringLiteral("demo:c?sessions=20&latency=0&churn=50&seed=2")));
    QSet<quint32> first;
    for (const SessionProcess &p : processesOf(source))
        first.insert(p.pid);
    for (int tick = 0; tick < 5; ++tick)
        listed(source);
    QSet<quint32> later;
    for (const SessionProcess &p : processesOf(source))
        later.insert(p.pid);
    EXPECT_FALSE(QSet<quint32>(later).subtract(first).isEmpty()) << "some processes started";
    EXPECT_FALSE(QSet<quint32>(first).subtract(later).isEmpty()) << "some processes ended";
}

TEST(DemoSourceProcesses, OneLogonsProcessesNameThatLogon)
{
    DemoSource source(ServerAddress::parse(Quiet));
    const Session session = someUserSession(source);
    const QList<SessionProcess> own = processesOf(source, SessionRef::of(session));
    ASSERT_FALSE(own.isEmpty());
    const auto pids = [](const QList<SessionProcess> &processes) {
        QList<quint32> out;
        for (const SessionProcess &p : processes)
            out.append(p.pid);
        return out;
    };
    EXPECT_EQ(pids(own), pids(inSession(processesOf(source), session.id)));
    for (const SessionProcess &p : own)
        EXPECT_EQ(p.sessionId, session.id);
    EXPECT_EQ(processesOf(source, SessionRef::plainId(session.id)).size(), own.size());

    const ProcessesResult other = source.processes(SessionRef{session.id, QStringLiteral("mallory"), {}}, 1s);
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.error().category, SessionError::Category::Changed);
    const ProcessesResult later = source.processes(SessionRef{session.id, std::nullopt, session.logonTime.addSecs(1)},
                                                   1s);
    ASSERT_FALSE(later.ok());
    EXPECT_EQ(later.error().category, SessionError::Category::Changed);
    const ProcessesResult gone = source.processes(SessionRef::plainId(QStringLiteral("999")), 1s);
    ASSERT_FALSE(gone.ok());
    EXPECT_EQ(gone.error().category, SessionError::Category::AlreadyGone);
}

TEST(DemoSourceProcesses, EndProcessRemovesItAndASecondIsAlreadyGone)
{
    DemoSource source(ServerAddress::parse(Quiet));
    const Session session = someUserSession(source);
    const QList<SessionProcess> before = processesOf(source, SessionRef::of(session));
    const SessionProcess explorer = *named(before, QStringLiteral("explorer.exe"));

    EXPECT_TRUE(source.endProcess(ProcessRef::of(explorer, SessionRef::of(session)), 5s).ok());
    const QList<SessionProcess> after = processesOf(source, SessionRef::of(session));
    EXPECT_EQ(after.size(), before.size() - 1);
    EXPECT_FALSE(named(after, QStringLiteral("explorer.exe")));
    EXPECT_FALSE(runs(source, explorer.pid));
    EXPECT_TRUE(source.isPresent(session.id)) << "the session keeps its other processes";

    const ActionResult again = source.endProcess(ProcessRef::of(explorer, SessionRef::of(session)), 5s);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().category, SessionError::Category::AlreadyGone);
    EXPECT_EQ(source.endProcess({explorer.pid, {}, {}}, 5s).error().category, SessionError::Category::AlreadyGone);
}

TEST(DemoSourceProcesses, EndProcessReachesOnlyTheProgramAndLogonNamed)
{
    DemoSource source(ServerAddress::parse(Quiet));
    const QList<Session> sessions = listed(source);
    const Session session = someUserSession(source);
    const SessionProcess rdpclip = *named(processesOf(source, SessionRef::of(session)), QStringLiteral("rdpclip.exe"));
    const Session *other = nullptr;
    for (const Session &s : sessions) {
        if (!s.user.isEmpty() && s.id != session.id)
            other = &s;
    }
    ASSERT_TRUE(other);

    const QList<std::pair<ProcessRef, const char *>> wrong{
        {{rdpclip.pid, QStringLiteral("EXCEL.EXE"), SessionRef::of(session)}, "is now rdpclip.exe, not EXCEL.EXE"},
        {{rdpclip.pid, rdpclip.name, SessionRef::plainId(other->id)}, "now runs in session"},
        {{rdpclip.pid, rdpclip.name, SessionRef::of(*other)}, "now runs in session"},
        {{rdpclip.pid, rdpclip.name, SessionRef{session.id, QStringLiteral("mallory"), {}}}, "is now"},
        {{rdpclip.pid, rdpclip.name, SessionRef{session.id, std::nullopt, session.logonTime.addSecs(-60)}}, "is now"},
    };
    for (const auto &[ref, reason] : wrong) {
        const ActionResult result = source.endProcess(ref, 5s);
        ASSERT_FALSE(result.ok()) << reason;
        EXPECT_EQ(result.error().category, SessionError::Category::Changed) << reason;
        EXPECT_TRUE(result.error().message.contains(QString::fromLatin1(reason)))
            << result.error().message.toStdString();
        EXPECT_TRUE(runs(source, rdpclip.pid)) << reason;
    }
    // Windows compares image names without regard to case; a plain pid checks nothing.
    EXPECT_TRUE(
        source.endProcess({rdpclip.pid, QStringLiteral("RDPCLIP.EXE"), SessionRef::plainId(session.id)}, 5s).ok());
    EXPECT_FALSE(runs(source, rdpclip.pid));
    const SessionProcess ctfmon = *named(processesOf(source, SessionRef::of(session)), QStringLiteral("ctfmon.exe"));
    EXPECT_TRUE(source.endProcess({ctfmon.pid, {}, {}}, 5s).ok());
    EXPECT_FALSE(runs(source, ctfmon.pid));
}

TEST(DemoSourceProcesses, ServicesAreRefusedAsForLogOff)
{
    DemoSource source(ServerAddress::parse(Quiet));
    const QList<SessionProcess> services = inSession(processesOf(source), QStringLiteral("0"));
    const SessionProcess spooler = *named(services, QStringLiteral("spoolsv.exe"));
    const ActionResult ended = source.endProcess({spooler.pid, spooler.name, SessionRef::plainId(QStringLiteral("0"))},
                                                 5s);
    ASSERT_FALSE(ended.ok());
    EXPECT_EQ(ended.error().category, SessionError::Category::NotSupported);
    EXPECT_EQ(source.endProcess({spooler.pid, {}, {}}, 5s).error().category, SessionError::Category::NotSupported);
    EXPECT_TRUE(runs(source, spooler.pid));

    for (const int id : {DemoSource::ServicesSessionId, DemoSource::ListenerSessionId}) {
        const ActionResult killed = source.killSession(SessionRef::plainId(QString::number(id)),
                                                       SessionSource::KillWho::All, LinuxSignal::Kill, 5s);
        ASSERT_FALSE(killed.ok()) << id;
        EXPECT_EQ(killed.error().category, SessionError::Category::NotSupported) << id;
        EXPECT_TRUE(source.isPresent(QString::number(id)));
    }
    EXPECT_EQ(inSession(processesOf(source), QStringLiteral("0")).size(), services.size());
}

TEST(DemoSourceProcesses, KillSessionAllEndsEveryProcessAndTheSession)
{
    DemoSource source(ServerAddress::parse(Quiet));
    const Session session = someUserSession(source);
    const int others = int(processesOf(source).size() - processesOf(source, SessionRef::of(session)).size());

    EXPECT_TRUE(
        source.killSession(SessionRef::of(session), SessionSource::KillWho::All, LinuxSignal::Terminate, 5s).ok());
    EXPECT_FALSE(source.isPresent(session.id));
    const QList<SessionProcess> after = processesOf(source);
    EXPECT_TRUE(inSession(after, session.id).isEmpty());
    EXPECT_EQ(after.size(), others) << "no other session's process was touched";

    const ActionResult again = source.killSession(SessionRef::of(session), SessionSource::KillWho::All, 9, 5s);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().category, SessionError::Category::AlreadyGone);
}

TEST(DemoSourceProcesses, KillSessionLeaderEndsTheLogonProcessOnly)
{
    DemoSource source(ServerAddress::parse(Quiet));
    const Session session = someUserSession(source);
    const QList<SessionProcess> before = processesOf(source, SessionRef::of(session));
    ASSERT_EQ(before.first().name, QStringLiteral("winlogon.exe"));

    EXPECT_TRUE(source.killSession(SessionRef::of(session), SessionSource::KillWho::Leader, LinuxSignal::Kill, 5s).ok());
    const QList<SessionProcess> after = processesOf(source, SessionRef::of(session));
    ASSERT_EQ(after.size(), before.size() - 1);
    for (int i = 0; i < after.size(); ++i)
        EXPECT_EQ(after.at(i).pid, before.at(i + 1).pid);
    EXPECT_TRUE(source.isPresent(session.id));

    const ActionResult again = source.killSession(SessionRef::of(session), SessionSource::KillWho::Leader, 9, 5s);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().category, SessionError::Category::AlreadyGone);
    EXPECT_TRUE(again.error().message.contains(QString::number(before.first().pid)));
}

TEST(DemoSourceProcesses, ASignalThatEndsNoProgramEndsNothing)
{
    DemoSource source(ServerAddress::parse(Quiet));
    const Session session = someUserSession(source);
    const int before = int(processesOf(source, SessionRef::of(session)).size());
    constexpr int Continue = 18;
    EXPECT_TRUE(source.killSession(SessionRef::of(session), SessionSource::KillWho::All, Continue, 5s).ok());
    EXPECT_EQ(processesOf(source, SessionRef::of(session)).size(), before);
    EXPECT_TRUE(source.isPresent(session.id));
}

TEST(DemoSourceProcesses, KillSessionRefusesALogonThatReplacedTheChosenOne)
{
    DemoSource source(ServerAddress::parse(Quiet));
    const Session session = someUserSession(source);
    const int before = int(processesOf(source, SessionRef::of(session)).size());
    for (const SessionRef &stale : {SessionRef{session.id, QStringLiteral("mallory"), {}},
                                    SessionRef{session.id, std::nullopt, session.logonTime.addSecs(5)}}) {
        const ActionResult result = source.killSession(stale, SessionSource::KillWho::All, 9, 5s);
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error().category, SessionError::Category::Changed);
    }
    EXPECT_EQ(processesOf(source, SessionRef::of(session)).size(), before);
}

TEST(DemoSourceProcesses, EndingTheLastProcessEndsTheSession)
{
    DemoSource source(ServerAddress::parse(Quiet));
    const Session session = someUserSession(source);
    const QList<SessionProcess> processes = processesOf(source, SessionRef::of(session));
    for (int i = 0; i < processes.size(); ++i) {
        EXPECT_TRUE(source.isPresent(session.id)) << "before process " << i;
        EXPECT_TRUE(source.endProcess(ProcessRef::of(processes.at(i), SessionRef::of(session)), 5s).ok());
    }
    EXPECT_FALSE(source.isPresent(session.id));
}

TEST(DemoSourceProcesses, PseudoIdsAndPidsAndSignalsAreRefusedBeforeTheServer)
{
    DemoSource source(ServerAddress::parse(Quiet));
    const int before = int(processesOf(source).size());
    for (const char *id : {"self", "auto", "4294967295", "-1"}) {
        const SessionRef pseudo = SessionRef::plainId(QString::fromLatin1(id));
        const ProcessesResult listedPseudo = source.processes(pseudo, 1s);
        ASSERT_FALSE(listedPseudo.ok()) << id;
        EXPECT_TRUE(listedPseudo.error().message.contains(QStringLiteral("caller's own session"))) << id;
        EXPECT_TRUE(
            source.endProcess({4, {}, pseudo}, 1s).error().message.contains(QStringLiteral("caller's own session")));
        EXPECT_TRUE(source.killSession(pseudo, SessionSource::KillWho::All, 9, 1s)
                        .error()
                        .message.contains(QStringLiteral("caller's own session")));
    }
    for (const quint32 pid : {0u, 0xFFFFFFFFu, 0x80000000u}) {
        const ActionResult result = source.endProcess({pid, {}, {}}, 1s);
        ASSERT_FALSE(result.ok()) << pid;
        EXPECT_NE(result.error().category, SessionError::Category::AlreadyGone) << pid;
        EXPECT_TRUE(result.error().message.contains(QStringLiteral("names no process"))) << pid;
    }
    const Session session = someUserSession(source);
    for (const int signal : {0, -9, 65, 1000}) {
        const ActionResult result = source.killSession(SessionRef::of(session), SessionSource::KillWho::All, signal, 1s);
        ASSERT_FALSE(result.ok()) << signal;
        EXPECT_TRUE(result.error().message.contains(QStringLiteral("is not a signal"))) << signal;
    }
    EXPECT_EQ(processesOf(source).size(), before);
}

TEST(DemoSourceProcesses, FailingServerIsUnreachableAndRefuses)
{
    DemoSource source(ServerAddress::parse(QStringLiteral("demo:f?sessions=5&latency=0&fail=100")));
    const ProcessesResult listedFailing = source.processes(std::nullopt, 1s);
    ASSERT_FALSE(listedFailing.ok());
    EXPECT_EQ(listedFailing.error().category, SessionError::Category::Unreachable);
    source.setFailPercent(0);
    const SessionProcess explorer = *named(inSession(processesOf(source), QStringLiteral("3")),
                                           QStringLiteral("explorer.exe"));
    source.setFailPercent(100);
    EXPECT_EQ(source.endProcess({explorer.pid, {}, {}}, 1s).error().category, SessionError::Category::AccessDenied);
    EXPECT_EQ(source.killSession(SessionRef::plainId(QStringLiteral("3")), SessionSource::KillWho::All, 9, 1s)
                  .error()
                  .category,
              SessionError::Category::AccessDenied);
    source.setFailPercent(0);
    EXPECT_TRUE(runs(source, explorer.pid));
    EXPECT_TRUE(source.isPresent(QStringLiteral("3")));
}

TEST(DemoSourceProcesses, EveryCallAnswersByItsTimeout)
{
    DemoSource source(ServerAddress::parse(QStringLiteral("demo:slow?sessions=5&latency=60000&churn=0")));
    QElapsedTimer clock;
    clock.start();
    const ProcessesResult listedSlow = source.processes(std::nullopt, 100ms);
    ASSERT_FALSE(listedSlow.ok());
    EXPECT_EQ(listedSlow.error().category, SessionError::Category::Timeout);
    EXPECT_EQ(source.endProcess({1724, {}, {}}, 100ms).error().category, SessionError::Category::Timeout);
    EXPECT_EQ(source.killSession(SessionRef::plainId(QStringLiteral("3")), SessionSource::KillWho::All, 9, 100ms)
                  .error()
                  .category,
              SessionError::Category::Timeout);
    EXPECT_LT(clock.elapsed(), 30000) << "three calls of 100 ms, not three minutes";
}

TEST(DemoSourceTotals, OnlyWhenAskedAndTheSumsOfTheSessionsProcesses)
{
    DemoSource source(ServerAddress::parse(Quiet));
    ASSERT_TRUE(source.capabilities().testFlag(SessionSource::Capability::ResourceTotals));
    for (const Session &s : listed(source))
        EXPECT_FALSE(s.processCount || s.memoryBytes || s.cpuTime) << "read only while something shows them";

    source.setWantResourceTotals(true);
    const QList<Session> sessions = listed(source);
    const QList<SessionProcess> all = processesOf(source);
    int withProcesses = 0;
    for (const Session &s : sessions) {
        const QList<SessionProcess> own = inSession(all, s.id);
        ASSERT_TRUE(s.processCount && s.memoryBytes && s.cpuTime) << qPrintable(s.id);
        EXPECT_EQ(*s.processCount, own.size()) << qPrintable(s.id);
        withProcesses += own.isEmpty() ? 0 : 1;
        // Memory swings and CPU grows between the two calls: bounded by the processes' own values.
        qint64 memory = 0;
        for (const SessionProcess &p : own)
            memory += *p.memoryBytes;
        EXPECT_NEAR(double(*s.memoryBytes), double(memory), 0.01 * double(memory) + 4096.0 * double(own.size()))
            << qPrintable(s.id);
        double cpu = 0;
        for (const SessionProcess &p : own)
            cpu += *p.cpuSeconds;
        EXPECT_LE(std::chrono::duration<double>(*s.cpuTime).count(), cpu + 0.001 * double(own.size()))
            << qPrintable(s.id);
    }
    EXPECT_GT(withProcesses, 1);
}

TEST(DemoSourceTotals, CpuTimeGrows)
{
    DemoSource source(ServerAddress::parse(Quiet));
    source.setWantResourceTotals(true);
    const Session first = someUserSession(source);
    ASSERT_TRUE(first.cpuTime);
    const auto cpuNow = [&] {
        for (const Session &s : listed(source)) {
            if (s.id == first.id)
                return s.cpuTime.value_or(std::chrono::nanoseconds::zero());
        }
        return std::chrono::nanoseconds::zero();
    };
    EXPECT_TRUE(QTest::qWaitFor([&] { return cpuNow() > *first.cpuTime; }, 10000));
}
