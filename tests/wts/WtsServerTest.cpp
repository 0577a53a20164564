#include "WtsServer.h"
#include "FakeWtsHost.h"

#include <gtest/gtest.h>

namespace {

TEST(WtsServer, LocalIsTheCurrentServerHandleAndIsNeverClosed)
{
    FakeWtsHost host;
    {
        auto opened = WtsServer::open(host.api(), L"");
        ASSERT_TRUE(std::holds_alternative<WtsServer>(opened));
        const WtsServer &server = std::get<WtsServer>(opened);
        EXPECT_TRUE(server.isLocal());
        EXPECT_EQ(server.handle(), WTS_CURRENT_SERVER_HANDLE);
    }
    EXPECT_TRUE(host.calls.empty());
    EXPECT_EQ(host.closeCount, 0);
}

TEST(WtsServer, RemoteOpensWithExAndClosesOnce)
{
    FakeWtsHost host;
    {
        auto opened = WtsServer::open(host.api(), L"rdsh01.lab.example");
        ASSERT_TRUE(std::holds_alternative<WtsServer>(opened));
        const WtsServer moved = std::move(std::get<WtsServer>(opened));
        EXPECT_FALSE(moved.isLocal());
        EXPECT_EQ(moved.handle(), FakeWtsHost::remoteHandle());
    }
    EXPECT_EQ(host.callCount(L"WTSOpenServerExW"), 1);
    EXPECT_EQ(host.callCount(L"WTSOpenServerW"), 0);
    ASSERT_EQ(host.openedServers.size(), 1u);
    EXPECT_EQ(host.openedServers[0], L"rdsh01.lab.example");
    EXPECT_EQ(host.closeCount, 1);
}

TEST(WtsServer, FallsBackToOpenServerWhenExIsNotImplemented)
{
    FakeWtsHost host;
    host.openExError = ERROR_CALL_NOT_IMPLEMENTED;
    {
        auto opened = WtsServer::open(host.api(), L"rdsh01");
        ASSERT_TRUE(std::holds_alternative<WtsServer>(opened));
    }
    EXPECT_EQ(host.callCount(L"WTSOpenServerW"), 1);
    EXPECT_EQ(host.closeCount, 1);
}

TEST(WtsServer, BothOpensFailingIsAClassifiedError)
{
    FakeWtsHost host;
    host.openExError = ERROR_CALL_NOT_IMPLEMENTED;
    host.openError = ERROR_CALL_NOT_IMPLEMENTED;
    auto opened = WtsServer::open(host.api(), L"rdsh01");
    ASSERT_TRUE(std::holds_alternative<WtsError>(opened));
    const WtsError &error = std::get<WtsError>(opened);
    EXPECT_EQ(error.category, WtsError::Category::NotSupported);
    EXPECT_EQ(error.code, 120u);
    EXPECT_EQ(host.closeCount, 0);
}

TEST(WtsServer, OpenFailingWithoutACodeStillReportsAnError)
{
    FakeWtsHost host;
    host.openExError = ERROR_CALL_NOT_IMPLEMENTED;
    host.openError = ERROR_GEN_FAILURE;
    host.leaveLastError = true;
    SetLastError(ERROR_FILE_NOT_FOUND); // stale: must not be reported
    auto opened = WtsServer::open(host.api(), L"rdsh01");
    ASSERT_TRUE(std::holds_alternative<WtsError>(opened));
    EXPECT_EQ(std::get<WtsError>(opened).code, 0u);
    EXPECT_EQ(std::get<WtsError>(opened).category, WtsError::Category::Other);
    EXPECT_FALSE(std::get<WtsError>(opened).message.empty());
}

} // namespace
