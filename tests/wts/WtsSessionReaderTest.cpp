#include "WtsSessionReader.h"
#include "FakeWtsHost.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace {

constexpr DWORD Inet = 2;
constexpr DWORD Inet6 = 23;
constexpr DWORD ErrorCtxClosePending = 7007;
constexpr std::int64_t TicksPerSecond = 10'000'000;

// A typical RD Session Host: services, console, two RDP users and the RDP listener.
class WtsSessionReaderTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        logon = fileTimeTicks(2024, 3, 1, 8, 0, 0);
        now = fileTimeTicks(2024, 3, 1, 9, 30, 0);

        FakeSession services;
        services.id = 0;
        services.state = WTSDisconnected;
        services.station = L"Services";
        services.names = false;
        services.info = makeWtsInfo(0, WTSDisconnected, L"Services", L"", L"", 0, 0, 0, 0, now);

        FakeSession console;
        console.id = 1;
        console.state = WTSConnected;
        console.station = L"Console";
        console.info = makeWtsInfo(1, WTSConnected, L"Console", L"", L"", 0, 0, 0, 0, now);
        console.protocol = WTS_PROTOCOL_TYPE_CONSOLE;

        FakeSession alice;
        alice.id = 2;
        alice.state = WTSActive;
        alice.station = L"RDP-Tcp#0";
        alice.user = L"alice";
        alice.domain = L"LAB";
        alice.info = makeWtsInfo(2, WTSActive, L"RDP-Tcp#0", L"alice", L"LAB", logon, logon + 5 * TicksPerSecond, 0,
                                 now - 300 * TicksPerSecond, now);
        alice.clientName = L"ALICE-PC";
        alice.clientAddress = makeClientAddress(Inet, {192, 168, 0, 1});
        alice.protocol = WTS_PROTOCOL_TYPE_RDP;
        alice.display = WTS_CLIENT_DISPLAY{1920, 1080, 32};

        FakeSession bob;
        bob.id = 3;
        bob.state = WTSDisconnected;
        bob.station = L"";
        bob.user = L"bob";
        bob.domain = L"LAB";
        bob.info = makeWtsInfo(3, WTSDisconnected, L"", L"bob", L"LAB", logon, logon, now - 60 * TicksPerSecond,
                               now - 3600 * TicksPerSecond, now);
        bob.clientName = L"BOB-LAPTOP";
        bob.clientAddress = makeClientAddress(Inet6, {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7});
        bob.protocol = WTS_PROTOCOL_TYPE_RDP;

        FakeSession listener;
        listener.id = 65536;
        listener.state = WTSListen;
        listener.station = L"RDP-Tcp";
        listener.names = false;
        listener.info = makeWtsInfo(65536, WTSListen, L"RDP-Tcp", L"", L"", 0, 0, 0, 0, now);

        host.sessions = {services, console, alice, bob, listener};
    }

    static const WtsSessionRecord *find(const WtsEnumeration &result, std::uint32_t id)
    {
        const auto it = std::find_if(result.sessions.begin(), result.sessions.end(),
                                     [&](const WtsSessionRecord &r) { return r.id == id; });
        return it != result.sessions.end() ? &*it : nullptr;
    }

    WtsEnumeration enumerate(const std::wstring &serverName = L"")
    {
        auto opened = WtsServer::open(host.api(), serverName);
        const WtsServer &server = std::get<WtsServer>(opened);
        return WtsSessionReader(server).enumerate();
    }

    FakeWtsHost host;
    std::int64_t logon = 0;
    std::int64_t now = 0;
};

