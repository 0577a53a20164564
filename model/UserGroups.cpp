#include "UserGroups.h"

#if defined(Q_OS_UNIX)
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>

#include <vector>
#endif

namespace UserGroups {

#if defined(Q_OS_UNIX)
namespace {

std::optional<QStringList> ofLocalUser(const QString &user)
{
    const QByteArray name = user.toLocal8Bit();
    long size = sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buffer(size > 0 ? size_t(size) : 16384);
    passwd entry{};
    passwd *found = nullptr;
    if (getpwnam_r(name.constData(), &entry, buffer.data(), buffer.size(), &found) != 0 || !found)
        return std::nullopt;
    int count = 64;
    std::vector<gid_t> groups(static_cast<size_t>(count));
    // Too small a list fails and sets `count` to the size needed.
    while (getgrouplist(name.constData(), found->pw_gid, groups.data(), &count) < 0) {
        groups.resize(size_t(count) + 64);
        count = int(groups.size());
    }
    groups.resize(size_t(count));

    QStringList names;
    size = sysconf(_SC_GETGR_R_SIZE_MAX);
    std::vector<char> groupBuffer(size > 0 ? size_t(size) : 16384);
    for (const gid_t gid : groups) {
        group groupEntry{};
        group *groupFound = nullptr;
        int error = 0;
        while ((error = getgrgid_r(gid, &groupEntry, groupBuffer.data(), groupBuffer.size(), &groupFound)) == ERANGE)
            groupBuffer.resize(groupBuffer.size() * 2);
        // A group without a name can still be named by its number.
        names.append(error == 0 && groupFound ? QString::fromLocal8Bit(groupFound->gr_name) : QString::number(gid));
    }
    return names;
}

} // namespace
#endif

std::optional<QStringList> of(const ServerAddress &server, const QString &user)
{
#if defined(Q_OS_UNIX)
    if (server.kind() == ServerAddress::Kind::Local)
        return ofLocalUser(user);
#else
    Q_UNUSED(server)
    Q_UNUSED(user)
#endif
    return std::nullopt;
}

} // namespace UserGroups
