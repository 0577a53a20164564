#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

struct CtlRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

CtlRun sessionctl(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(SESSIONCTL_PATH), arguments);
    EXPECT_TRUE(process.waitForFinished(60000));
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

QStringList args(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *a : list)
        out << QString::fromUtf8(a);
    return out;
}

} // namespace

TEST(Sessionctl, ListsTwoDemoServersAsJson)
{
    const CtlRun run = sessionctl(args({"list", "--server", "demo:a?latency=0", "--server", "demo:b?latency=0", "--format", "json"}));
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
    for (const QString &address : QStringList{QStringLiteral("-oProxyCommand=touch ") + marker, QStringLiteral("host;touch ") + marker,
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
    EXPECT_TRUE(run.err.contains(QStringLiteral("demo:down?latency=0&fail=100: Unreachable: The RPC server is unavailable. (1722)")))
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
