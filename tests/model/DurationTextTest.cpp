#include "DurationText.h"

#include <gtest/gtest.h>

using namespace std::chrono_literals;

TEST(DurationTextTest, ReadsUnitsAndCombinations)
{
    QString error;
    EXPECT_EQ(DurationText::parse(QStringLiteral("90m"), &error), 90min);
    EXPECT_EQ(DurationText::parse(QStringLiteral("2h"), &error), 2h);
    EXPECT_EQ(DurationText::parse(QStringLiteral("1d"), &error), 24h);
    EXPECT_EQ(DurationText::parse(QStringLiteral("1h30m"), &error), 90min);
    EXPECT_EQ(DurationText::parse(QStringLiteral("1d2h3m4s"), &error), 24h + 2h + 3min + 4s);
    EXPECT_EQ(DurationText::parse(QStringLiteral(" 2H "), &error), 2h);
    EXPECT_EQ(DurationText::parse(QStringLiteral("0m"), &error), 0s);
}

TEST(DurationTextTest, RefusesBadInputWithAReason)
{
    const auto refused = [](const char *text, const char *why) {
        QString error;
        EXPECT_FALSE(DurationText::parse(QString::fromLatin1(text), &error)) << text;
        EXPECT_TRUE(error.contains(QString::fromLatin1(why))) << text << ": " << error.toStdString();
    };
    refused("", "empty");
    refused("90", "needs a unit");
    refused("2w", "unknown unit 'w'");
    refused("h", "not a number");
    refused("-2h", "not a number");
    refused("30m1h", "largest to the smallest");
    refused("1h1h", "largest to the smallest");
    refused("1.5h", "whole numbers only");
    refused("3651d", "ten years");
    refused("99999999999h", "too large");
    refused("1h 30m", "not a number");
}

TEST(DurationTextTest, FormatsTheTwoLargestUnits)
{
    EXPECT_EQ(DurationText::format(3 * 3600 + 10 * 60 + 5), QStringLiteral("3h 10m"));
    EXPECT_EQ(DurationText::format(2 * 3600), QStringLiteral("2h"));
    EXPECT_EQ(DurationText::format(86400 + 4 * 3600), QStringLiteral("1d 4h"));
    EXPECT_EQ(DurationText::format(86400 + 5 * 60), QStringLiteral("1d"));
    EXPECT_EQ(DurationText::format(45), QStringLiteral("45s"));
    EXPECT_EQ(DurationText::format(90), QStringLiteral("1m"));
}

TEST(DurationTextTest, TextReadsBackAsTheSameDuration)
{
    for (const qint64 seconds : {0LL, 45LL, 90LL, 5400LL, 86400LL, 93784LL}) {
        QString error;
        EXPECT_EQ(DurationText::parse(DurationText::toText(seconds), &error), std::chrono::seconds(seconds))
            << DurationText::toText(seconds).toStdString();
    }
    EXPECT_EQ(DurationText::toText(5400), QStringLiteral("1h30m"));
}
