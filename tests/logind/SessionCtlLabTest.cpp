// sessionctl against the lab: the command line reaches logind through the same backend.
#include "LabHosts.h"

#include "BlackHolePort.h"

#include "AuditLog.h"
#include "SessionRef.h"
#include "logind/LogindBusAddress.h"
#include "logind/LogindSource.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QThread>

#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {

struct CommandResult
{
    int exitCode = -1;
    QString out;
    QString err;
};

// sessionctl reaching the lab through `sshConfig`; its audit log at `auditLog` where given.
CommandResult sessionctl(const QStringList &arguments, const QString &sshConfig, const QString &auditLog = {})
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(LogindBusAddress::SshConfigVariable), sshConfig);
    if (!auditLog.isEmpty())
        environment.insert(QString::fromLatin1(AuditLog::PathVariable), auditLog);
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(SESSIONCTL_PATH), arguments);
    if (!process.waitForFinished(60000))
        process.kill();
    process.waitForFinished();
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

class SessionCtlLabTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        QString error;
        lab = LabHosts::load(&error);
        ASSERT_TRUE(lab.has_value()) << error.toStdString();
        opened = lab->openSessions(lab->host(0), QStringLiteral("alice"), 2);
        ASSERT_EQ(opened.size(), 2);
    }

    void TearDown() override
    {
        if (lab && !opened.isEmpty())
            lab->exec(lab->host(0),
                      QStringList{QStringLiteral("loginctl"), QStringLiteral("terminate-session")} + opened);
    }

    // The requested and outcome records of `id` in `log`, which must be there, in that order.
    static std::pair<AuditRecord, AuditRecord> recordsOf(const QString &log, const QString &id)
    {
        QList<AuditRecord> found;
        for (const AuditRecord &record : AuditLog::read(log).records) {
            if (record.sessionId == id)
                found.append(record);
        }
        EXPECT_EQ(found.size(), 2) << "records of session " << id.toStdString();
        if (found.size() != 2)
            return {};
        EXPECT_EQ(found.at(0).phase, AuditRecord::Phase::Requested);
        EXPECT_EQ(found.at(1).phase, AuditRecord::Phase::Outcome);
        EXPECT_EQ(found.at(0).batch, found.at(1).batch);
        return {found.at(0), found.at(1)};
    }

    std::optional<LabHosts> lab;
    QStringList opened;
    QTemporaryDir auditDirectory;
    const QString auditLog = auditDirectory.filePath(QStringLiteral("audit.jsonl"));
};

} // namespace

TEST_F(SessionCtlLabTest, ListsAHostByBusAddressAsJson)
{
    const LabHosts::Host &host = lab->host(0);
    // Sessions of earlier tests may still be closing: the two lists agree once they are gone.
    QStringList ids;
    QStringList expected;
    QJsonArray sessions;
    const QDeadlineTimer deadline(30000);
    do {
        const CommandResult run = sessionctl({QStringLiteral("list"), QStringLiteral("--server"),
                                              QStringLiteral("dbus:") + host.busAddress, QStringLiteral("--format"),
                                              QStringLiteral("json")},
                                             lab->sshConfig());
        ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(run.out.toUtf8(), &parseError);
        ASSERT_TRUE(document.isArray()) << parseError.errorString().toStdString() << "\n" << run.out.toStdString();
        sessions = document.array();
        ids.clear();
        for (const QJsonValue &value : std::as_const(sessions))
            ids << value.toObject().value(QStringLiteral("id")).toString();
        expected = lab->sessionIds(host);
        ids.sort();
        expected.sort();
    } while (ids != expected && !deadline.hasExpired());
    EXPECT_EQ(ids, expected);
    for (const QJsonValue &value : std::as_const(sessions)) {
        const QJsonObject session = value.toObject();
        if (opened.contains(session.value(QStringLiteral("id")).toString())) {
            EXPECT_EQ(session.value(QStringLiteral("user")).toString(), QStringLiteral("alice"));
        }
    }
}

