#include "WtsDomainServers.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>

namespace {

// A domain browser behind the NetServerApi seam. Function pointers cannot capture, so the
// script is one live instance the static functions find.
class FakeBrowser final
{
public:
    FakeBrowser() { s_current = this; }
    ~FakeBrowser() { s_current = nullptr; }
    FakeBrowser(const FakeBrowser &) = delete;
    FakeBrowser &operator=(const FakeBrowser &) = delete;

    NetServerApi api() const { return {.serverEnum = serverEnum, .bufferFree = bufferFree}; }

    std::vector<std::wstring> names;
    NET_API_STATUS status = NERR_Success;
    DWORD totalExtra = 0; // totalentries exceeds entriesread by this much
    // What the code under test asked for.
    std::optional<DWORD> level;
    std::optional<DWORD> serverType;
    std::optional<std::wstring> domain; // nullopt: NULL, the primary domain
    bool askedDomain = false;
    int buffersOut = 0;

private:
    struct Buffer final
    {
        std::vector<SERVER_INFO_100> entries;
        std::vector<std::wstring> strings;
    };

    static NET_API_STATUS WINAPI serverEnum(LMCSTR, DWORD level, LPBYTE *buffer, DWORD, LPDWORD read, LPDWORD total,
                                            DWORD type, LMCSTR domain, LPDWORD)
    {
        FakeBrowser &self = *s_current;
        self.level = level;
        self.serverType = type;
        self.askedDomain = true;
        self.domain = domain == nullptr ? std::nullopt : std::optional<std::wstring>(domain);
        *buffer = nullptr;
        *read = 0;
        *total = 0;
        if (self.status != NERR_Success && self.status != ERROR_MORE_DATA)
            return self.status;
        self.m_live = std::make_unique<Buffer>();
        Buffer *owned = self.m_live.get();
        owned->strings = self.names;
        for (std::wstring &name : owned->strings)
            owned->entries.push_back({PLATFORM_ID_NT, name.data()});
        owned->entries.push_back({}); // room so that an empty list still has an address
        ++self.buffersOut;
        *buffer = reinterpret_cast<LPBYTE>(owned->entries.data());
        *read = static_cast<DWORD>(self.names.size());
        *total = *read + self.totalExtra;
        return self.status;
    }

    static NET_API_STATUS WINAPI bufferFree(LPVOID buffer)
    {
        FakeBrowser &self = *s_current;
        if (self.m_live == nullptr || buffer != self.m_live->entries.data())
            return ERROR_INVALID_PARAMETER;
        self.m_live.reset();
        --self.buffersOut;
        return NERR_Success;
    }

    static FakeBrowser *s_current;
    std::unique_ptr<Buffer> m_live;
};

FakeBrowser *FakeBrowser::s_current = nullptr;

bool underWine()
{
    const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll != nullptr && GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

} // namespace

TEST(WtsDomainServers, AsksForTheTerminalServersOfTheDomainAndSortsThem)
{
    FakeBrowser browser;
    browser.names = {L"RDS2", L"RDS1", L"", L"RDS2"};
    const NetServerApi api = browser.api();
    const auto listed = WtsDomainServers::list(api, L"CORP");
    ASSERT_TRUE(std::holds_alternative<WtsDomainServers::Found>(listed));
    const auto &found = std::get<WtsDomainServers::Found>(listed);
    EXPECT_EQ(found.names, (std::vector<std::wstring>{L"RDS1", L"RDS2"}));
    EXPECT_FALSE(found.partial);
    EXPECT_EQ(browser.level, 100u);
    EXPECT_EQ(browser.serverType, DWORD(SV_TYPE_TERMINALSERVER));
    EXPECT_EQ(browser.domain, std::wstring(L"CORP"));
    EXPECT_EQ(browser.buffersOut, 0);
}

TEST(WtsDomainServers, AnEmptyDomainIsThePrimaryOneAndAPartialListSaysSo)
{
    FakeBrowser browser;
    browser.names = {L"RDS1"};
    browser.status = ERROR_MORE_DATA;
    browser.totalExtra = 3;
    const NetServerApi api = browser.api();
    const auto listed = WtsDomainServers::list(api, L"");
    ASSERT_TRUE(std::holds_alternative<WtsDomainServers::Found>(listed));
    EXPECT_TRUE(std::get<WtsDomainServers::Found>(listed).partial);
    EXPECT_TRUE(browser.askedDomain);
    EXPECT_EQ(browser.domain, std::nullopt);
    EXPECT_EQ(browser.buffersOut, 0);
}

TEST(WtsDomainServers, NoBrowserIsAnErrorWithTheReasonNotAnEmptyList)
{
    FakeBrowser browser;
    browser.status = 6118; // ERROR_NO_BROWSER_SERVERS_FOUND
    const NetServerApi api = browser.api();
    const auto listed = WtsDomainServers::list(api, L"CORP");
    ASSERT_TRUE(std::holds_alternative<WtsError>(listed));
    const WtsError &error = std::get<WtsError>(listed);
    EXPECT_EQ(error.code, 6118u);
    EXPECT_EQ(error.message.rfind(L"NetServerEnum: ", 0), 0u);
    EXPECT_NE(error.message.find(L"Computer Browser"), std::wstring::npos);

    browser.status = ERROR_ACCESS_DENIED;
    const auto denied = WtsDomainServers::list(api, L"CORP");
    ASSERT_TRUE(std::holds_alternative<WtsError>(denied));
    EXPECT_EQ(std::get<WtsError>(denied).category, WtsError::Category::AccessDenied);
    EXPECT_NE(std::get<WtsError>(denied).message.find(L"account of the domain"), std::wstring::npos);
}

// The real netapi32.dll. Wine has no domain and no browser: NetServerEnum fails with
// ERROR_NO_BROWSER_SERVERS_FOUND, which must come out as that error with the hint, never
// as an empty domain. On Windows it lists what the domain announces, or fails the same
// way where no browser runs.
TEST(WtsDomainServers, TheSystemsNetapi32AnswersOrFailsWithAReason)
{
    const auto listed = WtsDomainServers::list(NetServerApi::system(), L"");
    if (underWine()) {
        ASSERT_TRUE(std::holds_alternative<WtsError>(listed)) << "Wine's netapi32 listed a domain";
        EXPECT_EQ(std::get<WtsError>(listed).code, 6118u);
        EXPECT_NE(std::get<WtsError>(listed).message.find(L"Computer Browser"), std::wstring::npos);
    }
    if (const auto *error = std::get_if<WtsError>(&listed)) {
        EXPECT_NE(error->code, 0u);
        EXPECT_EQ(error->message.rfind(L"NetServerEnum: ", 0), 0u);
        EXPECT_EQ(error->category, WtsError::categoryOf(error->code));
    }
}
