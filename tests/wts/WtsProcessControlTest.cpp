#include "WtsProcessControl.h"
#include "FakeWtsHost.h"

#include <gtest/gtest.h>

namespace {

const std::int64_t BobLogon = fileTimeTicks(2026, 11, 25, 9, 15, 2);
const std::int64_t CarolLogon = fileTimeTicks(2026, 11, 25, 10, 42, 0);
const std::wstring BobSid = L"S-1-5-21-1004336348-1177238915-682003330-1105";

// What the Qt adapter's check does (SessionRef::verify), reduced to the two fields.
WtsIdentityCheck expect(const WtsIdentity &expected)
{
    return [expected](const WtsIdentity &now) -> std::optional<WtsError> {
        if (now == expected)
            return std::nullopt;
        return WtsError{WtsError::Category::Changed, 0, L"Session is now " + now.user + L"'s logon"};
    };
}

class WtsProcessControlTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        FakeSession bob;
        bob.id = 2;
        bob.user = L"bob";
        bob.domain = L"CORP";
        bob.info = makeWtsInfo(2, WTSActive, L"RDP-Tcp#7", L"bob", L"CORP", BobLogon, BobLogon, 0, BobLogon, BobLogon);
        host.sessions.push_back(bob);
        host.processes = {
            {0, 612, L"lsass.exe", L"S-1-5-18"},  {2, 5120, L"EXCEL.EXE", BobSid},
            {2, 5004, L"csrss.exe", L"S-1-5-18"}, {2, 5010, L"WinLogon.exe", L"S-1-5-18"},
            {3, 6020, L"notepad.exe", BobSid},
        };
    }

    std::optional<WtsError> terminate(const WtsProcessTarget &target, const WtsIdentityCheck &check = {}) const
    {
        return WtsProcessControl(server).terminate(target, check);
    }

    bool running(DWORD pid) const
    {
        return std::any_of(host.processes.begin(), host.processes.end(),
                           [pid](const FakeProcess &process) { return process.pid == pid; });
    }

    FakeWtsHost host;
    std::variant<WtsServer, WtsError> opened = WtsServer::open(host.api(), L"rdsh01");
    const WtsServer &server = std::get<WtsServer>(opened);
    const WtsIdentityCheck bobsLogon = expect({L"bob", BobLogon});
};

TEST_F(WtsProcessControlTest, EndsTheProcessAfterCheckingItAndItsLogon)
{
    const auto error = terminate({5120, L"EXCEL.EXE", 2}, bobsLogon);

    ASSERT_FALSE(error.has_value()) << std::string(error->message.begin(), error->message.end());
    ASSERT_EQ(host.terminations.size(), 1u);
    EXPECT_EQ(host.terminations[0].pid, 5120u);
    EXPECT_EQ(host.terminations[0].exitCode, WtsProcessControl::ExitCode);
    EXPECT_FALSE(running(5120));
    // The list was read, of every session, and the logon checked before acting.
    ASSERT_GE(host.calls.size(), 2u);
    EXPECT_EQ(host.calls[host.calls.size() - 2].function, L"WTSEnumerateProcessesExW");
    EXPECT_EQ(host.calls.back().function, L"WTSTerminateProcess");
    EXPECT_EQ(host.processSessionFilters, std::vector<DWORD>{WTS_ANY_SESSION});
    EXPECT_EQ(host.queryCount(WTSSessionInfo), 1);
    EXPECT_EQ(host.liveBuffers(), 0u);
}

TEST_F(WtsProcessControlTest, ImageNamesCompareAsWindowsFileNames)
{
    EXPECT_FALSE(terminate({5120, L"excel.exe", 2}).has_value());
    EXPECT_FALSE(running(5120));
}

TEST_F(WtsProcessControlTest, PidAloneIsEndedWhenNothingElseIsNamed)
{
    EXPECT_FALSE(terminate({6020, L"", std::nullopt}).has_value());
    EXPECT_FALSE(running(6020));
    EXPECT_EQ(host.queryCount(WTSSessionInfo), 0);
}

TEST_F(WtsProcessControlTest, GoneProcessIsAlreadyGone)
{
    const auto error = terminate({31337, L"EXCEL.EXE", 2}, bobsLogon);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->category, WtsError::Category::AlreadyGone);
    EXPECT_TRUE(host.terminations.empty());
}

TEST_F(WtsProcessControlTest, PidInAnotherSessionIsChanged)
{
    // Pid 6020 was bob's notepad in session 2 when listed; now it runs in session 3.
    const auto error = terminate({6020, L"notepad.exe", 2}, bobsLogon);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->category, WtsError::Category::Changed);
    EXPECT_NE(error->message.find(L"session 3"), std::wstring::npos);
    EXPECT_TRUE(host.terminations.empty());
}

