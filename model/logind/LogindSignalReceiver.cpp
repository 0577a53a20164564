#include "LogindSignalReceiver.h"

namespace {
const QString Service = QStringLiteral("org.freedesktop.login1");
const QString ManagerPath = QStringLiteral("/org/freedesktop/login1");
const QString ManagerInterface = QStringLiteral("org.freedesktop.login1.Manager");
} // namespace

bool LogindSignalReceiver::subscribe(QDBusConnection &connection)
{
    // QtDBus finds the slot by its parameter types' names, which it only knows once registered.
    qRegisterMetaType<QDBusObjectPath>();
    const bool added = connection.connect(Service, ManagerPath, ManagerInterface, QStringLiteral("SessionNew"), this,
                                          SLOT(onSessionNew(QString, QDBusObjectPath)));
    const bool removed = connection.connect(Service, ManagerPath, ManagerInterface, QStringLiteral("SessionRemoved"),
                                            this, SLOT(onSessionRemoved(QString, QDBusObjectPath)));
    return added && removed;
}

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

void LogindSignalReceiver::onSessionNew(const QString &, const QDBusObjectPath &)
{
    notifyChange();
}

void LogindSignalReceiver::onSessionRemoved(const QString &id, const QDBusObjectPath &)
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
