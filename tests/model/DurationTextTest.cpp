#include "DurationText.h"

#include <QString>

#include <gtest/gtest.h>

using namespace std::chrono_literals;

TEST(DurationText, ReadsCountsWithUnits)
{
    EXPECT_EQ(parseDuration(u"90m"), 90min);
    EXPECT_EQ(parseDuration(u"2h"), 2h);
    EXPECT_EQ(parseDuration(u"1d"), 24h);
    EXPECT_EQ(parseDuration(u"45s"), 45s);
    EXPECT_EQ(parseDuration(u"1h30m"), 90min);
    EXPECT_EQ(parseDuration(u"0m"), 0s);
}

TEST(DurationText, RefusesAnythingElse)
{
    for (const char16_t *text :
         {u"", u"5", u"m", u"1x", u"-1h", u"1.5h", u" 1h", u"1h ", u"1H", u"h1", u"99999999999999999999d", u"4000d"})
        EXPECT_FALSE(parseDuration(QStringView(text)).has_value()) << QString::fromUtf16(text).toStdString();
}