TEST_F(WtsProcessControlTest, PidOfAnotherProgramIsChanged)
{
    const auto error = terminate({5120, L"WINWORD.EXE", 2}, bobsLogon);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->category, WtsError::Category::Changed);
    EXPECT_NE(error->message.find(L"EXCEL.EXE"), std::wstring::npos);
    EXPECT_TRUE(host.terminations.empty());
}

TEST_F(WtsProcessControlTest, SessionNowAnotherLogonIsChanged)
{
    // Bob logged off and carol got session 2; her Excel has the pid bob's had.
    host.find(2)->info = makeWtsInfo(2, WTSActive, L"RDP-Tcp#9", L"carol", L"CORP", CarolLogon, CarolLogon, 0,
                                     CarolLogon, CarolLogon);
    const auto error = terminate({5120, L"EXCEL.EXE", 2}, bobsLogon);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->category, WtsError::Category::Changed);
    EXPECT_TRUE(host.terminations.empty());
}

TEST_F(WtsProcessControlTest, SessionGoneBeforeTheCheckIsAlreadyGone)
{
    host.sessions.clear();
    const auto error = terminate({5120, L"EXCEL.EXE", 2}, bobsLogon);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->category, WtsError::Category::AlreadyGone);
    EXPECT_TRUE(host.terminations.empty());
}

TEST_F(WtsProcessControlTest, ServicesSessionIsRefused)
{
    const auto error = terminate({612, L"lsass.exe", 0});
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->category, WtsError::Category::NotSupported);
    EXPECT_NE(error->message.find(L"session 0"), std::wstring::npos);
    EXPECT_TRUE(host.terminations.empty());
}

TEST_F(WtsProcessControlTest, CriticalProcessesOfUserSessionsAreRefused)
{
    for (const DWORD pid : {5004u, 5010u}) {
        const auto error = terminate({pid, L"", 2}, bobsLogon);
        ASSERT_TRUE(error.has_value()) << pid;
        EXPECT_EQ(error->category, WtsError::Category::NotSupported) << pid;
        EXPECT_NE(error->message.find(L"critical"), std::wstring::npos);
    }
    EXPECT_TRUE(host.terminations.empty());
}

TEST_F(WtsProcessControlTest, ThisProgramIsNotEndedThroughItself)
{
    const DWORD self = GetCurrentProcessId();
    // Wine numbers processes from small values up, so this one may carry a scripted pid (612).
    std::erase_if(host.processes, [self](const FakeProcess &process) { return process.pid == self; });
    host.processes.push_back({host.ownSessionId, self, L"wts_tests.exe", BobSid});
    auto local = WtsServer::open(host.api(), L"");
    const auto error = WtsProcessControl(std::get<WtsServer>(local)).terminate({self, L"", std::nullopt}, {});
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->category, WtsError::Category::NotSupported);
    EXPECT_TRUE(host.terminations.empty());

    // The same pid on another server is another process.
    EXPECT_FALSE(terminate({self, L"wts_tests.exe", host.ownSessionId}).has_value());
}

TEST_F(WtsProcessControlTest, OtherProcessesOfTheCallersOwnSessionAreEnded)
{
    host.processes.push_back({host.ownSessionId, 7000, L"notepad.exe", BobSid});
    auto local = WtsServer::open(host.api(), L"");
    const auto error
        = WtsProcessControl(std::get<WtsServer>(local)).terminate({7000, L"notepad.exe", host.ownSessionId}, {});
    EXPECT_FALSE(error.has_value());
    EXPECT_FALSE(running(7000));
}

TEST_F(WtsProcessControlTest, TerminateFailuresAreClassified)
{
    host.terminateError = ERROR_ACCESS_DENIED;
    auto error = terminate({5120, L"EXCEL.EXE", 2}, bobsLogon);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->category, WtsError::Category::AccessDenied);
    EXPECT_EQ(error->code, 5u);
    EXPECT_NE(error->message.find(L"WTSTerminateProcess"), std::wstring::npos);
    EXPECT_NE(error->message.find(L"administrator"), std::wstring::npos);

    host.terminateError = 1722;
    error = terminate({5120, L"EXCEL.EXE", 2}, bobsLogon);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->category, WtsError::Category::Unreachable);
}

TEST_F(WtsProcessControlTest, ProcessEndingBetweenCheckAndCallIsAlreadyGone)
{
    host.terminateError = ERROR_INVALID_PARAMETER; // what WTSTerminateProcess says of a pid no process has
    const auto error = terminate({5120, L"EXCEL.EXE", 2}, bobsLogon);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->category, WtsError::Category::AlreadyGone);
    EXPECT_EQ(error->code, 87u);
}

TEST_F(WtsProcessControlTest, ListingFailureStopsBeforeActing)
{
    host.enumerateProcessesExError = 1722;
    const auto error = terminate({5120, L"EXCEL.EXE", 2}, bobsLogon);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->category, WtsError::Category::Unreachable);
    EXPECT_TRUE(host.terminations.empty());
}

} // namespace
