#include "RemoteDesktopDetails.h"
#include "demo/DemoSource.h"

#include <QElapsedTimer>

#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {

const QString Quiet = QStringLiteral("demo:d?sessions=12&latency=0&churn=0");

QList<Session> listed(DemoSource &source)
{
    EnumerateResult result = source.enumerate();
    EXPECT_TRUE(result.ok());
    return result.ok() ? result.value() : QList<Session>();
}

Session someUserSession(DemoSource &source)
{
    for (const Session &s : listed(source)) {
        if (!s.user.isEmpty() && !s.own)
            return s;
    }
    ADD_FAILURE() << "no user session";
    return {};
}

QString valueOf(const SessionDetails &details, const QString &key)
{
    const auto it = std::find_if(details.cbegin(), details.cend(), [&](const SessionDetail &d) { return d.key == key; });
    EXPECT_NE(it, details.cend()) << key.toStdString();
    return it == details.cend() ? QString() : it->value;
}

SessionDetails detailsOf(DemoSource &source, const SessionRef &ref)
{
    const DetailsResult result = source.details(ref, 10s);
    EXPECT_TRUE(result.ok()) << (result.ok() ? std::string() : result.error().toString().toStdString());
    return result.ok() ? result.value() : SessionDetails();
}

} // namespace

TEST(DemoSourceDetails, OffersDetails)
{
    DemoSource source(ServerAddress::parse(Quiet));
    EXPECT_TRUE(source.capabilities().testFlag(SessionSource::Capability::Details));
}

TEST(DemoSourceDetails, GiveTheSessionsFieldsAndItsClient)
{
    DemoSource source(ServerAddress::parse(Quiet));
    const Session s = someUserSession(source);
    const SessionDetails details = detailsOf(source, SessionRef::of(s));

    QStringList keys;
    for (const SessionDetail &d : details) {
        keys.append(d.key);
        EXPECT_FALSE(d.label.isEmpty()) << d.key.toStdString();
    }
    EXPECT_EQ(keys.removeDuplicates(), 0) << "keys are unique";
    EXPECT_EQ(keys.first(), QStringLiteral("sessionId"));

    EXPECT_EQ(valueOf(details, QStringLiteral("sessionId")), s.id);
    EXPECT_EQ(valueOf(details, QStringLiteral("user")), s.user);
    EXPECT_EQ(valueOf(details, QStringLiteral("domain")), s.domain);
    EXPECT_EQ(valueOf(details, QStringLiteral("state")), s.rawState);
    EXPECT_EQ(valueOf(details, QStringLiteral("station")), s.station);
    EXPECT_EQ(valueOf(details, QStringLiteral("protocol")), QStringLiteral("RDP"));
    EXPECT_EQ(valueOf(details, QStringLiteral("clientName")), s.clientName);
    EXPECT_EQ(valueOf(details, QStringLiteral("clientAddress")), s.clientAddress);
    EXPECT_EQ(valueOf(details, QStringLiteral("logonTime")), s.logonTime.toUTC().toString(Qt::ISODate));
    EXPECT_EQ(valueOf(details, QStringLiteral("connectTime")), RemoteDesktopDetails::timeText(s.connectTime));
    EXPECT_EQ(valueOf(details, QStringLiteral("disconnectTime")), RemoteDesktopDetails::timeText(s.disconnectTime));

    bool isNumber = false;
    EXPECT_GT(valueOf(details, QStringLiteral("clientBuild")).toInt(&isNumber), 10000);
    EXPECT_TRUE(isNumber);
    EXPECT_TRUE(valueOf(details, QStringLiteral("displayResolution")).contains(u'×'));
    EXPECT_TRUE(valueOf(details, QStringLiteral("colorDepth")).endsWith(QStringLiteral("bits per pixel")));
    EXPECT_FALSE(valueOf(details, QStringLiteral("encryptionLevel")).isEmpty());
    EXPECT_FALSE(valueOf(details, QStringLiteral("workingDirectory")).isEmpty());
    EXPECT_FALSE(valueOf(details, QStringLiteral("lastInputTime")).isEmpty());
}

