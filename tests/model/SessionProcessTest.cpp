#include "SessionProcess.h"

#include <gtest/gtest.h>

TEST(ProcessRef, ParsesAPidAndTheLogonItBelongsTo)
{
    QString error;
    const auto plain = ProcessRef::parse(QStringLiteral("1234"), &error);
    ASSERT_TRUE(plain) << error.toStdString();
    EXPECT_EQ(plain->pid, 1234u);
    EXPECT_TRUE(plain->session.id.isEmpty());
    EXPECT_EQ(plain->toString(), QStringLiteral("1234"));

    const auto inSession = ProcessRef::parse(QStringLiteral("1234@3"), &error);
    ASSERT_TRUE(inSession);
    EXPECT_EQ(inSession->session, SessionRef::plainId(QStringLiteral("3")));
    EXPECT_EQ(inSession->toString(), QStringLiteral("1234@3"));

    const QString word = QStringLiteral("1234@3@2026-11-25T09:15:02.123Z");
    const auto inLogon = ProcessRef::parse(word, &error);
    ASSERT_TRUE(inLogon);
    EXPECT_EQ(inLogon->session.id, QStringLiteral("3"));
    EXPECT_EQ(inLogon->session.logonTime,
              QDateTime::fromString(QStringLiteral("2026-11-25T09:15:02.123Z"), Qt::ISODateWithMs));
    EXPECT_EQ(inLogon->toString(), word);

    const auto byUser = ProcessRef::parse(QStringLiteral("88@c4/bob%20smith"), &error);
    ASSERT_TRUE(byUser);
    EXPECT_EQ(byUser->session.user, QStringLiteral("bob smith"));
    EXPECT_EQ(byUser->toString(), QStringLiteral("88@c4/bob%20smith"));
}

TEST(ProcessRef, RefusesWhatNamesNoSingleProcess)
{
    for (const char *text :
         {"", "0", "-1", "4294967295", "2147483648", "12a", "0x10", " 12", "12 ", "@3", "abc", "99999999999"}) {
        QString error;
        EXPECT_FALSE(ProcessRef::parse(QString::fromLatin1(text), &error)) << text;
        EXPECT_TRUE(error.contains(QStringLiteral("is not a process id"))) << text << ": " << error.toStdString();
    }
    for (const char *text : {"12@self", "12@", "12@4294967295", "12@-1"}) {
        QString error;
        EXPECT_FALSE(ProcessRef::parse(QString::fromLatin1(text), &error)) << text;
        EXPECT_TRUE(error.contains(QStringLiteral("caller's own session"))) << text << ": " << error.toStdString();
    }
    QString error;
    EXPECT_FALSE(ProcessRef::parse(QStringLiteral("12@3@yesterday"), &error));
    EXPECT_TRUE(error.contains(QStringLiteral("ISO 8601")));
    EXPECT_TRUE(ProcessRef::parse(QStringLiteral("2147483647"), &error));
}
