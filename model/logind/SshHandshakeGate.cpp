#include "SshHandshakeGate.h"

#include <QtGlobal>

#include <algorithm>

SshHandshakeGate::SshHandshakeGate(int slots)
    : m_slots(std::max(1, slots))
{}

SshHandshakeGate &SshHandshakeGate::shared()
{
    static SshHandshakeGate gate(
        qEnvironmentVariableIntValue(SlotsVariable) > 0 ? qEnvironmentVariableIntValue(SlotsVariable) : DefaultSlots);
    return gate;
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
