#include "Translations.h"

#include <QCoreApplication>

#include <gtest/gtest.h>

namespace {

QString sendMessageTitle(int sessions)
{
    return QCoreApplication::translate("SendMessageDialog", "Send Message to %Ln Session(s)", nullptr, sessions);
}

} // namespace

// The test main installs the catalogues as session-console's main does.
TEST(TranslationsTest, CountsReadInEnglishWithoutAnyOtherCatalogue)
{
    EXPECT_EQ(sendMessageTitle(1), QStringLiteral("Send Message to 1 Session"));
    EXPECT_EQ(sendMessageTitle(2), QStringLiteral("Send Message to 2 Sessions"));
    EXPECT_EQ(sendMessageTitle(0), QStringLiteral("Send Message to 0 Sessions"));
}

TEST(TranslationsTest, ALocaleWithoutItsOwnCatalogueFallsBackToEnglish)
{
    const Translations german(QLocale(QLocale::German, QLocale::Germany));
    EXPECT_EQ(german.language(), QStringLiteral("en"));
    EXPECT_EQ(sendMessageTitle(1), QStringLiteral("Send Message to 1 Session"));
    EXPECT_EQ(sendMessageTitle(3), QStringLiteral("Send Message to 3 Sessions"));
}

TEST(TranslationsTest, EveryEnglishLocaleReadsTheEnglishCatalogue)
{
    EXPECT_EQ(Translations(QLocale(QLocale::English, QLocale::UnitedKingdom)).language(), QStringLiteral("en"));
    EXPECT_EQ(Translations(QLocale(QLocale::English, QLocale::UnitedStates)).language(), QStringLiteral("en"));
}

TEST(TranslationsTest, CountsAreWrittenInTheUsersLocale)
{
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    const QString title = sendMessageTitle(1200);
    QLocale::setDefault(before);
    EXPECT_EQ(title, QStringLiteral("Send Message to 1.200 Sessions"));
}
