#include "logind/LogindConnectionBudget.h"

#include <gtest/gtest.h>

#include <vector>

namespace {

// Holders of connections: which were told their turn may have come, and which were asked
// to close their connection, in order.
struct Holders
{
    int a = 0, b = 0, c = 0, d = 0;
    std::vector<const void *> woken;
    std::vector<const void *> released;

    bool open(LogindConnectionBudget &budget, const void *who)
    {
        return budget.tryOpen(
            who, [this, who] { woken.push_back(who); }, [this, who] { released.push_back(who); });
    }
};

using Order = std::vector<const void *>;

} // namespace

TEST(LogindConnectionBudget, OpensAsManyAsItsLimit)
{
    LogindConnectionBudget budget(2);
    Holders h;
    EXPECT_TRUE(h.open(budget, &h.a));
    EXPECT_TRUE(h.open(budget, &h.b));
    EXPECT_FALSE(h.open(budget, &h.c));
    EXPECT_EQ(budget.open(), 2u);
    EXPECT_EQ(budget.waiting(), 1u);
    EXPECT_TRUE(h.woken.empty());
}

TEST(LogindConnectionBudget, ABusyConnectionIsNeverClosedForAnother)
{
    LogindConnectionBudget budget(1);
    Holders h;
    ASSERT_TRUE(h.open(budget, &h.a));
    EXPECT_FALSE(h.open(budget, &h.b));
    EXPECT_TRUE(h.released.empty()) << "a connection opens busy: its first calls are on their way";
    // Its calls answered, it is idle: now it is asked, once.
    budget.setIdle(&h.a, true);
    EXPECT_EQ(h.released, Order{&h.a});
    budget.setIdle(&h.a, false);
    budget.setIdle(&h.a, true);
    EXPECT_EQ(h.released, Order{&h.a});
}

TEST(LogindConnectionBudget, TheLeastRecentlyUsedIdleConnectionIsClosedFirst)
{
    LogindConnectionBudget budget(3);
    Holders h;
    ASSERT_TRUE(h.open(budget, &h.a));
    ASSERT_TRUE(h.open(budget, &h.b));
    ASSERT_TRUE(h.open(budget, &h.c));
    // Used in the order b, a, c; then a is busy again.
    budget.setIdle(&h.b, true);
    budget.setIdle(&h.a, true);
    budget.setIdle(&h.c, true);
    budget.setIdle(&h.b, false);
    budget.setIdle(&h.b, true);
    budget.setIdle(&h.a, false);
    EXPECT_FALSE(h.open(budget, &h.d));
    EXPECT_EQ(h.released, Order{&h.c}) << "a is busy; c was idle longer than b";
    EXPECT_TRUE(h.woken.empty());
    budget.closed(&h.c);
    EXPECT_EQ(h.woken, Order{&h.d});
    EXPECT_TRUE(h.open(budget, &h.d));
    EXPECT_EQ(budget.open(), 3u);
    EXPECT_EQ(budget.waiting(), 0u);
}

TEST(LogindConnectionBudget, OneClosesForEachInLine)
{
    LogindConnectionBudget budget(2);
    Holders h;
    ASSERT_TRUE(h.open(budget, &h.a));
    ASSERT_TRUE(h.open(budget, &h.b));
    budget.setIdle(&h.a, true);
    budget.setIdle(&h.b, true);
    EXPECT_FALSE(h.open(budget, &h.c));
    EXPECT_EQ(h.released, Order{&h.a});
    // Asking again does not ask another to close, nor queue twice.
    EXPECT_FALSE(h.open(budget, &h.c));
    EXPECT_EQ(h.released, Order{&h.a});
    EXPECT_EQ(budget.waiting(), 1u);
    EXPECT_FALSE(h.open(budget, &h.d));
    EXPECT_EQ(h.released, (Order{&h.a, &h.b}));
}

TEST(LogindConnectionBudget, TheLineIsServedInOrder)
{
    LogindConnectionBudget budget(1);
    Holders h;
    ASSERT_TRUE(h.open(budget, &h.a));
    ASSERT_FALSE(h.open(budget, &h.b));
    ASSERT_FALSE(h.open(budget, &h.c));
    // Its turn has not come: c cannot jump the line when a place frees.
    budget.setIdle(&h.a, true);
    budget.closed(&h.a);
    EXPECT_EQ(h.woken, Order{&h.b});
    EXPECT_FALSE(h.open(budget, &h.c));
    EXPECT_TRUE(h.open(budget, &h.b));
    EXPECT_EQ(budget.waiting(), 1u);
}

TEST(LogindConnectionBudget, AHolderThatGivesUpPassesItsTurnOn)
{
    LogindConnectionBudget budget(1);
    Holders h;
    ASSERT_TRUE(h.open(budget, &h.a));
    ASSERT_FALSE(h.open(budget, &h.b));
    ASSERT_FALSE(h.open(budget, &h.c));
    budget.closed(&h.a);
    ASSERT_EQ(h.woken, Order{&h.b});
    // b's caller reached its deadline before b asked again.
    budget.forget(&h.b);
    EXPECT_EQ(h.woken, (Order{&h.b, &h.c}));
    EXPECT_TRUE(h.open(budget, &h.c));
    EXPECT_EQ(budget.waiting(), 0u);
}

TEST(LogindConnectionBudget, LoweringTheLimitClosesTheIdleSurplus)
{
    LogindConnectionBudget budget(3);
    Holders h;
    ASSERT_TRUE(h.open(budget, &h.a));
    ASSERT_TRUE(h.open(budget, &h.b));
    ASSERT_TRUE(h.open(budget, &h.c));
    budget.setIdle(&h.a, true);
    budget.setIdle(&h.c, true);
    budget.setLimit(1);
    EXPECT_EQ(h.released, (Order{&h.a, &h.c})) << "b is busy";
    EXPECT_EQ(budget.limit(), 1);
}

TEST(LogindConnectionBudget, RaisingTheLimitLetsTheLineIn)
{
    LogindConnectionBudget budget(1);
    Holders h;
    ASSERT_TRUE(h.open(budget, &h.a));
    ASSERT_FALSE(h.open(budget, &h.b));
    budget.setLimit(2);
    ASSERT_EQ(h.woken, Order{&h.b});
    EXPECT_TRUE(h.open(budget, &h.b));
}

TEST(LogindConnectionBudget, TheLimitComesFromTheEnvironmentOrIsTheDefault)
{
    QString warning;
    EXPECT_EQ(LogindConnectionBudget::limitFrom({}, &warning), LogindConnectionBudget::DefaultLimit);
    EXPECT_TRUE(warning.isEmpty());
    EXPECT_EQ(LogindConnectionBudget::limitFrom("1", &warning), 1);
    EXPECT_EQ(LogindConnectionBudget::limitFrom(" 2000 ", &warning), 2000);
    EXPECT_TRUE(warning.isEmpty());
    for (const QByteArray bad : {"0", "-5", "many", "12abc", "1.5", "99999999999", "1000001"}) {
        warning.clear();
        EXPECT_EQ(LogindConnectionBudget::limitFrom(bad, &warning), LogindConnectionBudget::DefaultLimit) << bad.data();
        EXPECT_TRUE(warning.contains(QString::fromLatin1(LogindConnectionBudget::LimitVariable))) << bad.data();
        EXPECT_TRUE(warning.contains(QString::fromLatin1(bad))) << qPrintable(warning);
    }
}
