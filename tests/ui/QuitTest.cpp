#include "MainWindow.h"

#include "ActionJob.h"
#include "ErrorBanner.h"
#include "ServerTab.h"
#include "SessionTableModel.h"
#include "UiTestSupport.h"

#include <QAbstractButton>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QProcess>
#include <QScopeGuard>
#include <QTabWidget>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <condition_variable>
#include <cstdio>
#include <mutex>

// Quitting with actions or refreshes in flight: the window asks; waiting closes it when the
// work is done, abandoning ends the process at once without touching what is still running.

using UiTestSupport::waitUntil;

namespace {

// Set in the environment of the child process that AbandonEndsTheProcessAtOnce starts: the
// directory for its settings.
const char *const ChildVariable = "SC_QUIT_TEST_CHILD";

// A server that lists its sessions once, then hangs in every call, as a host that stops
// answering does: refreshes after the first and log offs return only when released.
class StuckSource final : public SessionSource
{
public:
    explicit StuckSource(const QString &name)
        : SessionSource(ServerAddress::parse(QStringLiteral("demo:") + name))
    {
        for (int id = 1; id <= 3; ++id) {
            Session s;
            s.server = address().toString();
            s.id = QString::number(id);
            s.user = QStringLiteral("user%1").arg(id);
            s.state = Session::State::Active;
            s.logonTime = QDateTime::currentDateTimeUtc().addSecs(-600 * id);
            m_sessions.append(s);
        }
    }

    Capabilities capabilities() const override { return Capability::Enumerate | Capability::Logoff; }
    EnumerateResult enumerate() override
    {
        if (m_enumerations++ > 0)
            hang();
        return m_sessions;
    }

    const QList<Session> &sessions() const { return m_sessions; }
    int hanging() const { return m_hanging; }
    void release()
    {
        std::lock_guard lock(m_mutex);
        m_released = true;
        m_release.notify_all();
    }

protected:
    ActionResult doLogoff(const SessionRef &, bool, Timeout) override
    {
        hang();
        return {};
    }

private:
    void hang()
    {
        ++m_hanging;
        std::unique_lock lock(m_mutex);
        m_release.wait(lock, [this] { return m_released; });
        --m_hanging;
    }

    QList<Session> m_sessions;
    std::atomic<int> m_enumerations{0};
    std::atomic<int> m_hanging{0};
    std::mutex m_mutex;
    std::condition_variable m_release;
    bool m_released = false;
};

// Opens the window with the stuck server's rows shown and a log off of one of its sessions
// hanging.
std::unique_ptr<MainWindow> openWithALogoffInFlight(const std::shared_ptr<StuckSource> &source,
                                                    const QString &settingsFile)
{
    auto window = UiTestSupport::openWindow({QStringLiteral("demo:quiet?latency=0&churn=0")}, settingsFile);
    window->addSource(source);
    ServerTab *tab = window->tabFor(source->address().toString());
    window->tabs()->setCurrentWidget(tab);
    EXPECT_TRUE(waitUntil([&] { return tab->model()->rowCount() == 3; }));
    ActionJob::Options options;
    options.kind = ActionJob::Kind::Logoff;
    EXPECT_TRUE(window->startAction(options, {source->sessions().first()}));
    EXPECT_TRUE(waitUntil([&] { return source->hanging() == 1; }));
    return window;
}

QAbstractButton *answer(const MainWindow &window, const char *name)
{
    QMessageBox *box = window.quitQuestion();
    return box ? box->findChild<QAbstractButton *>(QString::fromLatin1(name)) : nullptr;
}

} // namespace

