// Calls the real wtsapi32.dll: on Windows the RD Session Host itself, here Wine's. Wine 8
// implements little of it (see the README's Windows section), so these tests assert what
// must hold everywhere: every call returns, failures are classified from their code, and
// a code is only expected where the system set one.
#include "WtsDetailsReader.h"
#include "WtsProcessControl.h"
#include "WtsProcessReader.h"
#include "WtsServer.h"
#include "WtsSessionControl.h"
#include "WtsSessionReader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

namespace {

using namespace std::chrono_literals;

// No session has this id: ids are small numbers, listeners start at 65536.
constexpr std::uint32_t NoSuchSession = 0x7ffffff0;
// Nor a process this one: Windows' pids are multiples of 4.
constexpr std::uint32_t NoSuchProcess = 0x7ffffff3;

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

// Wine's ntdll exports wine_get_version; Windows' does not.
bool underWine()
{
    const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll != nullptr && GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

std::wstring ownImageName()
{
    std::wstring path(MAX_PATH, L'\0');
    path.resize(GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size())));
    return std::filesystem::path(path).filename().wstring();
}

bool sameName(const std::wstring &a, const std::wstring &b)
{
    return CompareStringOrdinal(a.c_str(), -1, b.c_str(), -1, TRUE) == CSTR_EQUAL;
}

// A process of this test's own that does nothing until it is ended: cmd.exe, suspended.
class IdleChild final
{
public:
    IdleChild()
    {
        std::wstring system(MAX_PATH, L'\0');
        system.resize(GetSystemDirectoryW(system.data(), static_cast<UINT>(system.size())));
        std::wstring command = L"\"" + system + L"\\cmd.exe\" /c exit 0";
        STARTUPINFOW startup{};
        startup.cb = sizeof startup;
        if (!CreateProcessW(nullptr, command.data(), nullptr, nullptr, FALSE, CREATE_SUSPENDED | CREATE_NO_WINDOW,
                            nullptr, nullptr, &startup, &m_info)) {
            m_info = {};
        }
    }
    ~IdleChild()
    {
        if (m_info.hProcess == nullptr)
            return;
        TerminateProcess(m_info.hProcess, 0);
        CloseHandle(m_info.hThread);
        CloseHandle(m_info.hProcess);
    }
    IdleChild(const IdleChild &) = delete;
    IdleChild &operator=(const IdleChild &) = delete;

    bool started() const { return m_info.hProcess != nullptr; }
    DWORD pid() const { return m_info.dwProcessId; }
    // The exit code once the process has ended, waited for up to `timeout`; nullopt while it runs.
    std::optional<DWORD> exitCode(std::chrono::milliseconds timeout) const
    {
        if (WaitForSingleObject(m_info.hProcess, static_cast<DWORD>(timeout.count())) != WAIT_OBJECT_0)
            return std::nullopt;
        DWORD code = 0;
        GetExitCodeProcess(m_info.hProcess, &code);
        return code;
    }

private:
    PROCESS_INFORMATION m_info{};
};

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

TEST(WtsSystemSmoke, DetailsOfTheOwnSession)
{
    // Wine 8 answers three of the classes read: WTSClientProtocolType (console), WTSUserName
    // (the user it runs as) and WTSDomainName (the computer's name); every other one,
    // WTSSessionInfo and WTSClientInfo among them, fails without an error code. Those fields
    // stay empty and the read succeeds.
    const WtsServer server = openLocal();
    DWORD own = 0;
    ASSERT_TRUE(ProcessIdToSessionId(GetCurrentProcessId(), &own));
    const auto read = WtsDetailsReader(server).read(own, {});
    ASSERT_TRUE(std::holds_alternative<WtsDetailsRecord>(read)) << std::get<WtsError>(read).code;
    const auto &d = std::get<WtsDetailsRecord>(read);
    EXPECT_EQ(d.id, own);
    std::wstring user(256, L'\0');
    DWORD length = static_cast<DWORD>(user.size());
    ASSERT_TRUE(GetUserNameW(user.data(), &length));
    user.resize(length - 1);
    EXPECT_EQ(d.user, user);
    if (underWine()) {
        EXPECT_EQ(d.protocol, WtsProtocol::Console);
        EXPECT_FALSE(d.state.has_value());
        EXPECT_EQ(d.logonTime, 0);
        EXPECT_TRUE(d.station.empty());
        std::wstring computer(MAX_COMPUTERNAME_LENGTH + 1, L'\0');
        DWORD computerLength = static_cast<DWORD>(computer.size());
        ASSERT_TRUE(GetComputerNameW(computer.data(), &computerLength));
        computer.resize(computerLength);
        EXPECT_EQ(d.domain, computer); // WTSDomainName: the computer's name
        EXPECT_TRUE(d.clientName.empty());
        EXPECT_TRUE(d.clientAddress.empty());
        EXPECT_FALSE(d.clientBuild.has_value());
        EXPECT_FALSE(d.encryptionLevel.has_value());
        EXPECT_EQ(d.displayWidth, 0u);
        EXPECT_TRUE(d.initialProgram.empty());
        EXPECT_TRUE(d.workingDirectory.empty());
    } else {
        EXPECT_TRUE(d.state.has_value());
        EXPECT_GT(d.logonTime, 0);
        EXPECT_NE(d.protocol, WtsProtocol::Unknown);
    }
}

