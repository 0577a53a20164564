#pragma once

#include "LogoffConfirmDialog.h"
#include "MainWindow.h"
#include "ServerTab.h"
#include "SessionSource.h"
#include "SessionTableView.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>

// Helpers for the window tests: waiting on conditions (never fixed sleeps) and sources
// with chosen capabilities.
namespace UiTestSupport {

// Processes events until `condition` holds or `timeoutMs` passed; returns the condition.
inline bool waitUntil(const std::function<bool()> &condition, int timeoutMs = 10000)
{
    return QTest::qWaitFor(condition, timeoutMs);
}

// Opens the window on `servers` with its own settings file, shown and active.
inline std::unique_ptr<MainWindow> openWindow(const QStringList &servers, const QString &settingsFile,
                                              int actionThreads = 8)
{
    MainWindow::Options options;
    options.servers = servers;
    options.settingsFile = settingsFile;
    options.actionThreads = actionThreads;
    auto window = std::make_unique<MainWindow>(options);
    window->show();
    window->activateWindow();
    EXPECT_TRUE(QTest::qWaitForWindowActive(window.get()));
    return window;
}

// Delete on the grid of `tab`, as a user asks to log off its selected rows: the confirmation
// that opens, or nullptr when none showed.
inline LogoffConfirmDialog *askToLogOff(MainWindow &window, ServerTab *tab)
{
    tab->view()->setFocus();
    QTest::keyClick(tab->view(), Qt::Key_Delete);
    LogoffConfirmDialog *confirm = nullptr;
    const bool shown = waitUntil([&] {
        confirm = window.findChild<LogoffConfirmDialog *>();
        return confirm && confirm->isVisible();
    });
    return shown ? confirm : nullptr;
}

// Checks a model's invariants on every change; a violation aborts the test binary.
inline std::unique_ptr<QAbstractItemModelTester> checked(QAbstractItemModel *model)
{
    return std::make_unique<QAbstractItemModelTester>(model, QAbstractItemModelTester::FailureReportingMode::Fatal);
}

// Measures how late a 5 ms timer on the GUI thread fires while it lives: the longest the
// thread was kept from its event loop. A freeze detector, not a benchmark.
class Heartbeat final
{
public:
    static constexpr qint64 PeriodMs = 5;

    Heartbeat()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(int(PeriodMs));
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer,
                         [this] { m_maxLatenessMs = std::max(m_maxLatenessMs, m_clock.restart() - PeriodMs); });
        m_clock.start();
        m_timer.start();
    }
    Q_DISABLE_COPY_MOVE(Heartbeat)

    qint64 maxLatenessMs() const { return m_maxLatenessMs; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_maxLatenessMs = 0;
};

// A fixed list of sessions with chosen capabilities, and a change callback tests can fire.
class FixedSource final : public SessionSource
{
public:
    FixedSource(const ServerAddress &address, Capabilities capabilities, QList<Session> sessions)
        : SessionSource(address)
        , m_capabilities(capabilities)
        , m_sessions(std::move(sessions))
    {}

    Capabilities capabilities() const override { return m_capabilities; }
    EnumerateResult enumerate() override
    {
        ++m_enumerations;
        return m_sessions;
    }
    ActionResult doLogoff(const SessionRef &, bool, Timeout) override { return {}; }
    void watchChanges(std::function<void()> onChange) override { m_onChange = std::move(onChange); }

    void fireChange() const { m_onChange(); }
    int enumerations() const { return m_enumerations.load(); }

private:
    const Capabilities m_capabilities;
    const QList<Session> m_sessions;
    std::function<void()> m_onChange;
    std::atomic<int> m_enumerations{0};
};

} // namespace UiTestSupport
