#include "SessionProcess.h"

#include <algorithm>

ProcessRef ProcessRef::of(const SessionProcess &process, const SessionRef &session)
{
    return {process.pid, process.name, session};
}

std::optional<ProcessRef> ProcessRef::parse(const QString &text, QString *error)
{
    const qsizetype at = text.indexOf(u'@');
    const QString pidText = at >= 0 ? text.left(at) : text;
    const bool digits = !pidText.isEmpty() && pidText.size() <= 10
                        && std::all_of(pidText.cbegin(), pidText.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; });
    if (!digits || !isProcessId(pidText.toLongLong())) {
        *error = tr("'%1' is not a process id (a number from 1 to 2147483647, optionally followed by @ and the "
                    "session's id or ref)")
                     .arg(text);
        return std::nullopt;
    }
    ProcessRef ref;
    ref.pid = pidText.toUInt();
    if (at >= 0) {
        const std::optional<SessionRef> session = SessionRef::parse(text.mid(at + 1), error);
        if (!session)
            return std::nullopt;
        ref.session = *session;
    }
    return ref;
}

QString ProcessRef::toString() const
{
    const QString pidText = QString::number(pid);
    return session.id.isEmpty() ? pidText : pidText + u'@' + session.toString();
}
