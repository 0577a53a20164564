// Calls the real wtsapi32.dll: on Windows the RD Session Host itself, here Wine's. Wine 8
// implements little of it (see the README's Windows section), so these tests assert what
// must hold everywhere: every call returns, failures are classified from their code, and
// a code is only expected where the system set one.
#include "WtsServer.h"
#include "WtsSessionControl.h"
#include "WtsSessionReader.h"

#include <gtest/gtest.h>

#include <chrono>

namespace {

using namespace std::chrono_literals;

// No session has this id: ids are small numbers, listeners start at 65536.
constexpr std::uint32_t NoSuchSession = 0x7ffffff0;

void expectWellFormed(const WtsError &error)
{
    EXPECT_FALSE(error.message.empty());
    if (error.code != 0) {
        EXPECT_EQ(error.category, WtsError::categoryOf(error.code));
    } else {
        EXPECT_EQ(error.category, WtsError::Category::Other);
    }
}

WtsServer openLocal()
{
    auto opened = WtsServer::open(WtsApi::system(), L"");
    return std::move(std::get<WtsServer>(opened));
}

TEST(WtsSystemSmoke, LocalEnumerationMatchesThePlainApi)
{
    const WtsServer server = openLocal();
    const WtsEnumeration result = WtsSessionReader(server).enumerate();

    PWTS_SESSION_INFOW raw = nullptr;
    DWORD rawCount = 0;
    const BOOL rawOk = WTSEnumerateSessionsW(WTS_CURRENT_SERVER_HANDLE, 0, 1, &raw, &rawCount);
    if (rawOk && raw != nullptr)
        WTSFreeMemory(raw);

    if (!result.ok()) {
        expectWellFormed(*result.error);
        EXPECT_FALSE(rawOk) << "the plain API listed sessions that the reader could not";
        return;
    }
    if (rawOk) { // sessions may come and go in between; on a quiet host the counts agree
        EXPECT_EQ(result.sessions.size(), rawCount);
    }
    for (const WtsSessionRecord &record : result.sessions) {
        EXPECT_FALSE(wtsStateName(record.state).empty());
    }
}

TEST(WtsSystemSmoke, OwnSessionIdMatchesProcessIdToSessionId)
{
    const WtsServer server = openLocal();
    DWORD expected = 0;
    const BOOL ok = ProcessIdToSessionId(GetCurrentProcessId(), &expected);
    const auto own = WtsSessionReader(server).ownSessionId();
    ASSERT_EQ(own.has_value(), ok != FALSE);
    if (own) {
        EXPECT_EQ(*own, expected);
    }
}

TEST(WtsSystemSmoke, UnknownRemoteServerFailsClearly)
{
    // .invalid never resolves (RFC 2606): Windows fails the first call, Wine the open.
    auto opened = WtsServer::open(WtsApi::system(), L"sc-no-such-host.invalid");
    if (const auto *error = std::get_if<WtsError>(&opened)) {
        expectWellFormed(*error);
        return;
    }
    const WtsEnumeration result = WtsSessionReader(std::get<WtsServer>(opened)).enumerate();
    ASSERT_FALSE(result.ok());
    expectWellFormed(*result.error);
}

TEST(WtsSystemSmoke, LogoffOfAMissingSessionFailsClearly)
{
    const WtsServer server = openLocal();
    for (const bool wait : {true, false}) {
        const auto error = WtsSessionControl(server, 10ms).logoff(NoSuchSession, {}, wait, 2s);
        ASSERT_TRUE(error.has_value()) << "wait=" << wait;
        expectWellFormed(*error);
    }
}

TEST(WtsSystemSmoke, LogoffOfServicesSessionIsRefused)
{
    const WtsServer server = openLocal();
    const auto error = WtsSessionControl(server).logoff(0, {}, true, 1s);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->category, WtsError::Category::NotSupported);
}

TEST(WtsSystemSmoke, DisconnectOfAMissingSessionReturns)
{
    // Windows answers ERROR_CTX_WINSTATION_NOT_FOUND; Wine's stub claims success.
    const WtsServer server = openLocal();
    for (const bool wait : {false, true}) {
        if (const auto error = WtsSessionControl(server, 10ms).disconnect(NoSuchSession, {}, wait, 2s)) {
            expectWellFormed(*error);
        }
    }
}

TEST(WtsSystemSmoke, IdentityOfAMissingSessionNamesNoLogon)
{
    // Windows answers ERROR_CTX_WINSTATION_NOT_FOUND. Wine 8 lacks WTSSessionInfo and answers
    // WTSUserName for any id with its own user: a name without a logon time, which no ref
    // with a logon time can match.
    const WtsServer server = openLocal();
    const auto identity = WtsSessionControl(server).identity(NoSuchSession);
    if (const auto *error = std::get_if<WtsError>(&identity)) {
        expectWellFormed(*error);
    } else {
        EXPECT_EQ(std::get<WtsIdentity>(identity).logonTime, 0);
    }
}

TEST(WtsSystemSmoke, MessageToAMissingSessionFailsClearly)
{
    const WtsServer server = openLocal();
    const auto error = WtsSessionControl(server).sendMessage(NoSuchSession, {}, L"Session Console", L"smoke test",
                                                             false, 1s);
    ASSERT_TRUE(error.has_value());
    expectWellFormed(*error);
}

TEST(WtsSystemSmoke, MissingSessionIsNeverPresent)
{
    const WtsServer server = openLocal();
    const auto present = WtsSessionControl(server).isPresent(NoSuchSession);
    if (const auto *error = std::get_if<WtsError>(&present)) {
        expectWellFormed(*error);
    } else {
        EXPECT_FALSE(std::get<bool>(present));
    }
}

TEST(WtsSystemSmoke, SystemMessagesExistForTheMappedCodes)
{
    for (const std::uint32_t code : {5u, 50u, 120u, 1722u, 1726u}) {
        EXPECT_FALSE(WtsError::systemMessage(code).empty()) << code;
    }
}

} // namespace
