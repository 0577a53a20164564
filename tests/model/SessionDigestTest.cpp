#include "SessionDigest.h"
#include "SessionFixtures.h"

#include <gtest/gtest.h>

#include <functional>

using namespace SessionFixtures;

namespace {

const QString A = QStringLiteral("demo:a");

} // namespace

TEST(SessionDigestTest, EqualSessionsHaveEqualDigests)
{
    const SessionDigest a = SessionDigest::of(make(A, 7));
    const SessionDigest b = SessionDigest::of(make(A, 7));
    EXPECT_EQ(a.key, b.key);
    EXPECT_EQ(a.content, b.content);
    EXPECT_EQ(a.idleSinceMSecs, SessionDigest::NoIdleSince);
    EXPECT_FALSE(a.hasCpuTime);
}

TEST(SessionDigestTest, TheKeyIsTheIdAndTheLogonTime)
{
    const Session s = make(A, 7);
    const SessionDigest digest = SessionDigest::of(s);
    Session otherId = s;
    otherId.id = QStringLiteral("8");
    Session reused = s;
    reused.logonTime = s.logonTime.addSecs(1);
    Session renamed = s;
    renamed.user = QStringLiteral("other");
    EXPECT_NE(SessionDigest::of(otherId).key, digest.key);
    EXPECT_NE(SessionDigest::of(reused).key, digest.key) << "a reused id is a new session";
    EXPECT_EQ(SessionDigest::of(renamed).key, digest.key);
}

TEST(SessionDigestTest, EveryOtherFieldChangesTheContent)
{
    const Session base = make(A, 7);
    const quint64 content = SessionDigest::of(base).content;
    const std::vector<std::pair<const char *, std::function<void(Session &)>>> changes{
        {"user", [](Session &s) { s.user += u'x'; }},
        {"domain", [](Session &s) { s.domain += u'x'; }},
        {"state", [](Session &s) { s.state = Session::State::Disconnected; }},
        {"rawState", [](Session &s) { s.rawState += u'x'; }},
        {"station", [](Session &s) { s.station += u'x'; }},
        {"clientName", [](Session &s) { s.clientName += u'x'; }},
        {"clientAddress", [](Session &s) { s.clientAddress += u'x'; }},
        {"remoteUser", [](Session &s) { s.remoteUser += u'x'; }},
        {"remote", [](Session &s) { s.remote = !s.remote; }},
        {"service", [](Session &s) { s.service += u'x'; }},
        {"connectTime", [](Session &s) { s.connectTime = s.connectTime.addSecs(1); }},
        {"disconnectTime", [](Session &s) { s.disconnectTime = BaseTime; }},
        {"own", [](Session &s) { s.own = !s.own; }},
        {"processCount", [](Session &s) { s.processCount = 0; }},
        {"memoryBytes", [](Session &s) { s.memoryBytes = 0; }},
    };
    for (const auto &[field, change] : changes) {
        Session changed = base;
        change(changed);
        EXPECT_NE(SessionDigest::of(changed).content, content) << field;
    }
}

TEST(SessionDigestTest, SwappedTextsDiffer)
{
    Session a = make(A, 7);
    a.user = QStringLiteral("x");
    a.domain = QStringLiteral("y");
    Session b = a;
    std::swap(b.user, b.domain);
    EXPECT_NE(SessionDigest::of(a).content, SessionDigest::of(b).content);
}

TEST(SessionDigestTest, CpuTimeAndIdleSinceAreKeptApart)
{
    Session s = make(A, 7);
    const quint64 content = SessionDigest::of(s).content;
    s.idleSince = BaseTime;
    s.cpuTime = std::chrono::seconds(3);
    const SessionDigest digest = SessionDigest::of(s);
    EXPECT_EQ(digest.content, content);
    EXPECT_EQ(digest.idleSinceMSecs, BaseTime.toMSecsSinceEpoch());
    EXPECT_TRUE(digest.hasCpuTime);
}
