#include "SessionDetailsFetcher.h"

#include "UiTestSupport.h"

#include <QSignalSpy>

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

using UiTestSupport::waitUntil;

namespace {

// A server whose details answer only when the test lets one more read through, and which
// remembers which sessions were asked for.
class GatedSource final : public SessionSource
{
public:
    GatedSource()
        : SessionSource(ServerAddress::parse(QStringLiteral("demo:gated")))
    {}

    Capabilities capabilities() const override { return Capability::Enumerate | Capability::Details; }
    EnumerateResult enumerate() override { return QList<Session>(); }

    void letOneThrough()
    {
        std::lock_guard locker(m_mutex);
        ++m_allowed;
        m_changed.notify_all();
    }
    QStringList asked() const
    {
        std::lock_guard locker(m_mutex);
        return m_asked;
    }

protected:
    ActionResult doLogoff(const SessionRef &, bool, Timeout) override { return {}; }
    DetailsResult doDetails(const SessionRef &target, Timeout) override
    {
        std::unique_lock locker(m_mutex);
        m_asked.append(target.id);
        m_changed.wait(locker, [this] { return m_allowed > 0; });
        --m_allowed;
        return SessionDetails{{QStringLiteral("sessionId"), QStringLiteral("Session ID"), target.id}};
    }

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_allowed = 0;
    QStringList m_asked;
};

Session sessionWithId(const char *id)
{
    Session s;
    s.server = QStringLiteral("demo:gated");
    s.id = QString::fromLatin1(id);
    s.user = QStringLiteral("u") + s.id;
    return s;
}

} // namespace

TEST(SessionDetailsFetcher, OneReadAtATimeTheNewestRequestWinsAndOlderResultsAreDropped)
{
    auto source = std::make_shared<GatedSource>();
    SessionDetailsFetcher fetcher;
    QSignalSpy finished(&fetcher, &SessionDetailsFetcher::finished);

    fetcher.fetch(source, sessionWithId("1"));
    ASSERT_TRUE(waitUntil([&] { return source->asked().size() == 1; }));
    fetcher.fetch(source, sessionWithId("2"));
    fetcher.fetch(source, sessionWithId("3"));
    EXPECT_EQ(source->asked(), QStringList{QStringLiteral("1")}) << "never two reads at once";

    // The read of 1 ends: its result is dropped and 3 is read, 2 never.
    source->letOneThrough();
    ASSERT_TRUE(waitUntil([&] { return source->asked().size() == 2; }));
    EXPECT_EQ(source->asked(), (QStringList{QStringLiteral("1"), QStringLiteral("3")}));
    EXPECT_TRUE(finished.isEmpty());

    source->letOneThrough();
    ASSERT_TRUE(waitUntil([&] { return finished.size() == 1; }));
    const auto session = finished.first().at(0).value<Session>();
    const auto result = finished.first().at(1).value<DetailsResult>();
    EXPECT_EQ(session.id, QStringLiteral("3"));
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result.value().first().value, QStringLiteral("3"));
    EXPECT_FALSE(fetcher.isReading());
}

TEST(SessionDetailsFetcher, AResultGivenUpIsDropped)
{
    auto source = std::make_shared<GatedSource>();
    SessionDetailsFetcher fetcher;
    QSignalSpy finished(&fetcher, &SessionDetailsFetcher::finished);
    fetcher.fetch(source, sessionWithId("4"));
    ASSERT_TRUE(waitUntil([&] { return source->asked().size() == 1; }));
    fetcher.cancel();
    source->letOneThrough();
    ASSERT_TRUE(waitUntil([&] { return !fetcher.isReading(); }));
    EXPECT_TRUE(finished.isEmpty());

    // The next request is delivered again.
    fetcher.fetch(source, sessionWithId("5"));
    source->letOneThrough();
    ASSERT_TRUE(waitUntil([&] { return finished.size() == 1; }));
    EXPECT_EQ(finished.first().at(0).value<Session>().id, QStringLiteral("5"));
}
