#include "WaitingLine.h"

#include <algorithm>

std::deque<WaitingLine::Waiter>::const_iterator WaitingLine::find(const void *id) const
{
    return std::find_if(m_line.cbegin(), m_line.cend(), [id](const Waiter &w) { return w.id == id; });
}

bool WaitingLine::mayGo(const void *id) const
{
    return m_line.empty() || m_line.front().id == id;
}

void WaitingLine::join(const void *id, std::function<void()> wake)
{
    if (find(id) == m_line.cend())
        m_line.push_back(Waiter{id, std::move(wake)});
}

bool WaitingLine::leave(const void *id)
{
    const auto it = find(id);
    if (it == m_line.cend())
        return false;
    const bool wasFirst = it == m_line.cbegin();
    m_line.erase(it);
    return wasFirst;
}

void WaitingLine::wakeFirst() const
{
    if (!m_line.empty())
        m_line.front().wake();
}
