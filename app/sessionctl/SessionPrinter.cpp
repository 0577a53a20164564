#include "SessionPrinter.h"

#include "SessionRef.h"
#include "SessionTableModel.h"
#include "TerminalText.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace SessionPrinter {
namespace {

QString isoUtc(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

void appendEscaped(QString &out, char16_t unit)
{
    out += QStringLiteral("\\u%1").arg(uint(unit), 4, 16, QLatin1Char('0'));
}

// Qt's JSON writer escapes only what JSON requires (quotes, backslashes, C0 controls):
// DEL, C1 controls, direction overrides and line separators would reach a terminal raw.
// They can only stand inside strings, where \uXXXX means the same character. The one raw
// control character Qt writes is the line break between the lines of indented output.
QString escapedForTerminal(const QByteArray &json)
{
    const QString text = QString::fromUtf8(json);
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            const QChar low = text.at(i + 1);
            ++i;
            if (movesTheTerminal(QChar::surrogateToUcs4(c, low))) {
                appendEscaped(out, c.unicode());
                appendEscaped(out, low.unicode());
            } else {
                out += c;
                out += low;
            }
        } else if (c != u'\n' && movesTheTerminal(c.unicode())) {
            appendEscaped(out, c.unicode());
        } else {
            out += c;
        }
    }
    return out;
}

// CSV stays RFC 4180 (quoted where a comma or quote would break the row), and plain:
// control and format characters, line breaks among them, are shown as '?' like in the table.
QString csvField(const QString &text)
{
    const QString plain = terminalSafe(text);
    if (!plain.contains(u',') && !plain.contains(u'"'))
        return plain;
    QString quoted = plain;
    quoted.replace(u'"', QStringLiteral("\"\""));
    return u'"' + quoted + u'"';
}

// One CSV row of `fields`, with its line end.
QString csvLine(const QStringList &fields)
{
    QStringList cells;
    for (const QString &field : fields)
        cells.append(csvField(field));
    return cells.join(u',') + u'\n';
}

// A table cell of a watch line: plain, and "-" where empty so that the columns stay countable.
QString eventCell(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("-") : terminalSafe(text);
}

// Columns padded to their widest cell, two spaces apart; `rightAligned` columns (numbers)
// padded on the left. The cells are terminal-safe already.
QString table(const QStringList &headers, const QList<QStringList> &rows, const QList<bool> &rightAligned = {})
{
    QList<qsizetype> widths(headers.size());
    for (int c = 0; c < headers.size(); ++c)
        widths[c] = headers.at(c).size();
    for (const QStringList &row : rows)
        for (int c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], row.at(c).size());
    QString out;
    const auto line = [&](const QStringList &cells) {
        QString text;
        for (int c = 0; c < cells.size(); ++c) {
            const bool last = c + 1 == cells.size();
            if (rightAligned.value(c))
                text += cells.at(c).rightJustified(widths[c]) + (last ? QString() : QStringLiteral("  "));
            else
                text += last ? cells.at(c) : cells.at(c).leftJustified(widths[c] + 2);
        }
        while (text.endsWith(u' '))
            text.chop(1);
        out += text + u'\n';
    };
    line(headers);
    for (const QStringList &row : rows)
        line(row);
    return out;
}

// A table cell of data from a server: plain, and cut to `most` characters.
QString plainCell(const QString &text, qsizetype most)
{
    const QString plain = terminalSafe(text);
    return plain.size() <= most ? plain : plain.left(most - 1) + u'…';
}

QString optionalNumber(const std::optional<qint64> &number)
{
    return number ? QString::number(*number) : QString();
}

QJsonValue optionalJson(const std::optional<qint64> &number)
{
    return number ? QJsonValue(*number) : QJsonValue();
}

