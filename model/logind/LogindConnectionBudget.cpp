#include "LogindConnectionBudget.h"

#include "CountVariable.h"

#include <QtGlobal>

#include <algorithm>

namespace {

constexpr int MaxLimit = 1000000;

} // namespace

LogindConnectionBudget::LogindConnectionBudget(int limit)
    : m_limit(std::max(1, limit))
{}

LogindConnectionBudget &LogindConnectionBudget::shared()
{
    static LogindConnectionBudget budget([] {
        QString warning;
        const int limit = limitFrom(qgetenv(LimitVariable), &warning);
        if (!warning.isEmpty())
            qWarning("%s", qPrintable(warning));
        return limit;
    }());
    return budget;
}

int LogindConnectionBudget::limitFrom(const QByteArray &value, QString *warning)
{
    if (const std::optional<int> limit = countFromVariable(value, DefaultLimit, MaxLimit))
        return *limit;
    if (warning) {
        *warning = tr("%1=\"%2\" is not a number of connections from 1 to %3: at most %4 logind connections "
                      "are kept open")
                       .arg(QString::fromLatin1(LimitVariable), QString::fromLocal8Bit(value))
                       .arg(MaxLimit)
                       .arg(DefaultLimit);
    }
    return DefaultLimit;
}

bool LogindConnectionBudget::tryOpen(const void *holder, std::function<void()> wake, std::function<void()> release)
{
    std::lock_guard lock(m_mutex);
    if (m_open.size() < std::size_t(m_limit) && m_line.mayGo(holder)) {
        m_line.leave(holder);
        m_open.push_back(Connection{holder, std::move(release), false, false, ++m_clock});
        // A place may still be free for the next in line.
        wakeFirst();
        return true;
    }
    m_line.join(holder, std::move(wake));
    makeRoom();
    return false;
}

void LogindConnectionBudget::setIdle(const void *holder, bool idle)
{
    std::lock_guard lock(m_mutex);
    const auto it = std::find_if(m_open.begin(), m_open.end(), [&](const Connection &c) { return c.holder == holder; });
    if (it == m_open.end())
        return;
    it->idle = idle;
    if (idle) {
        it->lastUsed = ++m_clock;
        makeRoom();
    }
}

void LogindConnectionBudget::closed(const void *holder)
{
    std::lock_guard lock(m_mutex);
    const auto it = std::find_if(m_open.begin(), m_open.end(), [&](const Connection &c) { return c.holder == holder; });
    if (it == m_open.end())
        return;
    m_open.erase(it);
    wakeFirst();
}

void LogindConnectionBudget::forget(const void *holder)
{
    std::lock_guard lock(m_mutex);
    if (m_line.leave(holder))
        wakeFirst();
}

int LogindConnectionBudget::limit() const
{
    std::lock_guard lock(m_mutex);
    return m_limit;
}

void LogindConnectionBudget::setLimit(int limit)
{
    std::lock_guard lock(m_mutex);
    m_limit = std::max(1, limit);
    wakeFirst();
    makeRoom();
}

std::size_t LogindConnectionBudget::open() const
{
    std::lock_guard lock(m_mutex);
    return m_open.size();
}

std::size_t LogindConnectionBudget::waiting() const
{
    std::lock_guard lock(m_mutex);
    return m_line.size();
}

void LogindConnectionBudget::makeRoom()
{
    const auto releasing = std::count_if(m_open.cbegin(), m_open.cend(),
                                         [](const Connection &c) { return c.releasing; });
    // Places the line needs beyond those free now and those already being given up; over
    // the limit (it was lowered) the surplus counts too.
    auto needed = qsizetype(m_line.size()) - (qsizetype(m_limit) - qsizetype(m_open.size())) - releasing;
    while (needed-- > 0) {
        Connection *victim = nullptr;
        for (Connection &c : m_open) {
            if (c.idle && !c.releasing && (!victim || c.lastUsed < victim->lastUsed))
                victim = &c;
        }
        if (!victim)
            return;
        victim->releasing = true;
        victim->release();
    }
}

void LogindConnectionBudget::wakeFirst()
{
    if (m_open.size() < std::size_t(m_limit))
        m_line.wakeFirst();
}
