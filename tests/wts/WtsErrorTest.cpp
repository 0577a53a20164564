#include "WtsError.h"
#include "WtsSdkCompat.h"

#include <gtest/gtest.h>

namespace {

using Category = WtsError::Category;

bool contains(const std::wstring &text, std::wstring_view part)
{
    return text.find(part) != std::wstring::npos;
}

TEST(WtsError, AccessDeniedNamesThePermissionOfTheAction)
{
    const WtsError logoff = WtsError::fromCode(5, WtsAction::Logoff, L"WTSLogoffSession");
    EXPECT_EQ(logoff.category, Category::AccessDenied);
    EXPECT_EQ(logoff.code, 5u);
    EXPECT_TRUE(contains(logoff.message, L"WTSLogoffSession: "));
    EXPECT_TRUE(contains(logoff.message, L"Reset permission"));

    EXPECT_TRUE(contains(WtsError::fromCode(5, WtsAction::Disconnect, L"x").message, L"Disconnect permission"));
    EXPECT_TRUE(contains(WtsError::fromCode(5, WtsAction::Message, L"x").message, L"Message permission"));
    const WtsError listing = WtsError::fromCode(5, WtsAction::Enumerate, L"x");
    EXPECT_TRUE(contains(listing.message, L"Query Information"));
    EXPECT_TRUE(contains(listing.message, L"AllowRemoteRPC"));
}

TEST(WtsError, RpcFailuresAreUnreachable)
{
    for (const std::uint32_t code : {1722u, 1726u}) {
        const WtsError error = WtsError::fromCode(code, WtsAction::Enumerate, L"WTSEnumerateSessionsExW");
        EXPECT_EQ(error.category, Category::Unreachable) << code;
        EXPECT_EQ(error.code, code);
        EXPECT_TRUE(contains(error.message, L"AllowRemoteRPC")) << code;
    }
}

TEST(WtsError, WinStationNotFoundIsAlreadyGone)
{
    const WtsError error = WtsError::fromCode(7022, WtsAction::Logoff, L"WTSLogoffSession");
    EXPECT_EQ(error.category, Category::AlreadyGone);
    EXPECT_EQ(error.code, 7022u);
    // Some systems (Wine) have no text for ERROR_CTX_* codes: the message still says something.
    EXPECT_GT(error.message.size(), std::wstring_view(L"WTSLogoffSession: ").size());
}

TEST(WtsError, NotSupportedAndNotImplementedAreNotSupported)
{
    for (const std::uint32_t code : {50u, 120u}) {
        const WtsError error = WtsError::fromCode(code, WtsAction::Logoff, L"WTSLogoffSession");
        EXPECT_EQ(error.category, Category::NotSupported) << code;
        EXPECT_EQ(error.code, code);
    }
}

TEST(WtsError, OtherCodesKeepTheirCode)
{
    for (const std::uint32_t code : {2u, 87u, 7007u, 1745u}) {
        const WtsError error = WtsError::fromCode(code, WtsAction::Query, L"WTSQuerySessionInformationW");
        EXPECT_EQ(error.category, Category::Other) << code;
        EXPECT_EQ(error.code, code);
        EXPECT_FALSE(error.message.empty());
    }
}

TEST(WtsError, NoCodeSaysSo)
{
    const WtsError error = WtsError::fromCode(0, WtsAction::Message, L"WTSSendMessageW");
    EXPECT_EQ(error.category, Category::Other);
    EXPECT_EQ(error.code, 0u);
    EXPECT_TRUE(contains(error.message, L"WTSSendMessageW"));
    EXPECT_TRUE(contains(error.message, L"no error code"));
}

TEST(WtsError, FromLastErrorReadsGetLastError)
{
    SetLastError(1726);
    EXPECT_EQ(WtsError::fromLastError(WtsAction::Enumerate, L"x").category, Category::Unreachable);
    SetLastError(ERROR_SUCCESS);
    EXPECT_EQ(WtsError::fromLastError(WtsAction::Enumerate, L"x").code, 0u);
}

TEST(WtsError, SystemMessageHasNoTrailingLineBreak)
{
    const std::wstring text = WtsError::systemMessage(ERROR_ACCESS_DENIED);
    ASSERT_FALSE(text.empty());
    EXPECT_NE(text.back(), L'\n');
    EXPECT_NE(text.back(), L'\r');
}

} // namespace
