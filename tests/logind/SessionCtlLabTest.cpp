// sessionctl against the lab: the command line reaches logind through the same backend.
#include "LabHosts.h"

#include "logind/LogindBusAddress.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <gtest/gtest.h>

namespace {

struct CommandResult
{
    int exitCode = -1;
    QString out;
    QString err;
};

CommandResult sessionctl(const QStringList &arguments, const QString &sshConfig)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(LogindBusAddress::SshConfigVariable), sshConfig);
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
            lab->exec(lab->host(0), QStringList{QStringLiteral("loginctl"), QStringLiteral("terminate-session")} + opened);
    }

    std::optional<LabHosts> lab;
    QStringList opened;
};

} // namespace

TEST_F(SessionCtlLabTest, ListsAHostByBusAddressAsJson)
{
    const LabHosts::Host &host = lab->host(0);
    const CommandResult run = sessionctl({QStringLiteral("list"), QStringLiteral("--server"), QStringLiteral("dbus:") + host.busAddress,
                                QStringLiteral("--format"), QStringLiteral("json")},
                               lab->sshConfig());
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(run.out.toUtf8(), &parseError);
    ASSERT_TRUE(document.isArray()) << parseError.errorString().toStdString() << "\n" << run.out.toStdString();

    QStringList ids;
    for (const QJsonValue &value : document.array()) {
        const QJsonObject session = value.toObject();
        ids << session.value(QStringLiteral("id")).toString();
        if (opened.contains(ids.last())) {
            EXPECT_EQ(session.value(QStringLiteral("user")).toString(), QStringLiteral("alice"));
        }
    }
    QStringList expected = lab->sessionIds(host);
    ids.sort();
    expected.sort();
    EXPECT_EQ(ids, expected);
}

TEST_F(SessionCtlLabTest, ListsAHostOverSsh)
{
    const LabHosts::Host &host = lab->host(0);
    const QString server = QStringLiteral("root@127.0.0.1:%1").arg(host.sshPort);
    const CommandResult run = sessionctl({QStringLiteral("list"), QStringLiteral("--server"), server, QStringLiteral("--format"),
                                QStringLiteral("csv")},
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

    const CommandResult table = sessionctl({QStringLiteral("list"), QStringLiteral("--server"), server}, lab->sshConfig());
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
                               lab->sshConfig());
    EXPECT_EQ(run.exitCode, 0) << run.out.toStdString() << run.err.toStdString();
    const QStringList now = lab->sessionIds(host);
    for (const QString &id : opened)
        EXPECT_FALSE(now.contains(id)) << "session " << id.toStdString() << " survived sessionctl logoff";
}
