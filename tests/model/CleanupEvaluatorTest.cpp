#include "CleanupEvaluator.h"
#include "AuditLog.h"
#include "CleanupRun.h"
#include "SessionFixtures.h"
#include "UserGroups.h"

#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>

#include <gtest/gtest.h>

#include <mutex>

using namespace std::chrono_literals;
using SessionFixtures::BaseTime;

namespace {

const QDateTime Now = BaseTime.addDays(1); // the injected clock of every evaluation here

// A server whose sessions the test sets, and which logs off and messages as a backend does:
// by identity, refusing with Changed when the id now holds another logon.
class ScriptedServer final : public SessionSource
{
public:
    explicit ScriptedServer(const QString &name, bool canMessage = true)
        : SessionSource(ServerAddress::parse(QStringLiteral("demo:") + name))
        , m_canMessage(canMessage)
    {}

    Capabilities capabilities() const override
    {
        Capabilities c = Capability::Enumerate | Capability::Logoff;
        if (m_canMessage)
            c |= Capability::SendMessage;
        return c;
    }
    EnumerateResult enumerate() override
    {
        std::lock_guard lock(m_mutex);
        return m_sessions;
    }
    void setSessions(QList<Session> sessions)
    {
        std::lock_guard lock(m_mutex);
        for (Session &s : sessions)
            s.server = address().toString();
        m_sessions = std::move(sessions);
    }
    QStringList loggedOff() const
    {
        std::lock_guard lock(m_mutex);
        return m_loggedOff;
    }
    QStringList messaged() const
    {
        std::lock_guard lock(m_mutex);
        return m_messaged;
    }

protected:
    ActionResult doLogoff(const SessionRef &target, bool, Timeout) override
    {
        std::lock_guard lock(m_mutex);
        const auto it = std::find_if(m_sessions.begin(), m_sessions.end(),
                                     [&](const Session &s) { return s.id == target.id; });
        if (it == m_sessions.end())
            return SessionError{SessionError::Category::AlreadyGone, 0, {}, QStringLiteral("gone")};
        if (const Result<void> same = target.verify(it->user, it->logonTime); !same)
            return same.error();
        m_loggedOff.append(it->id);
        m_sessions.erase(it);
        return {};
    }
    ActionResult doSendMessage(const SessionRef &target, const QString &, const QString &, bool, Timeout) override
    {
        std::lock_guard lock(m_mutex);
        m_messaged.append(target.id);
        return {};
    }

private:
    const bool m_canMessage;
    mutable std::mutex m_mutex;
    QList<Session> m_sessions;
    QStringList m_loggedOff;
    QStringList m_messaged;
};

Session disconnected(int id, qint64 secondsAgo)
{
    Session s = SessionFixtures::make(QStringLiteral("demo:a"), id);
    s.state = Session::State::Disconnected;
    s.disconnectTime = Now.addSecs(-secondsAgo);
    s.idleSince = s.disconnectTime;
    return s;
}

Session idle(int id, qint64 secondsAgo)
{
    Session s = SessionFixtures::make(QStringLiteral("demo:a"), id);
    s.idleSince = Now.addSecs(-secondsAgo);
    return s;
}

CleanupRule rule(std::optional<std::chrono::seconds> disconnectedFor, std::optional<std::chrono::seconds> idleFor)
{
    CleanupRule r;
    r.disconnectedFor = disconnectedFor;
    r.idleFor = idleFor;
    return r;
}

QStringList ids(const QList<CleanupMatch> &matches)
{
    QStringList out;
    for (const CleanupMatch &m : matches)
        out.append(m.session.id);
    return out;
}

QList<CleanupEvaluator::ServerEnumeration> asked(const std::shared_ptr<ScriptedServer> &server)
{
    return CleanupEvaluator::enumerate({{server->address(), server, {}}});
}

} // namespace

