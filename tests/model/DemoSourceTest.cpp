#include "demo/DemoSource.h"

#include "SessionFixtures.h"

#include <QElapsedTimer>
#include <QThread>

#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {

QStringList fingerprint(const QList<Session> &sessions)
{
    QStringList out;
    for (const Session &s : sessions)
        out << s.id + u'/' + s.user + u'/' + Session::stateName(s.state) + u'/' + s.clientName;
    return out;
}

QList<Session> listed(DemoSource &source)
{
    EnumerateResult result = source.enumerate();
    EXPECT_TRUE(result.ok()) << (result.ok() ? std::string() : result.error().toString().toStdString());
    return result.ok() ? result.value() : QList<Session>();
}

bool contains(const QList<Session> &sessions, const QString &id)
{
    return std::any_of(sessions.cbegin(), sessions.cend(), [&](const Session &s) { return s.id == id; });
}

} // namespace

TEST(DemoSource, LooksLikeAnRdSessionHost)
{
    DemoSource source(ServerAddress::parse(QStringLiteral("demo:farm?sessions=30&latency=0&churn=0")));
    const QList<Session> sessions = listed(source);
    ASSERT_EQ(sessions.size(), 32); // 30 users, session 0 and the listener
    EXPECT_EQ(sessions.first().id, QStringLiteral("0"));
    EXPECT_TRUE(sessions.first().user.isEmpty());
    EXPECT_EQ(sessions.last().state, Session::State::Listening);
    int own = 0;
    for (const Session &s : sessions) {
        EXPECT_EQ(s.server, QStringLiteral("demo:farm?sessions=30&latency=0&churn=0"));
        own += s.own ? 1 : 0;
        if (s.id != u"0" && s.state != Session::State::Listening) {
            EXPECT_FALSE(s.user.isEmpty());
            EXPECT_TRUE(s.clientAddress.startsWith(QStringLiteral("10.")));
            EXPECT_TRUE(s.logonTime.isValid());
        }
    }
    EXPECT_EQ(own, 1);
}

TEST(DemoSource, DeterministicForASeed)
{
    DemoSource first(ServerAddress::parse(QStringLiteral("demo:x?sessions=40&latency=0&churn=20&seed=5")));
    DemoSource second(ServerAddress::parse(QStringLiteral("demo:x?sessions=40&latency=0&churn=20&seed=5")));
    DemoSource other(ServerAddress::parse(QStringLiteral("demo:x?sessions=40&latency=0&churn=20&seed=6")));
    bool differs = false;
    for (int tick = 0; tick < 5; ++tick) {
        const QStringList a = fingerprint(listed(first));
        EXPECT_EQ(a, fingerprint(listed(second))) << "tick " << tick;
        differs = differs || a != fingerprint(listed(other));
    }
    EXPECT_TRUE(differs);
}

TEST(DemoSource, ChurnMakesSessionsComeAndGo)
{
    DemoSource steady(ServerAddress::parse(QStringLiteral("demo:s?sessions=20&latency=0&churn=0")));
    EXPECT_EQ(fingerprint(listed(steady)), fingerprint(listed(steady)));

    DemoSource busy(ServerAddress::parse(QStringLiteral("demo:b?sessions=50&latency=0&churn=20")));
    const QList<Session> before = listed(busy);
    QList<Session> after;
    for (int tick = 0; tick < 5; ++tick)
        after = listed(busy);
    QSet<SessionKey> beforeKeys;
    for (const Session &s : before)
        beforeKeys.insert(SessionKey::of(s));
    int fresh = 0;
    for (const Session &s : after)
        fresh += beforeKeys.contains(SessionKey::of(s)) ? 0 : 1;
    EXPECT_GT(fresh, 0);
    EXPECT_GT(after.size(), 30);
    EXPECT_LT(after.size(), 80);
}

TEST(DemoSource, LogoffWithWaitRemovesTheSessionAndASecondIsAlreadyGone)
{
    DemoSource source(ServerAddress::parse(QStringLiteral("demo:lo?sessions=10&latency=5&churn=0")));
    const QString id = listed(source).at(3).id;
    EXPECT_TRUE(source.isPresent(id));

    EXPECT_TRUE(source.logoff(SessionRef::plainId(id), true, 10s).ok());
    EXPECT_FALSE(source.isPresent(id));
    EXPECT_FALSE(contains(listed(source), id));

    const ActionResult again = source.logoff(SessionRef::plainId(id), true, 10s);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().category, SessionError::Category::AlreadyGone);
    EXPECT_EQ(again.error().code, 7022);
}

TEST(DemoSource, LogoffWithoutWaitReturnsAtOnceAndTheSessionGoesLater)
{
    DemoSource source(ServerAddress::parse(QStringLiteral("demo:nw?sessions=10&latency=0&churn=0")));
    const QString id = listed(source).at(4).id;
    EXPECT_TRUE(source.logoff(SessionRef::plainId(id), false, 10s).ok());
    // Still there, closing, right after the request.
    const QList<Session> now = listed(source);
    const auto it = std::find_if(now.cbegin(), now.cend(), [&](const Session &s) { return s.id == id; });
    ASSERT_NE(it, now.cend());
    EXPECT_EQ(it->state, Session::State::Closing);

    QElapsedTimer waited;
    waited.start();
    while (source.isPresent(id) && waited.elapsed() < 5000)
        QThread::msleep(20);
    EXPECT_FALSE(source.isPresent(id));
}

