#pragma once

#include "ActionJob.h"
#include "CleanupRule.h"
#include "SessionSource.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>

#include <memory>

// A session a cleanup rule selected, and why.
struct CleanupMatch final
{
    Session session;
    QString reason; // "disconnected for 3h 10m"
    std::shared_ptr<SessionSource> source;
};

// One server as a cleanup saw it.
struct CleanupServer final
{
    QString server; // ServerAddress::toString()
    std::shared_ptr<SessionSource> source;
    std::optional<SessionError> error; // could not be asked: why
    int matched = 0;
    int undecided = 0; // left alone: group membership unknown there

    bool canMessage() const
    {
        return source && source->capabilities().testFlag(SessionSource::Capability::SendMessage);
    }
};

// What a rule selects on a set of servers at one moment: the sessions it would end, the count
// per server, the servers that could not be asked, and the sessions it leaves alone because
// the rule excludes groups whose membership that server cannot tell.
struct CleanupPlan final
{
    CleanupRule rule;
    QDateTime evaluatedAt;
    QList<CleanupMatch> matches;
    QList<CleanupServer> servers;
    QList<Session> undecided;
    // After a grace period: sessions warned before that no longer match (active again, or gone,
    // or their id now holds another logon). They are not ended.
    QList<CleanupMatch> dropped;

    // Log off targets by identity: each names the logon it matched (SessionRef::of).
    QList<ActionJob::Target> targets() const;
    // The matched sessions whose server can send a message, as Send Message targets.
    QList<ActionJob::Target> messageTargets() const;
    QStringList unreachableServers() const;
    QStringList serversWithoutMessages() const;
};

Q_DECLARE_METATYPE(CleanupPlan)