QJsonValue knownText(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QJsonValue optionalTime(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(isoUtc(time)) : QJsonValue();
}

QString timeText(const QDateTime &time)
{
    return time.isValid() ? isoUtc(time) : QString();
}

QString memoryText(const std::optional<qint64> &bytes)
{
    return bytes ? QStringLiteral("%1 MiB").arg(double(*bytes) / (1024 * 1024), 0, 'f', 1) : QString();
}

// tasklist's CPU time: h:mm:ss.
QString cpuText(const std::optional<double> &seconds)
{
    if (!seconds)
        return {};
    const qint64 whole = qint64(*seconds);
    return QStringLiteral("%1:%2:%3")
        .arg(whole / 3600)
        .arg(whole / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(whole % 60, 2, 10, QLatin1Char('0'));
}

QString clientText(const Session &s)
{
    if (s.clientAddress.isEmpty())
        return s.clientName;
    if (s.clientName.isEmpty() || s.clientName == s.clientAddress)
        return s.clientAddress;
    return s.clientName + QStringLiteral(" (") + s.clientAddress + u')';
}

double cpuSeconds(std::chrono::nanoseconds cpu)
{
    return std::chrono::duration<double>(cpu).count();
}

} // namespace

QJsonObject toJson(const Session &s, const QDateTime &now)
{
    const auto idle = s.idleSeconds(now);
    return QJsonObject{
        {QStringLiteral("server"), s.server},
        {QStringLiteral("id"), s.id},
        {QStringLiteral("ref"), SessionRef::of(s).toString()},
        {QStringLiteral("user"), s.user},
        {QStringLiteral("domain"), s.domain},
        {QStringLiteral("state"), Session::stateName(s.state)},
        {QStringLiteral("station"), s.station},
        {QStringLiteral("clientName"), s.clientName},
        {QStringLiteral("clientAddress"), s.clientAddress},
        {QStringLiteral("remoteUser"), s.remoteUser},
        {QStringLiteral("remote"), s.remote},
        {QStringLiteral("service"), s.service},
        {QStringLiteral("logonTime"), optionalTime(s.logonTime)},
        {QStringLiteral("connectTime"), optionalTime(s.connectTime)},
        {QStringLiteral("disconnectTime"), optionalTime(s.disconnectTime)},
        {QStringLiteral("idleSeconds"), idle ? QJsonValue(qint64(*idle)) : QJsonValue()},
        {QStringLiteral("processes"), s.processCount ? QJsonValue(*s.processCount) : QJsonValue()},
        {QStringLiteral("memoryBytes"), s.memoryBytes ? QJsonValue(*s.memoryBytes) : QJsonValue()},
        {QStringLiteral("cpuSeconds"), s.cpuTime ? QJsonValue(cpuSeconds(*s.cpuTime)) : QJsonValue()},
    };
}

QString jsonLine(const QJsonObject &object)
{
    return escapedForTerminal(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString format(const QList<Session> &sessions, Format format, const QDateTime &now)
{
    switch (format) {
    case Format::Json: {
        QJsonArray array;
        for (const Session &s : sessions)
            array.append(toJson(s, now));
        return escapedForTerminal(QJsonDocument(array).toJson(QJsonDocument::Indented));
    }
    case Format::Csv: {
        QString out = QStringLiteral(
            "server,id,user,domain,state,station,clientName,clientAddress,remote,service,"
            "logonTime,idleSeconds,ref,connectTime,disconnectTime,processes,memoryBytes,cpuSeconds\n");
        for (const Session &s : sessions) {
            const auto idle = s.idleSeconds(now);
            const QStringList fields{
                s.server,
                s.id,
                s.user,
                s.domain,
                Session::stateName(s.state),
                s.station,
                s.clientName,
                s.clientAddress,
                s.remote ? QStringLiteral("true") : QStringLiteral("false"),
                s.service,
                timeText(s.logonTime),
                idle ? QString::number(*idle) : QString(),
                SessionRef::of(s).toString(),
                timeText(s.connectTime),
                timeText(s.disconnectTime),
                s.processCount ? QString::number(*s.processCount) : QString(),
                s.memoryBytes ? QString::number(*s.memoryBytes) : QString(),
                s.cpuTime ? QString::number(cpuSeconds(*s.cpuTime), 'f', 3) : QString(),
            };
            out += csvLine(fields);
        }
        return out;
    }
    case Format::Table:
        break;
    }

    const QStringList headers{QStringLiteral(" SERVER"),    QStringLiteral("ID"),          QStringLiteral("USERNAME"),
                              QStringLiteral("STATE"),      QStringLiteral("SESSIONNAME"), QStringLiteral("IDLE"),
                              QStringLiteral("LOGON TIME"), QStringLiteral("CLIENT")};
    QList<QStringList> rows;
    for (const Session &s : sessions) {
        // qwinsta marks the caller's own session with '>'.
        rows.append(
            {(s.own ? u'>' : u' ') + terminalSafe(s.server), terminalSafe(s.id), terminalSafe(s.user.left(64)),
             Session::stateName(s.state), terminalSafe(s.station), SessionTableModel::formatIdle(s.idleSeconds(now)),
             s.logonTime.isValid() ? s.logonTime.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString(),
             terminalSafe(clientText(s))});
    }
    return table(headers, rows);
}

QString formatCleanup(const QList<CleanupRow> &rows, Format format, const QDateTime &now)
{
    const bool acted = std::any_of(rows.cbegin(), rows.cend(), [](const CleanupRow &r) { return !r.outcome.isEmpty(); });
    if (format == Format::Json) {
        QJsonArray array;
        for (const CleanupRow &row : rows) {
            QJsonObject object = toJson(row.session, now);
            object.insert(QStringLiteral("reason"), row.reason);
            if (acted)
                object.insert(QStringLiteral("outcome"), row.outcome);
            array.append(object);
        }
        return escapedForTerminal(QJsonDocument(array).toJson(QJsonDocument::Indented));
    }
    QStringList headers{QStringLiteral("SERVER"), QStringLiteral("ID"),   QStringLiteral("USERNAME"),
                        QStringLiteral("STATE"),  QStringLiteral("IDLE"), QStringLiteral("LOGON TIME"),
                        QStringLiteral("REASON")};
    if (acted)
        headers.append(QStringLiteral("OUTCOME"));
    QList<QStringList> cells;
    for (const CleanupRow &row : rows) {
        const Session &s = row.session;
        QStringList line{terminalSafe(s.server),
                         terminalSafe(s.id),
                         terminalSafe(s.user.left(64)),
                         Session::stateName(s.state),
                         SessionTableModel::formatIdle(s.idleSeconds(now)),
                         s.logonTime.isValid() ? s.logonTime.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                                               : QString(),
                         row.reason};
        if (acted)
            line.append(terminalSafe(row.outcome));
        cells.append(line);
    }
    return table(headers, cells);
}

QString formatEvent(const WatchEvent &event, Format format)
{
    const QString time = event.time.toUTC().toString(Qt::ISODateWithMs);
    const QString kind = WatchEvent::kindName(event.kind);
    const bool aboutSession = event.kind != WatchEvent::Kind::Error && event.kind != WatchEvent::Kind::Recovered;
    if (format == Format::Json) {
        QJsonObject object = aboutSession ? toJson(event.session, event.time) : QJsonObject();
        object.insert(QStringLiteral("time"), time);
        object.insert(QStringLiteral("server"), event.server);
        object.insert(QStringLiteral("event"), kind);
        if (event.error) {
            object.insert(QStringLiteral("category"), SessionError::categoryName(event.error->category));
            object.insert(QStringLiteral("code"), event.error->code);
            object.insert(QStringLiteral("message"), event.error->toString());
        }
        return jsonLine(object);
    }

    QStringList cells{time, eventCell(event.server), kind};
    if (aboutSession) {
        const Session &s = event.session;
        cells << eventCell(s.id) << eventCell(s.user.left(64)) << Session::stateName(s.state) << eventCell(s.station)
              << eventCell(clientText(s)) << eventCell(SessionRef::of(s).toString());
    } else if (event.error) {
        cells << SessionError::categoryName(event.error->category) + QStringLiteral(": ")
                     + terminalSafe(event.error->toString());
    }
    return cells.join(QStringLiteral("  "));
}

QString formatProcesses(const QList<ListedProcess> &processes, Format format)
{
    switch (format) {
    case Format::Json: {
        QJsonArray array;
        for (const auto &[p, session] : processes) {
            array.append(QJsonObject{
                {QStringLiteral("server"), p.server},
                {QStringLiteral("session"), session},
                {QStringLiteral("pid"), qint64(p.pid)},
                {QStringLiteral("name"), knownText(p.name)},
                {QStringLiteral("commandLine"), knownText(p.commandLine)},
                {QStringLiteral("user"), knownText(p.user)},
                {QStringLiteral("threads"), optionalJson(p.threads)},
                {QStringLiteral("handles"), optionalJson(p.handles)},
                {QStringLiteral("memoryBytes"), optionalJson(p.memoryBytes)},
                {QStringLiteral("cpuSeconds"), p.cpuSeconds ? QJsonValue(*p.cpuSeconds) : QJsonValue()},
            });
        }
        return escapedForTerminal(QJsonDocument(array).toJson(QJsonDocument::Indented));
    }
    case Format::Csv: {
        QString out = QStringLiteral(
            "server,session,pid,name,commandLine,user,threads,handles,memoryBytes,cpuSeconds\n");
        for (const auto &[p, session] : processes) {
            const QStringList fields{
                p.server,
                session,
                QString::number(p.pid),
                p.name,
                p.commandLine,
                p.user,
                optionalNumber(p.threads),
                optionalNumber(p.handles),
                optionalNumber(p.memoryBytes),
                p.cpuSeconds ? QString::number(*p.cpuSeconds, 'f', 3) : QString(),
            };
            out += csvLine(fields);
        }
        return out;
    }
    case Format::Table:
        break;
    }

    const QStringList headers{QStringLiteral("SERVER"),      QStringLiteral("SESSION"), QStringLiteral("PID"),
                              QStringLiteral("NAME"),        QStringLiteral("USER"),    QStringLiteral("THREADS"),
                              QStringLiteral("HANDLES"),     QStringLiteral("MEMORY"),  QStringLiteral("CPU TIME"),
                              QStringLiteral("COMMAND LINE")};
    const QList<bool> rightAligned{false, false, true, false, false, true, true, true, true, false};
    QList<QStringList> rows;
    for (const ListedProcess &listed : processes) {
        const SessionProcess &p = listed.process;
        rows.append({terminalSafe(p.server), plainCell(p.sessionId, 16), QString::number(p.pid), plainCell(p.name, 40),
                     plainCell(p.user, 40), optionalNumber(p.threads), optionalNumber(p.handles),
                     memoryText(p.memoryBytes), cpuText(p.cpuSeconds), plainCell(p.commandLine, 160)});
    }
    return table(headers, rows, rightAligned);
}

QString formatDetails(const QString &server, const QString &ref, const SessionDetails &details, Format format)
{
    if (format == Format::Json) {
        // QJsonObject sorts its keys; the backend's order is kept by writing the members here.
        const auto json = [](const QJsonValue &value) -> QString {
            const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
            return QString::fromUtf8(array.mid(1, array.size() - 2));
        };
        const auto member = [&json](const QString &key, const QJsonValue &value) -> QString {
            return QStringLiteral("    ") + json(key) + QStringLiteral(": ") + json(value);
        };
        QStringList members{member(QStringLiteral("server"), server), member(QStringLiteral("ref"), ref)};
        for (const SessionDetail &d : details)
            members.append(member(d.key, knownText(d.value)));
        return escapedForTerminal(QStringLiteral("{\n%1\n}\n").arg(members.join(QStringLiteral(",\n"))).toUtf8());
    }
    qsizetype width = 0;
    for (const SessionDetail &d : details)
        width = std::max(width, terminalSafe(d.label).size() + 1);
    QString out;
    for (const SessionDetail &d : details) {
        QString line = QString(terminalSafe(d.label) + u':').leftJustified(width + 1) + terminalSafe(d.value);
        while (line.endsWith(u' '))
            line.chop(1);
        out += line + u'\n';
    }
    return out;
}

QString formatHistory(const QList<AuditRecord> &records, Format format)
{
    if (format == Format::Json) {
        QJsonArray array;
        for (const AuditRecord &record : records)
            array.append(record.toJson());
        return escapedForTerminal(QJsonDocument(array).toJson(QJsonDocument::Indented));
    }
    const QStringList headers{QStringLiteral("TIME"),   QStringLiteral("OPERATOR"), QStringLiteral("TOOL"),
                              QStringLiteral("SERVER"), QStringLiteral("SESSION"),  QStringLiteral("USER"),
                              QStringLiteral("ACTION"), QStringLiteral("PHASE"),    QStringLiteral("OUTCOME"),
                              QStringLiteral("BATCH"),  QStringLiteral("DETAIL")};
    QList<QStringList> rows;
    for (const AuditRecord &r : records) {
        QString action = r.action;
        if (r.pid)
            action += QStringLiteral(" %1").arg(*r.pid);
        QStringList detail;
        if (!r.purpose.isEmpty())
            detail.append(QStringLiteral("for %1").arg(r.purpose));
        if (const QString options = r.optionsText(); !options.isEmpty())
            detail.append(options);
        if (!r.reason.isEmpty())
            detail.append(r.reasonCategory + QStringLiteral(": ") + r.reason);
        rows.append({r.time.toString(Qt::ISODate), eventCell(r.operatorName), eventCell(r.tool), eventCell(r.server),
                     eventCell(r.sessionRef), eventCell(r.sessionUser), eventCell(action),
                     AuditRecord::phaseName(r.phase), eventCell(r.outcome), eventCell(r.batch.left(8)),
                     plainCell(detail.join(QStringLiteral("; ")), 200)});
    }
    return table(headers, rows);
}

} // namespace SessionPrinter
