#pragma once

#include "SessionSource.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTest>

#include <functional>
#include <memory>

// Helpers for the window tests: waiting on conditions (never fixed sleeps) and sources
// with chosen capabilities.
namespace UiTestSupport {

// Processes events until `condition` holds or `timeoutMs` passed; returns the condition.
inline bool waitUntil(const std::function<bool()> &condition, int timeoutMs = 10000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QTest::qWait(5);
    }
    return true;
}

// Checks a model's invariants on every change; a violation aborts the test binary.
inline std::unique_ptr<QAbstractItemModelTester> checked(QAbstractItemModel *model)
{
    return std::make_unique<QAbstractItemModelTester>(model, QAbstractItemModelTester::FailureReportingMode::Fatal);
}

// A fixed list of sessions with chosen capabilities, and a change callback tests can fire.
class FixedSource final : public SessionSource
{
public:
    FixedSource(const ServerAddress &address, Capabilities capabilities, QList<Session> sessions)
        : SessionSource(address)
        , m_capabilities(capabilities)
        , m_sessions(std::move(sessions))
    {
    }

    Capabilities capabilities() const override { return m_capabilities; }
    EnumerateResult enumerate() override
    {
        ++m_enumerations;
        return {m_sessions, std::nullopt};
    }
    ActionResult logoff(const QString &, bool, Timeout) override { return std::nullopt; }
    std::variant<bool, SessionError> isPresent(const QString &) override { return true; }
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
