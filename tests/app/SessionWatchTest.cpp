#include "SessionWatch.h"
#include "SessionFixtures.h"
#include "SessionPrinter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QProcess>
#include <QTest>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#ifdef Q_OS_UNIX
#include <signal.h>
#endif

using namespace std::chrono_literals;

// The watch is stopped the way a user stops it on a terminal: SIGINT or SIGTERM (POSIX).
#ifdef Q_OS_UNIX
namespace {

// sessionctl watch as a child process, read line by line as it writes.
class WatchProcess final
{
public:
    explicit WatchProcess(const QStringList &arguments)
    {
        m_process.start(QStringLiteral(SESSIONCTL_PATH), QStringList{QStringLiteral("watch")} + arguments);
        EXPECT_TRUE(m_process.waitForStarted(30000));
    }
    ~WatchProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(30000);
        }
    }

    // Reads lines until `done` holds for what was read so far, or the deadline passes.
    bool readUntil(const std::function<bool(const QStringList &)> &done, std::chrono::seconds within = 60s)
    {
        const auto deadline = std::chrono::steady_clock::now() + within;
        while (!done(m_lines)) {
            if (std::chrono::steady_clock::now() > deadline || m_process.state() == QProcess::NotRunning)
                return done(m_lines);
            m_process.waitForReadyRead(100);
            take();
        }
        return true;
    }

    // Sends `signal` and waits for the end: the exit code, or -1 when it did not end normally.
    int stop(int signal, std::chrono::seconds within = 60s)
    {
        ::kill(pid_t(m_process.processId()), signal);
        if (!m_process.waitForFinished(int(std::chrono::milliseconds(within).count())))
            return -1;
        take();
        m_rest += QString::fromUtf8(m_process.readAllStandardOutput());
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }

    const QStringList &lines() const { return m_lines; }
    // What came after the last line break: must be nothing once the process ended.
    const QString &rest() const { return m_rest; }

private:
    void take()
    {
        while (m_process.canReadLine()) {
            QString line = QString::fromUtf8(m_process.readLine());
            line.chop(1);
            m_lines.append(line);
        }
    }

    QProcess m_process;
    QStringList m_lines;
    QString m_rest;
};

QList<QJsonObject> objects(const QStringList &lines)
{
    QList<QJsonObject> out;
    for (const QString &line : lines) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8(), &error);
        EXPECT_EQ(error.error, QJsonParseError::NoError) << line.toStdString();
        out.append(doc.object());
    }
    return out;
}

int countEvents(const QList<QJsonObject> &events, const QString &server, const QString &kind)
{
    return int(std::count_if(events.cbegin(), events.cend(), [&](const QJsonObject &o) {
        return o.value(QStringLiteral("server")).toString() == server
               && o.value(QStringLiteral("event")).toString() == kind;
    }));
}

} // namespace

TEST(SessionctlWatch, ChurnShowsNewGoneAndChangedAsJsonLinesUntilTerminated)
{
    const QString farm = QStringLiteral("demo:w?sessions=6&latency=0&churn=100");
    WatchProcess watch({QStringLiteral("--server"), farm, QStringLiteral("--interval"), QStringLiteral("0.05"),
                        QStringLiteral("--format"), QStringLiteral("json")});
    const int initial = 6 + 2; // the users, services and the listener
    ASSERT_TRUE(watch.readUntil([&](const QStringList &lines) {
        const QList<QJsonObject> events = objects(lines);
        return countEvents(events, farm, QStringLiteral("new")) > initial
               && countEvents(events, farm, QStringLiteral("gone")) > 0
               && countEvents(events, farm, QStringLiteral("changed")) > 0;
    })) << watch.lines().join(u'\n').toStdString();
    EXPECT_EQ(watch.stop(SIGTERM), 0);
    EXPECT_TRUE(watch.rest().isEmpty()) << "a line cut short: " << watch.rest().toStdString();

    for (const QJsonObject &event : objects(watch.lines())) {
        EXPECT_EQ(event.value(QStringLiteral("server")).toString(), farm);
        EXPECT_TRUE(QDateTime::fromString(event.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs).isValid());
        // Each names its logon by ref, the same ref that list gives.
        const QString ref = event.value(QStringLiteral("ref")).toString();
        EXPECT_TRUE(ref.startsWith(event.value(QStringLiteral("id")).toString() + u'@')
                    || ref.startsWith(event.value(QStringLiteral("id")).toString() + u'/'))
            << ref.toStdString();
    }
}

