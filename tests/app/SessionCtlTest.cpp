#include "SessionCtlProcess.h"
#include "SessionRef.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

TEST(Sessionctl, ListsTwoDemoServersAsJson)
{
    const CtlRun run = sessionctl(
        args({"list", "--server", "demo:a?latency=0", "--server", "demo:b?latency=0", "--format", "json"}));
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(run.out.toUtf8(), &error);
    ASSERT_EQ(error.error, QJsonParseError::NoError) << error.errorString().toStdString();
    ASSERT_TRUE(doc.isArray());
    QSet<QString> servers;
    for (const QJsonValue &value : doc.array()) {
        const QJsonObject row = value.toObject();
        for (const char *key : {"server", "id", "user", "domain", "state", "station", "clientName", "clientAddress",
                                "remote", "service", "logonTime", "idleSeconds"})
            EXPECT_TRUE(row.contains(QString::fromLatin1(key))) << key;
        servers.insert(row.value(QStringLiteral("server")).toString());
        const QJsonValue logon = row.value(QStringLiteral("logonTime"));
        if (!logon.isNull()) {
            EXPECT_TRUE(QDateTime::fromString(logon.toString(), Qt::ISODate).isValid());
        }
    }
    EXPECT_EQ(servers, (QSet<QString>{QStringLiteral("demo:a?latency=0"), QStringLiteral("demo:b?latency=0")}));
}

TEST(Sessionctl, TableAndCsv)
{
    const CtlRun table = sessionctl(args({"list", "--server", "demo:t?latency=0&sessions=3"}));
    ASSERT_EQ(table.exitCode, 0);
    EXPECT_TRUE(table.out.startsWith(QStringLiteral(" SERVER")));
    EXPECT_TRUE(table.out.contains(QStringLiteral("RDP-Tcp")));
    EXPECT_EQ(table.out.count(u'\n'), 1 + 5);

    const CtlRun csv = sessionctl(args({"list", "--server", "demo:t?latency=0&sessions=3", "--format=csv"}));
    ASSERT_EQ(csv.exitCode, 0);
    EXPECT_TRUE(csv.out.startsWith(QStringLiteral("server,id,user,")));
    EXPECT_EQ(csv.out.count(u'\n'), 1 + 5);
}

TEST(Sessionctl, RefusesHostileAddressesWithExit2AndRunsNothing)
{
    QTemporaryDir dir;
    const QString marker = dir.filePath(QStringLiteral("marker"));
    for (const QString &address :
         QStringList{QStringLiteral("-oProxyCommand=touch ") + marker, QStringLiteral("host;touch ") + marker,
                     QStringLiteral("$(touch ") + marker + u')', QString(10240, u'a'), QString()}) {
        const CtlRun run = sessionctl({QStringLiteral("list"), QStringLiteral("--server"), address});
        EXPECT_EQ(run.exitCode, 2) << address.left(40).toStdString();
        EXPECT_TRUE(run.err.contains(QStringLiteral("invalid server address"))) << run.err.toStdString();
        EXPECT_TRUE(run.out.isEmpty());
    }
    EXPECT_FALSE(QFile::exists(marker));
}

TEST(Sessionctl, UsageErrorsExit2)
{
    EXPECT_EQ(sessionctl(args({})).exitCode, 2);
    EXPECT_EQ(sessionctl(args({"frobnicate"})).exitCode, 2);
    EXPECT_EQ(sessionctl(args({"list", "--format", "xml"})).exitCode, 2);
    EXPECT_EQ(sessionctl(args({"logoff", "--server", "demo:a", "--timeout", "soon", "3"})).exitCode, 2);
    // Log off only ever acts on ids given explicitly.
    EXPECT_EQ(sessionctl(args({"logoff", "--server", "demo:a"})).exitCode, 2);
    EXPECT_EQ(sessionctl(args({"logoff", "--server", "demo:a", "*"})).exitCode, 2);
    EXPECT_EQ(sessionctl(args({"logoff", "3"})).exitCode, 2);
    EXPECT_EQ(sessionctl(args({"message", "--server", "demo:a", "3"})).exitCode, 2);
    EXPECT_EQ(sessionctl(args({"help"})).exitCode, 0);
}

TEST(Sessionctl, VersionNamesTheRelease)
{
    const CtlRun run = sessionctl(args({"--version"}));
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_EQ(run.out.trimmed(), QStringLiteral("sessionctl " PROJECT_VERSION));
    EXPECT_TRUE(run.err.isEmpty());
}

TEST(Sessionctl, LogoffReportsEachTarget)
{
    // Each run is its own process with a fresh demo farm: 3 and 4 exist, 999 does not,
    // 0 is the services session that cannot be logged off.
    const CtlRun ok = sessionctl(args({"logoff", "--server", "demo:l?latency=0&churn=0", "3", "4", "999"}));
    EXPECT_EQ(ok.exitCode, 0) << ok.err.toStdString();
    EXPECT_TRUE(ok.out.contains(QStringLiteral("logoff 3 on demo:l?latency=0&churn=0: done")));
    EXPECT_TRUE(ok.out.contains(QStringLiteral("logoff 999 on demo:l?latency=0&churn=0: already gone")));

    const CtlRun failed = sessionctl(args({"logoff", "--no-wait", "--server", "demo:l?latency=0&churn=0", "3", "0"}));
    EXPECT_EQ(failed.exitCode, 1);
    EXPECT_TRUE(failed.out.contains(QStringLiteral("logoff 3 on demo:l?latency=0&churn=0: done")));
    EXPECT_TRUE(failed.err.contains(QStringLiteral("logoff 0 on demo:l?latency=0&churn=0: failed: Not supported")))
        << failed.err.toStdString();
}