TEST_F(SessionCtlLabTest, ListsAHostOverSsh)
{
    const LabHosts::Host &host = lab->host(0);
    const QString server = QStringLiteral("root@127.0.0.1:%1").arg(host.sshPort);
    const CommandResult run = sessionctl({QStringLiteral("list"), QStringLiteral("--server"), server,
                                          QStringLiteral("--format"), QStringLiteral("csv")},
                                         lab->sshConfig());
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    QStringList ids;
    for (const QString &line : run.out.split(u'\n', Qt::SkipEmptyParts).mid(1))
        ids << line.section(u',', 1, 1);
    // The list includes the session of sessionctl's own ssh connection, gone again now.
    for (const QString &id : opened)
        EXPECT_TRUE(ids.contains(id)) << "session " << id.toStdString() << " missing from\n" << run.out.toStdString();
    const QStringList now = lab->sessionIds(host);
    for (const QString &id : now)
        EXPECT_TRUE(ids.contains(id)) << "session " << id.toStdString() << " missing from\n" << run.out.toStdString();

    const CommandResult table = sessionctl({QStringLiteral("list"), QStringLiteral("--server"), server},
                                           lab->sshConfig());
    ASSERT_EQ(table.exitCode, 0) << table.err.toStdString();
    for (const QString &id : opened)
        EXPECT_TRUE(table.out.contains(id));
}

TEST_F(SessionCtlLabTest, LogsOffWithWait)
{
    const LabHosts::Host &host = lab->host(0);
    const CommandResult run = sessionctl(QStringList{QStringLiteral("logoff"), QStringLiteral("--server"),
                                                     QStringLiteral("dbus:") + host.busAddress, QStringLiteral("--wait"),
                                                     QStringLiteral("--timeout"), QStringLiteral("20")}
                                             + opened,
                                         lab->sshConfig(), auditLog);
    EXPECT_EQ(run.exitCode, 0) << run.out.toStdString() << run.err.toStdString();
    const QStringList now = lab->sessionIds(host);
    for (const QString &id : opened)
        EXPECT_FALSE(now.contains(id)) << "session " << id.toStdString() << " survived sessionctl logoff";
    for (const QString &id : opened) {
        const auto [requested, outcome] = recordsOf(auditLog, id);
        EXPECT_EQ(requested.tool, QStringLiteral("sessionctl"));
        EXPECT_EQ(requested.action, QStringLiteral("logoff"));
        EXPECT_EQ(requested.server, QStringLiteral("dbus:") + host.busAddress);
        EXPECT_TRUE(requested.options.value(QStringLiteral("wait")).toBool());
        EXPECT_EQ(outcome.outcome, QStringLiteral("done")) << outcome.reason.toStdString();
    }
}

TEST_F(SessionCtlLabTest, ListKeepsTheGoodHostBesideABlackHole)
{
    // The black hole is listed first: its connection must not hold up the good host's.
    BlackHolePort blackHole;
    ASSERT_GT(blackHole.port(), 0);
    const QString hole = QStringLiteral("root@127.0.0.1:%1").arg(blackHole.port());
    const QString good = QStringLiteral("root@127.0.0.1:%1").arg(lab->host(0).sshPort);
    const CommandResult run = sessionctl({QStringLiteral("list"), QStringLiteral("--server"), hole,
                                          QStringLiteral("--server"), good, QStringLiteral("--format"),
                                          QStringLiteral("json")},
                                         lab->sshConfig());
    EXPECT_EQ(run.exitCode, 1) << "one server failed: " << run.err.toStdString();
    EXPECT_TRUE(run.err.contains(hole)) << run.err.toStdString();
    const QJsonDocument document = QJsonDocument::fromJson(run.out.toUtf8());
    ASSERT_TRUE(document.isArray()) << run.out.toStdString();
    QStringList ids;
    for (const QJsonValue &value : document.array()) {
        EXPECT_EQ(value.toObject().value(QStringLiteral("server")).toString(), good);
        ids << value.toObject().value(QStringLiteral("id")).toString();
    }
    for (const QString &id : opened)
        EXPECT_TRUE(ids.contains(id)) << "the good host's session " << id.toStdString() << " is missing:\n"
                                      << run.out.toStdString() << run.err.toStdString();
}

