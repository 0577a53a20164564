#include "logind/SshHandshakeGate.h"

#include <QString>

#include <gtest/gtest.h>

#include <vector>

namespace {

// Waiters are told their turn may have come; what each was told, in order.
struct Waiters
{
    int a = 0, b = 0, c = 0;
    std::vector<const void *> woken;
    std::function<void()> wake(const void *who)
    {
        return [this, who] { woken.push_back(who); };
    }
};

} // namespace

TEST(SshHandshakeGate, LetsInAsManyAsItHasSlots)
{
    SshHandshakeGate gate(2);
    Waiters w;
    EXPECT_TRUE(gate.tryEnter(&w.a, w.wake(&w.a)));
    EXPECT_TRUE(gate.tryEnter(&w.b, w.wake(&w.b)));
    EXPECT_FALSE(gate.tryEnter(&w.c, w.wake(&w.c)));
    EXPECT_EQ(gate.waiting(), 1u);
    EXPECT_TRUE(w.woken.empty());
}

TEST(SshHandshakeGate, ALeavingConnectionWakesTheFirstInLine)
{
    SshHandshakeGate gate(1);
    Waiters w;
    ASSERT_TRUE(gate.tryEnter(&w.a, w.wake(&w.a)));
    ASSERT_FALSE(gate.tryEnter(&w.b, w.wake(&w.b)));
    ASSERT_FALSE(gate.tryEnter(&w.c, w.wake(&w.c)));
    gate.leave();
    ASSERT_EQ(w.woken, std::vector<const void *>{&w.b});
    // Its turn: the later one cannot jump the line, the first can enter.
    EXPECT_FALSE(gate.tryEnter(&w.c, w.wake(&w.c)));
    EXPECT_TRUE(gate.tryEnter(&w.b, w.wake(&w.b)));
    EXPECT_EQ(gate.waiting(), 1u);
}

TEST(SshHandshakeGate, AWaiterThatGivesUpPassesItsTurnOn)
{
    SshHandshakeGate gate(1);
    Waiters w;
    ASSERT_TRUE(gate.tryEnter(&w.a, w.wake(&w.a)));
    ASSERT_FALSE(gate.tryEnter(&w.b, w.wake(&w.b)));
    ASSERT_FALSE(gate.tryEnter(&w.c, w.wake(&w.c)));
    gate.leave();
    ASSERT_EQ(w.woken, std::vector<const void *>{&w.b});
    gate.forget(&w.b);
    EXPECT_EQ(w.woken, (std::vector<const void *>{&w.b, &w.c}));
    EXPECT_TRUE(gate.tryEnter(&w.c, w.wake(&w.c)));
    EXPECT_EQ(gate.waiting(), 0u);
}

TEST(SshHandshakeGate, AskingAgainDoesNotQueueTwice)
{
    SshHandshakeGate gate(1);
    Waiters w;
    ASSERT_TRUE(gate.tryEnter(&w.a, w.wake(&w.a)));
    EXPECT_FALSE(gate.tryEnter(&w.b, w.wake(&w.b)));
    EXPECT_FALSE(gate.tryEnter(&w.b, w.wake(&w.b)));
    EXPECT_EQ(gate.waiting(), 1u);
}

TEST(SshHandshakeGate, WideningItLetsTheLineIn)
{
    SshHandshakeGate gate(1);
    Waiters w;
    ASSERT_TRUE(gate.tryEnter(&w.a, w.wake(&w.a)));
    ASSERT_FALSE(gate.tryEnter(&w.b, w.wake(&w.b)));
    gate.setSlots(2);
    ASSERT_EQ(w.woken, std::vector<const void *>{&w.b});
    EXPECT_TRUE(gate.tryEnter(&w.b, w.wake(&w.b)));
}

TEST(SshHandshakeGate, TheSlotsComeFromTheEnvironmentOrAreTheDefault)
{
    QString warning;
    EXPECT_EQ(SshHandshakeGate::slotsFrom({}, &warning), SshHandshakeGate::DefaultSlots);
    EXPECT_EQ(SshHandshakeGate::slotsFrom(" 4 ", &warning), 4);
    EXPECT_EQ(SshHandshakeGate::slotsFrom("1024", &warning), 1024);
    EXPECT_TRUE(warning.isEmpty());
    for (const QByteArray bad : {"0", "-1", "all", "8x", "2.5", "1025", "99999999999"}) {
        warning.clear();
        EXPECT_EQ(SshHandshakeGate::slotsFrom(bad, &warning), SshHandshakeGate::DefaultSlots) << bad.data();
        EXPECT_TRUE(warning.contains(QString::fromLatin1(SshHandshakeGate::SlotsVariable))) << bad.data();
        EXPECT_TRUE(warning.contains(QString::fromLatin1(bad))) << qPrintable(warning);
    }
}