TEST(Sessionctl, FailingServerIsReportedAndOthersStillPrint)
{
    const CtlRun run = sessionctl(args({"list", "--server", "demo:down?latency=0&fail=100", "--server",
                                        "demo:up?latency=0&sessions=2", "--format", "json"}));
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.err.contains(
        QStringLiteral("demo:down?latency=0&fail=100: Unreachable: The RPC server is unavailable. (1722)")))
        << run.err.toStdString();
    const QJsonDocument doc = QJsonDocument::fromJson(run.out.toUtf8());
    EXPECT_EQ(doc.array().size(), 4);
}

TEST(Sessionctl, EchoedArgumentsCannotDriveTheTerminal)
{
    const CtlRun run = sessionctl({QStringLiteral("logoff"), QStringLiteral("--server"), QStringLiteral("demo:a"),
                                   QStringLiteral("\x1b[2J\x1b]0;pwned\x07")});
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_TRUE(run.err.contains(QStringLiteral("is not a session id"))) << run.err.toStdString();
    EXPECT_FALSE(run.err.contains(QChar(0x1b)));
    EXPECT_FALSE(run.err.contains(QChar(0x07)));
}

namespace {

const QString Farm = QStringLiteral("demo:refs?sessions=6&latency=0&churn=0");

QJsonArray listJson(const QString &server)
{
    const CtlRun run = sessionctl({QStringLiteral("list"), QStringLiteral("--server"), server,
                                   QStringLiteral("--format"), QStringLiteral("json")});
    EXPECT_EQ(run.exitCode, 0) << run.err.toStdString();
    return QJsonDocument::fromJson(run.out.toUtf8()).array();
}

// The first user session (not services, not the console's own, not the listener).
QJsonObject someUserSession(const QJsonArray &rows)
{
    for (const QJsonValue &row : rows) {
        const QJsonObject object = row.toObject();
        const int id = object.value(QStringLiteral("id")).toString().toInt();
        if (id > 2 && id < 65536)
            return object;
    }
    ADD_FAILURE() << "the farm has no user session";
    return {};
}

} // namespace

TEST(SessionctlRefs, ListJsonAndCsvCarryTheSameRefsAndTheyNameTheLogon)
{
    const QJsonArray rows = listJson(Farm);
    ASSERT_GE(rows.size(), 8);
    QStringList jsonRefs;
    for (const QJsonValue &value : rows) {
        const QJsonObject row = value.toObject();
        const QString ref = row.value(QStringLiteral("ref")).toString();
        jsonRefs.append(ref);
        QString error;
        const auto parsed = SessionRef::parse(ref, &error);
        ASSERT_TRUE(parsed) << ref.toStdString() << ": " << error.toStdString();
        EXPECT_EQ(parsed->id, row.value(QStringLiteral("id")).toString());
        const QJsonValue logon = row.value(QStringLiteral("logonTime"));
        if (logon.isNull()) {
            EXPECT_EQ(parsed->user, row.value(QStringLiteral("user")).toString()) << ref.toStdString();
        } else {
            EXPECT_EQ(parsed->logonTime.toSecsSinceEpoch(),
                      QDateTime::fromString(logon.toString(), Qt::ISODate).toSecsSinceEpoch());
        }
    }

    const CtlRun csv = sessionctl(
        {QStringLiteral("list"), QStringLiteral("--server"), Farm, QStringLiteral("--format=csv")});
    ASSERT_EQ(csv.exitCode, 0);
    const QStringList lines = csv.out.split(u'\n', Qt::SkipEmptyParts);
    const QStringList header = lines.first().split(u',');
    const qsizetype refColumn = header.indexOf(QStringLiteral("ref"));
    ASSERT_GE(refColumn, 0);
    QStringList csvRefs;
    for (const QString &line : lines.mid(1))
        csvRefs.append(line.split(u',').at(refColumn));
    // Every run simulates the same farm, so a ref listed by one names the logon in the next.
    EXPECT_EQ(csvRefs, jsonRefs);

    const QString ref = someUserSession(rows).value(QStringLiteral("ref")).toString();
    const CtlRun logoff = sessionctl({QStringLiteral("logoff"), QStringLiteral("--server"), Farm, ref});
    EXPECT_EQ(logoff.exitCode, 0) << logoff.err.toStdString();
    EXPECT_EQ(logoff.out, QStringLiteral("logoff %1 on %2: done\n").arg(ref, Farm));
}

