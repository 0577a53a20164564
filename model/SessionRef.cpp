#include "SessionRef.h"

#include <QUrl>

namespace {

constexpr QChar TimeSeparator = u'@';
constexpr QChar UserSeparator = u'/';

// Session ids are short words of letters, digits and a few marks: never patterns, never "all".
bool isIdWord(const QString &id)
{
    if (id.isEmpty() || id.size() > 64 || id.startsWith(u'-'))
        return false;
    return std::all_of(id.cbegin(), id.cend(), [](QChar c) {
        return (c.isLetterOrNumber() && c.unicode() < 0x80) || c == u'_' || c == u'-' || c == u'.';
    });
}

QString describeLogon(const std::optional<QString> &user, const QDateTime &logonTime)
{
    const QString who = !user             ? SessionRef::tr("a logon")
                        : user->isEmpty() ? SessionRef::tr("a logon without a user")
                                          : SessionRef::tr("%1's logon").arg(*user);
    if (!logonTime.isValid())
        return who;
    const QDateTime local = logonTime.toLocalTime();
    const QString format = local.date() == QDate::currentDate() ? QStringLiteral("HH:mm:ss")
                                                                : QStringLiteral("yyyy-MM-dd HH:mm:ss");
    //: A logon and its time: "bob's logon of 09:15:02"
    return SessionRef::tr("%1 of %2").arg(who, local.toString(format));
}

} // namespace

SessionRef SessionRef::of(const Session &session)
{
    return {session.id, session.user, session.logonTime};
}

SessionRef SessionRef::plainId(const QString &id)
{
    return {id, std::nullopt, {}};
}

std::optional<QString> SessionRef::pseudoIdReason(const QString &id)
{
    const QString word = id.trimmed().toLower();
    bool numeric = false;
    const qlonglong number = word.toLongLong(&numeric);
    if (word.isEmpty() || word == u"self" || word == u"auto" || (numeric && (number == -1 || number == 0xFFFFFFFFLL)))
        return tr("'%1' names no session: the server would read it as the caller's own session").arg(id);
    return std::nullopt;
}

std::optional<SessionRef> SessionRef::parse(const QString &text, QString *error)
{
    const qsizetype at = text.indexOf(TimeSeparator);
    const qsizetype slash = text.indexOf(UserSeparator);
    const qsizetype split = at >= 0 && (slash < 0 || at < slash) ? at : slash;
    SessionRef ref = plainId(split >= 0 ? text.left(split) : text);
    if (const auto reason = pseudoIdReason(ref.id)) {
        *error = *reason;
        return std::nullopt;
    }
    if (!isIdWord(ref.id)) {
        *error = tr("'%1' is not a session id or ref").arg(text);
        return std::nullopt;
    }
    if (split == at && at >= 0) {
        ref.logonTime = QDateTime::fromString(text.mid(at + 1), Qt::ISODateWithMs);
        if (!ref.logonTime.isValid()) {
            *error = tr("'%1' is not a session ref: the logon time after '@' is not an ISO 8601 time").arg(text);
            return std::nullopt;
        }
    } else if (slash >= 0) {
        ref.user = QUrl::fromPercentEncoding(text.mid(slash + 1).toUtf8());
    }
    return ref;
}

QString SessionRef::toString() const
{
    if (logonTime.isValid())
        return id + TimeSeparator + logonTime.toUTC().toString(Qt::ISODateWithMs);
    if (user)
        return id + UserSeparator + QString::fromLatin1(QUrl::toPercentEncoding(*user));
    return id;
}

Result<void> SessionRef::verify(const QString &currentUser, const QDateTime &currentLogonTime) const
{
    const bool timeDiffers = logonTime.isValid() && currentLogonTime.isValid()
                             && logonTime.toMSecsSinceEpoch() != currentLogonTime.toMSecsSinceEpoch();
    const bool userDiffers = user && *user != currentUser;
    // A logon time that cannot be read now cannot confirm one that was read before; the
    // user then has to.
    const bool unconfirmed = logonTime.isValid() && !currentLogonTime.isValid() && !user;
    if (!timeDiffers && !userDiffers && !unconfirmed)
        return {};
    return SessionError{SessionError::Category::Changed,
                        0,
                        {},
                        tr("Session %1 is now %2, not %3")
                            .arg(id, describeLogon(currentUser, currentLogonTime), describeLogon(user, logonTime))};
}
