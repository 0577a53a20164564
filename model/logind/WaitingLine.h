#pragma once

#include <cstddef>
#include <deque>
#include <functional>

// Callers waiting their turn for something shared (a handshake slot, a connection place), in
// the order they first asked. Not locked: its owner holds its own lock around every call, and
// the wake callbacks run under it, so they must only signal.
class WaitingLine final
{
public:
    // `id` may go now: nobody is in line, or it is first.
    bool mayGo(const void *id) const;
    // Puts `id` at the end of the line unless it is in line already.
    void join(const void *id, std::function<void()> wake);
    // Takes `id` out of line; true when it was first (the next one's turn may have come).
    bool leave(const void *id);
    // Calls the first one's wake, if anyone waits.
    void wakeFirst() const;
    std::size_t size() const { return m_line.size(); }

private:
    struct Waiter
    {
        const void *id;
        std::function<void()> wake;
    };

    std::deque<Waiter>::const_iterator find(const void *id) const;

    std::deque<Waiter> m_line;
};