TEST(SessionctlRefs, RefOfAnotherLogonIsRefusedWithTheReason)
{
    const QJsonObject session = someUserSession(listJson(Farm));
    const QString id = session.value(QStringLiteral("id")).toString();
    const QString user = session.value(QStringLiteral("user")).toString();
    const QDateTime logon = QDateTime::fromString(session.value(QStringLiteral("logonTime")).toString(), Qt::ISODate);
    ASSERT_TRUE(logon.isValid());

    const QString laterLogon = SessionRef{id, std::nullopt, logon.addSecs(1)}.toString();
    const QString otherUser = SessionRef{id, QStringLiteral("mallory"), {}}.toString();
    for (const char *command : {"logoff", "disconnect", "lock"}) {
        for (const QString &ref : {laterLogon, otherUser}) {
            const CtlRun run = sessionctl({QString::fromLatin1(command), QStringLiteral("--server"), Farm, ref});
            EXPECT_EQ(run.exitCode, 1) << command << " " << ref.toStdString();
            EXPECT_TRUE(run.out.isEmpty()) << run.out.toStdString();
            EXPECT_TRUE(run.err.contains(QStringLiteral("failed: Changed: Session %1 is now %2's logon").arg(id, user)))
                << run.err.toStdString();
        }
    }
    // The same session by its own ref, and by its plain id, is acted on.
    const QString ownRef = session.value(QStringLiteral("ref")).toString();
    const CtlRun byRef = sessionctl({QStringLiteral("disconnect"), QStringLiteral("--server"), Farm, ownRef});
    EXPECT_EQ(byRef.exitCode, 0) << byRef.err.toStdString();
    const CtlRun byId = sessionctl({QStringLiteral("logoff"), QStringLiteral("--server"), Farm, id});
    EXPECT_EQ(byId.exitCode, 0) << byId.err.toStdString();
    EXPECT_EQ(byId.out, QStringLiteral("logoff %1 on %2: done\n").arg(id, Farm));
}

TEST(SessionctlRefs, RefsOfLogonsThatChurnedAwayAreRefused)
{
    // A run lists the farm after one refresh of heavy churn: ids were freed and taken by
    // new logons. The next run acts on the farm as it was before that refresh, where those
    // ids belong to other logons (or to none).
    const QString churning = QStringLiteral("demo:churn?sessions=12&latency=0&churn=100");
    const QString quiet = QStringLiteral("demo:churn?sessions=12&latency=0&churn=0");
    QHash<QString, QString> before; // id -> ref, as the action's run will see the farm
    for (const QJsonValue &row : listJson(quiet))
        before.insert(row.toObject().value(QStringLiteral("id")).toString(),
                      row.toObject().value(QStringLiteral("ref")).toString());

    QStringList replaced;
    QStringList kept;
    for (const QJsonValue &value : listJson(churning)) {
        const QJsonObject row = value.toObject();
        const QString id = row.value(QStringLiteral("id")).toString();
        const QString ref = row.value(QStringLiteral("ref")).toString();
        const int number = id.toInt();
        if (number <= 2 || number >= 65536 || !before.contains(id))
            continue;
        (before.value(id) == ref ? kept : replaced).append(ref);
    }
    ASSERT_FALSE(replaced.isEmpty()) << "churn=100 reused no id";
    ASSERT_FALSE(kept.isEmpty());

    const CtlRun run = sessionctl(QStringList{QStringLiteral("logoff"), QStringLiteral("--server"), churning} + replaced
                                  + kept);
    EXPECT_EQ(run.exitCode, 1);
    for (const QString &ref : std::as_const(replaced))
        EXPECT_TRUE(run.err.contains(QStringLiteral("logoff %1 on %2: failed: Changed: Session ").arg(ref, churning)))
            << ref.toStdString() << "\n"
            << run.err.toStdString();
    for (const QString &ref : std::as_const(kept))
        EXPECT_TRUE(run.out.contains(QStringLiteral("logoff %1 on %2: done").arg(ref, churning)))
            << ref.toStdString() << "\n"
            << run.out.toStdString();
}

TEST(SessionctlRefs, TheDocumentedScriptingPatternLogsOffExactlyTheListedLogons)
{
    const QJsonArray rows = listJson(Farm);
    const QString user = someUserSession(rows).value(QStringLiteral("user")).toString();
    QStringList expected;
    for (const QJsonValue &row : rows) {
        if (row.toObject().value(QStringLiteral("user")).toString() == user)
            expected.append(row.toObject().value(QStringLiteral("ref")).toString());
    }

    QString out;
    int exitCode = -1;
    const QString jq = QStandardPaths::findExecutable(QStringLiteral("jq"));
    if (!jq.isEmpty()) {
        // The README's pipeline as written, the server and user passed as data ($1, $2), never as script.
        QProcess shell;
        shell.start(QStringLiteral("/bin/sh"),
                    {QStringLiteral("-c"),
                     QStringLiteral("\"$0\" list --server \"$1\" --format json | jq -r --arg u \"$2\" "
                                    "'.[] | select(.user==$u) | .ref' | xargs \"$0\" logoff --server \"$1\""),
                     QStringLiteral(SESSIONCTL_PATH), Farm, user});
        ASSERT_TRUE(shell.waitForFinished(60000));
        exitCode = shell.exitCode();
        out = QString::fromUtf8(shell.readAllStandardOutput());
    } else {
        // No jq: the same refs, read from the JSON here.
        const CtlRun run = sessionctl(QStringList{QStringLiteral("logoff"), QStringLiteral("--server"), Farm}
                                      + expected);
        exitCode = run.exitCode;
        out = run.out;
    }
    EXPECT_EQ(exitCode, 0);
    QStringList done;
    for (const QString &ref : std::as_const(expected))
        done.append(QStringLiteral("logoff %1 on %2: done").arg(ref, Farm));
    QStringList lines = out.split(u'\n', Qt::SkipEmptyParts);
    lines.sort();
    done.sort();
    EXPECT_EQ(lines, done);
}