TEST(SessionctlWatch, AFailingServerIsReportedOnceAndAgainWhenItAnswers)
{
    const QString flaky = QStringLiteral("demo:flaky?latency=0&fail=50&seed=7");
    WatchProcess watch(
        {QStringLiteral("--server"), flaky, QStringLiteral("--interval=0.02"), QStringLiteral("--format=json")});
    ASSERT_TRUE(watch.readUntil([&](const QStringList &lines) {
        const QList<QJsonObject> events = objects(lines);
        return countEvents(events, flaky, QStringLiteral("recovered")) >= 2;
    })) << watch.lines().join(u'\n').toStdString();
    EXPECT_EQ(watch.stop(SIGINT), 0);

    // error, recovered, error, recovered...: never two errors in a row for one outage.
    QString previous;
    for (const QJsonObject &event : objects(watch.lines())) {
        const QString kind = event.value(QStringLiteral("event")).toString();
        if (kind == u"error") {
            EXPECT_NE(previous, QStringLiteral("error"));
            EXPECT_EQ(event.value(QStringLiteral("category")).toString(), QStringLiteral("Unreachable"));
            EXPECT_EQ(event.value(QStringLiteral("message")).toString(),
                      QStringLiteral("The RPC server is unavailable. (1722)"));
        }
        if (kind == u"recovered") {
            EXPECT_EQ(previous, QStringLiteral("error"));
        }
        if (kind == u"error" || kind == u"recovered")
            previous = kind;
    }
}

TEST(SessionctlWatch, AHungServerDelaysNoOtherServerNorTheEnd)
{
    const QString hung = QStringLiteral("demo:hung?latency=600000");
    const QString busy = QStringLiteral("demo:busy?sessions=4&latency=0&churn=100");
    WatchProcess watch({QStringLiteral("--server"), hung, QStringLiteral("--server"), busy,
                        QStringLiteral("--interval"), QStringLiteral("0.05")});
    // Several refreshes of the busy server, each with its own time, while the hung one is
    // still in its first (ten-minute) enumeration.
    ASSERT_TRUE(watch.readUntil([&](const QStringList &lines) {
        QSet<QString> times;
        for (const QString &line : lines) {
            if (line.contains(busy))
                times.insert(line.section(u' ', 0, 0));
        }
        return times.size() >= 5;
    })) << watch.lines().join(u'\n').toStdString();
    for (const QString &line : watch.lines())
        EXPECT_FALSE(line.contains(hung)) << line.toStdString();
    // Interrupted, it ends at once rather than after the hung server's enumeration.
    EXPECT_EQ(watch.stop(SIGINT, 30s), 0);
    EXPECT_TRUE(watch.rest().isEmpty());
}

#endif // Q_OS_UNIX

TEST(SessionctlWatch, RefusesCsvAndBadIntervals)
{
    const QList<std::pair<QStringList, QString>> cases{
        {{QStringLiteral("--format"), QStringLiteral("csv")}, QStringLiteral("unknown format 'csv' (use table|json)")},
        {{QStringLiteral("--interval"), QStringLiteral("0")}, QStringLiteral("--interval takes a number of seconds")},
        {{QStringLiteral("--interval"), QStringLiteral("soon")}, QStringLiteral("--interval takes a number of seconds")},
        {{QStringLiteral("--server"), QStringLiteral("host;reboot")}, QStringLiteral("invalid server address")},
    };
    for (const auto &[arguments, reason] : cases) {
        QProcess process;
        process.start(QStringLiteral(SESSIONCTL_PATH), QStringList{QStringLiteral("watch")} + arguments);
        ASSERT_TRUE(process.waitForFinished(60000));
        EXPECT_EQ(process.exitCode(), 2) << arguments.join(u' ').toStdString();
        EXPECT_TRUE(process.readAllStandardOutput().isEmpty());
        const QString err = QString::fromUtf8(process.readAllStandardError());
        EXPECT_TRUE(err.contains(reason)) << err.toStdString();
    }
}

namespace {

// A server whose sessions carry whatever text a hostile user or client could give them.
class HostileSource final : public SessionSource
{
public:
    explicit HostileSource(QList<QList<Session>> answers)
        : SessionSource(ServerAddress::parse(QStringLiteral("demo:hostile")))
        , m_answers(std::move(answers))
    {}

    Capabilities capabilities() const override { return Capability::Enumerate; }
    EnumerateResult enumerate() override
    {
        QMutexLocker lock(&m_mutex);
        const QList<Session> sessions = m_answers.size() > 1 ? m_answers.takeFirst() : m_answers.first();
        return sessions;
    }

protected:
    ActionResult doLogoff(const SessionRef &, bool, Timeout) override
    {
        return notSupported(QStringLiteral("Log off"));
    }

private:
    QMutex m_mutex;
    QList<QList<Session>> m_answers;
};

// A server with change signals, as logind has: it tells when its sessions changed.
class SignallingSource final : public SessionSource
{
public:
    SignallingSource()
        : SessionSource(ServerAddress::parse(QStringLiteral("demo:signals")))
    {}