TEST_F(WtsSessionReaderTest, ConvertsLevel1SessionsAndTheirDetails)
{
    const WtsEnumeration result = enumerate();
    ASSERT_TRUE(result.ok());
    ASSERT_EQ(result.sessions.size(), 5u);
    EXPECT_EQ(host.callCount(L"WTSEnumerateSessionsW"), 0);

    const WtsSessionRecord *alice = find(result, 2);
    ASSERT_NE(alice, nullptr);
    EXPECT_EQ(alice->state, WtsState::Active);
    EXPECT_EQ(wtsStateName(alice->state), L"WTSActive");
    EXPECT_EQ(alice->station, L"RDP-Tcp#0");
    EXPECT_EQ(alice->user, L"alice");
    EXPECT_EQ(alice->domain, L"LAB");
    EXPECT_EQ(alice->clientName, L"ALICE-PC");
    EXPECT_EQ(alice->clientAddress, L"192.168.0.1");
    EXPECT_EQ(alice->protocol, WtsProtocol::Rdp);
    EXPECT_EQ(alice->displayWidth, 1920u);
    EXPECT_EQ(alice->displayHeight, 1080u);
    EXPECT_EQ(alice->colorDepth, 32u);
    // 2024-03-01T08:00:00Z as FILETIME: (1709280000 s + 11644473600 s) * 10^7.
    EXPECT_EQ(alice->logonTime, 133537536000000000);
    EXPECT_EQ(alice->connectTime, logon + 5 * TicksPerSecond);
    EXPECT_EQ(alice->disconnectTime, 0);
    ASSERT_TRUE(alice->idleTicks.has_value());
    EXPECT_EQ(*alice->idleTicks, 300 * TicksPerSecond);
    EXPECT_TRUE(alice->canLogoff());

    const WtsSessionRecord *bob = find(result, 3);
    ASSERT_NE(bob, nullptr);
    EXPECT_EQ(bob->state, WtsState::Disconnected);
    EXPECT_EQ(bob->clientAddress, L"2001:db8::7");
    EXPECT_EQ(bob->disconnectTime, now - 60 * TicksPerSecond);
    EXPECT_EQ(*bob->idleTicks, 3600 * TicksPerSecond);
    EXPECT_EQ(bob->displayWidth, 0u); // display query failed: unknown, not an error
}

TEST_F(WtsSessionReaderTest, ServicesAndListenerAreShownButCannotBeLoggedOff)
{
    const WtsEnumeration result = enumerate();
    const WtsSessionRecord *services = find(result, 0);
    const WtsSessionRecord *listener = find(result, 65536);
    ASSERT_NE(services, nullptr);
    ASSERT_NE(listener, nullptr);
    EXPECT_EQ(services->user, L"");
    EXPECT_EQ(services->domain, L"");
    EXPECT_EQ(services->station, L"Services");
    EXPECT_FALSE(services->canLogoff());
    EXPECT_EQ(listener->state, WtsState::Listen);
    EXPECT_EQ(listener->station, L"RDP-Tcp");
    EXPECT_FALSE(listener->canLogoff());
    EXPECT_FALSE(listener->idleTicks.has_value());
    EXPECT_EQ(listener->protocol, WtsProtocol::Unknown); // no client queries for them
}

TEST_F(WtsSessionReaderTest, MarksOwnSessionOnlyOnTheLocalServer)
{
    host.ownSessionId = 2;
    const WtsEnumeration local = enumerate();
    EXPECT_TRUE(find(local, 2)->own);
    EXPECT_EQ(std::count_if(local.sessions.begin(), local.sessions.end(), [](const auto &r) { return r.own; }), 1);

    const WtsEnumeration remote = enumerate(L"rdsh01");
    EXPECT_TRUE(std::none_of(remote.sessions.begin(), remote.sessions.end(), [](const auto &r) { return r.own; }));
}

TEST_F(WtsSessionReaderTest, FreesEveryBufferWithTheMatchingFunction)
{
    enumerate();
    EXPECT_EQ(host.liveBuffers(), 0u);
    EXPECT_EQ(host.wrongFrees, 0);
}