TEST(SessionctlPseudoIds, EveryActionRefusesThemWithExit2BeforeSendingAnything)
{
    const QStringList pseudoIds{QStringLiteral("self"),
                                QStringLiteral("SELF"),
                                QStringLiteral("auto"),
                                QStringLiteral("Auto"),
                                QString(),
                                QStringLiteral("4294967295"),
                                QStringLiteral("04294967295"),
                                QStringLiteral("-1"),
                                QStringLiteral("-01"),
                                QStringLiteral(" self "),
                                QStringLiteral("self/bob"),
                                QStringLiteral("4294967295@2026-11-25T09:15:02.123Z")};
    const QList<QStringList> commands{
        {QStringLiteral("logoff")},
        {QStringLiteral("disconnect")},
        {QStringLiteral("lock")},
        {QStringLiteral("message"), QStringLiteral("--title"), QStringLiteral("t"), QStringLiteral("--text"),
         QStringLiteral("m")},
        {QStringLiteral("kill-session")},
        {QStringLiteral("processes")},
    };
    for (const QStringList &command : commands) {
        for (const QString &pseudo : pseudoIds) {
            // A real session id beside it: it must not be acted on either.
            const CtlRun run = sessionctl(command
                                          + QStringList{QStringLiteral("--server"), Farm, QStringLiteral("3"), pseudo});
            EXPECT_EQ(run.exitCode, 2) << command.first().toStdString() << " '" << pseudo.toStdString() << "'";
            EXPECT_TRUE(run.err.contains(
                QStringLiteral("names no session: the server would read it as the caller's own session")))
                << run.err.toStdString();
            EXPECT_TRUE(run.out.isEmpty()) << run.out.toStdString();
        }
    }
}