    Capabilities capabilities() const override { return Capability::Enumerate; }
    EnumerateResult enumerate() override
    {
        QMutexLocker lock(&m_mutex);
        return m_sessions;
    }
    void watchChanges(std::function<void()> onChange) override
    {
        QMutexLocker lock(&m_mutex);
        m_onChange = std::move(onChange);
    }

    // A logon, and the signal for it (from another thread, as D-Bus delivers it).
    void logOn(const Session &session)
    {
        std::function<void()> onChange;
        {
            QMutexLocker lock(&m_mutex);
            m_sessions.append(session);
            onChange = m_onChange;
        }
        std::thread(onChange).join();
    }

protected:
    ActionResult doLogoff(const SessionRef &, bool, Timeout) override
    {
        return notSupported(QStringLiteral("Log off"));
    }

private:
    QMutex m_mutex;
    QList<Session> m_sessions;
    std::function<void()> m_onChange;
};

} // namespace

TEST(SessionWatch, AServerWithChangeSignalsIsRefreshedOnTheSignal)
{
    // No periodic refresh comes within the test: only the signal can bring the new session.
    SessionWatch watch(std::chrono::hours(1));
    QList<WatchEvent> events;
    QObject::connect(&watch, &SessionWatch::event, &watch, [&](const WatchEvent &event) { events.append(event); });
    const auto source = std::make_shared<SignallingSource>();
    watch.addSource(source, true);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !watch.isRefreshing(); }, 60000));
    EXPECT_TRUE(events.isEmpty());

    const Session session = SessionFixtures::make(QStringLiteral("demo:signals"), 7);
    source->logOn(session);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !events.isEmpty(); }, 30000)) << "the signal did not refresh the server";
    EXPECT_EQ(events.first().kind, WatchEvent::Kind::New);
    EXPECT_EQ(events.first().session, session);
}

TEST(SessionWatch, HostileSessionDataStaysOneLinePerEvent)
{
    const QString server = QStringLiteral("demo:hostile");
    Session hostile = SessionFixtures::make(server, 3);
    hostile.id = QStringLiteral("3\n4\x1b[2J");
    hostile.user = QStringLiteral("eve\u202e\u2028gpj.exe\r\n\x07\x7f\u0085");
    hostile.station = QStringLiteral("RDP\x1b]0;owned\x07");
    hostile.clientName = QStringLiteral("\U000E0041tag");
    Session changed = hostile;
    changed.state = Session::State::Disconnected;
    changed.clientAddress = QStringLiteral("10.0.0.1\n\"x\":1");

    SessionWatch watch(20ms);
    QList<WatchEvent> events;
    QObject::connect(&watch, &SessionWatch::event, &watch, [&](const WatchEvent &event) { events.append(event); });
    watch.addSource(std::make_shared<HostileSource>(QList<QList<Session>>{{hostile}, {changed}, {}}), false);
    ASSERT_TRUE(QTest::qWaitFor([&] { return events.size() >= 3; }, 60000));

    ASSERT_EQ(events.size(), 3);
    EXPECT_EQ(events.at(0).kind, WatchEvent::Kind::New);
    EXPECT_EQ(events.at(1).kind, WatchEvent::Kind::Changed);
    EXPECT_EQ(events.at(2).kind, WatchEvent::Kind::Gone);
    for (const WatchEvent &event : std::as_const(events)) {
        for (const auto format : {SessionPrinter::Format::Table, SessionPrinter::Format::Json}) {
            const QString line = SessionPrinter::formatEvent(event, format);
            for (const QChar c : line)
                EXPECT_TRUE(c.isPrint() || c == u' ') << "raw U+" << std::hex << uint(c.unicode());
            if (format == SessionPrinter::Format::Json) {
                // Escaped, not lost: the JSON still carries the data exactly.
                const QJsonObject object = QJsonDocument::fromJson(line.toUtf8()).object();
                EXPECT_EQ(object.value(QStringLiteral("id")).toString(), event.session.id);
                EXPECT_EQ(object.value(QStringLiteral("user")).toString(), event.session.user);
                EXPECT_EQ(object.value(QStringLiteral("station")).toString(), event.session.station);
                EXPECT_EQ(object.value(QStringLiteral("clientName")).toString(), event.session.clientName);
                EXPECT_EQ(object.value(QStringLiteral("clientAddress")).toString(), event.session.clientAddress);
            }
        }
    }
}
