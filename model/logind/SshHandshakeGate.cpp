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
    const auto inLine = std::find_if(m_line.begin(), m_line.end(), [&](const Waiter &w) { return w.id == waiter; });
    const bool first = m_line.empty() || inLine == m_line.begin();
    if (m_inside < m_slots && first) {
        if (inLine != m_line.end())
            m_line.erase(inLine);
        ++m_inside;
        // A slot may still be free for the next in line.
        if (m_inside < m_slots)
            wakeFirst();
        return true;
    }
    if (inLine == m_line.end())
        m_line.push_back(Waiter{waiter, std::move(wake)});
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
    const auto it = std::find_if(m_line.begin(), m_line.end(), [&](const Waiter &w) { return w.id == waiter; });
    if (it == m_line.end())
        return;
    const bool wasFirst = it == m_line.begin();
    m_line.erase(it);
    if (wasFirst)
        wakeFirst();
}

std::size_t SshHandshakeGate::waiting() const
{
    std::lock_guard lock(m_mutex);
    return m_line.size();
}

void SshHandshakeGate::wakeFirst()
{
    if (!m_line.empty() && m_inside < m_slots)
        m_line.front().wake();
}