TEST_F(SessionCtlLabTest, LogoffByRefRefusesAnIdReusedAfterAReboot)
{
    // logind numbers sessions from the start again after a boot: the id of a logon listed
    // before a power cut names somebody else's logon after it.
    const auto reboot = [&] {
        const LabHosts::Host host = lab->host(2);
        ASSERT_TRUE(lab->control(QStringLiteral("kill-host"), host));
        ASSERT_TRUE(lab->control(QStringLiteral("revive"), host));
        QString error;
        lab = LabHosts::load(&error);
        ASSERT_TRUE(lab.has_value()) << error.toStdString();
    };
    const auto busOf = [&] { return ServerAddress::parse(QStringLiteral("dbus:") + lab->host(2).busAddress); };
    ASSERT_NO_FATAL_FAILURE(reboot());
    const QStringList alices = lab->openSessions(lab->host(2), QStringLiteral("alice"), 1);
    ASSERT_EQ(alices.size(), 1);
    const EnumerateResult before = LogindSource(busOf()).enumerate();
    ASSERT_TRUE(before.ok()) << before.error().toString().toStdString();
    const auto alice = std::find_if(before.value().cbegin(), before.value().cend(),
                                    [&](const Session &s) { return s.id == alices.first(); });
    ASSERT_NE(alice, before.value().cend());
    const SessionRef ref = SessionRef::of(*alice);

    ASSERT_NO_FATAL_FAILURE(reboot());
    QStringList bobs;
    for (int i = 0; i < 10 && !bobs.contains(ref.id); ++i)
        bobs += lab->openSessions(lab->host(2), QStringLiteral("bob"), 1);
    const auto cleanUp = qScopeGuard([&] {
        lab->exec(lab->host(2), QStringList{QStringLiteral("loginctl"), QStringLiteral("terminate-session")} + bobs);
    });
    ASSERT_TRUE(bobs.contains(ref.id)) << "the new boot never reused id " << ref.id.toStdString();
    ASSERT_EQ(lab->sessionProperty(lab->host(2), ref.id, QStringLiteral("Name")), QStringLiteral("bob"));

    const CommandResult run = sessionctl({QStringLiteral("logoff"), QStringLiteral("--server"), busOf().toString(),
                                          QStringLiteral("--wait"), QStringLiteral("--timeout"), QStringLiteral("20"),
                                          ref.toString()},
                                         lab->sshConfig());
    EXPECT_EQ(run.exitCode, 1) << run.out.toStdString() << run.err.toStdString();
    EXPECT_TRUE(run.err.contains(QStringLiteral("Changed"))) << run.err.toStdString();
    EXPECT_TRUE(lab->sessionIds(lab->host(2)).contains(ref.id)) << "bob's new logon was ended by alice's ref";

    LogindSource source(busOf());
    for (const ActionResult &refused : {source.logoff(ref, true, 20s), source.lock(ref, 20s)}) {
        ASSERT_FALSE(refused.ok());
        EXPECT_EQ(refused.error().category, SessionError::Category::Changed)
            << refused.error().toString().toStdString();
        EXPECT_TRUE(refused.error().message.contains(QStringLiteral("bob"))) << refused.error().message.toStdString();
    }
    EXPECT_NE(lab->sessionProperty(lab->host(2), ref.id, QStringLiteral("State")), QStringLiteral("closing"));

    // The ref of the logon that holds the id now is acted on.
    const EnumerateResult now = source.enumerate();
    ASSERT_TRUE(now.ok());
    const auto bob = std::find_if(now.value().cbegin(), now.value().cend(),
                                  [&](const Session &s) { return s.id == ref.id; });
    ASSERT_NE(bob, now.value().cend());
    const ActionResult ended = source.logoff(SessionRef::of(*bob), true, 20s);
    EXPECT_TRUE(ended.ok()) << ended.error().toString().toStdString();
    EXPECT_FALSE(lab->sessionIds(lab->host(2)).contains(ref.id));
}

