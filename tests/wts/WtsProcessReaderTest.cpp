#include "WtsProcessReader.h"
#include "FakeWtsHost.h"

#include <gtest/gtest.h>

namespace {

const std::wstring BobSid = L"S-1-5-21-1004336348-1177238915-682003330-1105";
const std::wstring CarolSid = L"S-1-5-21-1004336348-1177238915-682003330-1106";
const std::wstring DeletedSid = L"S-1-5-21-1004336348-1177238915-682003330-4242";
const std::wstring SystemSid = L"S-1-5-18";

constexpr std::int64_t TicksPerSecond = 10'000'000;

class WtsProcessReaderTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        host.processes = {
            {0, 4, L"System", SystemSid, 160, 3200, 151552, 0, 120 * TicksPerSecond},
            {2, 5120, L"EXCEL.EXE", BobSid, 31, 1210, 210'763'776, 12 * TicksPerSecond, 3 * TicksPerSecond},
            {2, 5188, L"explorer.exe", BobSid, 64, 2300, 98'000'000, 5 * TicksPerSecond, 2 * TicksPerSecond},
            {3, 6020, L"EXCEL.EXE", CarolSid, 29, 990, 180'000'000, 1 * TicksPerSecond, 0},
            {3, 6100, L"legacy.exe", DeletedSid, 1, 20, 4096, 0, 0},
        };
        host.accounts = {
            {BobSid, {L"CORP", L"bob"}},
            {CarolSid, {L"CORP", L"carol"}},
            {SystemSid, {L"NT AUTHORITY", L"SYSTEM"}},
        };
    }

    WtsProcessReader::Processes list(std::optional<std::uint32_t> sessionId, const WtsServer &on)
    {
        auto result = WtsProcessReader(on).list(sessionId, names);
        if (auto *error = std::get_if<WtsError>(&result)) {
            ADD_FAILURE() << "listing failed: " << std::string(error->message.begin(), error->message.end());
            return {};
        }
        return std::get<WtsProcessReader::Processes>(result);
    }
    WtsProcessReader::Processes list(std::optional<std::uint32_t> sessionId) { return list(sessionId, server); }

    WtsError listError(std::optional<std::uint32_t> sessionId)
    {
        auto result = WtsProcessReader(server).list(sessionId, names);
        EXPECT_TRUE(std::holds_alternative<WtsError>(result));
        return std::holds_alternative<WtsError>(result) ? std::get<WtsError>(result) : WtsError{};
    }

    FakeWtsHost host;
    std::variant<WtsServer, WtsError> opened = WtsServer::open(host.api(), L"rdsh01");
    const WtsServer &server = std::get<WtsServer>(opened);
    WtsAccountNames names;
};

TEST_F(WtsProcessReaderTest, Level1GivesEveryFieldOfEverySession)
{
    const auto processes = list(std::nullopt);

    ASSERT_EQ(processes.size(), 5u);
    EXPECT_EQ(host.processSessionFilters, std::vector<DWORD>{WTS_ANY_SESSION});
    const WtsProcessRecord excel{2, 5120, L"EXCEL.EXE", L"CORP\\bob", 31u, 1210u, 210'763'776u, 15 * TicksPerSecond};
    EXPECT_EQ(processes[1], excel);
    EXPECT_EQ(processes[0].user, L"NT AUTHORITY\\SYSTEM");
    EXPECT_EQ(processes[0].cpuTicks, 120 * TicksPerSecond);
    EXPECT_EQ(processes[3].user, L"CORP\\carol");
    EXPECT_EQ(host.callCount(L"WTSEnumerateProcessesW"), 0);
}

TEST_F(WtsProcessReaderTest, Level1MemoryIsFreedWithItsTypeAndCount)
{
    list(std::nullopt);
    list(2);
    list(99); // no process: an empty array is freed too
    EXPECT_EQ(host.wrongFrees, 0);
    EXPECT_EQ(host.liveBuffers(), 0u);
}

