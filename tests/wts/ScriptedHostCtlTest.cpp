// sessionctl.exe under Wine against the scripted RD Session Host (wtsapi32.dll beside it):
// the bytes (LF line ends included) and exit codes are those of sessionctl on Linux for the
// same outcomes.
#include "ScriptedHost.h"

#include <QDateTime>

#include <gtest/gtest.h>

namespace {

const QString Farm = QStringLiteral("server rdsh01\n"
                                    "session 0 Disconnected - - Services -\n"
                                    "session 2 Active alice CONTOSO RDP-Tcp#3 2026-11-25T08:00:00Z\n"
                                    "session 3 Active bob CONTOSO RDP-Tcp#4 2026-11-25T08:30:00Z\n"
                                    "session 4 Disconnected carol CONTOSO - 2026-11-25T09:00:00Z\n"
                                    "session 65536 Listen - - RDP-Tcp -\n");

std::string show(const ScriptedHost::Run &run)
{
    return QString(QStringLiteral("exit ") + QString::number(run.exitCode) + QStringLiteral("\nstdout:\n") + run.out
                   + QStringLiteral("stderr:\n") + run.err)
        .toStdString();
}

const QString CsvHeader = QStringLiteral(
    "server,id,user,domain,state,station,clientName,clientAddress,remote,service,logonTime,idleSeconds,ref,"
    "connectTime,disconnectTime,processes,memoryBytes,cpuSeconds\n");

} // namespace

TEST(ScriptedHostCtlTest, ListsTheHostsSessions)
{
    ScriptedHost host(Farm);
    ASSERT_TRUE(host.isValid());
    const auto run = ScriptedHost::sessionctl({QStringLiteral("list"), QStringLiteral("--server"),
                                               QStringLiteral("rdsh01"), QStringLiteral("--format"),
                                               QStringLiteral("csv")});
    EXPECT_EQ(run.exitCode, 0) << show(run);
    EXPECT_EQ(
        run.out.toStdString(),
        QString(
            CsvHeader
            + QStringLiteral(
                "rdsh01,0,,,Disconnected,Services,,,false,,,,0/,,,,,\n"
                "rdsh01,2,alice,CONTOSO,Active,RDP-Tcp#3,,,true,RDP,2026-11-25T08:00:00Z,,2@2026-11-25T08:00:00.000Z,"
                "2026-11-25T08:00:00Z,,,,\n"
                "rdsh01,3,bob,CONTOSO,Active,RDP-Tcp#4,,,true,RDP,2026-11-25T08:30:00Z,,3@2026-11-25T08:30:00.000Z,"
                "2026-11-25T08:30:00Z,,,,\n"
                "rdsh01,4,carol,CONTOSO,Disconnected,,,,false,Console,2026-11-25T09:00:00Z,,4@2026-11-25T09:00:00."
                "000Z,2026-11-25T09:00:00Z,,,,\n"
                "rdsh01,65536,,,Listening,RDP-Tcp,,,false,,,,65536/,,,,,\n"))
            .toStdString());
    EXPECT_TRUE(host.record().isEmpty());
}

TEST(ScriptedHostCtlTest, LogoffReturnsOnceTheSessionIsGone)
{
    ScriptedHost host(Farm + QStringLiteral("logoff-delay 1500\n"));
    ASSERT_TRUE(host.isValid());
    const QString ref = QStringLiteral("3@2026-11-25T08:30:00.000Z");
    const auto run = ScriptedHost::sessionctl(
        {QStringLiteral("logoff"), QStringLiteral("--server"), QStringLiteral("rdsh01"), ref});
    const qint64 returnedMs = QDateTime::currentMSecsSinceEpoch();
    EXPECT_EQ(run.exitCode, 0) << show(run);
    EXPECT_EQ(run.out.toStdString(), "logoff " + ref.toStdString() + " on rdsh01: done\n");

    // The host removed the session 1.5 s after the request; sessionctl waited for that.
    const QStringList record = host.record();
    ASSERT_EQ(record.size(), 1) << record.join(u'\n').toStdString();
    const QStringList words = record.first().split(u' ');
    ASSERT_EQ(words.size(), 5);
    EXPECT_EQ(words.at(0), QStringLiteral("at"));
    EXPECT_EQ(words.mid(2).join(u' '), QStringLiteral("rdsh01 3 Gone"));
    EXPECT_LE(words.at(1).toLongLong(), returnedMs);

    const auto list = ScriptedHost::sessionctl({QStringLiteral("list"), QStringLiteral("--server"),
                                                QStringLiteral("rdsh01"), QStringLiteral("--format"),
                                                QStringLiteral("csv")});
    EXPECT_EQ(list.exitCode, 0) << show(list);
    EXPECT_FALSE(list.out.contains(QStringLiteral(",bob,"))) << show(list);
    EXPECT_TRUE(list.out.contains(QStringLiteral(",alice,"))) << show(list);
}

