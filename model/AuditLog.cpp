#include "AuditLog.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QSysInfo>

#ifdef Q_OS_WIN
#include <iterator>

#include <windows.h>
#else
#include <pwd.h>
#include <syslog.h>
#include <unistd.h>
#endif

// Off below warnings: sessionctl's stderr is for its own messages. QT_LOGGING_RULES=
// "sessionconsole.audit.info=true" turns the records on.
Q_LOGGING_CATEGORY(lcAudit, "sessionconsole.audit", QtWarningMsg)

namespace {

// The account the tool runs as, from the system rather than $USER, which anyone can set.
QString localUser()
{
#ifdef Q_OS_WIN
    wchar_t name[257];
    DWORD size = DWORD(std::size(name));
    if (GetUserNameW(name, &size) && size > 0)
        return QString::fromWCharArray(name, int(size) - 1);
    return qEnvironmentVariable("USERNAME");
#else
    const uid_t uid = geteuid();
    long bufferSize = sysconf(_SC_GETPW_R_SIZE_MAX);
    QByteArray buffer(bufferSize > 0 ? bufferSize : 16384, Qt::Uninitialized);
    passwd entry{};
    passwd *found = nullptr;
    if (getpwuid_r(uid, &entry, buffer.data(), size_t(buffer.size()), &found) == 0 && found)
        return QString::fromLocal8Bit(found->pw_name);
    return QStringLiteral("uid %1").arg(uid);
#endif
}

} // namespace

AuditLog::AuditLog(Tool tool, QString path, Rotation rotation)
    : m_tool(tool)
    , m_path(std::move(path))
    , m_rotation(rotation)
    , m_operator(localUser() + u'@' + QSysInfo::machineHostName())
{}

QString AuditLog::defaultPath()
{
    if (const QString path = qEnvironmentVariable(PathVariable); !path.isEmpty())
        return path;
    // The generic location, not the application's: the window and sessionctl share the file.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
           + QStringLiteral("/session-console/audit.jsonl");
}

QString AuditLog::toolName(Tool tool)
{
    return tool == Tool::Console ? QStringLiteral("console") : QStringLiteral("sessionctl");
}

QString AuditLog::rotatedPath(const QString &path, int index)
{
    const QFileInfo info(path);
    const QString suffix = info.completeSuffix();
    const QString base = info.dir().filePath(info.baseName());
    return suffix.isEmpty() ? QStringLiteral("%1.%2").arg(base).arg(index)
                            : QStringLiteral("%1.%2.%3").arg(base).arg(index).arg(suffix);
}

SessionError AuditLog::failure(const QString &why) const
{
    return SessionError{SessionError::Category::Other, 0, QString::fromLatin1(ErrorName),
                        QStringLiteral("Could not write the audit log at %1: %2")
                            .arg(QDir::toNativeSeparators(m_path), why)};
}

Result<void> AuditLog::check()
{
    return writeLine({});
}

Result<void> AuditLog::append(AuditRecord record)
{
    record.time = QDateTime::currentDateTimeUtc();
    record.tool = toolName(m_tool);
    record.operatorName = m_operator;
    const QByteArray line = QJsonDocument(record.toJson()).toJson(QJsonDocument::Compact);
    if (Result<void> written = writeLine(line + '\n'); !written) {
        qCWarning(lcAudit).noquote() << written.error().message;
        return written;
    }
    qCInfo(lcAudit).noquote() << line;
#ifndef Q_OS_WIN
    // One message per record; without openlog() the program's name tags it.
    syslog(LOG_AUTHPRIV | LOG_NOTICE, "%s", line.constData());
#endif
    return {};
}

void AuditLog::rotate()
{
    QFile::remove(rotatedPath(m_path, m_rotation.keep));
    for (int i = m_rotation.keep - 1; i >= 1; --i)
        QFile::rename(rotatedPath(m_path, i), rotatedPath(m_path, i + 1));
    if (m_rotation.keep > 0)
        QFile::rename(m_path, rotatedPath(m_path, 1));
    else
        QFile::remove(m_path);
}

// Opened for each line: another process may have rotated the file since, and a directory
// that became unwritable is noticed at the next action, not at the next start.
Result<void> AuditLog::writeLine(const QByteArray &line)
{
    const std::lock_guard lock(m_mutex);
    const QString directory = QFileInfo(m_path).absolutePath();
    if (!QDir().mkpath(directory))
        return failure(QStringLiteral("cannot create the directory %1").arg(QDir::toNativeSeparators(directory)));
    if (!line.isEmpty() && QFileInfo(m_path).size() + line.size() > m_rotation.maxBytes)
        rotate();
    QFile file(m_path);
    // Owner only: the log names users and carries the messages sent to them.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered,
                   QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return failure(file.errorString());
    if (!line.isEmpty() && file.write(line) != line.size())
        return failure(file.errorString());
    return {};
}

AuditLog::Contents AuditLog::read(const QString &path, const QDateTime &since, Rotation rotation)
{
    Contents contents;
    QStringList files;
    for (int i = rotation.keep; i >= 1; --i)
        files.append(rotatedPath(path, i));
    files.append(path);
    for (const QString &name : std::as_const(files)) {
        QFile file(name);
        if (!file.exists())
            continue;
        if (!file.open(QIODevice::ReadOnly)) {
            contents.problems.append(QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(name), file.errorString()));
            continue;
        }
        int lineNumber = 0;
        while (!file.atEnd()) {
            const QByteArray line = file.readLine().trimmed();
            ++lineNumber;
            if (line.isEmpty())
                continue;
            QJsonParseError error{};
            const QJsonDocument document = QJsonDocument::fromJson(line, &error);
            const std::optional<AuditRecord> record = document.isObject() ? AuditRecord::fromJson(document.object())
                                                                          : std::nullopt;
            if (!record) {
                contents.problems.append(
                    QStringLiteral("%1:%2: not an audit record").arg(QDir::toNativeSeparators(name)).arg(lineNumber));
                continue;
            }
            if (!since.isValid() || record->time >= since)
                contents.records.append(*record);
        }
    }
    return contents;
}
