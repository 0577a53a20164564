#include "logind/LogindProcessMapper.h"

#include <gtest/gtest.h>

namespace {

QVariant entry(const QString &cgroup, uint pid, const QString &commandLine)
{
    return QVariantList{cgroup, pid, commandLine};
}

} // namespace

TEST(LogindProcessMapper, MapsGetUnitProcessesEntries)
{
    const QString cgroup = QStringLiteral("/user.slice/user-1000.slice/session-3.scope");
    const QVariantList listed{
        entry(cgroup, 812, QStringLiteral("sshd: alice [priv]")),
        entry(cgroup, 830, QStringLiteral("-bash")),
        entry(cgroup + QStringLiteral("/sub"), 901, QStringLiteral("/usr/bin/python3 /home/alice/job.py --fast")),
    };
    const QList<SessionProcess> processes = LogindProcessMapper::fromUnitProcesses(listed, QStringLiteral("lab1"),
                                                                                   QStringLiteral("3"),
                                                                                   QStringLiteral("alice"));
    ASSERT_EQ(processes.size(), 3);
    EXPECT_EQ(processes.at(0).pid, 812U);
    EXPECT_EQ(processes.at(0).name, QStringLiteral("sshd:"));
    EXPECT_EQ(processes.at(1).name, QStringLiteral("bash"));
    EXPECT_EQ(processes.at(1).commandLine, QStringLiteral("-bash"));
    const SessionProcess &python = processes.at(2);
    EXPECT_EQ(python.server, QStringLiteral("lab1"));
    EXPECT_EQ(python.sessionId, QStringLiteral("3"));
    EXPECT_EQ(python.pid, 901U);
    EXPECT_EQ(python.name, QStringLiteral("python3"));
    EXPECT_EQ(python.commandLine, QStringLiteral("/usr/bin/python3 /home/alice/job.py --fast"));
    EXPECT_EQ(python.user, QStringLiteral("alice"));
    // systemd gives no per-process accounting.
    EXPECT_FALSE(python.threads.has_value());
    EXPECT_FALSE(python.handles.has_value());
    EXPECT_FALSE(python.memoryBytes.has_value());
    EXPECT_FALSE(python.cpuSeconds.has_value());
}

TEST(LogindProcessMapper, ProcessWithoutCommandLineIsNamedByItsComm)
{
    EXPECT_EQ(LogindProcessMapper::nameOf(QStringLiteral("[kworker/0:1]")), QStringLiteral("kworker/0:1"));
    EXPECT_EQ(LogindProcessMapper::nameOf(QString()), QString());
}

TEST(LogindProcessMapper, PidsThatNameNoProcessAreLeftOut)
{
    // 0 or a pid beyond pid_t would be a process group or "every process" to kill().
    const QVariantList listed{
        entry(QStringLiteral("/s.scope"), 0, QStringLiteral("zero")),
        QVariantList{QStringLiteral("/s.scope"), qulonglong(0x80000000ULL), QStringLiteral("huge")},
        entry(QStringLiteral("/s.scope"), 7, QStringLiteral("seven")),
    };
    const QList<SessionProcess> processes = LogindProcessMapper::fromUnitProcesses(listed, QStringLiteral("x"),
                                                                                   QStringLiteral("1"), QString());
    ASSERT_EQ(processes.size(), 1);
    EXPECT_EQ(processes.at(0).pid, 7U);
}

TEST(LogindProcessMapper, HostileCommandLineIsKeptAsTextAndNameIsItsFirstWord)
{
    const QString hostile = QStringLiteral("/tmp/\u202eexe.txt <b>bold</b>\x1b[2J") + QString(65536, u'x');
    const QList<SessionProcess> processes
        = LogindProcessMapper::fromUnitProcesses({entry(QStringLiteral("/s.scope"), 42, hostile)}, QStringLiteral("x"),
                                                 QStringLiteral("1"), QString());
    ASSERT_EQ(processes.size(), 1);
    EXPECT_EQ(processes.at(0).commandLine, hostile);
    EXPECT_EQ(processes.at(0).name, QStringLiteral("\u202eexe.txt"));
}
