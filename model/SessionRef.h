#pragma once

#include "Result.h"
#include "Session.h"
#include "SessionError.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

#include <optional>

// The logon an action is meant for. Session ids are reused (WTS hands a freed id to the
// next logon at once, logind restarts its numbering after a reboot), so an action names
// the id together with what identifies that one logon: its user and, where the backend
// knows it, its logon time. A backend checks both against the session holding the id just
// before it acts, and refuses with Changed when they differ.
struct SessionRef final
{
    QString id;
    std::optional<QString> user; // checked when set
    QDateTime logonTime;         // checked when valid

    // The logon shown in a row: its user always, its logon time where known.
    static SessionRef of(const Session &session);
    // A bare id, acted on as it stands (sessionctl given a plain id).
    static SessionRef plainId(const QString &id);

    // Parses sessionctl's argument: a plain id, a `ref` as toString() writes it, or nothing,
    // with `error` saying why. Pseudo ids that mean "the caller's own session" are refused.
    static std::optional<SessionRef> parse(const QString &text, QString *error);

    // One word naming this logon, for scripts: "ID@2026-11-25T09:15:02.123Z" with the logon
    // time (UTC, milliseconds), "ID/USER" (user percent-encoded) where there is none.
    QString toString() const;

    bool isPlainId() const { return !user && !logonTime.isValid(); }

    // Success when the session now holding the id (`user`, logon time `logonTime`, invalid
    // when unknown) is this logon; otherwise the Changed error that says what it is now.
    Result<void> verify(const QString &currentUser, const QDateTime &currentLogonTime) const;

    // An id that a server would read as "the caller's own session" (logind's self, auto and
    // the empty id; WTS_CURRENT_SESSION, 4294967295, and -1): the reason to refuse it, or
    // nullopt for an ordinary id.
    static std::optional<QString> pseudoIdReason(const QString &id);

    bool operator==(const SessionRef &) const = default;

    Q_DECLARE_TR_FUNCTIONS(SessionRef)
};