namespace {

const QString Processes = QStringLiteral("demo:procs?sessions=4&latency=0&churn=0");

QJsonArray processesJson(const QStringList &extra = {})
{
    const CtlRun run = sessionctl(QStringList{QStringLiteral("processes"), QStringLiteral("--server"), Processes,
                                              QStringLiteral("--format"), QStringLiteral("json")}
                                  + extra);
    EXPECT_EQ(run.exitCode, 0) << run.err.toStdString();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(run.out.toUtf8(), &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << error.errorString().toStdString();
    return doc.array();
}

// A process of a user session (not services, not the console's own) named `name`.
QJsonObject userProcess(const QJsonArray &rows, const QString &name)
{
    for (const QJsonValue &row : rows) {
        const QJsonObject object = row.toObject();
        const int id = object.value(QStringLiteral("session")).toString().section(u'@', 0, 0).toInt();
        if (id > 2 && object.value(QStringLiteral("name")).toString() == name)
            return object;
    }
    ADD_FAILURE() << "no " << name.toStdString() << " in a user session";
    return {};
}

QString processWord(const QJsonObject &process)
{
    return QStringLiteral("%1@%2")
        .arg(process.value(QStringLiteral("pid")).toInteger())
        .arg(process.value(QStringLiteral("session")).toString());
}

} // namespace

TEST(SessionctlProcesses, JsonHasExactlyTheDocumentedKeysAndNamesEachLogon)
{
    const QJsonArray rows = processesJson();
    ASSERT_GT(rows.size(), 40);
    const QStringList keys{QStringLiteral("server"),    QStringLiteral("session"),     QStringLiteral("pid"),
                           QStringLiteral("name"),      QStringLiteral("commandLine"), QStringLiteral("user"),
                           QStringLiteral("threads"),   QStringLiteral("handles"),     QStringLiteral("memoryBytes"),
                           QStringLiteral("cpuSeconds")};
    QHash<QString, QString> refs; // id -> ref, as list gives them
    for (const QJsonValue &row : listJson(Processes))
        refs.insert(row.toObject().value(QStringLiteral("id")).toString(),
                    row.toObject().value(QStringLiteral("ref")).toString());
    for (const QJsonValue &value : rows) {
        const QJsonObject row = value.toObject();
        QStringList rowKeys = row.keys();
        rowKeys.sort();
        QStringList expected = keys;
        expected.sort();
        ASSERT_EQ(rowKeys, expected);
        EXPECT_EQ(row.value(QStringLiteral("server")).toString(), Processes);
        EXPECT_TRUE(row.value(QStringLiteral("pid")).isDouble());
        EXPECT_GT(row.value(QStringLiteral("pid")).toInteger(), 0);
        const QString session = row.value(QStringLiteral("session")).toString();
        QString error;
        const auto ref = SessionRef::parse(session, &error);
        ASSERT_TRUE(ref) << session.toStdString() << ": " << error.toStdString();
        EXPECT_EQ(session, refs.value(ref->id)) << "the session is named by the ref that list gives it";
        for (const char *number : {"threads", "handles", "memoryBytes", "cpuSeconds"})
            EXPECT_TRUE(row.value(QString::fromLatin1(number)).isDouble()) << number;
    }
    // System has no command line: null, not "".
    const QJsonObject system = rows.first().toObject();
    EXPECT_EQ(system.value(QStringLiteral("name")).toString(), QStringLiteral("System"));
    EXPECT_TRUE(system.value(QStringLiteral("commandLine")).isNull());
}

TEST(SessionctlProcesses, CsvAndTable)
{
    const int count = int(processesJson().size());
    const CtlRun csv = sessionctl(
        {QStringLiteral("processes"), QStringLiteral("--server"), Processes, QStringLiteral("--format=csv")});
    ASSERT_EQ(csv.exitCode, 0) << csv.err.toStdString();
    const QStringList lines = csv.out.split(u'\n', Qt::SkipEmptyParts);
    EXPECT_EQ(lines.first(),
              QStringLiteral("server,session,pid,name,commandLine,user,threads,handles,memoryBytes,cpuSeconds"));
    EXPECT_EQ(lines.size(), 1 + count);

    const CtlRun table = sessionctl({QStringLiteral("processes"), QStringLiteral("--server"), Processes});
    ASSERT_EQ(table.exitCode, 0) << table.err.toStdString();
    const QStringList rows = table.out.split(u'\n', Qt::SkipEmptyParts);
    ASSERT_EQ(rows.size(), 1 + count);
    const QString header = rows.first();
    EXPECT_TRUE(header.startsWith(QStringLiteral("SERVER "))) << header.toStdString();
    // Names start under NAME; numbers end under their header.
    const qsizetype nameColumn = header.indexOf(QStringLiteral("NAME"));
    const qsizetype pidEnd = header.indexOf(QStringLiteral("PID")) + 3;
    for (const QString &row : rows.mid(1)) {
        EXPECT_EQ(row.at(nameColumn - 1), u' ') << row.toStdString();
        EXPECT_NE(row.at(nameColumn), u' ') << row.toStdString();
        EXPECT_TRUE(row.at(pidEnd - 1).isDigit()) << row.toStdString();
        EXPECT_EQ(row.at(pidEnd), u' ') << row.toStdString();
    }
    EXPECT_TRUE(table.out.contains(QStringLiteral("explorer.exe")));
}

TEST(SessionctlProcesses, OfOneLogonByRefOrIdAndRefusedForAnother)
{
    const QJsonObject explorer = userProcess(processesJson(), QStringLiteral("explorer.exe"));
    const QString ref = explorer.value(QStringLiteral("session")).toString();
    const QString id = ref.section(u'@', 0, 0);
    for (const QString &named : {ref, id}) {
        const QJsonArray rows = processesJson({named});
        ASSERT_GT(rows.size(), 5);
        for (const QJsonValue &row : rows)
            EXPECT_EQ(row.toObject().value(QStringLiteral("session")).toString(), ref) << named.toStdString();
    }
    const QString otherUser = SessionRef{id, QStringLiteral("mallory"), {}}.toString();
    const CtlRun refused = sessionctl({QStringLiteral("processes"), QStringLiteral("--server"), Processes, otherUser});
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_TRUE(refused.err.contains(QStringLiteral("session %1: Changed: Session %2 is now").arg(otherUser, id)))
        << refused.err.toStdString();
    EXPECT_TRUE(refused.out.isEmpty()) << "a table of only headers would hide the error";

    const CtlRun twoServers = sessionctl({QStringLiteral("processes"), QStringLiteral("--server"), Processes,
                                          QStringLiteral("--server"), QStringLiteral("demo:other"), id});
    EXPECT_EQ(twoServers.exitCode, 2);
}

TEST(SessionctlProcesses, ListsSeveralServersAndReportsTheOneThatFails)
{
    const CtlRun run = sessionctl({QStringLiteral("processes"), QStringLiteral("--server"), Processes,
                                   QStringLiteral("--server"), QStringLiteral("demo:down?latency=0&fail=100"),
                                   QStringLiteral("--format"), QStringLiteral("json")});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.err.contains(QStringLiteral("demo:down?latency=0&fail=100: Unreachable: ")))
        << run.err.toStdString();
    const QJsonArray rows = QJsonDocument::fromJson(run.out.toUtf8()).array();
    EXPECT_GT(rows.size(), 40);
}

TEST(SessionctlEndProcess, EndsTheListedProcessByPidAndLogon)
{
    // Every run simulates the same farm, so pids listed by one name the same processes in the next.
    const QJsonArray rows = processesJson();
    const QJsonObject explorer = userProcess(rows, QStringLiteral("explorer.exe"));
    const QJsonObject rdpclip = userProcess(rows, QStringLiteral("rdpclip.exe"));
    const QString explorerWord = processWord(explorer);
    const QString rdpclipPid = QString::number(rdpclip.value(QStringLiteral("pid")).toInteger());
    const CtlRun run = sessionctl(
        {QStringLiteral("end-process"), QStringLiteral("--server"), Processes, explorerWord, rdpclipPid});
    EXPECT_EQ(run.exitCode, 0) << run.err.toStdString();
    EXPECT_EQ(run.out.split(u'\n', Qt::SkipEmptyParts).size(), 2);
    EXPECT_TRUE(run.out.contains(QStringLiteral("end-process %1 on %2: done\n").arg(explorerWord, Processes)))
        << run.out.toStdString();
    EXPECT_TRUE(run.out.contains(QStringLiteral("end-process %1 on %2: done\n").arg(rdpclipPid, Processes)))
        << run.out.toStdString();

    const CtlRun gone = sessionctl(
        {QStringLiteral("end-process"), QStringLiteral("--server"), Processes, QStringLiteral("999996")});
    EXPECT_EQ(gone.exitCode, 0) << gone.err.toStdString();
    EXPECT_EQ(gone.out, QStringLiteral("end-process 999996 on %1: already gone\n").arg(Processes));
}

