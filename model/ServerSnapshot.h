#pragma once

#include "Session.h"
#include "SessionDigest.h"

#include <QDateTime>
#include <QList>

#include <vector>

// Every session one server listed in one enumeration, and when.
struct ServerSnapshot
{
    QString server;
    QList<Session> sessions;
    QDateTime observedAt;
    // The sessions' digests, worked out on a worker so that the GUI thread need not; when
    // empty, the model works them out.
    std::vector<SessionDigest> digests;

    static std::vector<SessionDigest> digestsOf(const QList<Session> &sessions);
};
