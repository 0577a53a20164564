#pragma once

#include "AuditRecord.h"
#include "Session.h"
#include "SessionDetails.h"
#include "SessionProcess.h"
#include "WatchEvent.h"

#include <QJsonObject>
#include <QList>
#include <QString>

// Formats sessions and their processes for scripts and terminals: a qwinsta-like table
// (tasklist-like for processes), CSV or JSON. Whatever
// the format, no control, format or line-separator character of the data reaches the
// output raw: the table and CSV show '?' for it (terminalSafe()), JSON escapes it as
// \uXXXX, so the data stays exact there.
namespace SessionPrinter {

enum class Format { Table, Csv, Json };

QString format(const QList<Session> &sessions, Format format, const QDateTime &now);

// One session as `list --format json` gives it, with its `ref`; times ISO 8601 UTC or null.
QJsonObject toJson(const Session &session, const QDateTime &now);

// `object` as one line of JSON (without the line break), escaped as above.
QString jsonLine(const QJsonObject &object);

// One event of `sessionctl watch` as one line (without the line break): Table or Json.
QString formatEvent(const WatchEvent &event, Format format);

// A session `sessionctl cleanup` matched, and what became of it.
struct CleanupRow
{
    Session session;
    QString reason;  // "disconnected for 3h 10m"
    QString outcome; // "done", "already gone", "failed: …", "kept: …"; empty where nothing was done (dry run)
};

// Json: an array of `list`'s objects with `reason` added, and `outcome` where there is one.
// Table: server, id, user, state, idle, logon time, reason (and outcome).
QString formatCleanup(const QList<CleanupRow> &rows, Format format, const QDateTime &now);

// A process as `sessionctl processes` prints it.
struct ListedProcess
{
    SessionProcess process;
    QString session; // the word naming its logon: the session's ref where known, else its id
};

// JSON: an array of objects with exactly the keys server, session, pid, name, commandLine,
// user, threads, handles, memoryBytes and cpuSeconds, null where unknown. CSV: the same
// columns. Table: memory in MiB and CPU time as h:mm:ss, long texts cut short.
QString formatProcesses(const QList<ListedProcess> &processes, Format format);

// The details of one session as `sessionctl show` prints them. Table: one "Label: value" line
// per detail, the values aligned. Json: one object with `server` and `ref`, then the
// backend's keys in the backend's order, null where the value is empty.
QString formatDetails(const QString &server, const QString &ref, const SessionDetails &details, Format format);

// The audit log as `sessionctl history` prints it, oldest first. Json: an array of the
// records as the log stores them. Table: one line per record, time in UTC to the second.
QString formatHistory(const QList<AuditRecord> &records, Format format);

} // namespace SessionPrinter