TEST_F(SessionCtlLabTest, ListsTheProcessesOfASessionAsPsShowsThem)
{
    const LabHosts::Host &host = lab->host(0);
    const QString server = QStringLiteral("root@127.0.0.1:%1").arg(host.sshPort);
    const QString id = opened.first();
    const CommandResult run = sessionctl({QStringLiteral("processes"), QStringLiteral("--server"), server,
                                          QStringLiteral("--format"), QStringLiteral("json"), id},
                                         lab->sshConfig());
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    const QJsonDocument document = QJsonDocument::fromJson(run.out.toUtf8());
    ASSERT_TRUE(document.isArray()) << run.out.toStdString();
    QSet<quint32> listed;
    for (const QJsonValue &value : document.array()) {
        const QJsonObject process = value.toObject();
        listed.insert(quint32(process.value(QStringLiteral("pid")).toInteger()));
        EXPECT_EQ(process.value(QStringLiteral("user")).toString(), QStringLiteral("alice"));
        EXPECT_TRUE(process.value(QStringLiteral("memoryBytes")).isNull());
    }
    const QSet<quint32> expected = lab->scopePids(host, lab->sessionProperty(host, id, QStringLiteral("Scope")));
    EXPECT_FALSE(expected.isEmpty());
    EXPECT_EQ(listed, expected) << run.out.toStdString();

    // The whole server, as a table: every pid of the session is in it.
    const CommandResult table = sessionctl({QStringLiteral("processes"), QStringLiteral("--server"), server},
                                           lab->sshConfig());
    ASSERT_EQ(table.exitCode, 0) << table.err.toStdString();
    for (const quint32 pid : expected)
        EXPECT_TRUE(table.out.contains(QString::number(pid))) << pid << "\n" << table.out.toStdString();
}

TEST_F(SessionCtlLabTest, KillSessionEndsEveryProcessOfTheSession)
{
    const LabHosts::Host &host = lab->host(0);
    const QString id = opened.first();
    const QString scope = lab->sessionProperty(host, id, QStringLiteral("Scope"));
    ASSERT_FALSE(lab->scopePids(host, scope).isEmpty());
    const CommandResult run = sessionctl({QStringLiteral("kill-session"), QStringLiteral("--server"),
                                          QStringLiteral("dbus:") + host.busAddress, QStringLiteral("--signal"),
                                          QStringLiteral("KILL"), QStringLiteral("--who"), QStringLiteral("all"), id},
                                         lab->sshConfig(), auditLog);
    EXPECT_EQ(run.exitCode, 0) << run.out.toStdString() << run.err.toStdString();
    const auto [requested, outcome] = recordsOf(auditLog, id);
    EXPECT_EQ(requested.action, QStringLiteral("kill-session"));
    EXPECT_EQ(requested.options.value(QStringLiteral("signal")).toString(), QStringLiteral("SIGKILL"));
    EXPECT_EQ(outcome.outcome, QStringLiteral("done")) << outcome.reason.toStdString();
    QElapsedTimer timer;
    timer.start();
    while ((lab->sessionIds(host).contains(id) || !lab->scopePids(host, scope).isEmpty()) && timer.elapsed() < 20000)
        QThread::msleep(100);
    EXPECT_TRUE(lab->scopePids(host, scope).isEmpty()) << "processes survived sessionctl kill-session";
    EXPECT_FALSE(lab->sessionIds(host).contains(id));
    EXPECT_TRUE(lab->sessionIds(host).contains(opened.at(1))) << "the other session was killed too";
}
