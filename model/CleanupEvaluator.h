#pragma once

#include "CleanupPlan.h"
#include "ServerAddress.h"

#include <functional>

// Applies a cleanup rule to what servers reported. Pure apart from enumerate(): the time is
// passed in, so that tests control the clock.
namespace CleanupEvaluator {

// The groups of `user` on `server`, or nullopt where that server cannot tell (UserGroups::of).
using GroupLookup = std::function<std::optional<QStringList>(const ServerAddress &server, const QString &user)>;

// One server and what its enumeration returned. `source` is null where none could be made
// for the address (then `result` says why).
struct ServerEnumeration
{
    ServerAddress address;
    std::shared_ptr<SessionSource> source;
    EnumerateResult result;
};

// Enumerates every server that has a source, all at once on a pool of its own, and returns
// when all have answered or failed. Blocks: call it from a worker thread or a command-line tool.
QList<ServerEnumeration> enumerate(QList<ServerEnumeration> servers);

// The plan of `rule` at `now`. A rule that excludes groups leaves alone (`undecided`) every
// session whose server cannot tell its user's groups: it ends no one it cannot prove is
// outside those groups.
CleanupPlan evaluate(const CleanupRule &rule, const QDateTime &now, const QList<ServerEnumeration> &servers,
                     const GroupLookup &groups = {});

// After the warning and grace period: `current` (the rule evaluated again) narrowed to the
// sessions that were warned in `warned` and are still the same logon (server, id, user and
// logon time); the warned ones that no longer match go to `dropped`. Sessions that match only
// now were never warned, and are left for the next run.
CleanupPlan stillMatching(const CleanupPlan &warned, const CleanupPlan &current);

} // namespace CleanupEvaluator
