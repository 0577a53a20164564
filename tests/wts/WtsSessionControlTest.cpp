#include "WtsSessionControl.h"
#include "FakeWtsHost.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace {

using namespace std::chrono_literals;

const std::int64_t BobLogon = fileTimeTicks(2026, 11, 25, 9, 15, 2);
const std::int64_t CarolLogon = fileTimeTicks(2026, 11, 25, 10, 42, 0);

// What the Qt adapter's check does (SessionRef::verify), reduced to the two fields.
WtsIdentityCheck expect(const WtsIdentity &expected)
{
    return [expected](const WtsIdentity &now) -> std::optional<WtsError> {
        if (now == expected)
            return std::nullopt;
        return WtsError{WtsError::Category::Changed, 0, L"Session is now " + now.user + L"'s logon"};
    };
}

class WtsSessionControlTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        for (const DWORD id : {0u, 2u, 65536u}) {
            FakeSession session;
            session.id = id;
            session.state = id == 65536 ? WTSListen : WTSActive;
            host.sessions.push_back(session);
        }
        FakeSession &bob = *host.find(2);
        bob.user = L"bob";
        bob.domain = L"CORP";
        bob.info = makeWtsInfo(2, WTSActive, L"RDP-Tcp#7", L"bob", L"CORP", BobLogon, BobLogon, 0, BobLogon, BobLogon);
    }

    // The session id 2 freed by bob and taken by carol's new logon.
    void reuseIdForCarol()
    {
        FakeSession &session = *host.find(2);
        session.user = L"carol";
        session.info = makeWtsInfo(2, WTSActive, L"RDP-Tcp#9", L"carol", L"CORP", CarolLogon, CarolLogon, 0, CarolLogon,
                                   CarolLogon);
    }

    bool everAskedToWait() const
    {
        return std::any_of(host.calls.begin(), host.calls.end(), [](const FakeWtsHost::Call &call) {
            return (call.function == L"WTSLogoffSession" || call.function == L"WTSDisconnectSession") && call.wait;
        });
    }

    WtsSessionControl control() const { return WtsSessionControl(server, 1ms); }

    FakeWtsHost host;
    std::variant<WtsServer, WtsError> opened = WtsServer::open(host.api(), L"rdsh01");
    const WtsServer &server = std::get<WtsServer>(opened);
    const WtsIdentityCheck bobsLogon = expect({L"bob", BobLogon});
};

TEST_F(WtsSessionControlTest, IdentityReadsUserAndLogonTimeFromSessionInfo)
{
    const auto identity = control().identity(2);
    ASSERT_TRUE(std::holds_alternative<WtsIdentity>(identity));
    EXPECT_EQ(std::get<WtsIdentity>(identity), (WtsIdentity{L"bob", BobLogon}));
    EXPECT_EQ(host.queryCount(WTSSessionInfo), 1);
    EXPECT_EQ(host.queryCount(WTSUserName), 0);
    EXPECT_EQ(host.liveBuffers(), 0u);
}

TEST_F(WtsSessionControlTest, IdentityFallsBackToTheUserNameWithoutALogonTime)
{
    host.find(2)->info.reset(); // WTSSessionInfo fails with ERROR_NOT_SUPPORTED, as on older servers
    const auto identity = control().identity(2);
    ASSERT_TRUE(std::holds_alternative<WtsIdentity>(identity));
    EXPECT_EQ(std::get<WtsIdentity>(identity), (WtsIdentity{L"bob", 0}));
    EXPECT_EQ(host.queryCount(WTSUserName), 1);
    EXPECT_EQ(host.liveBuffers(), 0u);
}

TEST_F(WtsSessionControlTest, IdentityOfAGoneSessionIsAlreadyGone)
{
    const auto identity = control().identity(42);
    ASSERT_TRUE(std::holds_alternative<WtsError>(identity));
    EXPECT_EQ(std::get<WtsError>(identity).category, WtsError::Category::AlreadyGone);
    EXPECT_EQ(host.queryCount(WTSUserName), 0) << "a gone session has no name to fall back on";
}

TEST_F(WtsSessionControlTest, AnIdReusedByAnotherLogonIsRefusedBeforeAnyAction)
{
    reuseIdForCarol();
    for (const bool wait : {false, true}) {
        const auto logoff = control().logoff(2, bobsLogon, wait, 5s);
        ASSERT_TRUE(logoff.has_value());
        EXPECT_EQ(logoff->category, WtsError::Category::Changed);
        EXPECT_NE(logoff->message.find(L"carol"), std::wstring::npos);
        const auto disconnect = control().disconnect(2, bobsLogon, wait, 5s);
        ASSERT_TRUE(disconnect.has_value());
        EXPECT_EQ(disconnect->category, WtsError::Category::Changed);
        const auto message = control().sendMessage(2, bobsLogon, L"t", L"m", wait, 5s);
        ASSERT_TRUE(message.has_value());
        EXPECT_EQ(message->category, WtsError::Category::Changed);
    }
    EXPECT_EQ(host.callCount(L"WTSLogoffSession"), 0);
    EXPECT_EQ(host.callCount(L"WTSDisconnectSession"), 0);
    EXPECT_EQ(host.callCount(L"WTSSendMessageW"), 0);
    EXPECT_EQ(host.find(2)->state, WTSActive);
}

