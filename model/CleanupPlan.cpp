#include "CleanupPlan.h"

QList<ActionJob::Target> CleanupPlan::targets() const
{
    QList<ActionJob::Target> out;
    for (const CleanupMatch &match : matches)
        out.append(ActionJob::Target(match.source, match.session));
    return out;
}

QList<ActionJob::Target> CleanupPlan::messageTargets() const
{
    QList<ActionJob::Target> out;
    for (const CleanupMatch &match : matches) {
        if (match.source && match.source->capabilities().testFlag(SessionSource::Capability::SendMessage))
            out.append(ActionJob::Target(match.source, match.session));
    }
    return out;
}

QStringList CleanupPlan::unreachableServers() const
{
    QStringList out;
    for (const CleanupServer &server : servers) {
        if (server.error)
            out.append(server.server);
    }
    return out;
}

QStringList CleanupPlan::serversWithoutMessages() const
{
    QStringList out;
    for (const CleanupServer &server : servers) {
        if (server.matched > 0 && !server.canMessage())
            out.append(server.server);
    }
    return out;
}