TEST(WtsSystemSmoke, DetailsOfAMissingSession)
{
    // Windows answers ERROR_CTX_WINSTATION_NOT_FOUND; Wine answers WTSUserName for any id with
    // its own user, so a read there has a user and no logon time (which no ref can match).
    const WtsServer server = openLocal();
    const auto read = WtsDetailsReader(server).read(NoSuchSession, {});
    if (const auto *error = std::get_if<WtsError>(&read)) {
        expectWellFormed(*error);
        EXPECT_EQ(error->category, WtsError::Category::AlreadyGone);
    } else {
        EXPECT_TRUE(underWine());
        EXPECT_EQ(std::get<WtsDetailsRecord>(read).logonTime, 0);
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

TEST(WtsSystemSmoke, ProcessListHasThisProcessWithItsUser)
{
    const WtsServer server = openLocal();
    DWORD ownSession = 0;
    ASSERT_TRUE(ProcessIdToSessionId(GetCurrentProcessId(), &ownSession));
    WtsAccountNames names;

    for (const std::optional<std::uint32_t> filter :
         {std::optional<std::uint32_t>(ownSession), std::optional<std::uint32_t>()}) {
        auto listed = WtsProcessReader(server).list(filter, names);
        ASSERT_TRUE(std::holds_alternative<WtsProcessReader::Processes>(listed)) << filter.has_value();
        const auto &processes = std::get<WtsProcessReader::Processes>(listed);
        const auto self = std::find_if(processes.begin(), processes.end(), [](const WtsProcessRecord &process) {
            return process.pid == GetCurrentProcessId();
        });
        ASSERT_NE(self, processes.end()) << filter.has_value();
        EXPECT_EQ(self->sessionId, ownSession);
        EXPECT_TRUE(sameName(self->name, ownImageName()));
        // Named DOMAIN\user (Wine: "<computer>\<unix user>"), never left as a SID string.
        EXPECT_NE(self->user.find(L'\\'), std::wstring::npos);
        EXPECT_NE(self->user.rfind(L"S-1-", 0), 0u);
        // Windows answers level 1 with the counters; Wine 8 only the plain call, without them.
        EXPECT_EQ(self->threads.has_value(), !underWine());
        if (filter) {
            EXPECT_TRUE(std::all_of(processes.begin(), processes.end(),
                                    [&](const WtsProcessRecord &process) { return process.sessionId == ownSession; }));
        }
    }
}

TEST(WtsSystemSmoke, EnumerateProcessesExLevel1IsAStubInWine)
{
    // Wine 8's WTSEnumerateProcessesExW answers level 0 only (and ignores its session
    // filter); level 1 fails with ERROR_CALL_NOT_IMPLEMENTED. Windows 7 / 2008 R2 and later
    // answer it, and WTSFreeMemoryExW frees the array.
    DWORD level = 1;
    LPWSTR processes = nullptr;
    DWORD count = 0;
    SetLastError(ERROR_SUCCESS);
    const BOOL ok = WTSEnumerateProcessesExW(WTS_CURRENT_SERVER_HANDLE, &level, WTS_ANY_SESSION, &processes, &count);
    if (underWine()) {
        EXPECT_FALSE(ok);
        EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_CALL_NOT_IMPLEMENTED));
        return;
    }
    ASSERT_TRUE(ok);
    EXPECT_GT(count, 0u);
    EXPECT_TRUE(WTSFreeMemoryExW(WTSTypeProcessInfoLevel1, processes, count));
}

TEST(WtsSystemSmoke, EndProcessEndsAChildOrSaysWineCannot)
{
    const IdleChild child;
    ASSERT_TRUE(child.started());
    DWORD session = 0;
    ASSERT_TRUE(ProcessIdToSessionId(child.pid(), &session));

    const WtsServer server = openLocal();
    const auto error = WtsProcessControl(server).terminate({child.pid(), L"cmd.exe", session}, {});
    if (underWine()) {
        // The checks pass (the plain listing shows the child); Wine 8's WTSTerminateProcess
        // is a stub that returns FALSE without an error code and leaves the process alone.
        ASSERT_TRUE(error.has_value());
        EXPECT_EQ(error->code, 0u);
        EXPECT_EQ(error->category, WtsError::Category::Other);
        EXPECT_NE(error->message.find(L"WTSTerminateProcess"), std::wstring::npos);
        EXPECT_FALSE(child.exitCode(std::chrono::milliseconds(0)).has_value());
        return;
    }
    ASSERT_FALSE(error.has_value()) << std::string(error->message.begin(), error->message.end());
    EXPECT_EQ(child.exitCode(30s), std::optional<DWORD>(WtsProcessControl::ExitCode));
}

TEST(WtsSystemSmoke, EndProcessRefusesAMissingPidAndThisProcess)
{
    const WtsServer server = openLocal();
    const auto missing = WtsProcessControl(server).terminate({NoSuchProcess, L"", std::nullopt}, {});
    ASSERT_TRUE(missing.has_value());
    EXPECT_EQ(missing->category, WtsError::Category::AlreadyGone);

    const auto self = WtsProcessControl(server).terminate({GetCurrentProcessId(), L"", std::nullopt}, {});
    ASSERT_TRUE(self.has_value());
    EXPECT_EQ(self->category, WtsError::Category::NotSupported);
}

TEST(WtsSystemSmoke, SystemMessagesExistForTheMappedCodes)
{
    for (const std::uint32_t code : {5u, 50u, 120u, 1722u, 1726u}) {
        EXPECT_FALSE(WtsError::systemMessage(code).empty()) << code;
    }
}

} // namespace
