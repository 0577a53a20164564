#pragma once

#include "SessionError.h"

#include <QtGlobal>

#include <utility>
#include <variant>

// What a backend call gave: a value, or the SessionError that kept it from one; like
// std::expected<T, SessionError> (C++23), which our compilers do not all have. A result
// reads true on success: `if (!result) return result.error();`. A default-constructed
// result is a success with a default value, so results can travel through QFuture and
// queued signals.
template<typename T>
class [[nodiscard]] Result final
{
public:
    Result() = default;
    Result(T value)
        : m_state(std::in_place_index<0>, std::move(value))
    {}
    Result(SessionError error)
        : m_state(std::in_place_index<1>, std::move(error))
    {}

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T &value() const &
    {
        Q_ASSERT(ok());
        return std::get<0>(m_state);
    }
    // Takes a move-only value out (a server handle).
    T &&value() &&
    {
        Q_ASSERT(ok());
        return std::get<0>(std::move(m_state));
    }
    const SessionError &error() const
    {
        Q_ASSERT(!ok());
        return std::get<1>(m_state);
    }

private:
    std::variant<T, SessionError> m_state;
};

// Success carries nothing: an action that worked.
template<>
class [[nodiscard]] Result<void> final
{
public:
    Result() = default;
    Result(SessionError error)
        : m_error(std::move(error))
        , m_ok(false)
    {}

    bool ok() const { return m_ok; }
    explicit operator bool() const { return ok(); }

    const SessionError &error() const
    {
        Q_ASSERT(!ok());
        return m_error;
    }

private:
    SessionError m_error;
    bool m_ok = true;
};
