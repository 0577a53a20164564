#include "SessionCtlProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>

#include <gtest/gtest.h>

// sessionctl cleanup against demo servers. Every run is its own process with a fresh demo farm,
// the same for a seed: a dry run and a real run see the same sessions, and `list` shows them too.
namespace {

QJsonArray jsonArray(const CtlRun &run)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(run.out.toUtf8(), &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << run.out.toStdString();
    EXPECT_TRUE(doc.isArray());
    return doc.array();
}

QSet<QString> refs(const QJsonArray &rows)
{
    QSet<QString> out;
    for (const QJsonValue &row : rows)
        out.insert(row.toObject().value(QStringLiteral("ref")).toString());
    return out;
}

const char *const Farm = "demo:cleanup?latency=0&churn=0&sessions=40";

} // namespace

TEST(SessionctlCleanup, ListJsonAndCsvCarryConnectAndDisconnectTimes)
{
    const CtlRun list = sessionctl(args({"list", "--server", Farm, "--format", "json"}));
    ASSERT_EQ(list.exitCode, 0) << list.err.toStdString();
    int disconnected = 0;
    for (const QJsonValue &value : jsonArray(list)) {
        const QJsonObject row = value.toObject();
        ASSERT_TRUE(row.contains(QStringLiteral("connectTime")));
        ASSERT_TRUE(row.contains(QStringLiteral("disconnectTime")));
        const QJsonValue time = row.value(QStringLiteral("disconnectTime"));
        if (row.value(QStringLiteral("state")).toString() == u"Disconnected" && !time.isNull()) {
            ++disconnected;
            EXPECT_TRUE(time.toString().endsWith(u'Z')) << "UTC";
            EXPECT_TRUE(QDateTime::fromString(time.toString(), Qt::ISODate).isValid());
        } else if (row.value(QStringLiteral("state")).toString() == u"Active") {
            EXPECT_TRUE(time.isNull());
        }
    }
    EXPECT_GT(disconnected, 0) << "the demo farm has disconnected sessions";

    const CtlRun csv = sessionctl(args({"list", "--server", Farm, "--format", "csv"}));
    ASSERT_EQ(csv.exitCode, 0);
    EXPECT_TRUE(csv.out.startsWith(QStringLiteral(
        "server,id,user,domain,state,station,clientName,clientAddress,remote,service,logonTime,idleSeconds,ref,"
        "connectTime,disconnectTime,processes,memoryBytes,cpuSeconds\n")));
}

TEST(SessionctlCleanup, DryRunMatchesWhatTheListSaysAndARealRunEndsExactlyThat)
{
    // What the rule should pick, worked out from `list` alone: disconnected for 2 h (from the
    // disconnect time), or not disconnected and idle for 1 h; never 0, the listener or the own session.
    const CtlRun list = sessionctl(args({"list", "--server", Farm, "--format", "json"}));
    ASSERT_EQ(list.exitCode, 0);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QSet<QString> expected;
    for (const QJsonValue &value : jsonArray(list)) {
        const QJsonObject row = value.toObject();
        const QString id = row.value(QStringLiteral("id")).toString();
        if (id == u"0" || id == u"65536" || id == u"2")
            continue;
        if (row.value(QStringLiteral("state")).toString() == u"Disconnected") {
            const QDateTime since = QDateTime::fromString(row.value(QStringLiteral("disconnectTime")).toString(),
                                                          Qt::ISODate);
            if (since.secsTo(now) >= 2 * 3600)
                expected.insert(row.value(QStringLiteral("ref")).toString());
        } else if (row.value(QStringLiteral("idleSeconds")).toInteger() >= 3600) {
            expected.insert(row.value(QStringLiteral("ref")).toString());
        }
    }
    ASSERT_GE(expected.size(), 3) << "old idle and disconnected sessions in the farm";

    const QStringList rule = args(
        {"--server", Farm, "--disconnected-for", "2h", "--idle-for", "1h", "--format", "json"});
    const CtlRun dry = sessionctl(QStringList{QStringLiteral("cleanup"), QStringLiteral("--dry-run")} + rule);
    ASSERT_EQ(dry.exitCode, 0) << dry.err.toStdString();
    const QJsonArray preview = jsonArray(dry);
    EXPECT_EQ(refs(preview), expected);
    for (const QJsonValue &value : preview) {
        const QJsonObject row = value.toObject();
        EXPECT_FALSE(row.contains(QStringLiteral("outcome"))) << "a dry run does nothing";
        const QString reason = row.value(QStringLiteral("reason")).toString();
        EXPECT_TRUE(reason.startsWith(row.value(QStringLiteral("state")).toString() == u"Disconnected"
                                          ? QStringLiteral("disconnected for ")
                                          : QStringLiteral("idle for ")))
            << reason.toStdString();
        EXPECT_TRUE(row.contains(QStringLiteral("idleSeconds"))) << "list's keys";
    }

    const CtlRun real = sessionctl(QStringList{QStringLiteral("cleanup")} + rule);
    ASSERT_EQ(real.exitCode, 0) << real.err.toStdString();
    const QJsonArray ended = jsonArray(real);
    EXPECT_EQ(refs(ended), expected);
    for (const QJsonValue &value : ended)
        EXPECT_EQ(value.toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("done"));
}

