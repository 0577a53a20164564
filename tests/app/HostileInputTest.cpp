#include "ProgramTrap.h"

#include <QFile>
#include <QProcessEnvironment>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

// Hostile server addresses given to the real sessionctl and session-console: each is
// refused with a message that names the problem, and nothing is run. Fake `ssh` and
// `systemd-stdio-bridge` first on PATH and the payloads themselves write marker files,
// so anything that ran would leave a trace. Arguments are passed as raw bytes (not
// through QProcess, which would re-encode them), so bytes that are not UTF-8 arrive so.

namespace {

struct ProgramRun
{
    int exitCode = -1; // -1: killed or did not end in time
    QString out;
    QString err;
};

class HostileInputTest : public ::testing::Test
{
protected:
    QString mark(const QString &name) const { return m_trap.mark(name); }
    QStringList marks() const { return m_trap.marks(); }
    QString path(const QString &name) const { return m_trap.filePath(name); }

    // Each hostile address, as bytes, with what the refusal must say.
    std::vector<std::pair<QByteArray, QString>> payloads() const
    {
        const QByteArray touch = "touch " + QFile::encodeName(mark(QStringLiteral("payload")));
        return {
            {"-oProxyCommand=" + touch, QStringLiteral("must not start with '-'")},
            {"host;" + touch, QStringLiteral("must not contain ';'")},
            {"$(" + touch + ")", QStringLiteral("must not contain '$'")},
            {"`" + touch + "`", QStringLiteral("must not contain '`'")},
            {"dbus:unixexec:path=/bin/sh,argv1=-c,argv2=" + touch, QStringLiteral("must start with unix: or tcp:")},
            {QByteArray(10240, 'a'), QStringLiteral("longer than 4096 characters")},
            {"evil\x1b]0;title\x07", QStringLiteral("must not contain control characters")},
            {"host\xff\xfe.example", QStringLiteral("not valid UTF-8")},
            {"user\xc3@host", QStringLiteral("not valid UTF-8")},
            {QByteArray(), QStringLiteral("empty")},
        };
    }

    // Runs `program` with `arguments` as given, the fake programs first on PATH, no shell.
    ProgramRun run(const char *program, const QList<QByteArray> &arguments) const
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("PATH"), m_trap.binDir() + u':' + environment.value(QStringLiteral("PATH")));
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), path(QStringLiteral("config")));
        QList<QByteArray> entries;
        for (const QString &key : environment.keys())
            entries.append(QFile::encodeName(key + u'=' + environment.value(key)));
        std::vector<char *> envp;
        for (QByteArray &entry : entries)
            envp.push_back(entry.data());
        envp.push_back(nullptr);

        QList<QByteArray> words{QByteArray(program)};
        words += arguments;
        std::vector<char *> argv;
        for (QByteArray &word : words)
            argv.push_back(word.data());
        argv.push_back(nullptr);

        const QByteArray outFile = QFile::encodeName(path(QStringLiteral("stdout")));
        const QByteArray errFile = QFile::encodeName(path(QStringLiteral("stderr")));
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, outFile.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        posix_spawn_file_actions_addopen(&actions, 2, errFile.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        pid_t pid = 0;
        const int spawned = posix_spawn(&pid, program, &actions, nullptr, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&actions);
        EXPECT_EQ(spawned, 0) << program;
        if (spawned != 0)
            return {};

        int status = 0;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (waitpid(pid, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > deadline) {
                kill(pid, SIGKILL);
                waitpid(pid, &status, 0);
                ADD_FAILURE() << program << " did not end within 60 s";
                return {};
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        const auto read = [](const QByteArray &fileName) {
            QFile file(QFile::decodeName(fileName));
            return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
        };
        return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read(outFile), read(errFile)};
    }

private:
    const ProgramTrap m_trap;
};

} // namespace

// The trap works: a plain remote address does reach the fake ssh. Without this, the
// tests below could pass because nothing would ever have run anyway.
TEST_F(HostileInputTest, TrapCatchesWhatWouldRun)
{
    const ProgramRun ran = run(SESSIONCTL_PATH, {"list", "--server", "trapped.example"});
    EXPECT_EQ(ran.exitCode, 1) << ran.err.toStdString();
    EXPECT_TRUE(marks().contains(QStringLiteral("ssh"))) << ran.err.toStdString();
}

TEST_F(HostileInputTest, SessionctlListRefusesHostileAddressesAndRunsNothing)
{
    for (const auto &[address, reason] : payloads()) {
        SCOPED_TRACE(address.left(60).toStdString());
        const ProgramRun ran = run(SESSIONCTL_PATH, {"list", "--server", address, "--server", "demo:fine?latency=0"});
        EXPECT_EQ(ran.exitCode, 2);
        EXPECT_TRUE(ran.err.contains(QStringLiteral("invalid server address: "))) << ran.err.toStdString();
        EXPECT_TRUE(ran.err.contains(reason)) << ran.err.left(300).toStdString();
        EXPECT_TRUE(ran.out.isEmpty()); // not even the demo server is listed
    }
    EXPECT_TRUE(marks().isEmpty()) << marks().join(u' ').toStdString();
}

