#include "DisplayText.h"
#include "Session.h"

#include <gtest/gtest.h>

TEST(DisplayTextTest, ATooltipShowsMarkupAsText)
{
    EXPECT_EQ(plainToolTip(QStringLiteral("alice")), QStringLiteral("alice"));
    const QString markup = QStringLiteral("<b>bold</b> <img src=x>");
    EXPECT_NE(plainToolTip(markup), markup);
    EXPECT_FALSE(plainToolTip(markup).contains(QStringLiteral("<img")));
}

TEST(DisplayTextTest, AServerGoesByItsShortName)
{
    EXPECT_EQ(serverDisplayName(QStringLiteral("demo:a?sessions=5")), QStringLiteral("demo:a"));
    EXPECT_EQ(serverDisplayName(QStringLiteral("not an address")), QStringLiteral("not an address"));
}

TEST(DisplayTextTest, ASessionWithoutAUserSaysSo)
{
    Session session;
    EXPECT_EQ(userDisplayName(session), QStringLiteral("(no user)"));
    session.user = QStringLiteral("alice");
    EXPECT_EQ(userDisplayName(session), QStringLiteral("alice"));
}
