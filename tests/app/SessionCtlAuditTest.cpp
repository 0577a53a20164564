#include "AuditLog.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

struct CtlRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

// sessionctl with its audit log at `auditLog`.
CtlRun sessionctl(const QString &auditLog, const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(AuditLog::PathVariable), auditLog);
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(SESSIONCTL_PATH), arguments);
    EXPECT_TRUE(process.waitForFinished(60000));
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

QList<AuditRecord> recordsAt(const QString &path)
{
    const AuditLog::Contents contents = AuditLog::read(path);
    EXPECT_TRUE(contents.problems.isEmpty()) << contents.problems.join(u'\n').toStdString();
    return contents.records;
}

const QString Server = QStringLiteral("demo:audit?latency=0&churn=0");

} // namespace

TEST(SessionctlAudit, EveryTargetOfAnActionIsRecordedBeforeAndAfter)
{
    const QTemporaryDir directory;
    const QString log = directory.filePath(QStringLiteral("audit.jsonl"));
    const CtlRun run = sessionctl(log, {QStringLiteral("logoff"), QStringLiteral("--no-wait"),
                                        QStringLiteral("--server"), Server, QStringLiteral("3"), QStringLiteral("0")});
    EXPECT_EQ(run.exitCode, 1) << run.err.toStdString(); // 0 is the services session: refused by the server

    const QList<AuditRecord> records = recordsAt(log);
    ASSERT_EQ(records.size(), 4);
    QHash<QString, QList<AuditRecord>> bySession;
    for (const AuditRecord &record : records) {
        EXPECT_EQ(record.tool, QStringLiteral("sessionctl"));
        EXPECT_EQ(record.action, QStringLiteral("logoff"));
        EXPECT_EQ(record.server, Server);
        EXPECT_EQ(record.batch, records.first().batch);
        EXPECT_FALSE(record.options.value(QStringLiteral("wait")).toBool(true));
        bySession[record.sessionId].append(record);
    }
    ASSERT_EQ(bySession.value(QStringLiteral("3")).size(), 2);
    EXPECT_EQ(bySession.value(QStringLiteral("3")).at(0).phase, AuditRecord::Phase::Requested);
    EXPECT_EQ(bySession.value(QStringLiteral("3")).at(1).outcome, QStringLiteral("done"));
    ASSERT_EQ(bySession.value(QStringLiteral("0")).size(), 2);
    EXPECT_EQ(bySession.value(QStringLiteral("0")).at(1).outcome, QStringLiteral("failed"));
    EXPECT_EQ(bySession.value(QStringLiteral("0")).at(1).reasonCategory, QStringLiteral("Not supported"));

    const CtlRun message = sessionctl(log, {QStringLiteral("message"), QStringLiteral("--server"), Server,
                                            QStringLiteral("--title"), QStringLiteral("Maintenance"),
                                            QStringLiteral("--text"), QStringLiteral("at noon"), QStringLiteral("4")});
    EXPECT_EQ(message.exitCode, 0) << message.err.toStdString();
    const QList<AuditRecord> after = recordsAt(log);
    ASSERT_EQ(after.size(), 6);
    EXPECT_EQ(after.at(4).action, QStringLiteral("message"));
    EXPECT_EQ(after.at(4).options.value(QStringLiteral("title")).toString(), QStringLiteral("Maintenance"));
    EXPECT_NE(after.at(4).batch, records.first().batch);
}

TEST(SessionctlAudit, AnUnwritableLogSendsNothingAndSaysWhy)
{
    const QTemporaryDir directory;
    // Its parent is a regular file: unwritable for root as well.
    const QString blocker = directory.filePath(QStringLiteral("file"));
    {
        QFile file(blocker);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    }
    const QString log = blocker + QStringLiteral("/audit.jsonl");
    const CtlRun run = sessionctl(log,
                                  {QStringLiteral("logoff"), QStringLiteral("--server"), Server, QStringLiteral("3")});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.out.isEmpty()) << run.out.toStdString();
    EXPECT_TRUE(run.err.startsWith(
        QStringLiteral("sessionctl: Could not write the audit log at %1: ").arg(QDir::toNativeSeparators(log))))
        << run.err.toStdString();
    EXPECT_TRUE(run.err.contains(QStringLiteral("nothing was sent"))) << run.err.toStdString();
}

TEST(SessionctlAudit, HistoryPrintsTheLogAsJsonOrTableFromAPointInTime)
{
    const QTemporaryDir directory;
    const QString log = directory.filePath(QStringLiteral("audit.jsonl"));
    AuditRecord old;
    old.time = QDateTime::currentDateTimeUtc().addSecs(-3 * 3600);
    old.server = QStringLiteral("demo:earlier");
    old.action = QStringLiteral("lock");
    {
        QFile file(log);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(old.toJson()).toJson(QJsonDocument::Compact) + '\n');
    }
    ASSERT_EQ(sessionctl(log, {QStringLiteral("lock"), QStringLiteral("--server"), Server, QStringLiteral("3")}).exitCode,
              0);

    const CtlRun all = sessionctl(log, {QStringLiteral("history"), QStringLiteral("--format"), QStringLiteral("json")});
    ASSERT_EQ(all.exitCode, 0) << all.err.toStdString();
    const QJsonArray array = QJsonDocument::fromJson(all.out.toUtf8()).array();
    ASSERT_EQ(array.size(), 3);
    EXPECT_EQ(array.at(0).toObject().value(QStringLiteral("server")).toString(), QStringLiteral("demo:earlier"));
    const QJsonObject outcome = array.at(2).toObject();
    for (const char *key : {"time", "phase", "batch", "tool", "operator", "purpose", "server", "sessionId",
                            "sessionUser", "sessionRef", "process", "action", "options", "outcome", "reason"})
        EXPECT_TRUE(outcome.contains(QLatin1String(key))) << key;
    EXPECT_EQ(outcome.value(QStringLiteral("outcome")).toString(), QStringLiteral("done"));

    const CtlRun recent = sessionctl(log, {QStringLiteral("history"), QStringLiteral("--since=2h")});
    ASSERT_EQ(recent.exitCode, 0) << recent.err.toStdString();
    const QStringList lines = recent.out.split(u'\n', Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 3) << recent.out.toStdString(); // the header and the lock's two records
    EXPECT_TRUE(lines.at(0).startsWith(QStringLiteral("TIME")));
    EXPECT_TRUE(lines.at(1).contains(QStringLiteral("requested")));
    EXPECT_TRUE(lines.at(2).contains(QStringLiteral("done")));
    EXPECT_FALSE(recent.out.contains(QStringLiteral("demo:earlier")));

    const CtlRun bad = sessionctl(log,
                                  {QStringLiteral("history"), QStringLiteral("--since"), QStringLiteral("2 hours")});
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_TRUE(bad.err.contains(QStringLiteral("--since: invalid duration '2 hours'"))) << bad.err.toStdString();

    const QTemporaryDir empty;
    const CtlRun none = sessionctl(empty.filePath(QStringLiteral("audit.jsonl")),
                                   {QStringLiteral("history"), QStringLiteral("--format=json")});
    EXPECT_EQ(none.exitCode, 0);
    EXPECT_EQ(QJsonDocument::fromJson(none.out.toUtf8()).array().size(), 0);
}