TEST(CleanupRuleTest, DisconnectedForCountsFromTheDisconnectTime)
{
    const CleanupRule r = rule(2h, std::nullopt);
    EXPECT_EQ(r.reason(disconnected(3, 3 * 3600 + 600), Now), QStringLiteral("disconnected for 3h 10m"));
    EXPECT_EQ(r.reason(disconnected(3, 2 * 3600), Now), QStringLiteral("disconnected for 2h")) << "at least D";
    EXPECT_FALSE(r.reason(disconnected(3, 2 * 3600 - 1), Now));
    EXPECT_FALSE(r.reason(idle(4, 9 * 3600), Now)) << "idle, not disconnected";
}

TEST(CleanupRuleTest, DisconnectedWithoutADisconnectTimeCountsFromItsIdleTime)
{
    Session s = disconnected(3, 0);
    s.disconnectTime = {};
    s.idleSince = Now.addSecs(-3 * 3600);
    EXPECT_EQ(rule(2h, std::nullopt).reason(s, Now), QStringLiteral("disconnected for 3h"));
    s.idleSince = {};
    EXPECT_FALSE(rule(2h, std::nullopt).reason(s, Now)) << "no time known: never matched";
}

TEST(CleanupRuleTest, IdleForUsesTheBackendsIdleTime)
{
    const CleanupRule r = rule(std::nullopt, 2h);
    EXPECT_EQ(r.reason(idle(4, 2 * 3600), Now), QStringLiteral("idle for 2h"));
    EXPECT_FALSE(r.reason(idle(4, 3599), Now));
    Session unknown = idle(4, 0);
    unknown.idleSince = {};
    EXPECT_FALSE(r.reason(unknown, Now)) << "idle time unknown";
    // A disconnected session is idle since it was disconnected.
    EXPECT_EQ(r.reason(disconnected(5, 3 * 3600), Now), QStringLiteral("disconnected for 3h"));
}

TEST(CleanupRuleTest, TwoCriteriaMeanEitherAndDisconnectedSessionsKeepTheirOwnLimit)
{
    const CleanupRule r = rule(24h, 2h);
    EXPECT_TRUE(r.reason(idle(4, 3 * 3600), Now)) << "idle too long";
    EXPECT_TRUE(r.reason(disconnected(5, 25 * 3600), Now)) << "disconnected too long";
    EXPECT_FALSE(r.reason(disconnected(6, 3 * 3600), Now)) << "disconnected 3h keeps its day to reconnect";
}

TEST(CleanupRuleTest, NeverTheConsolesOwnSessionServicesOrListeners)
{
    const CleanupRule r = rule(0s, 0s);
    Session own = disconnected(3, 9 * 3600);
    own.own = true;
    Session services = disconnected(0, 9 * 3600);
    services.id = QStringLiteral("0");
    Session listener = idle(65536, 9 * 3600);
    listener.state = Session::State::Listening;
    Session noUser = disconnected(7, 9 * 3600);
    noUser.user.clear();
    for (const Session &s : {own, services, listener, noUser})
        EXPECT_FALSE(r.reason(s, Now)) << s.id.toStdString();
    EXPECT_TRUE(r.reason(disconnected(8, 9 * 3600), Now));
    EXPECT_FALSE(CleanupRule().reason(disconnected(8, 9 * 3600), Now)) << "a rule without a criterion matches nothing";
}

TEST(CleanupRuleTest, UsersToIncludeAndExclude)
{
    CleanupRule r = rule(1h, std::nullopt);
    const Session s3 = disconnected(3, 9 * 3600); // user3, domain CORP
    const Session s4 = disconnected(4, 9 * 3600);
    r.users = QStringList{QStringLiteral("USER3"), QStringLiteral("corp\\user4")};
    EXPECT_TRUE(r.reason(s3, Now));
    EXPECT_TRUE(r.reason(s4, Now));
    r.users = QStringList{QStringLiteral("user3")};
    EXPECT_FALSE(r.reason(s4, Now));
    r.users.clear();
    r.excludeUsers = QStringList{QStringLiteral("User4")};
    EXPECT_TRUE(r.reason(s3, Now));
    EXPECT_FALSE(r.reason(s4, Now));
}

