#pragma once

#include "AuditRecord.h"
#include "Result.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <mutex>

// When the audit log starts a new file (outside AuditLog: a nested struct's member
// initialisers cannot serve as its enclosing class's default arguments).
struct AuditLogRotation
{
    // A file that would grow past this is renamed to audit.1.jsonl (the older ones shift
    // to .2, .3…) and a new one begun.
    qint64 maxBytes = qint64(10) * 1024 * 1024;
    int keep = 5; // rotated files kept; the oldest beyond that is removed
};

// The record of who did what: one JSON object per line in a file that several processes
// (the window, sessionctl) append to, size-rotated. Each line is written with one write(2)
// and reaches the operating system before append() returns, so a crash of the tool right
// after still leaves it; it is not fsync'd (see README: power loss may take the last lines,
// and an fsync per line under the lock would put a bulk action's workers in a queue for the
// disk). Every record also goes to the category sessionconsole.audit (at info level, off by
// default) and, on Linux, to syslog(3) as one message, which the journal collects.
// Thread-safe: one lock around the file.
class AuditLog final
{
public:
    enum class Tool { Console, Sessionctl };

    using Rotation = AuditLogRotation;

    // Read by defaultPath(): tests and packagers point the log elsewhere with it.
    static constexpr const char *PathVariable = "SESSION_CONSOLE_AUDIT_LOG";
    // SessionError::name of a failure to write the log, so callers can tell it from the server's.
    static constexpr const char *ErrorName = "sessionconsole.AuditLogNotWritten";

    explicit AuditLog(Tool tool, QString path = defaultPath(), Rotation rotation = {});
    Q_DISABLE_COPY_MOVE(AuditLog)

    // $SESSION_CONSOLE_AUDIT_LOG, or audit.jsonl in session-console's data directory
    // (~/.local/share/session-console, %LOCALAPPDATA%\session-console), shared by both tools.
    static QString defaultPath();

    const QString &path() const { return m_path; }
    const QString &operatorName() const { return m_operator; }
    static QString toolName(Tool tool);

    // Stamps `record` with the time, this tool and the operator and appends it; the error
    // says why the line was not written ("Could not write the audit log at PATH: …").
    Result<void> append(AuditRecord record);
    // Whether the log can be written (creates its directory and opens the file, writing nothing).
    Result<void> check();

    struct Contents
    {
        QList<AuditRecord> records; // oldest first
        QStringList problems;       // files that could not be read, lines that are no record
    };
    // The records at `path` and its rotated files from `since` on (all when invalid). Reads
    // files of up to (keep + 1) × maxBytes: call it off the GUI thread.
    static Contents read(const QString &path, const QDateTime &since = {}, Rotation rotation = {});

private:
    Result<void> writeLine(const QByteArray &line);
    void rotate();
    SessionError failure(const QString &why) const;
    static QString rotatedPath(const QString &path, int index);

    const Tool m_tool;
    const QString m_path;
    const Rotation m_rotation;
    const QString m_operator;
    // Around the file: rotation and the write. std::mutex, which ThreadSanitizer sees.
    std::mutex m_mutex;
};