TEST(SessionctlCleanup, TableReportsEachLogoffAndExcludedUsersAreKept)
{
    const CtlRun dry = sessionctl(
        args({"cleanup", "--dry-run", "--server", Farm, "--disconnected-for", "2h", "--format", "json"}));
    const QJsonArray preview = jsonArray(dry);
    ASSERT_FALSE(preview.isEmpty());
    const QString spared = preview.at(0).toObject().value(QStringLiteral("user")).toString();

    const CtlRun run = sessionctl(
        args({"cleanup", "--server", Farm, "--disconnected-for", "2h", "--exclude-user", spared.toUtf8().constData()}));
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    EXPECT_TRUE(run.out.startsWith(QStringLiteral("SERVER"))) << "the plan first";
    int ended = 0;
    for (const QJsonValue &value : preview) {
        const QJsonObject row = value.toObject();
        const QString line = QStringLiteral("logoff %1 on %2: done")
                                 .arg(row.value(QStringLiteral("ref")).toString(),
                                      row.value(QStringLiteral("server")).toString());
        const bool kept = row.value(QStringLiteral("user")).toString() == spared;
        EXPECT_EQ(run.out.contains(line), !kept) << line.toStdString();
        ended += kept ? 0 : 1;
    }
    EXPECT_EQ(run.out.count(QStringLiteral(": done")), ended);
}

TEST(SessionctlCleanup, AnUnreachableServerIsReportedAndTheOthersStillCleaned)
{
    const CtlRun run = sessionctl(
        args({"cleanup", "--server", "demo:down?latency=0&fail=100", "--server", Farm, "--disconnected-for", "2h"}));
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.err.contains(QStringLiteral("demo:down?latency=0&fail=100: Unreachable"))) << run.err.toStdString();
    EXPECT_TRUE(run.out.contains(QStringLiteral(": done"))) << run.out.toStdString();
    EXPECT_FALSE(run.out.contains(QStringLiteral("demo:down")));
}

TEST(SessionctlCleanup, WarnsThenEndsAfterTheGrace)
{
    const CtlRun run = sessionctl(args({"cleanup", "--server", Farm, "--disconnected-for", "2h", "--message",
                                        "Your session ends in one second.", "--grace", "1s"}));
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    const qsizetype warned = run.out.count(QStringLiteral("message "));
    EXPECT_GT(warned, 0);
    EXPECT_EQ(run.out.count(QStringLiteral("logoff ")), warned) << "nobody came back on a farm without churn";
    const qsizetype wait = run.out.indexOf(QStringLiteral("waiting 1s"));
    ASSERT_GE(wait, 0) << run.out.toStdString();
    EXPECT_LT(run.out.lastIndexOf(QStringLiteral("message ")), wait);
    EXPECT_GT(run.out.indexOf(QStringLiteral("logoff ")), wait);
}

TEST(SessionctlCleanup, GroupsThatADemoServerCannotTellLeaveItsSessionsAlone)
{
    const CtlRun run = sessionctl(args(
        {"cleanup", "--server", Farm, "--disconnected-for", "2h", "--exclude-group", "admins", "--format", "json"}));
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    EXPECT_TRUE(jsonArray(run).isEmpty());
    EXPECT_TRUE(run.err.contains(QStringLiteral("cannot tell its user's groups"))) << run.err.toStdString();
}

TEST(SessionctlCleanup, BadUsageIsExit2AndEndsNothing)
{
    const auto refused = [](std::initializer_list<const char *> list, const char *why) {
        const CtlRun run = sessionctl(args(list));
        EXPECT_EQ(run.exitCode, 2) << why;
        EXPECT_TRUE(run.err.contains(QString::fromUtf8(why))) << run.err.toStdString();
        EXPECT_FALSE(run.out.contains(QStringLiteral("logoff"))) << why;
    };
    refused({"cleanup", "--server", Farm}, "needs --disconnected-for DURATION, --idle-for DURATION or both");
    refused({"cleanup", "--disconnected-for", "2h"}, "needs --server");
    refused({"cleanup", "--server", Farm, "--idle-for", "90"}, "90 needs a unit");
    refused({"cleanup", "--server", Farm, "--idle-for", "2w"}, "unknown unit 'w'");
    refused({"cleanup", "--server", Farm, "--idle-for", "1h", "--idle-for", "2h"}, "given twice");
    refused({"cleanup", "--server", Farm, "--idle-for", "1h", "--message", "bye"}, "--message and --grace go together");
    refused({"cleanup", "--server", Farm, "--idle-for", "1h", "--grace", "5m"}, "--message and --grace go together");
    refused({"cleanup", "--server", Farm, "--idle-for", "1h", "--format", "csv"}, "unknown format 'csv'");
    refused({"cleanup", "--server", Farm, "--idle-for", "1h", "--user", ""}, "--user takes a name");
    refused({"cleanup", "--server", Farm, "--idle-for", "1h", "3"}, "unexpected argument '3'");
}

TEST(SessionctlCleanup, NothingMatchingWarnsNoOneAndWaitsForNothing)
{
    const CtlRun table = sessionctl(
        args({"cleanup", "--server", Farm, "--disconnected-for", "3650d", "--message", "bye", "--grace", "1h"}));
    EXPECT_EQ(table.exitCode, 0) << table.err.toStdString();
    EXPECT_EQ(table.out, QStringLiteral("No session matches the rule.\n"));
    const CtlRun json = sessionctl(
        args({"cleanup", "--server", Farm, "--disconnected-for", "3650d", "--format", "json"}));
    EXPECT_EQ(json.exitCode, 0);
    EXPECT_TRUE(jsonArray(json).isEmpty());
}