TEST(QuitTest, QuittingWithAnActionInFlightAsksAndWaitingClosesTheWindowOnceItEnds)
{
    QTemporaryDir dir;
    const auto source = std::make_shared<StuckSource>(QStringLiteral("stuck"));
    auto window = openWithALogoffInFlight(source, dir.filePath(QStringLiteral("c.ini")));
    // Declared after the window, so run before it goes: its action pool waits for the workers.
    const auto releaseAtEnd = qScopeGuard([&] { source->release(); });
    ASSERT_TRUE(window->hasWorkInFlight());

    // Ctrl+Q asks; Cancel keeps everything as it was.
    QTest::keyClick(window.get(), Qt::Key_Q, Qt::ControlModifier);
    ASSERT_TRUE(waitUntil([&] { return window->quitQuestion() && window->quitQuestion()->isVisible(); }));
    EXPECT_EQ(window->quitQuestion()->text(), QStringLiteral("An action on 1 session is still running."));
    EXPECT_TRUE(window->isVisible());
    window->quitQuestion()->button(QMessageBox::Cancel)->click();
    ASSERT_TRUE(waitUntil([&] { return !window->quitQuestion(); }));
    EXPECT_TRUE(window->isVisible());
    EXPECT_FALSE(window->isWaitingToQuit());
    EXPECT_FALSE(window->hasAbandonedWork());

    // Wait: the window stays, says so, starts no refresh, and closes when the work ends.
    window->close();
    ASSERT_TRUE(waitUntil([&] { return answer(*window, "Wait"); }));
    answer(*window, "Wait")->click();
    EXPECT_TRUE(window->isWaitingToQuit());
    EXPECT_TRUE(window->isVisible());
    EXPECT_TRUE(window->scheduler()->isPaused());
    EXPECT_TRUE(window->pauseAction()->isChecked());
    EXPECT_TRUE(window->noteBanner()->isVisible());
    EXPECT_TRUE(window->noteBanner()->text().contains(QStringLiteral("Quitting")))
        << window->noteBanner()->text().toStdString();
    source->release();
    ASSERT_TRUE(waitUntil([&] { return !window->isVisible(); }, 20000));
    EXPECT_FALSE(window->hasWorkInFlight());
    EXPECT_FALSE(window->hasAbandonedWork());

    // Nothing is left to wait for: the window goes at once.
    QElapsedTimer teardown;
    teardown.start();
    window.reset();
    EXPECT_LT(teardown.elapsed(), 5000);
}

// The child's side of AbandonEndsTheProcessAtOnce: quits, choosing Abandon, while a log off
// and a refresh hang for good, and reports on stdout what it got to.
TEST(QuitTest, AbandoningChild)
{
    const QString dir = qEnvironmentVariable(ChildVariable);
    if (dir.isEmpty())
        GTEST_SKIP() << "the child process of QuitTest.AbandonEndsTheProcessAtOnce";
    const auto source = std::make_shared<StuckSource>(QStringLiteral("stuck"));
    const auto window = openWithALogoffInFlight(source, dir + QStringLiteral("/c.ini"));
    window->scheduler()->refreshNow(source->address().toString());
    ASSERT_TRUE(waitUntil([&] { return source->hanging() == 2; }));

    QTimer::singleShot(0, window.get(), [&window] {
        window->close();
        QAbstractButton *abandon = answer(*window, "Abandon");
        std::printf("%s\n", abandon ? "abandoning" : "no question");
        std::fflush(stdout);
        if (abandon)
            abandon->click();
        std::printf("window %s\n", window->isVisible() ? "still shown" : "closed");
        std::fflush(stdout);
    });
    const int code = window->runUntilQuit();
    std::printf("returned %d\n", code);
    std::fflush(stdout);
}

TEST(QuitTest, AbandonEndsTheProcessAtOnce)
{
    if (!qEnvironmentVariableIsEmpty(ChildVariable))
        GTEST_SKIP() << "in the child";
    QTemporaryDir dir;
    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(ChildVariable), dir.path());
    child.setProcessEnvironment(environment);
    child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--gtest_filter=QuitTest.AbandoningChild")});
    ASSERT_TRUE(child.waitForStarted(30000));

    QByteArray out;
    QDeadlineTimer deadline(120000);
    while (!out.contains("abandoning\n") && child.state() == QProcess::Running && !deadline.hasExpired()) {
        child.waitForReadyRead(100);
        out += child.readAllStandardOutput();
        out.replace("\r\n", "\n"); // the child's stdout is text mode on Windows
    }
    QElapsedTimer sinceAbandon;
    sinceAbandon.start();
    // The calls in flight never return: a child that waited for them would never end.
    const bool ended = child.state() != QProcess::Running || child.waitForFinished(60000);
    const qint64 exitMs = sinceAbandon.elapsed();
    if (!ended) {
        child.kill();
        child.waitForFinished();
    }
    out += child.readAllStandardOutput();
    out.replace("\r\n", "\n");
    const QByteArray err = child.readAllStandardError();
    ASSERT_TRUE(out.contains("abandoning\n")) << out.toStdString() << err.toStdString();
    ASSERT_TRUE(ended) << out.toStdString() << err.toStdString();
    EXPECT_LT(exitMs, 5000);
    EXPECT_TRUE(out.contains("window closed\n")) << out.toStdString();
    EXPECT_FALSE(out.contains("returned")) << out.toStdString();
    EXPECT_EQ(child.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(child.exitCode(), 0) << err.toStdString();
    EXPECT_FALSE(err.contains("Sanitizer")) << err.toStdString();
}