TEST(DemoSourceDetails, AreTheSameEachTimeForOneLogon)
{
    DemoSource source(ServerAddress::parse(Quiet));
    const Session s = someUserSession(source);
    const SessionDetails first = detailsOf(source, SessionRef::of(s));
    listed(source);
    SessionDetails second = detailsOf(source, SessionRef::of(s));
    // Only the last input moves between two reads.
    const auto withoutInput = [](SessionDetails details) {
        details.removeIf([](const SessionDetail &d) { return d.key == u"lastInputTime"; });
        return details;
    };
    EXPECT_EQ(withoutInput(first), withoutInput(second));

    // Another process simulating the same server gives the same clients.
    DemoSource same(ServerAddress::parse(Quiet));
    EXPECT_EQ(withoutInput(detailsOf(same, SessionRef::of(s))), withoutInput(first));
}

TEST(DemoSourceDetails, ListenerHasNoClient)
{
    DemoSource source(ServerAddress::parse(Quiet));
    const SessionDetails details = detailsOf(source,
                                             SessionRef::plainId(QString::number(DemoSource::ListenerSessionId)));
    EXPECT_EQ(valueOf(details, QStringLiteral("station")), QStringLiteral("RDP-Tcp"));
    EXPECT_EQ(valueOf(details, QStringLiteral("state")), QStringLiteral("WTSListen"));
    for (const char *key : {"clientName", "clientAddress", "clientBuild", "displayResolution", "colorDepth"})
        EXPECT_TRUE(valueOf(details, QString::fromLatin1(key)).isEmpty()) << key;
}

TEST(DemoSourceDetails, AnotherLogonOnTheIdIsRefusedAsChanged)
{
    DemoSource source(ServerAddress::parse(Quiet));
    const Session s = someUserSession(source);
    SessionRef other = SessionRef::of(s);
    other.user = s.user + QStringLiteral("x");
    const DetailsResult byUser = source.details(other, 10s);
    ASSERT_FALSE(byUser.ok());
    EXPECT_EQ(byUser.error().category, SessionError::Category::Changed);

    SessionRef earlier = SessionRef::of(s);
    earlier.logonTime = s.logonTime.addSecs(-60);
    const DetailsResult byTime = source.details(earlier, 10s);
    ASSERT_FALSE(byTime.ok());
    EXPECT_EQ(byTime.error().category, SessionError::Category::Changed);
}

TEST(DemoSourceDetails, SessionLoggedOffIsAlreadyGone)
{
    DemoSource source(ServerAddress::parse(Quiet));
    const Session s = someUserSession(source);
    ASSERT_TRUE(source.logoff(SessionRef::of(s), true, 10s).ok());
    const DetailsResult result = source.details(SessionRef::of(s), 10s);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().category, SessionError::Category::AlreadyGone);
}

TEST(DemoSourceDetails, RefusesIdsThatMeanTheCallersOwnSession)
{
    DemoSource source(ServerAddress::parse(Quiet));
    for (const char *id : {"self", "", "4294967295", "-1"}) {
        const DetailsResult result = source.details(SessionRef::plainId(QString::fromLatin1(id)), 1s);
        ASSERT_FALSE(result.ok()) << id;
        EXPECT_TRUE(result.error().message.contains(QStringLiteral("caller's own session"))) << id;
    }
}

TEST(DemoSourceDetails, AnswerByTheTimeoutAndFailLikeTheServer)
{
    DemoSource slow(ServerAddress::parse(QStringLiteral("demo:slow?sessions=5&latency=60000&churn=0")));
    QElapsedTimer clock;
    clock.start();
    const DetailsResult late = slow.details(SessionRef::plainId(QStringLiteral("3")), 100ms);
    ASSERT_FALSE(late.ok());
    EXPECT_EQ(late.error().category, SessionError::Category::Timeout);
    EXPECT_LT(clock.elapsed(), 30000);

    DemoSource failing(ServerAddress::parse(QStringLiteral("demo:f?sessions=5&latency=0&churn=0&fail=100")));
    const DetailsResult failed = failing.details(SessionRef::plainId(QStringLiteral("3")), 1s);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().category, SessionError::Category::Unreachable);
}