TEST_F(WtsSessionControlTest, TheSameLogonIsActedOnAndAPlainIdIsNotChecked)
{
    EXPECT_EQ(control().sendMessage(2, bobsLogon, L"t", L"m", false, 5s), std::nullopt);
    EXPECT_EQ(host.queryCount(WTSSessionInfo), 1);
    EXPECT_EQ(control().disconnect(2, {}, false, 5s), std::nullopt);
    EXPECT_EQ(host.queryCount(WTSSessionInfo), 1) << "a plain id is acted on as it stands";
    EXPECT_EQ(control().logoff(2, bobsLogon, true, 5s), std::nullopt);
    EXPECT_EQ(host.queryCount(WTSSessionInfo), 2);
    EXPECT_EQ(host.find(2), nullptr);
}

TEST_F(WtsSessionControlTest, WithoutALogonTimeTheUserNameDecides)
{
    host.find(2)->info.reset();
    const WtsIdentityCheck bobByName = expect({L"bob", 0});
    reuseIdForCarol();
    host.find(2)->info.reset();
    const auto refused = control().logoff(2, bobByName, true, 5s);
    ASSERT_TRUE(refused.has_value());
    EXPECT_EQ(refused->category, WtsError::Category::Changed);
    EXPECT_EQ(host.callCount(L"WTSLogoffSession"), 0);
}

TEST_F(WtsSessionControlTest, LogoffWithWaitRequestsWithoutWaitingAndPollsUntilGone)
{
    host.find(2)->queriesUntilGone = 3;
    EXPECT_EQ(control().logoff(2, bobsLogon, true, 5s), std::nullopt);
    ASSERT_EQ(host.callCount(L"WTSLogoffSession"), 1);
    EXPECT_FALSE(everAskedToWait());
    EXPECT_EQ(host.find(2), nullptr);
    EXPECT_GE(host.presenceQueries, 4);
    EXPECT_EQ(host.liveBuffers(), 0u);
}

TEST_F(WtsSessionControlTest, LogoffWithoutWaitReturnsOnceAccepted)
{
    host.find(2)->queriesUntilGone = 1'000'000;
    EXPECT_EQ(control().logoff(2, bobsLogon, false, 5s), std::nullopt);
    EXPECT_FALSE(everAskedToWait());
    EXPECT_EQ(host.presenceQueries, 1); // the listener check only, no polling
    EXPECT_TRUE(host.find(2)->loggingOff);
}

TEST_F(WtsSessionControlTest, ALogoffThatNeverEndsTimesOutByTheDeadline)
{
    host.find(2)->queriesUntilGone = 1'000'000;
    const auto started = std::chrono::steady_clock::now();
    const auto error = WtsSessionControl(server, 20ms).logoff(2, bobsLogon, true, 300ms);
    const auto took = std::chrono::steady_clock::now() - started;
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->category, WtsError::Category::Timeout);
    EXPECT_NE(error->message.find(L"300 ms"), std::wstring::npos);
    EXPECT_FALSE(everAskedToWait());
    EXPECT_GE(took, 300ms) << "gave up before the deadline";
    EXPECT_LT(took, 30s) << "a wide margin: the poll stops at the deadline";
    EXPECT_GE(host.presenceQueries, 3);
}

TEST_F(WtsSessionControlTest, ASessionThatVanishesDuringThePollIsDone)
{
    // Gone at the second poll: the query fails with ERROR_CTX_WINSTATION_NOT_FOUND.
    host.find(2)->queriesUntilGone = 1;
    EXPECT_EQ(control().logoff(2, bobsLogon, true, 5s), std::nullopt);
    EXPECT_EQ(host.find(2), nullptr);

    // A session that ends while it is being disconnected is reported as gone.
    FakeSession other;
    other.id = 5;
    other.queriesUntilDisconnected = 1'000'000;
    host.sessions.push_back(other);
    host.find(5)->loggingOff = true;
    host.find(5)->queriesUntilGone = 2;
    const auto error = control().disconnect(5, {}, true, 5s);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->category, WtsError::Category::AlreadyGone);
}

TEST_F(WtsSessionControlTest, DisconnectWithWaitPollsUntilDisconnected)
{
    host.find(2)->queriesUntilDisconnected = 3;
    EXPECT_EQ(control().disconnect(2, bobsLogon, true, 5s), std::nullopt);
    EXPECT_EQ(host.find(2)->state, WTSDisconnected);
    EXPECT_FALSE(everAskedToWait());
    EXPECT_GE(host.presenceQueries, 4);
}