TEST(DemoSource, LogoffThatOutlastsItsTimeoutIsATimeout)
{
    DemoSource source(ServerAddress::parse(QStringLiteral("demo:t?sessions=5&latency=0&churn=0")));
    const ActionResult result = source.logoff(SessionRef::plainId(listed(source).at(2).id), true, 20ms);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().category, SessionError::Category::Timeout);
}

TEST(DemoSource, ServicesAndListenerCannotBeLoggedOff)
{
    DemoSource source(ServerAddress::parse(QStringLiteral("demo:svc?sessions=2&latency=0&churn=0")));
    for (const int id : {DemoSource::ServicesSessionId, DemoSource::ListenerSessionId}) {
        const ActionResult result = source.logoff(SessionRef::plainId(QString::number(id)), true, 1s);
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error().category, SessionError::Category::NotSupported);
    }
}

TEST(DemoSource, FailingServerReportsAndRecovers)
{
    DemoSource source(ServerAddress::parse(QStringLiteral("demo:f?sessions=5&latency=0&fail=100")));
    const EnumerateResult failed = source.enumerate();
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().category, SessionError::Category::Unreachable);
    EXPECT_EQ(failed.error().toString(), QStringLiteral("The RPC server is unavailable. (1722)"));
    const ActionResult denied = source.logoff(SessionRef::plainId(QStringLiteral("3")), true, 1s);
    ASSERT_FALSE(denied.ok());
    EXPECT_EQ(denied.error().category, SessionError::Category::AccessDenied);
    EXPECT_TRUE(denied.error().message.contains(QStringLiteral("Reset")));

    source.setFailPercent(0);
    EXPECT_TRUE(source.enumerate().ok());
}

// Reproduces the defect of acting by id alone: the logon chosen ends, the next logon takes
// its id, and the action must not reach that one.
TEST(DemoSource, RefusesALogonThatReplacedTheChosenOne)
{
    DemoSource source(ServerAddress::parse(QStringLiteral("demo:x?sessions=20&latency=0&churn=50&seed=3")));
    const QList<Session> first = listed(source);
    QList<Session> now;
    std::optional<Session> chosen;
    std::optional<Session> successor;
    // Churn until some user session of the first list has been replaced under the same id.
    for (int round = 0; round < 500 && !successor; ++round) {
        now = listed(source);
        for (const Session &before : first) {
            if (before.user.isEmpty() || before.own)
                continue;
            const auto it = std::find_if(now.cbegin(), now.cend(), [&](const Session &s) { return s.id == before.id; });
            if (it != now.cend() && SessionKey::of(*it) != SessionKey::of(before)) {
                chosen = before;
                successor = *it;
                break;
            }
        }
    }
    ASSERT_TRUE(successor) << "churn=50 reuses freed ids within 500 refreshes";

    const ActionResult result = source.logoff(SessionRef::of(*chosen), false, 1s);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().category, SessionError::Category::Changed);
    EXPECT_TRUE(result.error().message.contains(QStringLiteral("Session %1 is now").arg(chosen->id)))
        << result.error().message.toStdString();
    EXPECT_TRUE(source.isPresent(successor->id));
    EXPECT_EQ(source.disconnect(SessionRef::of(*chosen), false, 1s).error().category, SessionError::Category::Changed);
    EXPECT_EQ(source.lock(SessionRef::of(*chosen), 1s).error().category, SessionError::Category::Changed);

    // The logon that holds the id now is reached by its own ref.
    EXPECT_TRUE(source.logoff(SessionRef::of(*successor), false, 1s).ok());
}

TEST(DemoSource, RefusesIdsThatMeanTheCallersOwnSession)
{
    DemoSource source(ServerAddress::parse(QStringLiteral("demo:x?sessions=5&latency=0&churn=0")));
    const QList<Session> before = listed(source);
    for (const char *id : {"self", "auto", "", "4294967295", "-1"}) {
        const ActionResult result = source.logoff(SessionRef::plainId(QString::fromLatin1(id)), true, 1s);
        ASSERT_FALSE(result.ok()) << id;
        EXPECT_NE(result.error().category, SessionError::Category::AlreadyGone) << id;
        EXPECT_TRUE(result.error().message.contains(QStringLiteral("caller's own session"))) << id;
    }
    EXPECT_EQ(fingerprint(listed(source)), fingerprint(before));
}

TEST(DemoSource, EveryActionAnswersByItsTimeout)
{
    // A server that would take a minute to answer each call.
    DemoSource source(ServerAddress::parse(QStringLiteral("demo:slow?sessions=5&latency=60000&churn=0")));
    const SessionRef target = SessionRef::plainId(QStringLiteral("3"));
    QElapsedTimer clock;
    clock.start();
    const QList<ActionResult> results{
        source.logoff(target, true, 100ms),
        source.disconnect(target, false, 100ms),
        source.sendMessage(target, QStringLiteral("t"), QStringLiteral("x"), true, 100ms),
        source.lock(target, 100ms),
    };
    for (const ActionResult &result : results) {
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error().category, SessionError::Category::Timeout);
    }
    EXPECT_LT(clock.elapsed(), 30000) << "four calls of 100 ms, not four minutes";
}
