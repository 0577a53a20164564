#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

// One line of the audit log: one target of one action, either as asked (before the call
// to the server) or as it ended. Lines of one bulk action share `batch`.
struct AuditRecord final
{
    enum class Phase { Requested, Outcome };

    QDateTime time; // UTC
    Phase phase = Phase::Requested;
    QString batch;        // a UUID
    QString tool;         // "console" or "sessionctl"
    QString operatorName; // who ran it: "USER@HOST" of the machine the tool ran on
    QString purpose;      // why the batch ran ("cleanup"); empty for a plain action
    QString server;
    QString sessionId;
    QString sessionUser;
    QString sessionRef;
    std::optional<quint32> pid; // End Process only
    QString processName;
    QString action;      // as sessionctl's command: "logoff", "end-process"…
    QJsonObject options; // wait, timeoutMs, signal, who, title: those the action takes
    // Outcome only: "done", "already-gone" or "failed", and for a failure why.
    QString outcome;
    QString reasonCategory;
    QString reason;

    QJsonObject toJson() const;
    // nullopt when `object` is not a record (a key missing or of the wrong type).
    static std::optional<AuditRecord> fromJson(const QJsonObject &object);

    static QString phaseName(Phase phase);
    // "wait, signal SIGTERM, title "Backup"": the options as one line for tables.
    QString optionsText() const;
};