TEST(CleanupEvaluatorTest, MatchesCountsAndServersThatCouldNotBeAsked)
{
    auto a = std::make_shared<ScriptedServer>(QStringLiteral("a"));
    a->setSessions({disconnected(3, 5 * 3600), idle(4, 60), disconnected(5, 600)});
    auto b = std::make_shared<ScriptedServer>(QStringLiteral("b"));
    b->setSessions({disconnected(3, 8 * 3600)});
    QList<CleanupEvaluator::ServerEnumeration> servers{{a->address(), a, {}}, {b->address(), b, {}}};
    servers.append(
        {ServerAddress::parse(QStringLiteral("demo:c")), nullptr,
         EnumerateResult(SessionError{SessionError::Category::Unreachable, 0, {}, QStringLiteral("no route")})});

    const CleanupPlan plan = CleanupEvaluator::evaluate(rule(1h, std::nullopt), Now,
                                                        CleanupEvaluator::enumerate(servers));
    ASSERT_EQ(plan.matches.size(), 2);
    EXPECT_EQ(plan.matches.at(0).session.server, QStringLiteral("demo:a"));
    EXPECT_EQ(plan.matches.at(0).reason, QStringLiteral("disconnected for 5h"));
    EXPECT_EQ(plan.matches.at(1).session.server, QStringLiteral("demo:b"));
    ASSERT_EQ(plan.servers.size(), 3);
    EXPECT_EQ(plan.servers.at(0).matched, 1);
    EXPECT_EQ(plan.servers.at(1).matched, 1);
    EXPECT_EQ(plan.unreachableServers(), QStringList{QStringLiteral("demo:c")});
    EXPECT_EQ(plan.servers.at(2).error->message, QStringLiteral("no route"));
    EXPECT_EQ(plan.targets().at(0).ref, SessionRef::of(plan.matches.at(0).session));
}

TEST(CleanupEvaluatorTest, ExcludedGroupsNeedKnownMembership)
{
    auto a = std::make_shared<ScriptedServer>(QStringLiteral("a"));
    a->setSessions({disconnected(3, 5 * 3600), disconnected(4, 5 * 3600), disconnected(5, 5 * 3600)});
    CleanupRule r = rule(1h, std::nullopt);
    r.excludeGroups = QStringList{QStringLiteral("Admins")};
    const CleanupEvaluator::GroupLookup groups = [](const ServerAddress &,
                                                    const QString &user) -> std::optional<QStringList> {
        if (user == u"user3")
            return QStringList{QStringLiteral("users"), QStringLiteral("admins")};
        if (user == u"user4")
            return QStringList{QStringLiteral("users")};
        return std::nullopt; // user5: this server cannot tell
    };
    const CleanupPlan plan = CleanupEvaluator::evaluate(r, Now, asked(a), groups);
    EXPECT_EQ(ids(plan.matches), QStringList{QStringLiteral("4")});
    ASSERT_EQ(plan.undecided.size(), 1);
    EXPECT_EQ(plan.undecided.at(0).id, QStringLiteral("5")) << "left alone, and said so";
    EXPECT_EQ(plan.servers.at(0).undecided, 1);
}

TEST(CleanupEvaluatorTest, ServersThatCannotMessageAreNamed)
{
    auto a = std::make_shared<ScriptedServer>(QStringLiteral("a"), false);
    a->setSessions({disconnected(3, 5 * 3600)});
    const CleanupPlan plan = CleanupEvaluator::evaluate(rule(1h, std::nullopt), Now, asked(a));
    EXPECT_EQ(plan.serversWithoutMessages(), QStringList{QStringLiteral("demo:a")});
    EXPECT_TRUE(plan.messageTargets().isEmpty());
}

