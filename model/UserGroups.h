#pragma once

#include "ServerAddress.h"

#include <QStringList>

#include <optional>

// The groups a session's user belongs to, where the console can know them for that server.
// Only this computer's own user database answers (getgrouplist, so NSS: /etc/group, LDAP,
// SSSD alike). logind tells a remote peer a session's user name and UID only, and the WTS
// layer has no group query, so for every other server the answer is nullopt: unknown.
namespace UserGroups {

// The names of `user`'s groups on `server`, primary group included; nullopt where unknown.
std::optional<QStringList> of(const ServerAddress &server, const QString &user);

} // namespace UserGroups
