#include "SessionRef.h"

#include "SessionFixtures.h"

#include <gtest/gtest.h>

using namespace SessionFixtures;

TEST(SessionRef, OfARowCarriesItsUserAndLogonTime)
{
    Session s = make(QStringLiteral("demo:a"), 3);
    s.user = QStringLiteral("bob");
    const SessionRef ref = SessionRef::of(s);
    EXPECT_EQ(ref.id, QStringLiteral("3"));
    EXPECT_EQ(ref.user, QStringLiteral("bob"));
    EXPECT_EQ(ref.logonTime, s.logonTime);
    EXPECT_FALSE(ref.isPlainId());
    EXPECT_TRUE(SessionRef::plainId(QStringLiteral("3")).isPlainId());
}

TEST(SessionRef, RefStringRoundTrips)
{
    Session s = make(QStringLiteral("demo:a"), 7);
    s.logonTime = QDateTime::fromMSecsSinceEpoch(1764061502123, Qt::UTC);
    const QString text = SessionRef::of(s).toString();
    EXPECT_EQ(text, QStringLiteral("7@2025-11-25T09:05:02.123Z"));
    QString error;
    const auto parsed = SessionRef::parse(text, &error);
    ASSERT_TRUE(parsed) << error.toStdString();
    EXPECT_EQ(parsed->id, QStringLiteral("7"));
    EXPECT_EQ(parsed->logonTime.toMSecsSinceEpoch(), 1764061502123);
    EXPECT_FALSE(parsed->user);

    // Without a logon time the user names the logon; odd names survive as one shell word.
    Session noTime = make(QStringLiteral("demo:a"), 4);
    noTime.logonTime = QDateTime();
    noTime.user = QStringLiteral("o'neil @home/x y");
    const QString userText = SessionRef::of(noTime).toString();
    EXPECT_TRUE(userText.startsWith(QStringLiteral("4/")));
    EXPECT_FALSE(userText.contains(u' ') || userText.contains(u'\'') || userText.mid(2).contains(u'/'));
    const auto byUser = SessionRef::parse(userText, &error);
    ASSERT_TRUE(byUser) << error.toStdString();
    EXPECT_EQ(byUser->user, noTime.user);
    EXPECT_FALSE(byUser->logonTime.isValid());
}

TEST(SessionRef, PlainIdsStillParse)
{
    QString error;
    for (const char *id : {"3", "c12", "42"}) {
        const auto ref = SessionRef::parse(QString::fromLatin1(id), &error);
        ASSERT_TRUE(ref) << id;
        EXPECT_TRUE(ref->isPlainId());
        EXPECT_EQ(ref->id, QString::fromLatin1(id));
    }
}

TEST(SessionRef, RefusesPseudoIdsAndNonsense)
{
    QString error;
    for (const char *id : {"self", "auto", "", "4294967295", "-1", "SELF", "Auto", "04294967295", " self",
                           "self@2025-11-25T09:05:02.123Z", "4294967295/bob"}) {
        EXPECT_FALSE(SessionRef::parse(QString::fromLatin1(id), &error)) << id;
        EXPECT_FALSE(error.isEmpty());
        error.clear();
    }
    for (const char *bad : {"3@yesterday", "*", "1;rm", "--all", "3@"}) {
        EXPECT_FALSE(SessionRef::parse(QString::fromLatin1(bad), &error)) << bad;
        EXPECT_FALSE(error.isEmpty());
        error.clear();
    }
    EXPECT_FALSE(SessionRef::pseudoIdReason(QStringLiteral("0")));
    EXPECT_FALSE(SessionRef::pseudoIdReason(QStringLiteral("c1")));
}

TEST(SessionRef, VerifySaysWhatTheIdIsNow)
{
    Session bob = make(QStringLiteral("demo:a"), 3);
    bob.user = QStringLiteral("bob");
    const SessionRef ref = SessionRef::of(bob);
    EXPECT_TRUE(ref.verify(QStringLiteral("bob"), bob.logonTime).ok());

    const QDateTime later = bob.logonTime.addSecs(5400);
    const Result<void> changed = ref.verify(QStringLiteral("carol"), later);
    ASSERT_FALSE(changed.ok());
    EXPECT_EQ(changed.error().category, SessionError::Category::Changed);
    EXPECT_TRUE(changed.error().message.startsWith(QStringLiteral("Session 3 is now carol's logon of ")));
    EXPECT_TRUE(changed.error().message.contains(QStringLiteral("not bob's logon of ")));

    // The same user logged on again under the same id: another logon all the same.
    EXPECT_FALSE(ref.verify(QStringLiteral("bob"), later).ok());
    // Where the logon time cannot be read now, the user still must match.
    EXPECT_TRUE(ref.verify(QStringLiteral("bob"), QDateTime()).ok());
    EXPECT_FALSE(ref.verify(QStringLiteral("carol"), QDateTime()).ok());
    // A ref naming only a logon time cannot be confirmed without one.
    SessionRef timeOnly = ref;
    timeOnly.user.reset();
    EXPECT_FALSE(timeOnly.verify(QStringLiteral("bob"), QDateTime()).ok());
    // A plain id checks nothing.
    EXPECT_TRUE(SessionRef::plainId(QStringLiteral("3")).verify(QStringLiteral("carol"), later).ok());
}
