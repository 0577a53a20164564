#include "ServerAddress.h"

#include <gtest/gtest.h>

namespace {

ServerAddress parsed(const QString &text)
{
    QString error;
    const ServerAddress address = ServerAddress::parse(text, &error);
    EXPECT_TRUE(address.isValid()) << text.toStdString() << ": " << error.toStdString();
    return address;
}

QString refusal(const QString &text)
{
    QString error;
    const ServerAddress address = ServerAddress::parse(text, &error);
    EXPECT_FALSE(address.isValid()) << text.toStdString() << " was accepted";
    EXPECT_FALSE(error.isEmpty()) << text.toStdString();
    return error;
}

} // namespace

TEST(ServerAddress, LocalIsTheDefault)
{
    EXPECT_EQ(parsed(QStringLiteral("local")).kind(), ServerAddress::Kind::Local);
    EXPECT_EQ(ServerAddress::local().toString(), QStringLiteral("local"));
}

TEST(ServerAddress, RemoteForms)
{
    const ServerAddress host = parsed(QStringLiteral("rdsh01.corp.example"));
    EXPECT_EQ(host.kind(), ServerAddress::Kind::Remote);
    EXPECT_EQ(host.host(), QStringLiteral("rdsh01.corp.example"));
    EXPECT_EQ(host.port(), 0);
    EXPECT_TRUE(host.user().isEmpty());

    const ServerAddress full = parsed(QStringLiteral("admin@lab2:2222"));
    EXPECT_EQ(full.user(), QStringLiteral("admin"));
    EXPECT_EQ(full.host(), QStringLiteral("lab2"));
    EXPECT_EQ(full.port(), 2222);
    EXPECT_EQ(full.toString(), QStringLiteral("admin@lab2:2222"));

    const ServerAddress v6 = parsed(QStringLiteral("root@[::1]:22"));
    EXPECT_EQ(v6.host(), QStringLiteral("::1"));
    EXPECT_EQ(v6.port(), 22);
    EXPECT_EQ(v6.toString(), QStringLiteral("root@[::1]:22"));

    EXPECT_EQ(parsed(QStringLiteral("10.0.0.7:22")).port(), 22);
}

TEST(ServerAddress, DbusAndDemo)
{
    const ServerAddress bus = parsed(QStringLiteral("dbus:unix:path=/proc/42/root/run/dbus/system_bus_socket"));
    EXPECT_EQ(bus.kind(), ServerAddress::Kind::DBus);
    EXPECT_EQ(bus.dbusAddress(), QStringLiteral("unix:path=/proc/42/root/run/dbus/system_bus_socket"));
    EXPECT_EQ(bus.displayName(), QStringLiteral("dbus:/proc/42/root"));
    EXPECT_EQ(parsed(QStringLiteral("dbus:unix:path=/run/dbus/system_bus_socket")).displayName(),
              QStringLiteral("dbus:system bus"));
    EXPECT_EQ(parsed(QStringLiteral("dbus:unix:path=/tmp/my.sock")).displayName(), QStringLiteral("dbus:my.sock"));
    EXPECT_EQ(parsed(QStringLiteral("dbus:tcp:host=127.0.0.1,port=5555")).displayName(),
              QStringLiteral("dbus:tcp:host=127.0.0.1,port=5555"));

    const ServerAddress demo = parsed(QStringLiteral("demo:farm?sessions=100&latency=50&churn=5&fail=10&seed=7"));
    EXPECT_EQ(demo.kind(), ServerAddress::Kind::Demo);
    EXPECT_EQ(demo.demoName(), QStringLiteral("farm"));
    EXPECT_EQ(demo.demoOptions().sessions, 100);
    EXPECT_EQ(demo.demoOptions().latencyMs, 50);
    EXPECT_EQ(demo.demoOptions().churnPercent, 5);
    EXPECT_EQ(demo.demoOptions().failPercent, 10);
    EXPECT_EQ(demo.demoOptions().seed, 7u);
    EXPECT_EQ(ServerAddress::parse(demo.toString()), demo);
    EXPECT_EQ(parsed(QStringLiteral("demo:a")).toString(), QStringLiteral("demo:a"));
}

TEST(ServerAddress, RoundTripsThroughText)
{
    for (const char *text : {"local", "lab1", "u@h", "h:1", "u@h:65535", "u@[fe80::1]:22",
                             "dbus:tcp:host=127.0.0.1,port=1", "demo:x?sessions=3&seed=9"}) {
        const ServerAddress address = parsed(QString::fromLatin1(text));
        EXPECT_EQ(ServerAddress::parse(address.toString()), address) << text;
    }
}

