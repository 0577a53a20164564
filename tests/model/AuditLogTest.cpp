#include "AuditLog.h"
#include "ActionJob.h"
#include "demo/DemoSource.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThreadPool>

#include <gtest/gtest.h>

#include <thread>

using namespace std::chrono_literals;

namespace {

QList<QJsonObject> linesOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QJsonObject> lines;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine();
        EXPECT_TRUE(line.endsWith('\n'));
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        EXPECT_EQ(error.error, QJsonParseError::NoError) << line.constData();
        lines.append(document.object());
    }
    return lines;
}

QList<ActionJob::Target> userSessions(const std::shared_ptr<DemoSource> &source, int count)
{
    const EnumerateResult listed = source->enumerate();
    QList<ActionJob::Target> targets;
    for (const Session &s : listed.value()) {
        if (!s.user.isEmpty() && !s.own && targets.size() < count)
            targets.append({source, s});
    }
    return targets;
}

bool runToEnd(ActionJob &job)
{
    QSignalSpy finished(&job, &ActionJob::finished);
    job.start();
    return job.isFinished() || finished.wait(20000);
}

// A demo server that, when asked to log off, notes what the audit log held at that moment.
class LogReadingSource final : public SessionSource
{
public:
    LogReadingSource(const QString &address, QString logPath)
        : SessionSource(ServerAddress::parse(address))
        , m_demo(ServerAddress::parse(address))
        , m_logPath(std::move(logPath))
    {}

    Capabilities capabilities() const override { return m_demo.capabilities(); }
    EnumerateResult enumerate() override { return m_demo.enumerate(); }
    // Written on the worker, read once the job has finished.
    QList<QJsonObject> seenAtCall;

protected:
    ActionResult doLogoff(const SessionRef &target, bool wait, Timeout timeout) override
    {
        seenAtCall = linesOf(m_logPath);
        return m_demo.logoff(target, wait, timeout);
    }

private:
    DemoSource m_demo;
    const QString m_logPath;
};

} // namespace

