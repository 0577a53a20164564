#include "logind/LogindSessionMapper.h"

#include <QVariantList>

#include <gtest/gtest.h>

using State = Session::State;

TEST(LogindSessionMapper, MapsStateWithClassAndIdleHint)
{
    EXPECT_EQ(LogindSessionMapper::stateOf(QStringLiteral("active"), QStringLiteral("user"), false), State::Active);
    EXPECT_EQ(LogindSessionMapper::stateOf(QStringLiteral("active"), QStringLiteral("user"), true), State::Idle);
    EXPECT_EQ(LogindSessionMapper::stateOf(QStringLiteral("online"), QStringLiteral("user"), false), State::Connected);
    EXPECT_EQ(LogindSessionMapper::stateOf(QStringLiteral("closing"), QStringLiteral("user"), false), State::Closing);
    EXPECT_EQ(LogindSessionMapper::stateOf(QStringLiteral("active"), QStringLiteral("greeter"), false),
              State::Listening);
    EXPECT_EQ(LogindSessionMapper::stateOf(QStringLiteral("opening"), QStringLiteral("user"), false), State::Other);
}

TEST(LogindSessionMapper, MapsProperties)
{
    const QVariantMap properties{
        {QStringLiteral("Id"), QStringLiteral("42")},
        {QStringLiteral("Name"), QStringLiteral("alice")},
        {QStringLiteral("TTY"), QString()},
        {QStringLiteral("Display"), QStringLiteral(":1")},
        {QStringLiteral("Remote"), true},
        {QStringLiteral("RemoteHost"), QStringLiteral("10.1.2.3")},
        {QStringLiteral("RemoteUser"), QString()},
        {QStringLiteral("Service"), QStringLiteral("xrdp-sesman")},
        {QStringLiteral("Type"), QStringLiteral("x11")},
        {QStringLiteral("Class"), QStringLiteral("user")},
        {QStringLiteral("State"), QStringLiteral("active")},
        {QStringLiteral("Active"), true},
        {QStringLiteral("IdleHint"), true},
        {QStringLiteral("IdleSinceHint"), qulonglong(1'700'000'000'000'000ULL)},
        {QStringLiteral("Timestamp"), qulonglong(1'699'999'000'123'456ULL)},
        {QStringLiteral("Leader"), uint(1234)},
    };
    const std::optional<Session> mapped = LogindSessionMapper::fromProperties(properties, QStringLiteral("lab1"));
    ASSERT_TRUE(mapped.has_value());
    const Session &session = *mapped;
    EXPECT_EQ(session.server, QStringLiteral("lab1"));
    EXPECT_EQ(session.id, QStringLiteral("42"));
    EXPECT_EQ(session.user, QStringLiteral("alice"));
    EXPECT_EQ(session.station, QStringLiteral(":1"));
    EXPECT_TRUE(session.remote);
    EXPECT_EQ(session.clientAddress, QStringLiteral("10.1.2.3"));
    EXPECT_EQ(session.clientName, QStringLiteral("10.1.2.3"));
    EXPECT_TRUE(session.remoteUser.isEmpty());
    EXPECT_EQ(session.service, QStringLiteral("xrdp-sesman"));
    EXPECT_EQ(session.rawState, QStringLiteral("active"));
    EXPECT_EQ(session.state, State::Idle);
    EXPECT_EQ(session.logonTime.toMSecsSinceEpoch(), 1'699'999'000'123LL);
    EXPECT_EQ(session.idleSince.toMSecsSinceEpoch(), 1'700'000'000'000LL);
    EXPECT_FALSE(session.own);
}

TEST(LogindSessionMapper, NotIdleMeansNoIdleTimeAndZeroTimestampsAreUnknown)
{
    const QVariantMap properties{
        {QStringLiteral("Id"), QStringLiteral("c3")},
        {QStringLiteral("TTY"), QStringLiteral("pts/2")},
        {QStringLiteral("RemoteHost"), QStringLiteral("host")},
        {QStringLiteral("RemoteUser"), QStringLiteral("bob")},
        {QStringLiteral("IdleHint"), false},
        {QStringLiteral("IdleSinceHint"), qulonglong(5)},
        {QStringLiteral("Timestamp"), qulonglong(0)},
    };
    const std::optional<Session> mapped = LogindSessionMapper::fromProperties(properties, QStringLiteral("x"));
    ASSERT_TRUE(mapped.has_value());
    const Session &session = *mapped;
    EXPECT_EQ(session.station, QStringLiteral("pts/2"));
    // The remote user has its own field; the client is the host alone.
    EXPECT_EQ(session.clientName, QStringLiteral("host"));
    EXPECT_EQ(session.clientAddress, QStringLiteral("host"));
    EXPECT_EQ(session.remoteUser, QStringLiteral("bob"));
    EXPECT_FALSE(session.idleSince.isValid());
    EXPECT_FALSE(session.logonTime.isValid());
}

TEST(LogindSessionMapper, RemoteUserWithoutAHostIsNoClient)
{
    // What logind records for `su -l alice` run by root.
    const QVariantMap properties{
        {QStringLiteral("Id"), QStringLiteral("c1")},
        {QStringLiteral("RemoteUser"), QStringLiteral("root")},
        {QStringLiteral("RemoteHost"), QString()},
    };
    const std::optional<Session> session = LogindSessionMapper::fromProperties(properties, QStringLiteral("x"));
    ASSERT_TRUE(session.has_value());
    EXPECT_TRUE(session->clientName.isEmpty());
    EXPECT_EQ(session->remoteUser, QStringLiteral("root"));
}

TEST(LogindSessionMapper, SeatNamesTheStationWhereThereIsNoTtyOrDisplay)
{
    // Seat is a (so) structure, read as [name, object path].
    const QVariantMap properties{
        {QStringLiteral("Id"), QStringLiteral("2")},
        {QStringLiteral("Seat"),
         QVariantList{QStringLiteral("seat0"), QStringLiteral("/org/freedesktop/login1/seat/seat0")}},
    };
    const std::optional<Session> session = LogindSessionMapper::fromProperties(properties, QStringLiteral("x"));
    ASSERT_TRUE(session.has_value());
    EXPECT_EQ(session->station, QStringLiteral("seat0"));
}

TEST(LogindSessionMapper, PropertiesWithoutAnIdAreNoSession)
{
    // An empty id would be logind's "the caller's own session" to every action on the row.
    const QVariantMap withoutId{{QStringLiteral("Name"), QStringLiteral("alice")},
                                {QStringLiteral("State"), QStringLiteral("active")}};
    EXPECT_FALSE(LogindSessionMapper::fromProperties(withoutId, QStringLiteral("x")).has_value());
    QVariantMap emptyId = withoutId;
    emptyId.insert(QStringLiteral("Id"), QString());
    EXPECT_FALSE(LogindSessionMapper::fromProperties(emptyId, QStringLiteral("x")).has_value());
}
