#include "ServerGroups.h"

namespace {

SessionError refusal(const QString &message)
{
    SessionError error;
    error.category = SessionError::Category::Other;
    error.message = message;
    return error;
}

} // namespace

QStringList ServerGroups::names() const
{
    QStringList names;
    for (const Group &group : m_groups)
        names.append(group.name);
    return names;
}

QStringList ServerGroups::members(const QString &name) const
{
    const int index = indexOf(name);
    return index < 0 ? QStringList() : m_groups.at(index).servers;
}

QStringList ServerGroups::groupsOf(const QString &server) const
{
    QStringList names;
    for (const Group &group : m_groups) {
        if (group.servers.contains(server))
            names.append(group.name);
    }
    return names;
}

QStringList ServerGroups::allMembers() const
{
    QStringList servers;
    for (const Group &group : m_groups) {
        for (const QString &server : group.servers) {
            if (!servers.contains(server))
                servers.append(server);
        }
    }
    return servers;
}

QString ServerGroups::nameRefusal(const QString &name)
{
    if (name.trimmed().isEmpty())
        return tr("a group needs a name");
    if (name != name.trimmed())
        return tr("a group name must not start or end with blanks");
    if (name.size() > MaxNameLength)
        return tr("a group name must not be longer than %n characters", nullptr, MaxNameLength);
    for (const QChar c : name) {
        if (c == QChar::ReplacementCharacter || c.category() == QChar::Other_Control
            || c.category() == QChar::Other_Format)
            return tr("a group name must not contain control characters or direction overrides");
    }
    return {};
}

Result<void> ServerGroups::addGroup(const QString &name)
{
    if (const QString why = nameRefusal(name); !why.isEmpty())
        return refusal(why);
    if (contains(name))
        return refusal(tr("there is already a group named \"%1\"").arg(name));
    if (m_groups.size() >= MaxGroups)
        return refusal(tr("there can be at most %n groups", nullptr, MaxGroups));
    m_groups.append({name, {}});
    return {};
}

Result<void> ServerGroups::renameGroup(const QString &from, const QString &to)
{
    const int index = indexOf(from);
    if (index < 0)
        return refusal(tr("there is no group named \"%1\"").arg(from));
    if (const QString why = nameRefusal(to); !why.isEmpty())
        return refusal(why);
    if (const int other = indexOf(to); other >= 0 && other != index)
        return refusal(tr("there is already a group named \"%1\"").arg(to));
    m_groups[index].name = to;
    return {};
}

bool ServerGroups::removeGroup(const QString &name)
{
    const int index = indexOf(name);
    if (index < 0)
        return false;
    m_groups.removeAt(index);
    return true;
}

bool ServerGroups::addMember(const QString &group, const QString &server)
{
    const int index = indexOf(group);
    if (index < 0 || server.isEmpty() || m_groups.at(index).servers.contains(server))
        return false;
    m_groups[index].servers.append(server);
    return true;
}

bool ServerGroups::removeMember(const QString &group, const QString &server)
{
    const int index = indexOf(group);
    return index >= 0 && m_groups[index].servers.removeOne(server);
}

void ServerGroups::moveGroup(const QString &name, int index)
{
    const int from = indexOf(name);
    if (from >= 0)
        m_groups.move(from, std::clamp(index, 0, int(m_groups.size()) - 1));
}

int ServerGroups::indexOf(const QString &name) const
{
    for (int i = 0; i < m_groups.size(); ++i) {
        if (m_groups.at(i).name.compare(name, Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}