TEST(AuditLog, EveryTargetOfAJobLeavesItsRequestAndItsOutcomeUnderOneBatch)
{
    const QTemporaryDir directory;
    const QString path = directory.filePath(QStringLiteral("sub/audit.jsonl"));
    auto source = std::make_shared<DemoSource>(ServerAddress::parse(QStringLiteral("demo:a?sessions=8&churn=0")));
    QList<ActionJob::Target> targets = userSessions(source, 3);
    ASSERT_EQ(targets.size(), 3);
    ASSERT_TRUE(source->logoff(targets.at(2).ref, true, 5s).ok()); // already gone when the job comes

    ActionJob::Options options;
    options.kind = ActionJob::Kind::Logoff;
    options.wait = false;
    options.purpose = QStringLiteral("cleanup");
    QThreadPool pool;
    ActionJob job(options, targets, std::make_shared<AuditLog>(AuditLog::Tool::Sessionctl, path), &pool);
    ASSERT_TRUE(runToEnd(job));

    const QList<QJsonObject> lines = linesOf(path);
    ASSERT_EQ(lines.size(), 6);
    for (const ActionJob::Target &target : std::as_const(targets)) {
        QList<QJsonObject> mine;
        for (const QJsonObject &line : lines) {
            if (line.value(QStringLiteral("sessionRef")).toString() == target.ref.toString())
                mine.append(line);
        }
        ASSERT_EQ(mine.size(), 2) << qPrintable(target.ref.toString());
        EXPECT_EQ(mine.at(0).value(QStringLiteral("phase")).toString(), QStringLiteral("requested"));
        EXPECT_TRUE(mine.at(0).value(QStringLiteral("outcome")).isNull());
        EXPECT_EQ(mine.at(1).value(QStringLiteral("phase")).toString(), QStringLiteral("outcome"));
        for (const QJsonObject &line : std::as_const(mine)) {
            EXPECT_EQ(line.value(QStringLiteral("batch")).toString(), job.batchId());
            EXPECT_EQ(line.value(QStringLiteral("tool")).toString(), QStringLiteral("sessionctl"));
            EXPECT_EQ(line.value(QStringLiteral("action")).toString(), QStringLiteral("logoff"));
            EXPECT_EQ(line.value(QStringLiteral("purpose")).toString(), QStringLiteral("cleanup"));
            EXPECT_EQ(line.value(QStringLiteral("server")).toString(), source->address().toString());
            EXPECT_EQ(line.value(QStringLiteral("sessionId")).toString(), target.session.id);
            EXPECT_EQ(line.value(QStringLiteral("sessionUser")).toString(), target.session.user);
            EXPECT_EQ(line.value(QStringLiteral("options")).toObject().value(QStringLiteral("wait")), QJsonValue(false));
            EXPECT_TRUE(line.value(QStringLiteral("operator")).toString().contains(u'@'));
            const QDateTime time = QDateTime::fromString(line.value(QStringLiteral("time")).toString(),
                                                         Qt::ISODateWithMs);
            EXPECT_TRUE(time.isValid());
            EXPECT_EQ(time.timeSpec(), Qt::UTC);
            EXPECT_TRUE(line.value(QStringLiteral("time")).toString().endsWith(u'Z'));
        }
    }
    const auto outcomeOf = [&](int target) {
        for (const QJsonObject &line : lines) {
            if (line.value(QStringLiteral("sessionRef")).toString() == targets.at(target).ref.toString()
                && line.value(QStringLiteral("phase")).toString() == u"outcome")
                return line;
        }
        return QJsonObject();
    };
    EXPECT_EQ(outcomeOf(0).value(QStringLiteral("outcome")).toString(), QStringLiteral("done"));
    EXPECT_TRUE(outcomeOf(0).value(QStringLiteral("reason")).isNull());
    EXPECT_EQ(outcomeOf(2).value(QStringLiteral("outcome")).toString(), QStringLiteral("already-gone"));
    EXPECT_EQ(outcomeOf(2).value(QStringLiteral("reason")).toObject().value(QStringLiteral("category")).toString(),
              SessionError::categoryName(SessionError::Category::AlreadyGone));
}

TEST(AuditLog, TheRequestIsInTheFileBeforeTheServerIsCalled)
{
    const QTemporaryDir directory;
    const QString path = directory.filePath(QStringLiteral("audit.jsonl"));
    auto source = std::make_shared<LogReadingSource>(QStringLiteral("demo:b?sessions=4&churn=0"), path);
    const EnumerateResult listed = source->enumerate();
    Session target;
    for (const Session &s : listed.value()) {
        if (!s.user.isEmpty() && !s.own)
            target = s;
    }
    QThreadPool pool;
    ActionJob job({}, {{source, target}}, std::make_shared<AuditLog>(AuditLog::Tool::Console, path), &pool);
    ASSERT_TRUE(runToEnd(job));
    EXPECT_EQ(job.outcome(0).status, ActionJob::Status::Done);
    ASSERT_EQ(source->seenAtCall.size(), 1);
    EXPECT_EQ(source->seenAtCall.at(0).value(QStringLiteral("phase")).toString(), QStringLiteral("requested"));
    EXPECT_EQ(source->seenAtCall.at(0).value(QStringLiteral("sessionId")).toString(), target.id);
    EXPECT_EQ(linesOf(path).size(), 2);
}

