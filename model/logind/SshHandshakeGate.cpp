#include "SshHandshakeGate.h"

#include "CountVariable.h"

#include <QtGlobal>

#include <algorithm>

SshHandshakeGate::SshHandshakeGate(int slots)
    : m_slots(std::max(1, slots))
{}

SshHandshakeGate &SshHandshakeGate::shared()
{
    static SshHandshakeGate gate([] {
        QString warning;
        const int slots = slotsFrom(qgetenv(SlotsVariable), &warning);
        if (!warning.isEmpty())
            qWarning("%s", qPrintable(warning));
        return slots;
    }());
    return gate;
}

int SshHandshakeGate::slotsFrom(const QByteArray &value, QString *warning)
{
    if (const std::optional<int> slots = countFromVariable(value, DefaultSlots, MaxSlots))
        return *slots;
    if (warning) {
        *warning = tr("%1=\"%2\" is not a number of ssh connections from 1 to %3: %4 are set up at once")
                       .arg(QString::fromLatin1(SlotsVariable), QString::fromLocal8Bit(value))
                       .arg(MaxSlots)
                       .arg(DefaultSlots);
    }
    return DefaultSlots;
}

int SshHandshakeGate::slots() const
{
    std::lock_guard lock(m_mutex);
    return m_slots;
}

void SshHandshakeGate::setSlots(int slots)
{
    std::lock_guard lock(m_mutex);
    m_slots = std::max(1, slots);
    wakeFirst();
}

bool SshHandshakeGate::tryEnter(const void *waiter, std::function<void()> wake)
{
    std::lock_guard lock(m_mutex);
    if (m_inside < m_slots && m_line.mayGo(waiter)) {
        m_line.leave(waiter);
        ++m_inside;
        // A slot may still be free for the next in line.
        wakeFirst();
        return true;
    }
    m_line.join(waiter, std::move(wake));
    return false;
}

void SshHandshakeGate::leave()
{
    std::lock_guard lock(m_mutex);
    m_inside = std::max(0, m_inside - 1);
    wakeFirst();
}

void SshHandshakeGate::forget(const void *waiter)
{
    std::lock_guard lock(m_mutex);
    if (m_line.leave(waiter))
        wakeFirst();
}

std::size_t SshHandshakeGate::waiting() const
{
    std::lock_guard lock(m_mutex);
    return m_line.size();
}

void SshHandshakeGate::wakeFirst()
{
    if (m_inside < m_slots)
        m_line.wakeFirst();
}
