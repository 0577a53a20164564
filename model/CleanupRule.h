#pragma once

#include "Session.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QStringList>

#include <chrono>
#include <optional>

// Which sessions a cleanup ends: disconnected for at least `disconnectedFor`, or idle for at
// least `idleFor` (either criterion is enough; at least one is set), narrowed by user names
// and groups. Never the console's own session, session 0, a listener, or a session without
// a user (services).
struct CleanupRule final
{
    std::optional<std::chrono::seconds> disconnectedFor;
    std::optional<std::chrono::seconds> idleFor;
    QStringList users;         // only these, where given (names compare without case, "DOMAIN\user" too)
    QStringList excludeUsers;  // never these
    QStringList excludeGroups; // never members of these (see CleanupEvaluator for how membership is known)

    bool hasCriterion() const { return disconnectedFor || idleFor; }

    // Whether `session` may be ended by any rule at all, whatever its times.
    static bool isEligible(const Session &session);

    // Why `session` matches at `now` ("disconnected for 3h 10m", "idle for 2h"), or nullopt.
    // Groups are not looked at here: the evaluator knows who is in them.
    std::optional<QString> reason(const Session &session, const QDateTime &now) const;

    // When `session` went disconnected: its disconnect time, else (a backend that records
    // none) the start of its idle time; invalid when neither is known.
    static QDateTime disconnectedSince(const Session &session);

    // "disconnected for at least 2h or idle for at least 1d, only alice, not bob": for previews and logs.
    QString description() const;

    bool operator==(const CleanupRule &) const = default;

    Q_DECLARE_TR_FUNCTIONS(CleanupRule)
};