TEST(AuditLog, AnActionWhoseRequestCannotBeWrittenIsNotRun)
{
    const QTemporaryDir directory;
    // A regular file where the log's directory should be: no one, root included, can create it.
    const QString blocker = directory.filePath(QStringLiteral("not-a-directory"));
    {
        QFile file(blocker);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    }
    const QString path = blocker + QStringLiteral("/audit.jsonl");
    auto source = std::make_shared<DemoSource>(ServerAddress::parse(QStringLiteral("demo:c?sessions=6&churn=0")));
    const QList<ActionJob::Target> targets = userSessions(source, 2);
    ASSERT_EQ(targets.size(), 2);

    auto audit = std::make_shared<AuditLog>(AuditLog::Tool::Console, path);
    const Result<void> writable = audit->check();
    ASSERT_FALSE(writable);
    EXPECT_TRUE(writable.error().message.startsWith(
        QStringLiteral("Could not write the audit log at %1: ").arg(QDir::toNativeSeparators(path))))
        << qPrintable(writable.error().message);

    QThreadPool pool;
    ActionJob job({}, targets, audit, &pool);
    ASSERT_TRUE(runToEnd(job));
    for (int i = 0; i < job.total(); ++i) {
        EXPECT_EQ(job.outcome(i).status, ActionJob::Status::Failed);
        ASSERT_TRUE(job.outcome(i).error);
        EXPECT_EQ(job.outcome(i).error->name, QLatin1String(AuditLog::ErrorName));
        EXPECT_TRUE(job.outcome(i).error->message.startsWith(QStringLiteral("Could not write the audit log at ")));
        EXPECT_TRUE(source->isPresent(job.target(i).session.id)) << "logged off without a record";
    }
}

TEST(AuditLog, EndProcessAndKillSessionRecordWhatTheyAct)
{
    const QTemporaryDir directory;
    const QString path = directory.filePath(QStringLiteral("audit.jsonl"));
    auto audit = std::make_shared<AuditLog>(AuditLog::Tool::Console, path);
    auto source = std::make_shared<DemoSource>(ServerAddress::parse(QStringLiteral("demo:d?sessions=6&churn=0")));
    const QList<ActionJob::Target> sessions = userSessions(source, 2);
    ASSERT_EQ(sessions.size(), 2);
    const ProcessesResult processes = source->processes(sessions.at(0).ref, 5s);
    ASSERT_TRUE(processes.ok());
    ASSERT_FALSE(processes.value().isEmpty());
    const SessionProcess process = processes.value().first();

    QThreadPool pool;
    ActionJob::Options end;
    end.kind = ActionJob::Kind::EndProcess;
    ActionJob ending(end, {{source, sessions.at(0).session, process}}, audit, &pool);
    ASSERT_TRUE(runToEnd(ending));
    ActionJob::Options kill;
    kill.kind = ActionJob::Kind::KillSession;
    kill.signal = LinuxSignal::Kill;
    kill.killWho = SessionSource::KillWho::Leader;
    ActionJob killing(kill, {sessions.at(1)}, audit, &pool);
    ASSERT_TRUE(runToEnd(killing));

    const QList<QJsonObject> lines = linesOf(path);
    ASSERT_EQ(lines.size(), 4);
    const QJsonObject endProcess = lines.at(0);
    EXPECT_EQ(endProcess.value(QStringLiteral("action")).toString(), QStringLiteral("end-process"));
    EXPECT_EQ(endProcess.value(QStringLiteral("process")).toObject().value(QStringLiteral("pid")).toInteger(),
              qint64(process.pid));
    EXPECT_EQ(endProcess.value(QStringLiteral("process")).toObject().value(QStringLiteral("name")).toString(),
              process.name);
    EXPECT_NE(lines.at(0).value(QStringLiteral("batch")), lines.at(2).value(QStringLiteral("batch")));
    const QJsonObject killOptions = lines.at(2).value(QStringLiteral("options")).toObject();
    EXPECT_EQ(lines.at(2).value(QStringLiteral("action")).toString(), QStringLiteral("kill-session"));
    EXPECT_EQ(killOptions.value(QStringLiteral("signal")).toString(), QStringLiteral("SIGKILL"));
    EXPECT_EQ(killOptions.value(QStringLiteral("who")).toString(), QStringLiteral("leader"));
    EXPECT_TRUE(lines.at(2).value(QStringLiteral("process")).isNull());
}