TEST_F(WtsSessionReaderTest, FallsBackToLevel0WhenExIsNotImplemented)
{
    host.enumerateExError = ERROR_CALL_NOT_IMPLEMENTED;
    const WtsEnumeration result = enumerate();
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(host.callCount(L"WTSEnumerateSessionsW"), 1);
    ASSERT_EQ(result.sessions.size(), 5u);
    const WtsSessionRecord *alice = find(result, 2);
    EXPECT_EQ(alice->user, L"alice"); // from WTSINFOW, since level 0 names no user
    EXPECT_EQ(alice->domain, L"LAB");
    EXPECT_EQ(host.liveBuffers(), 0u);
    EXPECT_EQ(host.wrongFrees, 0);
}

TEST_F(WtsSessionReaderTest, FallsBackWhenExFailsWithoutACode)
{
    host.enumerateExError = ERROR_GEN_FAILURE;
    host.leaveLastError = true;
    const WtsEnumeration result = enumerate();
    EXPECT_TRUE(result.ok());
    EXPECT_EQ(host.callCount(L"WTSEnumerateSessionsW"), 1);
}

TEST_F(WtsSessionReaderTest, AccessDeniedIsReportedWithoutFallback)
{
    host.enumerateExError = ERROR_ACCESS_DENIED;
    const WtsEnumeration result = enumerate(L"rdsh01");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error->category, WtsError::Category::AccessDenied);
    EXPECT_TRUE(result.sessions.empty());
    EXPECT_EQ(host.callCount(L"WTSEnumerateSessionsW"), 0);
}

TEST_F(WtsSessionReaderTest, FirstCallOnAnUnreachableServerIsUnreachable)
{
    host.enumerateExError = 1722;
    const WtsEnumeration result = enumerate(L"offline-host");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error->category, WtsError::Category::Unreachable);
    EXPECT_EQ(result.error->code, 1722u);
    EXPECT_EQ(host.closeCount, 1);
}

TEST_F(WtsSessionReaderTest, BothEnumerationsFailingReportsTheCodedError)
{
    host.enumerateExError = ERROR_CALL_NOT_IMPLEMENTED;
    host.enumerateError = 1726;
    const WtsEnumeration result = enumerate(L"rdsh01");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error->category, WtsError::Category::Unreachable);
}

TEST_F(WtsSessionReaderTest, ASessionClosingDoesNotFailTheRefresh)
{
    host.find(3)->queryError = ErrorCtxClosePending;
    const WtsEnumeration result = enumerate();
    ASSERT_TRUE(result.ok());
    ASSERT_EQ(result.sessions.size(), 5u);
    const WtsSessionRecord *bob = find(result, 3);
    EXPECT_EQ(bob->user, L"bob"); // what the enumeration said
    EXPECT_EQ(bob->state, WtsState::Disconnected);
    EXPECT_EQ(bob->logonTime, 0);
    EXPECT_EQ(bob->clientName, L"");
    EXPECT_EQ(find(result, 2)->clientName, L"ALICE-PC");
    EXPECT_EQ(host.liveBuffers(), 0u);
}

TEST_F(WtsSessionReaderTest, ASessionThatVanishedIsLeftOut)
{
    host.find(3)->queryError = 7022;
    const WtsEnumeration result = enumerate();
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result.sessions.size(), 4u);
    EXPECT_EQ(find(result, 3), nullptr);
}

TEST_F(WtsSessionReaderTest, NoLastInputMeansIdleUnknown)
{
    host.find(2)->info->LastInputTime.QuadPart = 0;
    EXPECT_FALSE(find(enumerate(), 2)->idleTicks.has_value());
}

TEST_F(WtsSessionReaderTest, EmptyServerIsAnEmptyList)
{
    host.sessions.clear();
    const WtsEnumeration result = enumerate();
    EXPECT_TRUE(result.ok());
    EXPECT_TRUE(result.sessions.empty());
    EXPECT_EQ(host.liveBuffers(), 0u);
}

} // namespace
