#include "CleanupRule.h"

#include "DurationText.h"

namespace {

bool namesUser(const QStringList &names, const Session &session)
{
    const QString qualified = session.domain.isEmpty() ? QString() : session.domain + u'\\' + session.user;
    return std::any_of(names.cbegin(), names.cend(), [&](const QString &name) {
        return name.compare(session.user, Qt::CaseInsensitive) == 0
               || (!qualified.isEmpty() && name.compare(qualified, Qt::CaseInsensitive) == 0);
    });
}

} // namespace

bool CleanupRule::isEligible(const Session &session)
{
    return !session.own && session.state != Session::State::Listening && session.id != u"0" && !session.user.isEmpty();
}

QDateTime CleanupRule::disconnectedSince(const Session &session)
{
    return session.disconnectTime.isValid() ? session.disconnectTime : session.idleSince;
}

std::optional<QString> CleanupRule::reason(const Session &session, const QDateTime &now) const
{
    if (!hasCriterion() || !isEligible(session))
        return std::nullopt;
    if (!users.isEmpty() && !namesUser(users, session))
        return std::nullopt;
    if (namesUser(excludeUsers, session))
        return std::nullopt;

    if (session.state == Session::State::Disconnected) {
        // A disconnected session's idle time is the time since it was disconnected (as WTS counts
        // it), so idleFor alone covers it too. With disconnectedFor given, that alone decides:
        // "disconnected for a day or idle for 2 h" keeps the day to reconnect in.
        const QDateTime since = disconnectedSince(session);
        if (!since.isValid())
            return std::nullopt;
        const qint64 seconds = std::max<qint64>(0, since.secsTo(now));
        if (seconds < (disconnectedFor ? *disconnectedFor : *idleFor).count())
            return std::nullopt;
        return tr("disconnected for %1").arg(DurationText::format(seconds));
    }
    if (!idleFor)
        return std::nullopt;
    const std::optional<qint64> idle = session.idleSeconds(now);
    if (!idle || *idle < idleFor->count())
        return std::nullopt;
    return tr("idle for %1").arg(DurationText::format(*idle));
}

QString CleanupRule::description() const
{
    QStringList criteria;
    if (disconnectedFor)
        criteria.append(tr("disconnected for at least %1").arg(DurationText::format(disconnectedFor->count())));
    if (idleFor)
        criteria.append(tr("idle for at least %1").arg(DurationText::format(idleFor->count())));
    QString text = criteria.join(tr(" or "));
    if (!users.isEmpty())
        text += tr(", only %1").arg(users.join(QStringLiteral(", ")));
    if (!excludeUsers.isEmpty())
        text += tr(", not %1").arg(excludeUsers.join(QStringLiteral(", ")));
    if (!excludeGroups.isEmpty())
        text += tr(", not members of %1").arg(excludeGroups.join(QStringLiteral(", ")));
    return text;
}