TEST(SessionctlEndProcess, RefusesAProcessThatIsNotTheOneNamed)
{
    const QJsonArray rows = processesJson();
    const QJsonObject explorer = userProcess(rows, QStringLiteral("explorer.exe"));
    const qint64 pid = explorer.value(QStringLiteral("pid")).toInteger();
    const QString ref = explorer.value(QStringLiteral("session")).toString();
    const QString id = ref.section(u'@', 0, 0);
    const QString otherId = QString::number(id.toInt() + 1);
    const QString otherUser = SessionRef{id, QStringLiteral("mallory"), {}}.toString();
    const QList<std::pair<QStringList, QString>> refusals{
        {{QStringLiteral("%1@%2").arg(pid).arg(otherId)},
         QStringLiteral("Changed: Process %1 now runs in session %2, not in session %3").arg(pid).arg(id, otherId)},
        {{QStringLiteral("%1@%2").arg(pid).arg(otherUser)}, QStringLiteral("Changed: Session %1 is now").arg(id)},
        {{QStringLiteral("--name"), QStringLiteral("EXCEL.EXE"), QStringLiteral("%1@%2").arg(pid).arg(ref)},
         QStringLiteral("Changed: Process %1 is now explorer.exe, not EXCEL.EXE").arg(pid)},
        {{QStringLiteral("4")}, QStringLiteral("Not supported: Session 0 hosts services")},
    };
    for (const auto &[arguments, reason] : refusals) {
        const CtlRun run = sessionctl(QStringList{QStringLiteral("end-process"), QStringLiteral("--server"), Processes}
                                      + arguments);
        EXPECT_EQ(run.exitCode, 1) << arguments.join(u' ').toStdString();
        EXPECT_TRUE(run.out.isEmpty()) << run.out.toStdString();
        EXPECT_TRUE(run.err.contains(QStringLiteral(": failed: ") + reason)) << run.err.toStdString();
    }
    // The right name (Windows compares it without regard to case) is acted on.
    const CtlRun named = sessionctl({QStringLiteral("end-process"), QStringLiteral("--server"), Processes,
                                     QStringLiteral("--name"), QStringLiteral("Explorer.EXE"),
                                     QStringLiteral("%1@%2").arg(pid).arg(ref)});
    EXPECT_EQ(named.exitCode, 0) << named.err.toStdString();
}

TEST(SessionctlEndProcess, UsageErrorsExit2AndSendNothing)
{
    const QList<QStringList> bad{
        {QStringLiteral("end-process"), QStringLiteral("--server"), Processes},
        {QStringLiteral("end-process"), QStringLiteral("1234")},
        {QStringLiteral("end-process"), QStringLiteral("--server"), Processes, QStringLiteral("explorer.exe")},
        {QStringLiteral("end-process"), QStringLiteral("--server"), Processes, QStringLiteral("0")},
        {QStringLiteral("end-process"), QStringLiteral("--server"), Processes, QStringLiteral("4294967295")},
        {QStringLiteral("end-process"), QStringLiteral("--server"), Processes, QStringLiteral("-1")},
        {QStringLiteral("end-process"), QStringLiteral("--server"), Processes, QStringLiteral("1234@self")},
        {QStringLiteral("end-process"), QStringLiteral("--server"), Processes, QStringLiteral("1234@3@yesterday")},
        {QStringLiteral("end-process"), QStringLiteral("--server"), Processes, QStringLiteral("--name="),
         QStringLiteral("1234")},
        {QStringLiteral("end-process"), QStringLiteral("--server"), Processes, QStringLiteral("--wait"),
         QStringLiteral("1234")},
        // A good pid beside a bad one is not acted on either.
        {QStringLiteral("end-process"), QStringLiteral("--server"), Processes, QStringLiteral("4"), QStringLiteral("*")},
    };
    for (const QStringList &arguments : bad) {
        const CtlRun run = sessionctl(arguments);
        EXPECT_EQ(run.exitCode, 2) << arguments.join(u' ').toStdString();
        EXPECT_TRUE(run.out.isEmpty()) << run.out.toStdString();
        EXPECT_TRUE(run.err.contains(QStringLiteral("Usage:")));
    }
}

TEST(SessionctlKillSession, TakesSignalsAsLoginctlDoes)
{
    for (const char *signal : {"KILL", "SIGKILL", "9", "TERM", "hup", "RTMIN+1"}) {
        for (const char *who : {"all", "leader"}) {
            const CtlRun run = sessionctl({QStringLiteral("kill-session"), QStringLiteral("--server"), Farm,
                                           QStringLiteral("--signal"), QString::fromLatin1(signal),
                                           QStringLiteral("--who=%1").arg(QString::fromLatin1(who)),
                                           QStringLiteral("3")});
            EXPECT_EQ(run.exitCode, 0) << signal << " " << who << ": " << run.err.toStdString();
            EXPECT_EQ(run.out, QStringLiteral("kill-session 3 on %1: done\n").arg(Farm));
        }
    }
}

