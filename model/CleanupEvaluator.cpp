#include "CleanupEvaluator.h"

#include "ThreadHandoff.h"
#include "UserGroups.h"

#include <QSet>

#include <algorithm>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

namespace CleanupEvaluator {
namespace {

// A logon as an identity: server and ref (id, user, logon time).
QString identity(const Session &session)
{
    return session.server + u' ' + SessionRef::of(session).toString() + u' ' + session.user;
}

} // namespace

QList<ServerEnumeration> enumerate(QList<ServerEnumeration> servers)
{
    QThreadPool pool;
    pool.setMaxThreadCount(std::clamp(int(servers.size()), 1, 16));
    QList<QFuture<EnumerateResult>> results;
    for (const ServerEnumeration &server : std::as_const(servers)) {
        const std::shared_ptr<SessionSource> source = server.source;
        if (!source) {
            results.append(QFuture<EnumerateResult>());
            continue;
        }
        handOffToWorker(source.get());
        results.append(QtConcurrent::run(&pool, [source] {
            takeOverFromSubmitter(source.get());
            EnumerateResult result = source->enumerate();
            handOffToWorker(source.get()); // and the result back
            return result;
        }));
    }
    for (qsizetype i = 0; i < servers.size(); ++i) {
        if (servers.at(i).source) {
            servers[i].result = results[i].result();
            takeOverFromSubmitter(servers.at(i).source.get());
        }
    }
    return servers;
}

CleanupPlan evaluate(const CleanupRule &rule, const QDateTime &now, const QList<ServerEnumeration> &servers,
                     const GroupLookup &groups)
{
    const GroupLookup lookup = groups ? groups : GroupLookup(&UserGroups::of);
    CleanupPlan plan;
    plan.rule = rule;
    plan.evaluatedAt = now;
    for (const ServerEnumeration &server : servers) {
        CleanupServer seen{server.address.toString(), server.source, std::nullopt, 0, 0};
        if (!server.result) {
            seen.error = server.result.error();
            plan.servers.append(seen);
            continue;
        }
        QHash<QString, std::optional<QStringList>> groupsOf;
        for (const Session &session : server.result.value()) {
            const std::optional<QString> reason = rule.reason(session, now);
            if (!reason)
                continue;
            if (!rule.excludeGroups.isEmpty()) {
                if (!groupsOf.contains(session.user))
                    groupsOf.insert(session.user, lookup(server.address, session.user));
                const std::optional<QStringList> &memberOf = groupsOf[session.user];
                if (!memberOf) {
                    ++seen.undecided;
                    plan.undecided.append(session);
                    continue;
                }
                const bool excluded = std::any_of(rule.excludeGroups.cbegin(), rule.excludeGroups.cend(),
                                                  [&](const QString &g) {
                                                      return memberOf->contains(g, Qt::CaseInsensitive);
                                                  });
                if (excluded)
                    continue;
            }
            ++seen.matched;
            plan.matches.append({session, *reason, server.source});
        }
        plan.servers.append(seen);
    }
    return plan;
}

CleanupPlan stillMatching(const CleanupPlan &warned, const CleanupPlan &current)
{
    QSet<QString> warnedLogons;
    for (const CleanupMatch &match : warned.matches)
        warnedLogons.insert(identity(match.session));
    CleanupPlan plan = current;
    plan.matches.clear();
    QSet<QString> kept;
    for (const CleanupMatch &match : current.matches) {
        if (warnedLogons.contains(identity(match.session))) {
            plan.matches.append(match);
            kept.insert(identity(match.session));
        }
    }
    for (CleanupServer &server : plan.servers) {
        server.matched = int(std::count_if(plan.matches.cbegin(), plan.matches.cend(),
                                           [&](const CleanupMatch &m) { return m.session.server == server.server; }));
    }
    for (const CleanupMatch &match : warned.matches) {
        if (!kept.contains(identity(match.session)))
            plan.dropped.append(match);
    }
    return plan;
}

} // namespace CleanupEvaluator
