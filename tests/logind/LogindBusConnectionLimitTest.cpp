#include "logind/LogindBus.h"
#include "logind/LogindConnectionBudget.h"
#include "logind/LogindSignalReceiver.h"

#include "ProcStatus.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {

using Clock = LogindBus::Clock;

const QString DBusService = QStringLiteral("org.freedesktop.DBus");
const QString DBusPath = QStringLiteral("/org/freedesktop/DBus");

// Buses of the shared budget against a private dbus-daemon of the test's own: real
// connections, no logind needed (the calls go to the daemon itself).
class LogindBusConnectionLimitTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        const QString daemon = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
        if (daemon.isEmpty())
            GTEST_SKIP() << "dbus-daemon is not installed (scripts/install-deps.sh lab)";
        ASSERT_TRUE(m_dir.isValid());
        m_daemon.start(daemon, {QStringLiteral("--session"), QStringLiteral("--nofork"), QStringLiteral("--nopidfile"),
                                QStringLiteral("--print-address=1"),
                                QStringLiteral("--address=unix:path=") + m_dir.filePath(QStringLiteral("bus"))});
        ASSERT_TRUE(m_daemon.waitForStarted(10000)) << qPrintable(m_daemon.errorString());
        QDeadlineTimer deadline(10000);
        while (!m_daemon.canReadLine() && !deadline.hasExpired())
            m_daemon.waitForReadyRead(100);
        const QString address = QString::fromUtf8(m_daemon.readLine()).trimmed();
        ASSERT_FALSE(address.isEmpty()) << "dbus-daemon printed no address";
        m_address = ServerAddress::parse(QStringLiteral("dbus:") + address);
        ASSERT_TRUE(m_address.isValid()) << qPrintable(address);
        m_savedLimit = budget().limit();
    }

    void TearDown() override
    {
        if (m_savedLimit > 0)
            budget().setLimit(m_savedLimit);
        if (m_daemon.state() != QProcess::NotRunning) {
            m_daemon.terminate();
            m_daemon.waitForFinished(10000);
        }
    }

    static LogindConnectionBudget &budget() { return LogindConnectionBudget::shared(); }

    static LogindBus::Call listNames() { return {DBusPath, DBusService, QStringLiteral("ListNames"), {}, DBusService}; }

    // The unique names (":1.7") of the connections the daemon has now.
    static QStringList connections(const LogindBus::Reply &reply)
    {
        QStringList unique;
        if (const auto *values = std::get_if<QVariantList>(&reply)) {
            for (const QVariant &name : values->value(0).toList()) {
                if (name.toString().startsWith(u':'))
                    unique << name.toString();
            }
        }
        return unique;
    }

    static QString describe(const LogindBus::Reply &reply)
    {
        if (const auto *error = std::get_if<SessionError>(&reply))
            return error->message;
        if (const auto *error = std::get_if<LogindBusError>(&reply))
            return error->name + QStringLiteral(": ") + error->message;
        return QStringLiteral("a reply");
    }

    static bool waitFor(const std::function<bool()> &condition)
    {
        QDeadlineTimer deadline(20000);
        while (!condition()) {
            if (deadline.hasExpired())
                return false;
            QThread::msleep(5);
        }
        return true;
    }

    QTemporaryDir m_dir;
    QProcess m_daemon;
    ServerAddress m_address;
    int m_savedLimit = 0;
};

} // namespace

TEST_F(LogindBusConnectionLimitTest, WithALimitOfOneTwoBusesTakeTurnsAndBothAreAnswered)
{
    budget().setLimit(1);
    LogindSignalReceiver receiverA;
    LogindSignalReceiver receiverB;
    LogindBus a(m_address, receiverA);
    LogindBus b(m_address, receiverB);

    const auto first = a.call(listNames(), Clock::now() + 20s);
    ASSERT_EQ(connections(first).size(), 1) << qPrintable(describe(first));
    EXPECT_EQ(budget().open(), 1u);
    // a is idle now: b's connection takes its place, and the daemon sees b alone.
    const auto second = b.call(listNames(), Clock::now() + 20s);
    ASSERT_EQ(connections(second).size(), 1) << qPrintable(describe(second));
    EXPECT_NE(connections(second), connections(first));
    EXPECT_EQ(budget().open(), 1u);
    // And a connects again, in b's place.
    const auto third = a.call(listNames(), Clock::now() + 20s);
    ASSERT_EQ(connections(third).size(), 1) << qPrintable(describe(third));
    EXPECT_NE(connections(third), connections(second));
    EXPECT_EQ(budget().waiting(), 0u);
}

TEST_F(LogindBusConnectionLimitTest, WithoutAnIdleConnectionACallWaitsUntilItsDeadlineAndSaysWhy)
{
    budget().setLimit(1);
    // A connection of someone else's that stays busy holds the only place.
    int busy = 0;
    ASSERT_TRUE(budget().tryOpen(
        &busy, [] {}, [] {}));
    LogindSignalReceiver receiver;
    LogindBus bus(m_address, receiver);
    const auto refused = bus.call(listNames(), Clock::now() + 300ms);
    const auto *error = std::get_if<SessionError>(&refused);
    budget().closed(&busy);
    ASSERT_NE(error, nullptr) << qPrintable(describe(refused));
    EXPECT_EQ(error->category, SessionError::Category::Timeout);
    EXPECT_TRUE(error->message.contains(QStringLiteral("connection limit was reached"))) << qPrintable(error->message);
    EXPECT_TRUE(error->message.contains(QString::fromLatin1(LogindConnectionBudget::LimitVariable)));
    EXPECT_TRUE(waitFor([] { return budget().waiting() == 0; })) << "the bus leaves the line with its caller";
    // With the place free, the same bus connects.
    const auto answered = bus.call(listNames(), Clock::now() + 20s);
    EXPECT_EQ(connections(answered).size(), 1) << qPrintable(describe(answered));
}

TEST_F(LogindBusConnectionLimitTest, ABusAskedToCloseWhenIdleClosesAndConnectsAgainWhenCalled)
{
    LogindSignalReceiver receiverA;
    LogindSignalReceiver receiverB;
    LogindBus a(m_address, receiverA);
    LogindBus b(m_address, receiverB);
    const std::size_t before = budget().open();
    ASSERT_EQ(connections(a.call(listNames(), Clock::now() + 20s)).size(), 1);
    ASSERT_EQ(budget().open(), before + 1);
    const long connected = procStatus("Threads");
    const auto descriptors = [] {
        return QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System).size();
    };
    const qsizetype connectedDescriptors = descriptors();
    a.closeWhenIdle();
    ASSERT_TRUE(waitFor([&] { return budget().open() == before; }));
    EXPECT_TRUE(waitFor([&] { return procStatus("Threads") == connected - 1; }))
        << "a's thread ends with its connection";
    // Its socket and its thread's wake-up.
    EXPECT_TRUE(waitFor([&] { return descriptors() == connectedDescriptors - 2; })) << descriptors();
    // The daemon no longer has a's connection: b sees only itself.
    const auto seen = b.call(listNames(), Clock::now() + 20s);
    EXPECT_EQ(connections(seen).size(), 1) << qPrintable(describe(seen));
    const auto again = a.call(listNames(), Clock::now() + 20s);
    EXPECT_EQ(connections(again).size(), 2) << qPrintable(describe(again));
}
