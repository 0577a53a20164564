#include "LinuxSignal.h"

#include <gtest/gtest.h>

TEST(LinuxSignal, ReadsSignalsAsLoginctlDoes)
{
    const QList<std::pair<const char *, int>> cases{
        {"KILL", 9},        {"SIGKILL", 9}, {"9", 9},        {"kill", 9}, {"sigterm", 15}, {"TERM", 15}, {"HUP", 1},
        {"SIGUSR1", 10},    {"CONT", 18},   {"WINCH", 28},   {"SYS", 31}, {"IOT", 6},      {"POLL", 29}, {"RTMIN", 34},
        {"SIGRTMIN+2", 36}, {"RTMAX", 64},  {"RTMAX-4", 60}, {"1", 1},    {"64", 64},      {"032", 32},
    };
    for (const auto &[text, number] : cases) {
        QString error;
        EXPECT_EQ(LinuxSignal::parse(QString::fromLatin1(text), &error), number) << text << ": " << error.toStdString();
    }
}

TEST(LinuxSignal, RefusesWhatIsNoSignalWithTheReason)
{
    for (const char *text : {"0", "65", "-9", "+9", " 9", "9 ", "", "SIG", "FOO", "SIGKILL9", "RTMIN+31", "RTMAX-31",
                             "RTMIN+", "99999999999", "0x9", "KILL;reboot"}) {
        QString error;
        EXPECT_FALSE(LinuxSignal::parse(QString::fromLatin1(text), &error)) << text;
        EXPECT_TRUE(error.contains(QStringLiteral("is not a signal"))) << text << ": " << error.toStdString();
    }
}

TEST(LinuxSignal, NamesAndDefaultActions)
{
    EXPECT_EQ(LinuxSignal::name(9), QStringLiteral("SIGKILL"));
    EXPECT_EQ(LinuxSignal::name(15), QStringLiteral("SIGTERM"));
    EXPECT_EQ(LinuxSignal::name(34), QStringLiteral("SIGRTMIN"));
    EXPECT_EQ(LinuxSignal::name(40), QStringLiteral("SIGRTMIN+6"));
    EXPECT_EQ(LinuxSignal::name(32), QStringLiteral("32"));
    for (const int signal : {1, 2, 9, 15, 10, 34, 64})
        EXPECT_TRUE(LinuxSignal::endsByDefault(signal)) << signal;
    for (const int signal : {0, 17, 18, 19, 20, 28, 65})
        EXPECT_FALSE(LinuxSignal::endsByDefault(signal)) << signal;
}