TEST(ServerAddress, RefusesWhatCouldBeReadAsAnOptionOrShell)
{
    EXPECT_TRUE(refusal(QStringLiteral("-oProxyCommand=touch /tmp/x")).contains(QStringLiteral("'-'")));
    EXPECT_TRUE(refusal(QStringLiteral("host;touch /tmp/x")).contains(QStringLiteral("';'")));
    EXPECT_TRUE(refusal(QStringLiteral("$(touch /tmp/x)")).contains(QStringLiteral("'$'")));
    EXPECT_TRUE(refusal(QStringLiteral("host name")).contains(QStringLiteral("whitespace")));
    refusal(QStringLiteral("`id`"));
    refusal(QStringLiteral("a|b"));
    refusal(QStringLiteral("a&b"));
    refusal(QStringLiteral("a>b"));
    refusal(QStringLiteral("a<b"));
    refusal(QStringLiteral("'quoted'"));
    refusal(QStringLiteral("\"quoted\""));
    refusal(QStringLiteral("tab\there"));
    refusal(QStringLiteral("bell\x07"));
    refusal(QStringLiteral("-l@host"));
    refusal(QStringLiteral("user@-host"));
    refusal(QStringLiteral("bad user@host"));
    refusal(QStringLiteral("host:0"));
    refusal(QStringLiteral("host:65536"));
    refusal(QStringLiteral("host:ssh"));
    refusal(QStringLiteral("::1"));
    refusal(QStringLiteral("[host]"));
    EXPECT_TRUE(refusal(QString()).contains(QStringLiteral("empty")));
    EXPECT_TRUE(refusal(QStringLiteral("   ")).contains(QStringLiteral("empty")));
}

TEST(ServerAddress, RefusesLongAndMalformedNames)
{
    EXPECT_TRUE(parsed(QString(253, u'a')).isValid());
    EXPECT_TRUE(refusal(QString(254, u'a')).contains(QStringLiteral("253")));
    refusal(QString(10 * 1024, u'a'));
    // Bytes that are not UTF-8 arrive as replacement characters.
    EXPECT_TRUE(refusal(QString::fromUtf8("host\xff\xfe")).contains(QStringLiteral("UTF-8")));
    refusal(QStringLiteral("h\u00e9te"));
}

TEST(ServerAddress, DbusOnlyTakesSockets)
{
    // unixexec: would start a program named in the address.
    refusal(QStringLiteral("dbus:unixexec:path=/bin/sh,argv1=-c,argv2=touch%20/tmp/x"));
    refusal(QStringLiteral("dbus:unix:path=/a;unixexec:path=/bin/sh"));
    refusal(QStringLiteral("dbus:"));
}

TEST(ServerAddress, DbusAddressesCannotHideWhatTheyAre)
{
    // A right-to-left override would show "…/kcos_sub_metsys" reversed in a tab or a terminal.
    EXPECT_TRUE(refusal(QStringLiteral("dbus:unix:path=/run/\u202Eevil/system_bus_socket"))
                    .contains(QStringLiteral("direction overrides")));
    for (const char16_t c : {u'\u200E', u'\u2066', u'\u2069', u'\u061C', u'\uFEFF'})
        refusal(QStringLiteral("dbus:unix:path=/run/x") + QChar(c) + QStringLiteral("/system_bus_socket"));
    refusal(QStringLiteral("dbus:unix:path=/run/a b/system_bus_socket"));
    refusal(QStringLiteral("dbus:tcp:host=127.0.0.1,\u3000port=1"));
    parsed(QStringLiteral("dbus:unix:path=/run/a%20b/system_bus_socket"));
}

TEST(ServerAddress, DemoOptionsAreChecked)
{
    EXPECT_TRUE(refusal(QStringLiteral("demo:")).contains(QStringLiteral("name")));
    EXPECT_TRUE(refusal(QStringLiteral("demo:a?color=red")).contains(QStringLiteral("color")));
    refusal(QStringLiteral("demo:a?churn=101"));
    refusal(QStringLiteral("demo:a?sessions=many"));
    refusal(QStringLiteral("demo:a b"));
    refusal(QStringLiteral("demo:$(x)"));
}