TEST(CleanupEvaluatorTest, AfterTheGraceOnlyTheSameLogonsThatStillMatch)
{
    auto a = std::make_shared<ScriptedServer>(QStringLiteral("a"));
    a->setSessions({idle(3, 5 * 3600), idle(4, 5 * 3600), idle(5, 5 * 3600), idle(6, 60)});
    const CleanupRule r = rule(std::nullopt, 1h);
    const CleanupPlan warned = CleanupEvaluator::evaluate(r, Now, asked(a));
    ASSERT_EQ(ids(warned.matches), SessionFixtures::words("3 4 5"));

    // During the grace period: 3 typed again, 4's user logged off and another logged on
    // under the same id (idle as long), 6 has now been idle long enough too.
    Session relogged = idle(4, 5 * 3600);
    relogged.logonTime = relogged.logonTime.addSecs(1);
    a->setSessions({idle(3, 0), relogged, idle(5, 5 * 3600 + 600), idle(6, 3 * 3600)});
    const CleanupPlan now = CleanupEvaluator::evaluate(r, Now.addSecs(600), asked(a));
    ASSERT_EQ(ids(now.matches), SessionFixtures::words("4 5 6"));

    const CleanupPlan final = CleanupEvaluator::stillMatching(warned, now);
    EXPECT_EQ(ids(final.matches), SessionFixtures::words("5")) << "6 was never warned; 4 is another logon";
    EXPECT_EQ(ids(final.dropped), SessionFixtures::words("3 4"));
    EXPECT_EQ(final.servers.at(0).matched, 1);
}

TEST(CleanupEvaluatorTest, ALogonReplacedAfterThePreviewIsRefusedAsChanged)
{
    auto a = std::make_shared<ScriptedServer>(QStringLiteral("a"));
    a->setSessions({disconnected(3, 5 * 3600), disconnected(4, 5 * 3600)});
    const CleanupPlan plan = CleanupEvaluator::evaluate(rule(1h, std::nullopt), Now, asked(a));
    Session again = disconnected(4, 5 * 3600);
    again.logonTime = again.logonTime.addSecs(30);
    a->setSessions({disconnected(3, 5 * 3600), again});

    QThreadPool pool;
    ActionJob job(CleanupRun::logoffOptions(), plan.targets(), std::make_shared<AuditLog>(AuditLog::Tool::Console),
                  &pool);
    EXPECT_EQ(job.options().purpose, QStringLiteral("cleanup"));
    QSignalSpy finished(&job, &ActionJob::finished);
    job.start();
    ASSERT_TRUE(finished.wait(30000));
    EXPECT_EQ(job.outcome(0).status, ActionJob::Status::Done);
    EXPECT_EQ(job.outcome(1).status, ActionJob::Status::Failed);
    EXPECT_EQ(job.outcome(1).error->category, SessionError::Category::Changed);
    EXPECT_EQ(a->loggedOff(), SessionFixtures::words("3"));
}

namespace {

// Sessions relative to the wall clock, for CleanupRun, which evaluates again at the real time.
Session idleNow(int id, qint64 secondsAgo)
{
    Session s = idle(id, 0);
    s.idleSince = QDateTime::currentDateTimeUtc().addSecs(-secondsAgo);
    return s;
}

} // namespace

