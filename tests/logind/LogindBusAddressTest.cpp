#include "logind/LogindBusAddress.h"

#include <gtest/gtest.h>

TEST(LogindBusAddress, EscapesEverythingOutsideTheUnescapedSet)
{
    EXPECT_EQ(LogindBusAddress::escape(QStringLiteral("/usr/bin/ssh")), QStringLiteral("/usr/bin/ssh"));
    EXPECT_EQ(LogindBusAddress::escape(QStringLiteral("BatchMode=yes")), QStringLiteral("BatchMode%3dyes"));
    EXPECT_EQ(LogindBusAddress::escape(QStringLiteral("root@lab1")), QStringLiteral("root%40lab1"));
    EXPECT_EQ(LogindBusAddress::escape(QStringLiteral("a,b;c %d")), QStringLiteral("a%2cb%3bc%20%25d"));
    EXPECT_EQ(LogindBusAddress::escape(QStringLiteral("-xT_1.2")), QStringLiteral("-xT_1.2"));
    EXPECT_EQ(LogindBusAddress::escape(QStringLiteral("[::1]")), QStringLiteral("%5b%3a%3a1%5d"));
    EXPECT_EQ(LogindBusAddress::escape(QStringLiteral("\u00e9")), QStringLiteral("%c3%a9"));
}

TEST(LogindBusAddress, UnixexecNamesEveryArgument)
{
    EXPECT_EQ(LogindBusAddress::unixexec(QStringLiteral("/usr/bin/ssh"),
                                         {QStringLiteral("ssh"), QStringLiteral("-o"), QStringLiteral("A=b")}),
              QStringLiteral("unixexec:path=/usr/bin/ssh,argv0=ssh,argv1=-o,argv2=A%3db"));
}

TEST(LogindBusAddress, SshArgumentsMatchLoginctl)
{
    LogindBusAddress::SshOptions options;
    options.connectTimeoutSeconds = 7;
    const QStringList plain = LogindBusAddress::sshArguments(ServerAddress::parse(QStringLiteral("lab1")), options);
    ASSERT_GE(plain.size(), 4);
    EXPECT_EQ(plain.first(), QStringLiteral("ssh"));
    for (const char *flag : {"-a", "-x", "-T"})
        EXPECT_TRUE(plain.contains(QString::fromLatin1(flag))) << flag;
    const qsizetype clear = plain.indexOf(QStringLiteral("ClearAllForwardings=yes"));
    ASSERT_GT(clear, 0);
    EXPECT_EQ(plain.at(clear - 1), QStringLiteral("-o"));
    EXPECT_TRUE(plain.contains(QStringLiteral("BatchMode=yes")));
    EXPECT_TRUE(plain.contains(QStringLiteral("ConnectTimeout=7")));
    EXPECT_FALSE(plain.contains(QStringLiteral("-p")));
    EXPECT_FALSE(plain.contains(QStringLiteral("-F")));
    EXPECT_EQ(plain.mid(plain.size() - 3),
              (QStringList{QStringLiteral("--"), QStringLiteral("lab1"), QStringLiteral("systemd-stdio-bridge")}));

    options.logFile = QStringLiteral("/tmp/x.log");
    options.configFile = QStringLiteral("/etc/lab/ssh_config");
    const QStringList full
        = LogindBusAddress::sshArguments(ServerAddress::parse(QStringLiteral("admin@[fe80::1]:2222")), options);
    EXPECT_EQ(full.mid(full.size() - 3), (QStringList{QStringLiteral("--"), QStringLiteral("admin@fe80::1"),
                                                      QStringLiteral("systemd-stdio-bridge")}));
    const qsizetype dashes = full.indexOf(QStringLiteral("--"));
    EXPECT_EQ(full.indexOf(QStringLiteral("-p")) + 1, full.indexOf(QStringLiteral("2222")));
    EXPECT_LT(full.indexOf(QStringLiteral("-p")), dashes);
    EXPECT_EQ(full.at(full.indexOf(QStringLiteral("-E")) + 1), QStringLiteral("/tmp/x.log"));
    EXPECT_EQ(full.at(full.indexOf(QStringLiteral("-F")) + 1), QStringLiteral("/etc/lab/ssh_config"));

    const QString address = LogindBusAddress::unixexec(QStringLiteral("/usr/bin/ssh"), full);
    EXPECT_TRUE(address.contains(QStringLiteral("admin%40fe80%3a%3a1")));
    EXPECT_FALSE(address.contains(u'@'));
    EXPECT_FALSE(address.contains(u' '));
    // Every '=' separates a key from its value; none comes from the arguments.
    EXPECT_EQ(address.count(u'='), full.size() + 1);
}