TEST(SessionctlKillSession, RefusesBadSignalsAndWhoWithExit2)
{
    for (const char *signal : {"FOO", "0", "65", "-9", "SIGKILL9", "", "9;reboot", "\x1b[2J"}) {
        const CtlRun run = sessionctl({QStringLiteral("kill-session"), QStringLiteral("--server"), Farm,
                                       QStringLiteral("--signal"), QString::fromLatin1(signal), QStringLiteral("3")});
        EXPECT_EQ(run.exitCode, 2) << signal;
        EXPECT_TRUE(run.out.isEmpty());
        EXPECT_TRUE(run.err.contains(QStringLiteral("is not a signal"))) << run.err.toStdString();
        EXPECT_FALSE(run.err.contains(QChar(0x1b)));
    }
    EXPECT_EQ(sessionctl({QStringLiteral("kill-session"), QStringLiteral("--server"), Farm, QStringLiteral("--signal")})
                  .exitCode,
              2);
    const CtlRun who = sessionctl({QStringLiteral("kill-session"), QStringLiteral("--server"), Farm,
                                   QStringLiteral("--who"), QStringLiteral("everyone"), QStringLiteral("3")});
    EXPECT_EQ(who.exitCode, 2);
    EXPECT_TRUE(who.err.contains(QStringLiteral("unknown --who 'everyone' (use all or leader)")))
        << who.err.toStdString();
    EXPECT_EQ(sessionctl({QStringLiteral("kill-session"), QStringLiteral("--server"), Farm}).exitCode, 2);
    EXPECT_EQ(sessionctl({QStringLiteral("kill-session"), QStringLiteral("3")}).exitCode, 2);
    EXPECT_EQ(sessionctl({QStringLiteral("kill-session"), QStringLiteral("--server"), Farm, QStringLiteral("--no-wait"),
                          QStringLiteral("3")})
                  .exitCode,
              2);
}

TEST(SessionctlKillSession, ReportsEachSessionAsLogoffDoes)
{
    const QJsonObject session = someUserSession(listJson(Farm));
    const QString ref = session.value(QStringLiteral("ref")).toString();
    const QString id = session.value(QStringLiteral("id")).toString();
    const QString stale = SessionRef{id, QStringLiteral("mallory"), {}}.toString();
    const CtlRun run = sessionctl({QStringLiteral("kill-session"), QStringLiteral("--server"), Farm, ref,
                                   QStringLiteral("0"), QStringLiteral("999")});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.out.contains(QStringLiteral("kill-session %1 on %2: done\n").arg(ref, Farm)))
        << run.out.toStdString();
    EXPECT_TRUE(run.out.contains(QStringLiteral("kill-session 999 on %1: already gone\n").arg(Farm)));
    EXPECT_TRUE(run.err.contains(
        QStringLiteral("kill-session 0 on %1: failed: Not supported: Session 0 hosts services").arg(Farm)))
        << run.err.toStdString();

    const CtlRun refused = sessionctl({QStringLiteral("kill-session"), QStringLiteral("--server"), Farm, stale});
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_TRUE(refused.err.contains(QStringLiteral("failed: Changed: Session %1 is now").arg(id)))
        << refused.err.toStdString();
}

namespace {

const char *const ShowServer = "demo:show?latency=0&sessions=6&churn=0";

// A user's session on ShowServer, as `list --format json` gives it.
QJsonObject listedUserSession()
{
    const CtlRun run = sessionctl(args({"list", "--server", ShowServer, "--format", "json"}));
    EXPECT_EQ(run.exitCode, 0) << run.err.toStdString();
    for (const QJsonValue &value : QJsonDocument::fromJson(run.out.toUtf8()).array()) {
        const QJsonObject row = value.toObject();
        if (!row.value(QStringLiteral("user")).toString().isEmpty()
            && row.value(QStringLiteral("id")).toString() != u"2")
            return row;
    }
    ADD_FAILURE() << "no user session";
    return {};
}

} // namespace

TEST(SessionctlShow, TablePrintsEveryDetailOfTheSession)
{
    const QJsonObject session = listedUserSession();
    const QString ref = session.value(QStringLiteral("ref")).toString();
    const CtlRun run = sessionctl(
        {QStringLiteral("show"), QStringLiteral("--server"), QString::fromLatin1(ShowServer), ref});
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    EXPECT_TRUE(run.err.isEmpty());
    const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
    EXPECT_GE(lines.size(), 20);
    const QRegularExpression clientName(QStringLiteral("^Client name: +(\\S+)$"));
    QString shown;
    for (const QString &line : lines) {
        if (const auto match = clientName.match(line); match.hasMatch())
            shown = match.captured(1);
    }
    EXPECT_EQ(shown, session.value(QStringLiteral("clientName")).toString());
    EXPECT_TRUE(run.out.contains(QStringLiteral("Display resolution:")));
}