TEST(AuditLog, RotatesBySizeKeepingTheNewestFilesAndReadsThemInOrder)
{
    const QTemporaryDir directory;
    const QString path = directory.filePath(QStringLiteral("audit.jsonl"));
    AuditLog::Rotation rotation;
    rotation.maxBytes = 2000;
    rotation.keep = 2;
    AuditLog audit(AuditLog::Tool::Console, path, rotation);
    constexpr int Records = 60;
    for (int i = 0; i < Records; ++i) {
        AuditRecord record;
        record.server = QStringLiteral("demo:r");
        record.sessionId = QString::number(i);
        record.action = QStringLiteral("lock");
        ASSERT_TRUE(audit.append(record).ok());
    }
    EXPECT_TRUE(QFile::exists(directory.filePath(QStringLiteral("audit.1.jsonl"))));
    EXPECT_TRUE(QFile::exists(directory.filePath(QStringLiteral("audit.2.jsonl"))));
    EXPECT_FALSE(QFile::exists(directory.filePath(QStringLiteral("audit.3.jsonl"))));
    for (const QString &name : QDir(directory.path()).entryList(QDir::Files))
        EXPECT_LE(QFileInfo(directory.filePath(name)).size(), rotation.maxBytes) << qPrintable(name);

    const AuditLog::Contents contents = AuditLog::read(path, {}, rotation);
    EXPECT_TRUE(contents.problems.isEmpty());
    ASSERT_GT(contents.records.size(), 3);
    EXPECT_LT(contents.records.size(), Records); // the oldest went with the third file
    EXPECT_EQ(contents.records.last().sessionId, QString::number(Records - 1));
    for (qsizetype i = 1; i < contents.records.size(); ++i)
        EXPECT_EQ(contents.records.at(i).sessionId.toInt(), contents.records.at(i - 1).sessionId.toInt() + 1);
}

TEST(AuditLog, ReadingSkipsWhatIsNotARecordAndHonoursSince)
{
    const QTemporaryDir directory;
    const QString path = directory.filePath(QStringLiteral("audit.jsonl"));
    AuditRecord old;
    old.time = QDateTime::currentDateTimeUtc().addDays(-2);
    old.server = QStringLiteral("demo:old");
    old.action = QStringLiteral("logoff");
    {
        QFile file(path);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(old.toJson()).toJson(QJsonDocument::Compact) + '\n');
        file.write("{\"half\": \n");
    }
    AuditLog audit(AuditLog::Tool::Console, path);
    AuditRecord fresh;
    fresh.server = QStringLiteral("demo:new");
    fresh.action = QStringLiteral("lock");
    ASSERT_TRUE(audit.append(fresh).ok());

    const AuditLog::Contents all = AuditLog::read(path);
    ASSERT_EQ(all.records.size(), 2);
    EXPECT_EQ(all.records.at(0).server, QStringLiteral("demo:old"));
    ASSERT_EQ(all.problems.size(), 1);
    EXPECT_TRUE(all.problems.first().endsWith(QStringLiteral(":2: not an audit record")));

    const AuditLog::Contents recent = AuditLog::read(path, QDateTime::currentDateTimeUtc().addDays(-1));
    ASSERT_EQ(recent.records.size(), 1);
    EXPECT_EQ(recent.records.first().server, QStringLiteral("demo:new"));
    EXPECT_EQ(recent.records.first().tool, QStringLiteral("console"));
    EXPECT_EQ(recent.records.first().operatorName, audit.operatorName());
}

TEST(AuditLog, LinesFromManyThreadsStayWhole)
{
    const QTemporaryDir directory;
    const QString path = directory.filePath(QStringLiteral("audit.jsonl"));
    AuditLog audit(AuditLog::Tool::Console, path);
    constexpr int Threads = 8;
    constexpr int PerThread = 50;
    std::vector<std::thread> threads;
    for (int t = 0; t < Threads; ++t) {
        threads.emplace_back([&audit, t] {
            for (int i = 0; i < PerThread; ++i) {
                AuditRecord record;
                record.server = QStringLiteral("demo:t%1").arg(t);
                record.sessionId = QString::number(i);
                record.action = QStringLiteral("message");
                record.options.insert(QStringLiteral("title"), QString(200, u'x'));
                EXPECT_TRUE(audit.append(record).ok());
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    const AuditLog::Contents contents = AuditLog::read(path);
    EXPECT_TRUE(contents.problems.isEmpty());
    EXPECT_EQ(contents.records.size(), Threads * PerThread);
}