TEST(CleanupRunTest, WarnsWaitsThenOffersOnlyWhoStillMatches)
{
    auto a = std::make_shared<ScriptedServer>(QStringLiteral("a"));
    a->setSessions({idleNow(3, 5 * 3600), idleNow(4, 5 * 3600)});
    auto mute = std::make_shared<ScriptedServer>(QStringLiteral("mute"), false);
    mute->setSessions({idleNow(7, 5 * 3600)});
    QList<CleanupEvaluator::ServerEnumeration> servers{{a->address(), a, {}}, {mute->address(), mute, {}}};
    const CleanupPlan plan = CleanupEvaluator::evaluate(rule(std::nullopt, 1h), QDateTime::currentDateTimeUtc(),
                                                        CleanupEvaluator::enumerate(servers));
    ASSERT_EQ(plan.matches.size(), 3);

    QThreadPool pool;
    const auto audit = std::make_shared<AuditLog>(AuditLog::Tool::Console);
    CleanupRun run(plan, {QStringLiteral("Logging off"), QStringLiteral("You have been idle."), 200ms}, audit, &pool);
    QSignalSpy grace(&run, &CleanupRun::graceStarted);
    QSignalSpy ready(&run, &CleanupRun::ready);
    run.start();
    ASSERT_TRUE(grace.wait(30000));
    QStringList messaged = a->messaged();
    messaged.sort(); // the job sends them in parallel
    EXPECT_EQ(messaged, SessionFixtures::words("3 4"));
    EXPECT_TRUE(mute->messaged().isEmpty()) << "cannot message";
    EXPECT_TRUE(a->loggedOff().isEmpty()) << "nothing ended during the grace period";
    a->setSessions({idleNow(3, 0), idleNow(4, 5 * 3600)}); // 3 came back
    ASSERT_TRUE(ready.wait(30000));
    const CleanupPlan final = ready.at(0).at(0).value<CleanupPlan>();
    EXPECT_EQ(ids(final.matches), SessionFixtures::words("4 7"));
    EXPECT_EQ(ids(final.dropped), SessionFixtures::words("3"));
}

TEST(CleanupRunTest, CancelDuringTheGraceEndsNothing)
{
    auto a = std::make_shared<ScriptedServer>(QStringLiteral("a"));
    a->setSessions({idleNow(3, 5 * 3600)});
    const CleanupPlan plan = CleanupEvaluator::evaluate(rule(std::nullopt, 1h), QDateTime::currentDateTimeUtc(),
                                                        asked(a));
    QThreadPool pool;
    const auto audit = std::make_shared<AuditLog>(AuditLog::Tool::Console);
    CleanupRun run(plan, {QStringLiteral("t"), QStringLiteral("m"), 1h}, audit, &pool);
    QSignalSpy grace(&run, &CleanupRun::graceStarted);
    QSignalSpy ready(&run, &CleanupRun::ready);
    QSignalSpy canceled(&run, &CleanupRun::canceled);
    run.start();
    ASSERT_TRUE(grace.wait(30000));
    run.cancel();
    EXPECT_EQ(canceled.size(), 1);
    EXPECT_TRUE(ready.isEmpty());
    EXPECT_TRUE(a->loggedOff().isEmpty());
}

TEST(CleanupRunTest, WithoutAWarningThePreviewIsWhatIsOffered)
{
    auto a = std::make_shared<ScriptedServer>(QStringLiteral("a"));
    a->setSessions({idleNow(3, 5 * 3600)});
    const CleanupPlan plan = CleanupEvaluator::evaluate(rule(std::nullopt, 1h), QDateTime::currentDateTimeUtc(),
                                                        asked(a));
    QThreadPool pool;
    const auto audit = std::make_shared<AuditLog>(AuditLog::Tool::Console);
    CleanupRun run(plan, {}, audit, &pool);
    QSignalSpy ready(&run, &CleanupRun::ready);
    run.start();
    ASSERT_EQ(ready.size(), 1);
    EXPECT_EQ(ids(ready.at(0).at(0).value<CleanupPlan>().matches), SessionFixtures::words("3"));
    EXPECT_TRUE(a->messaged().isEmpty());
}

TEST(UserGroupsTest, OnlyThisComputerCanTell)
{
    EXPECT_FALSE(UserGroups::of(ServerAddress::parse(QStringLiteral("demo:a")), QStringLiteral("root")));
    EXPECT_FALSE(UserGroups::of(ServerAddress::parse(QStringLiteral("rdsh01")), QStringLiteral("root")));
#if defined(Q_OS_LINUX)
    const std::optional<QStringList> root = UserGroups::of(ServerAddress::local(), QStringLiteral("root"));
    ASSERT_TRUE(root);
    EXPECT_TRUE(root->contains(QStringLiteral("root"))) << "the primary group too";
    EXPECT_FALSE(UserGroups::of(ServerAddress::local(), QStringLiteral("no-such-user-here")))
        << "a user this computer does not know: unknown, not 'in no group'";
#endif
}