TEST_F(HostileInputTest, SessionctlLogoffRefusesHostileAddressesAndRunsNothing)
{
    for (const auto &[address, reason] : payloads()) {
        SCOPED_TRACE(address.left(60).toStdString());
        const ProgramRun ran = run(SESSIONCTL_PATH, {"logoff", "--server", address, "1"});
        EXPECT_EQ(ran.exitCode, 2);
        EXPECT_TRUE(ran.err.contains(reason)) << ran.err.left(300).toStdString();
        EXPECT_TRUE(ran.out.isEmpty());
    }
    EXPECT_TRUE(marks().isEmpty()) << marks().join(u' ').toStdString();
}

TEST_F(HostileInputTest, SessionctlProcessCommandsRefuseHostileAddressesAndRunNothing)
{
    const QList<QList<QByteArray>> commands{{"processes"},
                                            {"processes", "3"},
                                            {"end-process", "1234@3"},
                                            {"kill-session", "--signal", "KILL", "3"}};
    for (const QList<QByteArray> &command : commands) {
        for (const auto &[address, reason] : payloads()) {
            SCOPED_TRACE(QByteArray(command.first() + ' ' + address.left(60)).toStdString());
            const ProgramRun ran = run(SESSIONCTL_PATH,
                                       QList<QByteArray>{command.first(), "--server", address} + command.mid(1));
            EXPECT_EQ(ran.exitCode, 2);
            EXPECT_TRUE(ran.err.contains(reason)) << ran.err.left(300).toStdString();
            EXPECT_TRUE(ran.out.isEmpty());
        }
    }
    EXPECT_TRUE(marks().isEmpty()) << marks().join(u' ').toStdString();
}

TEST_F(HostileInputTest, SessionctlSignalsAndPidsAreDataNeverShell)
{
    const QByteArray touch = "touch " + QFile::encodeName(mark(QStringLiteral("payload")));
    for (const QByteArray &signal :
         {QByteArray("$(" + touch + ")"), QByteArray("KILL;" + touch), QByteArray("`" + touch + "`")}) {
        const ProgramRun ran = run(SESSIONCTL_PATH,
                                   {"kill-session", "--server", "demo:fine?latency=0", "--signal", signal, "3"});
        EXPECT_EQ(ran.exitCode, 2);
        EXPECT_TRUE(ran.err.contains(QStringLiteral("is not a signal"))) << ran.err.left(300).toStdString();
        EXPECT_TRUE(ran.out.isEmpty());
    }
    const ProgramRun pid = run(SESSIONCTL_PATH, {"end-process", "--server", "demo:fine?latency=0", "1234;" + touch});
    EXPECT_EQ(pid.exitCode, 2);
    EXPECT_TRUE(pid.err.contains(QStringLiteral("is not a process id"))) << pid.err.left(300).toStdString();
    // A program name is only compared: a hostile one is refused as another program.
    const ProgramRun name = run(SESSIONCTL_PATH, {"end-process", "--server", "demo:fine?latency=0&churn=0", "--name",
                                                  "$(" + touch + ")\x1b]0;t\x07", "4"});
    EXPECT_EQ(name.exitCode, 1) << name.err.toStdString();
    EXPECT_TRUE(name.err.contains(QStringLiteral("Changed: Process 4 is now System, not $(touch ")))
        << name.err.toStdString();
    EXPECT_FALSE(name.err.contains(QChar(0x1b)));
    EXPECT_TRUE(marks().isEmpty()) << marks().join(u' ').toStdString();
}

TEST_F(HostileInputTest, ConsoleRefusesHostileAddressesBeforeOpeningAWindow)
{
    const QByteArray settings = QFile::encodeName(path(QStringLiteral("console.ini")));
    for (const auto &[address, reason] : payloads()) {
        SCOPED_TRACE(address.left(60).toStdString());
        const ProgramRun ran = run(SESSION_CONSOLE_PATH, {"--settings", settings, "--server", address});
        EXPECT_EQ(ran.exitCode, 2);
        EXPECT_TRUE(ran.err.contains(reason)) << ran.err.left(300).toStdString();
        // The echo of what was given is short and cannot drive the terminal.
        EXPECT_LT(ran.err.size(), 600);
        EXPECT_FALSE(ran.err.contains(QChar(0x1b)));
    }
    EXPECT_FALSE(QFile::exists(path(QStringLiteral("console.ini"))));
    EXPECT_TRUE(marks().isEmpty()) << marks().join(u' ').toStdString();
}

TEST_F(HostileInputTest, ConsoleOpensOnlyTheSafeServersOfAHostileSettingsFile)
{
    QByteArray list = "demo:kept?latency=0";
    for (const auto &[address, reason] : payloads()) {
        // Bytes that are not UTF-8 make the whole file untrusted; that case is in ConsoleSettingsTest.
        if (!address.isEmpty() && QString::fromUtf8(address).toUtf8() == address)
            list += ", \"" + address + '"';
    }
    const QByteArray contents = "[servers]\nlist=" + list + "\nrecent=\"host;reboot\"\n";
    const QString settings = path(QStringLiteral("console.ini"));
    {
        QFile file(settings);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(contents);
    }
    const QByteArray shot = QFile::encodeName(path(QStringLiteral("shot.png")));
    const ProgramRun ran = run(SESSION_CONSOLE_PATH, {"--settings", QFile::encodeName(settings), "--screenshot", shot});
    EXPECT_EQ(ran.exitCode, 0) << ran.err.toStdString();
    EXPECT_TRUE(QFile::exists(QFile::decodeName(shot)));
    QFile file(settings);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(file.readAll(), contents);
    EXPECT_TRUE(marks().isEmpty()) << marks().join(u' ').toStdString();
}
