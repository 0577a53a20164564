#include "ConsoleSettings.h"

#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {

QByteArray readAll(const QString &fileName)
{
    QFile file(fileName);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString &fileName, const QByteArray &bytes)
{
    QFile file(fileName);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

} // namespace

TEST(ConsoleSettingsTest, MissingFileGivesDefaultsWithoutWarnings)
{
    QTemporaryDir dir;
    const ConsoleSettings settings(dir.filePath(QStringLiteral("none.ini")));
    EXPECT_EQ(settings.values(), ConsoleSettings::Values{});
    EXPECT_TRUE(settings.warnings().isEmpty());
    EXPECT_TRUE(settings.mayWrite());
}

TEST(ConsoleSettingsTest, RoundTripsEveryValue)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("console.ini"));
    ConsoleSettings::Values values;
    values.servers = {QStringLiteral("demo:a"), QStringLiteral("admin@lab1:2222"), QStringLiteral("local")};
    values.recentServers = {QStringLiteral("demo:a")};
    values.windowGeometry = QByteArray("\x01\x02geometry", 10);
    values.windowState = QByteArray("state");
    values.serverColumns = QByteArray("\x00\xff"
                                      "columns",
                                      9);
    values.allColumns = QByteArray("all");
    values.interval = 12s;
    {
        ConsoleSettings settings(file);
        settings.setValues(values, true);
        ASSERT_TRUE(settings.save());
    }
    const ConsoleSettings again(file);
    EXPECT_TRUE(again.warnings().isEmpty()) << again.warnings().join(u'\n').toStdString();
    EXPECT_EQ(again.values(), values);
}

TEST(ConsoleSettingsTest, OneServerRoundTripsToo)
{
    // QSettings writes a one-element list as a plain string.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("console.ini"));
    ConsoleSettings::Values values;
    values.servers = {QStringLiteral("demo:only")};
    {
        ConsoleSettings settings(file);
        settings.setValues(values, true);
        ASSERT_TRUE(settings.save());
    }
    EXPECT_EQ(ConsoleSettings(file).values().servers, values.servers);
}

TEST(ConsoleSettingsTest, HostileValuesAreDroppedWithWarnings)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("console.ini"));
    const QByteArray hostile = "[servers]\n"
                               "list=demo:good, -oProxyCommand=touch /tmp/pwned, $(reboot), demo:good\n"
                               "[refresh]\n"
                               "intervalMs=-5\n"
                               "[window]\n"
                               "geometry=not a byte array\n";
    writeAll(file, hostile);
    ConsoleSettings settings(file);
    EXPECT_EQ(settings.values().servers, QStringList{QStringLiteral("demo:good")});
    EXPECT_EQ(settings.values().interval, ConsoleSettings::MinInterval);
    EXPECT_TRUE(settings.values().windowGeometry.isEmpty());
    EXPECT_GE(settings.warnings().size(), 3);
    EXPECT_FALSE(settings.mayWrite());
    EXPECT_FALSE(settings.save());
    EXPECT_EQ(readAll(file), hostile);

    // The user changes something: now the file is repaired.
    settings.setValues(settings.values(), true);
    EXPECT_TRUE(settings.save());
    EXPECT_TRUE(ConsoleSettings(file).warnings().isEmpty());
}

TEST(ConsoleSettingsTest, SaysHowManyEntriesAListMayHold)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("console.ini"));
    QByteArray recent = "[servers]\nrecent=";
    for (int i = 0; i <= ConsoleSettings::MaxRecent; ++i)
        recent += (i > 0 ? ", demo:r" : "demo:r") + QByteArray::number(i);
    writeAll(file, recent + '\n');
    const ConsoleSettings settings(file);
    EXPECT_EQ(settings.values().recentServers.size(), ConsoleSettings::MaxRecent);
    EXPECT_EQ(settings.warnings(),
              QStringList{file + QStringLiteral(": servers/recent has more than 20 entries; the rest are ignored.")});
}

TEST(ConsoleSettingsTest, AFullListIsNoFault)
{
    // The window keeps exactly MaxRecent recent servers; reading them back warned at every start.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("console.ini"));
    QByteArray recent = "[servers]\nrecent=";
    for (int i = 0; i < ConsoleSettings::MaxRecent; ++i)
        recent += (i > 0 ? ", demo:r" : "demo:r") + QByteArray::number(i);
    writeAll(file, recent + ", demo:r0\n");
    const ConsoleSettings settings(file);
    EXPECT_EQ(settings.values().recentServers.size(), ConsoleSettings::MaxRecent);
    EXPECT_TRUE(settings.warnings().isEmpty()) << settings.warnings().join(QLatin1Char('\n')).toStdString();
}

TEST(ConsoleSettingsTest, GarbageFileGivesDefaultsAndIsKept)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("console.ini"));
    QByteArray garbage("\x7f"
                       "ELF\x02\x01\x01\0\0\0[[[\xff\xfe=\n\0\0servers/list=demo:x\n",
                       40);
    garbage += QByteArray(4096, '\xee');
    writeAll(file, garbage);
    ConsoleSettings settings(file);
    EXPECT_FALSE(settings.warnings().isEmpty());
    EXPECT_EQ(settings.values().interval, ConsoleSettings::DefaultInterval);
    settings.setValues(settings.values(), false);
    EXPECT_FALSE(settings.save());
    EXPECT_EQ(readAll(file), garbage);
}

TEST(ConsoleSettingsTest, NewerVersionIsNotTrusted)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("console.ini"));
    writeAll(file, "[General]\nversion=99\n[servers]\nlist=demo:a\n");
    const ConsoleSettings settings(file);
    EXPECT_TRUE(settings.values().servers.isEmpty());
    EXPECT_FALSE(settings.warnings().isEmpty());
}

TEST(ConsoleSettingsTest, IntervalIsClamped)
{
    EXPECT_EQ(ConsoleSettings::clampInterval(10ms), 1000ms);
    EXPECT_EQ(ConsoleSettings::clampInterval(5000ms), 5000ms);
    EXPECT_EQ(ConsoleSettings::clampInterval(std::chrono::hours(5)), ConsoleSettings::MaxInterval);
}
