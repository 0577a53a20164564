#pragma once

#include "Result.h"

#include <QCoreApplication>
#include <QList>
#include <QStringList>

// The user's groups of servers, as in tsadmin's tree: named lists of server addresses
// (canonical ServerAddress text), in the user's order. A server may be in several groups,
// and in none. Names are unique regardless of case. A value: the window keeps one, the
// settings save and restore it.
class ServerGroups final
{
    Q_DECLARE_TR_FUNCTIONS(ServerGroups)

public:
    static constexpr int MaxGroups = 500;
    static constexpr int MaxNameLength = 100;

    struct Group
    {
        QString name;
        QStringList servers;
        bool operator==(const Group &) const = default;
    };

    const QList<Group> &groups() const { return m_groups; }
    QStringList names() const;
    bool contains(const QString &name) const { return indexOf(name) >= 0; }
    // The position of the group named `name` (any case), -1 when there is none.
    int indexOf(const QString &name) const;
    // The members of the group named `name` (any case), empty when there is none.
    QStringList members(const QString &name) const;
    // The groups `server` is in, in group order.
    QStringList groupsOf(const QString &server) const;
    // Every server of every group, each once.
    QStringList allMembers() const;

    // Why `name` cannot name a group (empty, too long, control characters), or empty.
    static QString nameRefusal(const QString &name);

    // Refused with the reason when the name is bad or taken, or there are MaxGroups.
    Result<void> addGroup(const QString &name);
    // Renaming to the same name in another case is allowed.
    Result<void> renameGroup(const QString &from, const QString &to);
    bool removeGroup(const QString &name);
    // False when the group does not exist or already holds the server (or does not).
    bool addMember(const QString &group, const QString &server);
    bool removeMember(const QString &group, const QString &server);
    // Puts the group at `index` (clamped).
    void moveGroup(const QString &name, int index);

    bool operator==(const ServerGroups &) const = default;

private:
    QList<Group> m_groups;
};