TEST_F(WtsSessionControlTest, ADisconnectThatNeverCompletesTimesOut)
{
    host.find(2)->queriesUntilDisconnected = 1'000'000;
    const auto error = WtsSessionControl(server, 20ms).disconnect(2, {}, true, 200ms);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->category, WtsError::Category::Timeout);
    EXPECT_FALSE(everAskedToWait());

    EXPECT_EQ(control().disconnect(2, {}, false, 1s), std::nullopt) << "without wait: accepted is enough";
}

TEST_F(WtsSessionControlTest, LogoffRefusesServicesAndListenersWithoutCallingTheApi)
{
    const auto services = control().logoff(0, {}, true, 1s);
    ASSERT_TRUE(services.has_value());
    EXPECT_EQ(services->category, WtsError::Category::NotSupported);
    const auto listener = control().logoff(65536, {}, true, 1s);
    ASSERT_TRUE(listener.has_value());
    EXPECT_EQ(listener->category, WtsError::Category::NotSupported);
    EXPECT_EQ(host.callCount(L"WTSLogoffSession"), 0);
}

TEST_F(WtsSessionControlTest, LogoffOfAGoneSessionIsAlreadyGone)
{
    for (const WtsIdentityCheck &check : {WtsIdentityCheck(), bobsLogon}) {
        const auto error = control().logoff(42, check, true, 1s);
        ASSERT_TRUE(error.has_value());
        EXPECT_EQ(error->category, WtsError::Category::AlreadyGone);
        EXPECT_EQ(error->code, 7022u);
    }
}

TEST_F(WtsSessionControlTest, LogoffDeniedNamesTheResetPermission)
{
    host.logoffError = ERROR_ACCESS_DENIED;
    const auto error = control().logoff(2, bobsLogon, true, 1s);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->category, WtsError::Category::AccessDenied);
    EXPECT_NE(error->message.find(L"Reset"), std::wstring::npos);
}

TEST_F(WtsSessionControlTest, LogoffNotImplementedIsNotSupported)
{
    host.logoffError = ERROR_CALL_NOT_IMPLEMENTED;
    const auto error = control().logoff(2, {}, true, 1s);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->category, WtsError::Category::NotSupported);
    EXPECT_EQ(host.presenceQueries, 1); // the listener check only, no polling
}

TEST_F(WtsSessionControlTest, DisconnectDeniedNamesTheDisconnectPermission)
{
    host.disconnectError = ERROR_ACCESS_DENIED;
    const auto error = control().disconnect(2, {}, false, 1s);
    ASSERT_TRUE(error.has_value());
    EXPECT_NE(error->message.find(L"Disconnect permission"), std::wstring::npos);
}

TEST_F(WtsSessionControlTest, SendMessageGivesLengthsInBytesAndTimeoutInSeconds)
{
    EXPECT_EQ(control().sendMessage(2, {}, L"Maintenance", L"Please log off by 18:00.", false, 2500ms), std::nullopt);
    EXPECT_EQ(host.lastTitle, L"Maintenance");
    EXPECT_EQ(host.lastMessage, L"Please log off by 18:00.");
    EXPECT_EQ(host.lastTitleBytes, 11 * sizeof(wchar_t));
    EXPECT_EQ(host.lastMessageBytes, 24 * sizeof(wchar_t));
    EXPECT_EQ(host.lastTimeoutSeconds, 3u);
    EXPECT_EQ(host.calls.back().wait, FALSE);

    EXPECT_EQ(control().sendMessage(2, {}, L"t", L"m", true, 0ms), std::nullopt);
    EXPECT_EQ(host.lastTimeoutSeconds, 1u); // never 0, which would mean "wait for ever"
    EXPECT_EQ(host.calls.back().wait, TRUE);

    host.sendMessageError = ERROR_ACCESS_DENIED;
    const auto error = control().sendMessage(2, {}, L"t", L"m", false, 1s);
    ASSERT_TRUE(error.has_value());
    EXPECT_NE(error->message.find(L"Message permission"), std::wstring::npos);
}

TEST_F(WtsSessionControlTest, IsPresentDistinguishesGoneFromUnknown)
{
    EXPECT_EQ(std::get<bool>(control().isPresent(2)), true);
    EXPECT_EQ(std::get<bool>(control().isPresent(42)), false);
    host.find(2)->queryError = 1722;
    const auto unknown = control().isPresent(2);
    ASSERT_TRUE(std::holds_alternative<WtsError>(unknown));
    EXPECT_EQ(std::get<WtsError>(unknown).category, WtsError::Category::Unreachable);
}

} // namespace
