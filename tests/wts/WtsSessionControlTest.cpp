#include "FakeWtsHost.h"
#include "WtsSessionControl.h"

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;

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
    }

    WtsSessionControl control() const { return WtsSessionControl(server, 1ms); }

    FakeWtsHost host;
    std::variant<WtsServer, WtsError> opened = WtsServer::open(host.api(), L"rdsh01");
    const WtsServer &server = std::get<WtsServer>(opened);
};

TEST_F(WtsSessionControlTest, LogoffWithWaitIsOneSynchronousCall)
{
    EXPECT_EQ(control().logoff(2, true, 5s), std::nullopt);
    ASSERT_EQ(host.callCount(L"WTSLogoffSession"), 1);
    EXPECT_EQ(host.calls.back().wait, TRUE);
    EXPECT_EQ(host.find(2), nullptr);
}

TEST_F(WtsSessionControlTest, LogoffWithoutWaitPollsUntilTheSessionIsGone)
{
    host.find(2)->queriesUntilGone = 3;
    EXPECT_EQ(control().logoff(2, false, 5s), std::nullopt);
    EXPECT_EQ(host.calls.back().wait, FALSE);
    EXPECT_EQ(host.find(2), nullptr);
    EXPECT_GE(host.presenceQueries, 4);
    EXPECT_EQ(host.liveBuffers(), 0u);
}

TEST_F(WtsSessionControlTest, LogoffWithoutWaitTimesOut)
{
    host.find(2)->queriesUntilGone = 1'000'000;
    const auto error = control().logoff(2, false, 30ms);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->category, WtsError::Category::Timeout);
    EXPECT_NE(error->message.find(L"30 ms"), std::wstring::npos);
}

TEST_F(WtsSessionControlTest, LogoffRefusesServicesAndListenersWithoutCallingTheApi)
{
    const auto services = control().logoff(0, true, 1s);
    ASSERT_TRUE(services.has_value());
    EXPECT_EQ(services->category, WtsError::Category::NotSupported);
    const auto listener = control().logoff(65536, true, 1s);
    ASSERT_TRUE(listener.has_value());
    EXPECT_EQ(listener->category, WtsError::Category::NotSupported);
    EXPECT_EQ(host.callCount(L"WTSLogoffSession"), 0);
}

TEST_F(WtsSessionControlTest, LogoffOfAGoneSessionIsAlreadyGone)
{
    const auto error = control().logoff(42, true, 1s);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->category, WtsError::Category::AlreadyGone);
    EXPECT_EQ(error->code, 7022u);
}

TEST_F(WtsSessionControlTest, LogoffDeniedNamesTheResetPermission)
{
    host.logoffError = ERROR_ACCESS_DENIED;
    const auto error = control().logoff(2, true, 1s);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->category, WtsError::Category::AccessDenied);
    EXPECT_NE(error->message.find(L"Reset"), std::wstring::npos);
}

TEST_F(WtsSessionControlTest, LogoffNotImplementedIsNotSupported)
{
    host.logoffError = ERROR_CALL_NOT_IMPLEMENTED;
    const auto error = control().logoff(2, false, 1s);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->category, WtsError::Category::NotSupported);
    EXPECT_EQ(host.presenceQueries, 1); // the listener check only, no polling
}

TEST_F(WtsSessionControlTest, DisconnectPassesWait)
{
    EXPECT_EQ(control().disconnect(2, true), std::nullopt);
    EXPECT_EQ(host.calls.back().function, L"WTSDisconnectSession");
    EXPECT_EQ(host.calls.back().wait, TRUE);
    EXPECT_EQ(control().disconnect(2, false), std::nullopt);
    EXPECT_EQ(host.calls.back().wait, FALSE);

    host.disconnectError = ERROR_ACCESS_DENIED;
    const auto error = control().disconnect(2, false);
    ASSERT_TRUE(error.has_value());
    EXPECT_NE(error->message.find(L"Disconnect permission"), std::wstring::npos);
}

TEST_F(WtsSessionControlTest, SendMessageGivesLengthsInBytesAndTimeoutInSeconds)
{
    EXPECT_EQ(control().sendMessage(2, L"Maintenance", L"Please log off by 18:00.", false, 2500ms), std::nullopt);
    EXPECT_EQ(host.lastTitle, L"Maintenance");
    EXPECT_EQ(host.lastMessage, L"Please log off by 18:00.");
    EXPECT_EQ(host.lastTitleBytes, 11 * sizeof(wchar_t));
    EXPECT_EQ(host.lastMessageBytes, 24 * sizeof(wchar_t));
    EXPECT_EQ(host.lastTimeoutSeconds, 3u);
    EXPECT_EQ(host.calls.back().wait, FALSE);

    EXPECT_EQ(control().sendMessage(2, L"t", L"m", true, 0ms), std::nullopt);
    EXPECT_EQ(host.lastTimeoutSeconds, 1u); // never 0, which would mean "wait for ever"
    EXPECT_EQ(host.calls.back().wait, TRUE);

    host.sendMessageError = ERROR_ACCESS_DENIED;
    const auto error = control().sendMessage(2, L"t", L"m", false, 1s);
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