TEST(ScriptedHostCtlTest, AccessDeniedFailsWithTheReasonAndChangesNothing)
{
    ScriptedHost host(Farm + QStringLiteral("fail logoff 5\n"));
    ASSERT_TRUE(host.isValid());
    const auto run = ScriptedHost::sessionctl(
        {QStringLiteral("logoff"), QStringLiteral("--server"), QStringLiteral("rdsh01"), QStringLiteral("2")});
    EXPECT_EQ(run.exitCode, 1) << show(run);
    EXPECT_TRUE(run.out.isEmpty()) << show(run);
    EXPECT_TRUE(run.err.startsWith(QStringLiteral("logoff 2 on rdsh01: failed: Access denied: "))) << show(run);
    EXPECT_TRUE(run.err.contains(QStringLiteral("(5)"))) << show(run);
    EXPECT_TRUE(host.record().isEmpty());
}

TEST(ScriptedHostCtlTest, UnreachableServerFailsTheListButNotTheOthers)
{
    ScriptedHost host(Farm);
    ASSERT_TRUE(host.isValid());
    const auto run = ScriptedHost::sessionctl(
        {QStringLiteral("list"), QStringLiteral("--server"), QStringLiteral("rdsh99"), QStringLiteral("--server"),
         QStringLiteral("rdsh01"), QStringLiteral("--format"), QStringLiteral("csv")});
    EXPECT_EQ(run.exitCode, 1) << show(run);
    EXPECT_TRUE(run.err.startsWith(QStringLiteral("sessionctl: rdsh99: Unreachable: "))) << show(run);
    EXPECT_TRUE(run.err.contains(QStringLiteral("(1722)"))) << show(run);
    EXPECT_TRUE(run.out.startsWith(CsvHeader)) << show(run);
    EXPECT_EQ(run.out.count(u'\n'), 6) << show(run);
}

TEST(ScriptedHostCtlTest, SessionEndingDuringTheCallIsAlreadyGone)
{
    ScriptedHost host(Farm + QStringLiteral("ends-on logoff 4\n"));
    ASSERT_TRUE(host.isValid());
    const auto run = ScriptedHost::sessionctl({QStringLiteral("logoff"), QStringLiteral("--server"),
                                               QStringLiteral("rdsh01"), QStringLiteral("4@2026-11-25T09:00:00.000Z")});
    EXPECT_EQ(run.exitCode, 0) << show(run);
    EXPECT_EQ(run.out.toStdString(), "logoff 4@2026-11-25T09:00:00.000Z on rdsh01: already gone\n");
    ASSERT_EQ(host.record().size(), 1);
    EXPECT_TRUE(host.record().first().endsWith(QStringLiteral(" rdsh01 4 Gone")));
}

TEST(ScriptedHostCtlTest, ReplacedLogonIsRefusedAsChanged)
{
    ScriptedHost host(Farm);
    ASSERT_TRUE(host.isValid());
    const auto run = ScriptedHost::sessionctl({QStringLiteral("logoff"), QStringLiteral("--server"),
                                               QStringLiteral("rdsh01"), QStringLiteral("3@2026-11-25T07:00:00.000Z")});
    EXPECT_EQ(run.exitCode, 1) << show(run);
    EXPECT_TRUE(run.err.startsWith(QStringLiteral("logoff 3@2026-11-25T07:00:00.000Z on rdsh01: failed: Changed: ")))
        << show(run);
    EXPECT_TRUE(host.record().isEmpty());
}

TEST(ScriptedHostCtlTest, DisconnectLeavesTheSessionDisconnected)
{
    ScriptedHost host(Farm);
    ASSERT_TRUE(host.isValid());
    const auto run = ScriptedHost::sessionctl(
        {QStringLiteral("disconnect"), QStringLiteral("--server"), QStringLiteral("rdsh01"), QStringLiteral("2")});
    EXPECT_EQ(run.exitCode, 0) << show(run);
    EXPECT_EQ(run.out.toStdString(), "disconnect 2 on rdsh01: done\n");
    const auto list = ScriptedHost::sessionctl({QStringLiteral("list"), QStringLiteral("--server"),
                                                QStringLiteral("rdsh01"), QStringLiteral("--format"),
                                                QStringLiteral("csv")});
    EXPECT_TRUE(list.out.contains(QStringLiteral("rdsh01,2,alice,CONTOSO,Disconnected,"))) << show(list);
}

TEST(ScriptedHostCtlTest, MessageReachesTheSessionInUtf8)
{
    ScriptedHost host(Farm);
    ASSERT_TRUE(host.isValid());
    const QString text = QStringLiteral("Wartung um 18:00 \u2013 bitte speichern \u2713");
    const auto run = ScriptedHost::sessionctl(
        {QStringLiteral("message"), QStringLiteral("--server"), QStringLiteral("rdsh01"), QStringLiteral("--title"),
         QStringLiteral("IT"), QStringLiteral("--text"), text, QStringLiteral("2")});
    EXPECT_EQ(run.exitCode, 0) << show(run);
    EXPECT_EQ(run.out.toStdString(), "message 2 on rdsh01: done\n");
    EXPECT_EQ(host.record(), QStringList{QStringLiteral("sent rdsh01 2 ") + text});
}