TEST_F(WtsProcessReaderTest, OneSessionIsAskedForAndKeptToItself)
{
    const auto processes = list(3);

    EXPECT_EQ(host.processSessionFilters, std::vector<DWORD>{3});
    ASSERT_EQ(processes.size(), 2u);
    EXPECT_EQ(processes[0].pid, 6020u);
    EXPECT_EQ(processes[1].pid, 6100u);
}

TEST_F(WtsProcessReaderTest, EachSidIsLookedUpOnceOnTheServerTheProcessesRunOn)
{
    list(std::nullopt);
    list(std::nullopt);

    // Bob has two processes and two listings: one look-up, and on rdsh01, where his SID means him.
    EXPECT_EQ(host.lookupCount(BobSid), 1);
    EXPECT_EQ(host.lookupCount(CarolSid), 1);
    EXPECT_EQ(host.lookupCount(SystemSid), 1);
    for (const FakeWtsHost::Lookup &lookup : host.lookups)
        EXPECT_EQ(lookup.system, std::optional<std::wstring>(L"rdsh01"));
}

TEST_F(WtsProcessReaderTest, LocalServerLooksUpOnThisComputer)
{
    auto local = WtsServer::open(host.api(), L"");
    list(2, std::get<WtsServer>(local));
    ASSERT_FALSE(host.lookups.empty());
    EXPECT_EQ(host.lookups.front().system, std::nullopt);
}

TEST_F(WtsProcessReaderTest, UnknownSidShowsAsItsStringAndIsAskedAgainNextListing)
{
    const auto first = list(3);
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(first[1].user, DeletedSid);
    EXPECT_EQ(host.lookupCount(DeletedSid), 1);

    // The account may be found later (a domain controller back): the next listing asks again.
    host.accounts[DeletedSid] = {L"CORP", L"dave"};
    const auto second = list(3);
    ASSERT_EQ(second.size(), 2u);
    EXPECT_EQ(second[1].user, L"CORP\\dave");
    EXPECT_EQ(host.lookupCount(DeletedSid), 2);
    EXPECT_EQ(host.lookupCount(CarolSid), 1);
}

TEST_F(WtsProcessReaderTest, FailingLookupsShowSidStrings)
{
    host.lookupError = 1722; // RPC_S_SERVER_UNAVAILABLE: the domain controller is away
    const auto processes = list(2);
    ASSERT_EQ(processes.size(), 2u);
    EXPECT_EQ(processes[0].user, BobSid);
    EXPECT_EQ(host.lookupCount(BobSid), 1); // once per listing, not once per process
}

TEST_F(WtsProcessReaderTest, AccountsWithoutDomainAndWithLongNames)
{
    const std::wstring longName(300, L'x');
    host.accounts[BobSid] = {L"", L"Everyone"};
    host.accounts[CarolSid] = {L"CORP", longName};
    const auto processes = list(std::nullopt);
    ASSERT_EQ(processes.size(), 5u);
    EXPECT_EQ(processes[1].user, L"Everyone");
    EXPECT_EQ(processes[3].user, L"CORP\\" + longName);
    EXPECT_EQ(host.lookupCount(CarolSid), 2); // asked again with the length the first answer gave
}

TEST_F(WtsProcessReaderTest, ProcessWithoutSidHasNoUser)
{
    host.processes = {{2, 77, L"orphan.exe", L""}};
    const auto processes = list(std::nullopt);
    ASSERT_EQ(processes.size(), 1u);
    EXPECT_EQ(processes[0].user, L"");
    EXPECT_TRUE(host.lookups.empty());
}

