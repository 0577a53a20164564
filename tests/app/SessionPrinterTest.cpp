#include "SessionFixtures.h"
#include "SessionPrinter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace SessionFixtures;

namespace {

const QString A = QStringLiteral("demo:a");

QList<Session> oddSessions()
{
    Session empty = make(A, 1);
    empty.user.clear();
    empty.logonTime = QDateTime();
    empty.idleSince = QDateTime();
    Session huge = make(A, 2);
    huge.user = QString(5000, u'x');
    Session hostile = make(A, 3);
    hostile.user = QStringLiteral("=cmd|'/c calc'!A1,\"quoted\"\nsecond line\x1b[31m");
    hostile.clientName = QStringLiteral("\u202eevil");
    Session future = make(A, 4);
    future.logonTime = QDateTime::currentDateTimeUtc().addYears(30);
    future.idleSince = QDateTime::currentDateTimeUtc().addDays(2);
    Session epoch = make(A, 5);
    epoch.logonTime = QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
    return {empty, huge, hostile, future, epoch};
}

} // namespace

TEST(SessionPrinter, JsonCarriesOddDataFaithfully)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString text = SessionPrinter::format(oddSessions(), SessionPrinter::Format::Json, now);
    QJsonParseError error;
    const QJsonArray rows = QJsonDocument::fromJson(text.toUtf8(), &error).array();
    ASSERT_EQ(error.error, QJsonParseError::NoError);
    ASSERT_EQ(rows.size(), 5);
    EXPECT_TRUE(rows.at(0).toObject().value(QStringLiteral("logonTime")).isNull());
    EXPECT_TRUE(rows.at(0).toObject().value(QStringLiteral("idleSeconds")).isNull());
    EXPECT_EQ(rows.at(0).toObject().value(QStringLiteral("user")).toString(), QString());
    EXPECT_EQ(rows.at(1).toObject().value(QStringLiteral("user")).toString().size(), 5000);
    EXPECT_EQ(rows.at(2).toObject().value(QStringLiteral("user")).toString(), oddSessions().at(2).user);
    // A clock ahead of ours is not negative idle time.
    EXPECT_EQ(rows.at(3).toObject().value(QStringLiteral("idleSeconds")).toInteger(), 0);
    EXPECT_EQ(rows.at(4).toObject().value(QStringLiteral("logonTime")).toString(), QStringLiteral("1970-01-01T00:00:00Z"));
}

TEST(SessionPrinter, CsvQuotesWhatWouldBreakTheRow)
{
    const QString text = SessionPrinter::format(oddSessions(), SessionPrinter::Format::Csv, QDateTime::currentDateTimeUtc());
    const QStringList lines = text.split(u'\n');
    // Header, five rows (one holding a quoted newline, so one extra physical line), final newline.
    EXPECT_EQ(lines.size(), 1 + 5 + 1 + 1);
    EXPECT_TRUE(text.contains(QStringLiteral("\"=cmd|'/c calc'!A1,\"\"quoted\"\"\nsecond line")));
}

TEST(SessionPrinter, TableStaysOneLinePerSession)
{
    const QString text = SessionPrinter::format(oddSessions(), SessionPrinter::Format::Table, QDateTime::currentDateTimeUtc());
    const QStringList lines = text.split(u'\n', Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 6);
    EXPECT_FALSE(text.contains(QChar(0x1b))) << "escape sequences must not reach the terminal";
    EXPECT_FALSE(text.contains(QChar(0x202e))) << "direction overrides must not reach the terminal";
    EXPECT_LT(lines.at(2).size(), 300) << "a 5000-character name is cut for the table";
}
