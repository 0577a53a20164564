#include "ServerSnapshot.h"

std::vector<SessionDigest> ServerSnapshot::digestsOf(const QList<Session> &sessions)
{
    std::vector<SessionDigest> digests;
    digests.reserve(size_t(sessions.size()));
    for (const Session &session : sessions)
        digests.push_back(SessionDigest::of(session));
    return digests;
}
