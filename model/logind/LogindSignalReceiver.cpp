#include "LogindSignalReceiver.h"

void LogindSignalReceiver::setOnChange(std::function<void()> onChange)
{
    std::lock_guard lock(m_mutex);
    m_onChange = std::move(onChange);
}

void LogindSignalReceiver::expectRemoval(const QString &id)
{
    std::lock_guard lock(m_mutex);
    ++m_expected[id].waiters;
}

void LogindSignalReceiver::forgetRemoval(const QString &id)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_expected.find(id);
    if (it != m_expected.end() && --it->waiters <= 0)
        m_expected.erase(it);
}

bool LogindSignalReceiver::waitForRemoval(const QString &id, Clock::time_point until)
{
    std::unique_lock lock(m_mutex);
    return m_removed.wait_until(lock, until, [&] {
        const auto it = m_expected.constFind(id);
        return it != m_expected.cend() && it->removed;
    });
}

void LogindSignalReceiver::sessionNew(const QString &)
{
    notifyChange();
}

void LogindSignalReceiver::sessionRemoved(const QString &id)
{
    {
        std::lock_guard lock(m_mutex);
        if (const auto it = m_expected.find(id); it != m_expected.end()) {
            it->removed = true;
            m_removed.notify_all();
        }
    }
    notifyChange();
}

void LogindSignalReceiver::notifyChange()
{
    std::function<void()> onChange;
    {
        std::lock_guard lock(m_mutex);
        onChange = m_onChange;
    }
    if (onChange)
        onChange();
}