TEST(SessionctlShow, JsonIsOneObjectWithServerRefAndTheBackendsKeys)
{
    const QJsonObject session = listedUserSession();
    const QString ref = session.value(QStringLiteral("ref")).toString();
    const CtlRun run = sessionctl({QStringLiteral("show"), QStringLiteral("--server"), QString::fromLatin1(ShowServer),
                                   QStringLiteral("--format=json"), ref});
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    QJsonParseError error;
    const QJsonObject object = QJsonDocument::fromJson(run.out.toUtf8(), &error).object();
    ASSERT_EQ(error.error, QJsonParseError::NoError) << error.errorString().toStdString();
    EXPECT_EQ(object.value(QStringLiteral("server")), session.value(QStringLiteral("server")));
    EXPECT_EQ(object.value(QStringLiteral("ref")).toString(), ref);
    EXPECT_EQ(object.value(QStringLiteral("sessionId")).toString(), session.value(QStringLiteral("id")).toString());
    EXPECT_EQ(object.value(QStringLiteral("user")).toString(), session.value(QStringLiteral("user")).toString());
    EXPECT_EQ(object.value(QStringLiteral("clientAddress")), session.value(QStringLiteral("clientAddress")));
    EXPECT_FALSE(object.value(QStringLiteral("clientBuild")).toString().isEmpty());
    // The demo's clients are the same in every process, as a real server's would be.
    const CtlRun again = sessionctl({QStringLiteral("show"), QStringLiteral("--server"),
                                     QString::fromLatin1(ShowServer), QStringLiteral("--format=json"), ref});
    const QJsonObject second = QJsonDocument::fromJson(again.out.toUtf8()).object();
    for (const char *key : {"clientBuild", "displayResolution", "colorDepth", "encryptionLevel", "workingDirectory"})
        EXPECT_EQ(second.value(QString::fromLatin1(key)), object.value(QString::fromLatin1(key))) << key;
    for (const char *key : {"displayResolution", "colorDepth", "encryptionLevel", "protocol", "initialProgram",
                            "workingDirectory", "connectTime", "disconnectTime", "lastInputTime", "logonTime"})
        EXPECT_TRUE(object.contains(QString::fromLatin1(key))) << key;
    EXPECT_LT(run.out.indexOf(QStringLiteral("\"ref\"")), run.out.indexOf(QStringLiteral("\"sessionId\"")));
    EXPECT_LT(run.out.indexOf(QStringLiteral("\"sessionId\"")), run.out.indexOf(QStringLiteral("\"clientName\"")));
}

TEST(SessionctlShow, AnotherLogonOrAGoneSessionFailsWithTheReason)
{
    const QJsonObject session = listedUserSession();
    const QString id = session.value(QStringLiteral("id")).toString();
    const CtlRun changed = sessionctl({QStringLiteral("show"), QStringLiteral("--server"),
                                       QString::fromLatin1(ShowServer), id + QStringLiteral("/someoneelse")});
    EXPECT_EQ(changed.exitCode, 1);
    EXPECT_TRUE(changed.out.isEmpty());
    EXPECT_TRUE(changed.err.contains(QStringLiteral("Changed"))) << changed.err.toStdString();

    const CtlRun gone = sessionctl(args({"show", "--server", ShowServer, "4000"}));
    EXPECT_EQ(gone.exitCode, 1);
    EXPECT_TRUE(gone.out.isEmpty());
    EXPECT_TRUE(gone.err.contains(QStringLiteral("Already gone"))) << gone.err.toStdString();
}

TEST(SessionctlShow, BadUsageIsExit2)
{
    for (const QStringList &arguments :
         {args({"show", "3"}), args({"show", "--server", ShowServer}), args({"show", "--server", ShowServer, "3", "4"}),
          args({"show", "--server", ShowServer, "--format", "csv", "3"}),
          args({"show", "--server", ShowServer, "--server", ShowServer, "3"}),
          args({"show", "--server", ShowServer, "self"})}) {
        const CtlRun run = sessionctl(arguments);
        EXPECT_EQ(run.exitCode, 2) << arguments.join(u' ').toStdString();
        EXPECT_TRUE(run.out.isEmpty());
        EXPECT_TRUE(run.err.contains(QStringLiteral("Usage:")));
    }
}

TEST(Sessionctl, ListJsonAndCsvCarryTheResourceTotals)
{
    const CtlRun json = sessionctl(args({"list", "--server", "demo:t?latency=0&sessions=3", "--format", "json"}));
    ASSERT_EQ(json.exitCode, 0) << json.err.toStdString();
    const QJsonArray rows = QJsonDocument::fromJson(json.out.toUtf8()).array();
    ASSERT_FALSE(rows.isEmpty());
    int withProcesses = 0;
    for (const QJsonValue &value : rows) {
        const QJsonObject row = value.toObject();
        for (const char *key : {"processes", "memoryBytes", "cpuSeconds"})
            ASSERT_TRUE(row.value(QString::fromLatin1(key)).isDouble()) << key; // demo gives them all
        if (row.value(QStringLiteral("processes")).toInteger() > 0) {
            ++withProcesses;
            EXPECT_GT(row.value(QStringLiteral("memoryBytes")).toInteger(), 0);
            EXPECT_GT(row.value(QStringLiteral("cpuSeconds")).toDouble(), 0.0);
        }
    }
    EXPECT_GT(withProcesses, 0);

    const CtlRun csv = sessionctl(args({"list", "--server", "demo:t?latency=0&sessions=3", "--format=csv"}));
    ASSERT_EQ(csv.exitCode, 0);
    const QStringList lines = csv.out.split(u'\n', Qt::SkipEmptyParts);
    EXPECT_TRUE(
        lines.first().endsWith(QStringLiteral(",ref,connectTime,disconnectTime,processes,memoryBytes,cpuSeconds")));
    // The services session: its ref, then a count, bytes and seconds with three decimals.
    static const QRegularExpression totals(QStringLiteral(",0@[^,]+,[^,]*,[^,]*,\\d+,\\d+,\\d+\\.\\d{3}$"));
    EXPECT_TRUE(totals.match(lines.at(1)).hasMatch()) << lines.at(1).toStdString();
}
