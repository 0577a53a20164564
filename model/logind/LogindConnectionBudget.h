#pragma once

#include "WaitingLine.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

// How many logind connections this process keeps open at once. Each one over ssh costs an
// ssh child (about 1.5 MB PSS), a thread and a few descriptors, so 2 000 servers would
// otherwise mean 2 000 of each. A bus that wants to connect when all are taken waits in
// line, and the least recently used idle connection of another bus is asked to close; a
// closed bus connects again on its next call. A connection with calls in flight is never
// closed for another: the line then waits until one becomes idle, or its caller's deadline.
class LogindConnectionBudget final
{
    Q_DECLARE_TR_FUNCTIONS(LogindConnectionBudget)

public:
    static constexpr int DefaultLimit = 256;
    // Sets the shared budget's limit, as an administrator may (see the README).
    static constexpr const char *LimitVariable = "SESSION_CONSOLE_MAX_CONNECTIONS";

    explicit LogindConnectionBudget(int limit = DefaultLimit);
    LogindConnectionBudget(const LogindConnectionBudget &) = delete;
    LogindConnectionBudget &operator=(const LogindConnectionBudget &) = delete;

    // The process's budget, which every logind connection counts against: DefaultLimit, or
    // what LimitVariable says.
    static LogindConnectionBudget &shared();
    // The limit `value` (LimitVariable's text) sets: DefaultLimit when it is empty; when it
    // is not a whole number from 1 to 1 000 000, DefaultLimit and why in `warning`.
    static int limitFrom(const QByteArray &value, QString *warning);

    // Counts a connection of `holder` as open when the limit allows and no earlier holder
    // waits. Otherwise puts it in line (once), asks an idle connection to close if one may,
    // and returns false: `wake` is called when its turn may have come; it then asks again.
    // `release` is what asks this holder, once open, to close its connection when idle.
    // Both are called on any thread with the budget locked, so they must only signal.
    bool tryOpen(const void *holder, std::function<void()> wake, std::function<void()> release);
    // The holder's connection has calls in flight (false), or none (true): only an idle
    // connection is closed for another, the one idle the longest first. Opens busy.
    void setIdle(const void *holder, bool idle);
    // The holder's connection is closed (or failed to come up): its place goes to the line.
    void closed(const void *holder);
    // Takes `holder` out of line: it no longer wants to connect.
    void forget(const void *holder);

    int limit() const;
    void setLimit(int limit);
    std::size_t open() const;
    // How many wait in line now.
    std::size_t waiting() const;

private:
    struct Connection
    {
        const void *holder;
        std::function<void()> release;
        bool idle = false;
        bool releasing = false; // asked to close, not closed yet
        std::uint64_t lastUsed = 0;
    };

    // Asks as many idle connections to close as the line needs places (those already
    // asked count), least recently used first.
    void makeRoom();
    void wakeFirst();

    mutable std::mutex m_mutex;
    int m_limit;
    std::uint64_t m_clock = 0; // orders the uses: a counter, not time, so equal times cannot tie
    std::vector<Connection> m_open;
    WaitingLine m_line;
};
