#include "logind/LogindErrorMapper.h"

#include <gtest/gtest.h>

namespace {

SessionError map(const char *name, LogindErrorMapper::Request request, const QString &id = QStringLiteral("7"))
{
    return LogindErrorMapper::fromBus({QString::fromLatin1(name), QStringLiteral("text")}, request, id);
}

} // namespace

using Category = SessionError::Category;
using Request = LogindErrorMapper::Request;

TEST(LogindErrorMapper, AccessDeniedNamesThePolkitAction)
{
    for (const char *name :
         {"org.freedesktop.DBus.Error.AccessDenied", "org.freedesktop.DBus.Error.InteractiveAuthorizationRequired"}) {
        const SessionError logoff = map(name, Request::Logoff);
        EXPECT_EQ(logoff.category, Category::AccessDenied) << name;
        EXPECT_TRUE(logoff.message.contains(QStringLiteral("org.freedesktop.login1.manage")))
            << logoff.message.toStdString();
        EXPECT_EQ(logoff.name, QString::fromLatin1(name));
    }
    EXPECT_TRUE(map("org.freedesktop.DBus.Error.AccessDenied", Request::Lock)
                    .message.contains(QStringLiteral("org.freedesktop.login1.lock-sessions")));
}

TEST(LogindErrorMapper, OnlyNoSuchSessionIsAlreadyGone)
{
    EXPECT_EQ(map("org.freedesktop.login1.NoSuchSession", Request::Logoff).category, Category::AlreadyGone);
    EXPECT_EQ(map("org.freedesktop.login1.NoSuchSession", Request::Lock).category, Category::AlreadyGone);
    EXPECT_TRUE(LogindErrorMapper::isNoSuchSession({QStringLiteral("org.freedesktop.login1.NoSuchSession"), {}}));
    EXPECT_FALSE(LogindErrorMapper::isNoSuchSession({QStringLiteral("org.freedesktop.DBus.Error.UnknownObject"), {}}));
    EXPECT_FALSE(LogindErrorMapper::isNoSuchSession({QStringLiteral("org.freedesktop.DBus.Error.AccessDenied"), {}}));
}

TEST(LogindErrorMapper, UnknownMethodInterfaceOrObjectOnAnActionIsAFailureNotGone)
{
    // A logind that lacks the method (or a proxy in between that refuses it) did not act;
    // reporting "already gone" would count the session as logged off.
    for (const char *name : {"org.freedesktop.DBus.Error.UnknownMethod", "org.freedesktop.DBus.Error.UnknownInterface",
                             "org.freedesktop.DBus.Error.UnknownObject"}) {
        for (const Request request : {Request::Logoff, Request::Lock}) {
            const SessionError error = map(name, request);
            EXPECT_EQ(error.category, Category::Other) << name;
            EXPECT_EQ(error.name, QString::fromLatin1(name));
            EXPECT_TRUE(error.message.contains(QStringLiteral("session 7"))) << error.message.toStdString();
            EXPECT_TRUE(error.message.contains(QStringLiteral("text"))) << error.message.toStdString();
        }
    }
    EXPECT_TRUE(LogindErrorMapper::isUnknownObject({QStringLiteral("org.freedesktop.DBus.Error.UnknownObject"), {}}));
    EXPECT_FALSE(LogindErrorMapper::isUnknownObject({QStringLiteral("org.freedesktop.DBus.Error.UnknownMethod"), {}}));
}

TEST(LogindErrorMapper, MissingLogindIsUnreachable)
{
    for (const char *name :
         {"org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner"}) {
        const SessionError error = map(name, Request::Enumerate, {});
        EXPECT_EQ(error.category, Category::Unreachable) << name;
        EXPECT_TRUE(error.message.contains(QStringLiteral("logind is not running"))) << error.message.toStdString();
    }
    EXPECT_EQ(map("org.freedesktop.DBus.Error.Disconnected", Request::Logoff).category, Category::Unreachable);
}

TEST(LogindErrorMapper, NoReplyIsTimeoutAndTheRestIsOther)
{
    EXPECT_EQ(map("org.freedesktop.DBus.Error.NoReply", Request::Logoff).category, Category::Timeout);
    EXPECT_EQ(map("org.freedesktop.DBus.Error.Timeout", Request::Query).category, Category::Timeout);
    const SessionError other = map("org.freedesktop.login1.Whatever", Request::Logoff);
    EXPECT_EQ(other.category, Category::Other);
    EXPECT_EQ(other.message, QStringLiteral("text"));
}