TEST_F(WtsProcessReaderTest, OlderServersAnswerThePlainCallWithoutCounters)
{
    host.enumerateProcessesExError = ERROR_CALL_NOT_IMPLEMENTED; // Wine, Server 2008
    const auto processes = list(2);

    // The plain call has no session filter: the reader keeps to session 2 itself.
    ASSERT_EQ(processes.size(), 2u);
    WtsProcessRecord excel;
    excel.sessionId = 2;
    excel.pid = 5120;
    excel.name = L"EXCEL.EXE";
    excel.user = L"CORP\\bob";
    EXPECT_EQ(processes[0], excel);
    EXPECT_FALSE(processes[1].threads || processes[1].handles || processes[1].workingSetBytes || processes[1].cpuTicks);
    EXPECT_EQ(host.wrongFrees, 0);
    EXPECT_EQ(host.liveBuffers(), 0u);
}

TEST_F(WtsProcessReaderTest, AccessDeniedIsNotRetriedWithThePlainCall)
{
    host.enumerateProcessesExError = ERROR_ACCESS_DENIED;
    const WtsError error = listError(std::nullopt);
    EXPECT_EQ(error.category, WtsError::Category::AccessDenied);
    EXPECT_EQ(error.code, 5u);
    EXPECT_NE(error.message.find(L"WTSEnumerateProcessesExW"), std::wstring::npos);
    EXPECT_NE(error.message.find(L"administrator"), std::wstring::npos);
    EXPECT_EQ(host.callCount(L"WTSEnumerateProcessesW"), 0);
}

TEST_F(WtsProcessReaderTest, UnreachableServerIsNotRetriedWithThePlainCall)
{
    host.enumerateProcessesExError = 1722;
    const WtsError error = listError(2);
    EXPECT_EQ(error.category, WtsError::Category::Unreachable);
    EXPECT_EQ(host.callCount(L"WTSEnumerateProcessesW"), 0);
}

TEST_F(WtsProcessReaderTest, WhenBothCallsFailThePlainCallsReasonIsGiven)
{
    host.enumerateProcessesExError = ERROR_CALL_NOT_IMPLEMENTED;
    host.enumerateProcessesError = ERROR_ACCESS_DENIED;
    const WtsError error = listError(2);
    EXPECT_EQ(error.category, WtsError::Category::AccessDenied);
    EXPECT_NE(error.message.find(L"WTSEnumerateProcessesW"), std::wstring::npos);
}

TEST_F(WtsProcessReaderTest, FailuresWithoutACodeSaySo)
{
    host.enumerateProcessesExError = ERROR_CALL_NOT_IMPLEMENTED;
    host.enumerateProcessesError = ERROR_ACCESS_DENIED;
    host.leaveLastError = true; // as Wine's stubs: FALSE and no error code
    const WtsError error = listError(2);
    EXPECT_EQ(error.code, 0u);
    EXPECT_EQ(error.category, WtsError::Category::Other);
    EXPECT_NE(error.message.find(L"without giving a reason"), std::wstring::npos);
}

TEST_F(WtsProcessReaderTest, FindReadsEverySessionAndLooksUpNoOne)
{
    auto found = WtsProcessReader(server).find(6020);
    ASSERT_TRUE(std::holds_alternative<std::optional<WtsProcessRecord>>(found));
    const auto &record = std::get<std::optional<WtsProcessRecord>>(found);
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->sessionId, 3u);
    EXPECT_EQ(record->name, L"EXCEL.EXE");
    EXPECT_EQ(host.processSessionFilters, std::vector<DWORD>{WTS_ANY_SESSION});
    EXPECT_TRUE(host.lookups.empty());

    auto missing = WtsProcessReader(server).find(31337);
    ASSERT_TRUE(std::holds_alternative<std::optional<WtsProcessRecord>>(missing));
    EXPECT_FALSE(std::get<std::optional<WtsProcessRecord>>(missing).has_value());
}

TEST_F(WtsProcessReaderTest, FindPassesListingErrorsOn)
{
    host.enumerateProcessesExError = ERROR_ACCESS_DENIED;
    auto found = WtsProcessReader(server).find(6020);
    ASSERT_TRUE(std::holds_alternative<WtsError>(found));
    EXPECT_EQ(std::get<WtsError>(found).category, WtsError::Category::AccessDenied);
}

} // namespace
