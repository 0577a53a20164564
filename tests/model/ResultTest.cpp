#include "Result.h"

#include "Session.h"

#include <QList>

#include <memory>

#include <gtest/gtest.h>

namespace {

const SessionError Denied{SessionError::Category::AccessDenied, 5, {}, QStringLiteral("Access is denied.")};

Result<int> half(int n)
{
    if (n % 2 != 0)
        return SessionError{SessionError::Category::Other, 0, {}, QStringLiteral("%1 is odd").arg(n)};
    return n / 2;
}

} // namespace

TEST(Result, AValueIsSuccess)
{
    const Result<int> result = half(8);
    EXPECT_TRUE(result.ok());
    EXPECT_TRUE(bool(result));
    EXPECT_EQ(result.value(), 4);
}

TEST(Result, AnErrorIsFailure)
{
    const Result<int> result = half(7);
    EXPECT_FALSE(result.ok());
    EXPECT_FALSE(bool(result));
    EXPECT_EQ(result.error().message, QStringLiteral("7 is odd"));
}

TEST(Result, ABoolValueIsNotTheOutcome)
{
    // false is an answer ("not there"), not a failure.
    const Result<bool> answer = false;
    EXPECT_TRUE(answer.ok());
    EXPECT_FALSE(answer.value());

    const Result<bool> failed = Denied;
    EXPECT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, 5);
}

TEST(Result, DefaultIsSuccessWithADefaultValue)
{
    // What a QFuture or a queued signal constructs before it copies the real result in.
    const Result<QList<Session>> sessions;
    EXPECT_TRUE(sessions.ok());
    EXPECT_TRUE(sessions.value().isEmpty());
    EXPECT_TRUE(Result<void>().ok());
}

TEST(Result, VoidCarriesOnlyTheError)
{
    const Result<void> done;
    EXPECT_TRUE(done);
    const Result<void> refused = Denied;
    EXPECT_FALSE(refused);
    EXPECT_EQ(refused.error().toString(), QStringLiteral("Access is denied. (5)"));
}

TEST(Result, MovesAMoveOnlyValueOut)
{
    Result<std::unique_ptr<int>> result = std::make_unique<int>(42);
    const std::unique_ptr<int> taken = std::move(result).value();
    ASSERT_TRUE(taken);
    EXPECT_EQ(*taken, 42);
}

TEST(Result, CopiesKeepTheirState)
{
    const Result<int> failed = half(3);
    const Result<int> copy = failed;
    EXPECT_FALSE(copy.ok());
    EXPECT_EQ(copy.error().toString(), failed.error().toString());
}
