// sessionctl cleanup against a real logind host: idle as logind defines it for terminal
// sessions (the atime of the session's TTY, reported once older than IdleActionSec).
#include "LabHosts.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QThread>

#include <gtest/gtest.h>

namespace {

struct CommandResult
{
    int exitCode = -1;
    QString out;
    QString err;
};

CommandResult sessionctl(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(SESSIONCTL_PATH), arguments);
    if (!process.waitForFinished(60000))
        process.kill();
    process.waitForFinished();
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

QSet<QString> idsIn(const QString &json)
{
    QSet<QString> ids;
    for (const QJsonValue &row : QJsonDocument::fromJson(json.toUtf8()).array())
        ids.insert(row.toObject().value(QStringLiteral("id")).toString());
    return ids;
}

class CleanupLabTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        QString error;
        lab = LabHosts::load(&error);
        ASSERT_TRUE(lab.has_value()) << error.toStdString();
        for (int i = 0; i < 2; ++i) {
            bob.append(openTerminalSession(QStringLiteral("bob")));
            alice.append(openTerminalSession(QStringLiteral("alice")));
        }
        ASSERT_FALSE(bob.contains(QString()));
        ASSERT_FALSE(alice.contains(QString()));
    }

    void TearDown() override
    {
        if (!lab)
            return;
        // The sessions left (alice's, or all after a failure), then the units that opened them.
        const QStringList left = lab->sessionIds(host());
        for (const QString &id : bob + alice) {
            if (!id.isEmpty() && left.contains(id))
                lab->exec(host(), {QStringLiteral("loginctl"), QStringLiteral("terminate-session"), id});
        }
        for (const QString &unit : std::as_const(units))
            lab->exec(host(), {QStringLiteral("systemctl"), QStringLiteral("stop"), unit});
    }

    const LabHosts::Host &host() const { return lab->host(0); }

    // A login like one at a terminal: su -l USER on a pseudo terminal of its own (script(1)),
    // so that logind records a TTY session whose idle time it can tell. Returns its id.
    QString openTerminalSession(const QString &user)
    {
        const QStringList before = lab->sessionIds(host());
        const QString unit = QStringLiteral("cleanup-lab-%1-%2").arg(user).arg(units.size());
        units.append(unit);
        int exitCode = -1;
        lab->exec(host(),
                  {QStringLiteral("systemd-run"), QStringLiteral("--quiet"), QStringLiteral("--collect"),
                   QStringLiteral("--unit=") + unit, QStringLiteral("/usr/bin/script"), QStringLiteral("-qfc"),
                   QStringLiteral("su -l %1 -c 'exec sleep infinity'").arg(user), QStringLiteral("/dev/null")},
                  &exitCode);
        if (exitCode != 0)
            return {};
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 30000) {
            for (const QString &id : lab->sessionIds(host())) {
                if (!before.contains(id) && lab->sessionProperty(host(), id, QStringLiteral("Name")) == user
                    && lab->sessionProperty(host(), id, QStringLiteral("State")) != u"opening")
                    return id;
            }
            QThread::msleep(100);
        }
        return {};
    }

    // Sets when the session's terminal was last read, which is what logind's idle time is.
    void setLastInput(const QString &id, const QString &when)
    {
        const QString tty = lab->sessionProperty(host(), id, QStringLiteral("TTY"));
        ASSERT_TRUE(tty.startsWith(QStringLiteral("pts/"))) << tty.toStdString();
        int exitCode = -1;
        lab->exec(host(),
                  {QStringLiteral("touch"), QStringLiteral("-a"), QStringLiteral("-d"), when,
                   QStringLiteral("/dev/") + tty},
                  &exitCode);
        ASSERT_EQ(exitCode, 0);
    }

    QStringList cleanupArguments() const
    {
        return {QStringLiteral("cleanup"),    QStringLiteral("--server"), QStringLiteral("dbus:") + host().busAddress,
                QStringLiteral("--idle-for"), QStringLiteral("1h"),       QStringLiteral("--format"),
                QStringLiteral("json")};
    }

    std::optional<LabHosts> lab;
    QStringList units;
    QStringList bob;
    QStringList alice;
};

} // namespace

TEST_F(CleanupLabTest, BobsIdleSessionsAreEndedAndAlicesRemainAndADryRunEndsNothing)
{
    for (const QString &id : std::as_const(bob))
        setLastInput(id, QStringLiteral("3 hours ago"));
    for (const QString &id : std::as_const(alice))
        setLastInput(id, QStringLiteral("now"));
    for (const QString &id : std::as_const(bob))
        ASSERT_EQ(lab->sessionProperty(host(), id, QStringLiteral("IdleHint")), QStringLiteral("yes"));
    for (const QString &id : std::as_const(alice))
        ASSERT_EQ(lab->sessionProperty(host(), id, QStringLiteral("IdleHint")), QStringLiteral("no"));

    const CommandResult dry = sessionctl(cleanupArguments() + QStringList{QStringLiteral("--dry-run")});
    ASSERT_EQ(dry.exitCode, 0) << dry.err.toStdString();
    const QSet<QString> previewed = idsIn(dry.out);
    for (const QString &id : std::as_const(bob))
        EXPECT_TRUE(previewed.contains(id)) << "bob's " << id.toStdString() << "\n" << dry.out.toStdString();
    for (const QString &id : std::as_const(alice))
        EXPECT_FALSE(previewed.contains(id)) << "alice's " << id.toStdString();
    const QStringList afterDryRun = lab->sessionIds(host());
    for (const QString &id : bob + alice)
        EXPECT_TRUE(afterDryRun.contains(id)) << "a dry run ends nothing: " << id.toStdString();

    const CommandResult run = sessionctl(cleanupArguments());
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString() << run.out.toStdString();
    const QJsonArray ended = QJsonDocument::fromJson(run.out.toUtf8()).array();
    EXPECT_EQ(idsIn(run.out), previewed);
    for (const QJsonValue &row : ended) {
        EXPECT_EQ(row.toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("done"));
        EXPECT_TRUE(row.toObject().value(QStringLiteral("reason")).toString().startsWith(QStringLiteral("idle for 3h")));
    }
    const QStringList after = lab->sessionIds(host());
    for (const QString &id : std::as_const(bob))
        EXPECT_FALSE(after.contains(id)) << "bob's idle session " << id.toStdString() << " was ended";
    for (const QString &id : std::as_const(alice))
        EXPECT_TRUE(after.contains(id)) << "alice's session " << id.toStdString() << " remains";
}
