#include "SessionPrinter.h"

#include "SessionTableModel.h"
#include "TerminalText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace SessionPrinter {
namespace {

QString isoUtc(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

QJsonValue toJson(const Session &s, const QDateTime &now)
{
    const auto idle = s.idleSeconds(now);
    return QJsonObject{
        {QStringLiteral("server"), s.server},
        {QStringLiteral("id"), s.id},
        {QStringLiteral("user"), s.user},
        {QStringLiteral("domain"), s.domain},
        {QStringLiteral("state"), Session::stateName(s.state)},
        {QStringLiteral("station"), s.station},
        {QStringLiteral("clientName"), s.clientName},
        {QStringLiteral("clientAddress"), s.clientAddress},
        {QStringLiteral("remote"), s.remote},
        {QStringLiteral("service"), s.service},
        {QStringLiteral("logonTime"), s.logonTime.isValid() ? QJsonValue(isoUtc(s.logonTime)) : QJsonValue()},
        {QStringLiteral("idleSeconds"), idle ? QJsonValue(qint64(*idle)) : QJsonValue()},
    };
}

QString csvField(const QString &text)
{
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n') && !text.contains(u'\r'))
        return text;
    QString quoted = text;
    quoted.replace(u'"', QStringLiteral("\"\""));
    return u'"' + quoted + u'"';
}

} // namespace

QString format(const QList<Session> &sessions, Format format, const QDateTime &now)
{
    switch (format) {
    case Format::Json: {
        QJsonArray array;
        for (const Session &s : sessions)
            array.append(toJson(s, now));
        return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
    }
    case Format::Csv: {
        QString out = QStringLiteral("server,id,user,domain,state,station,clientName,clientAddress,remote,service,"
                                     "logonTime,idleSeconds\n");
        for (const Session &s : sessions) {
            const auto idle = s.idleSeconds(now);
            const QStringList fields{
                s.server, s.id, s.user, s.domain, Session::stateName(s.state), s.station, s.clientName,
                s.clientAddress, s.remote ? QStringLiteral("true") : QStringLiteral("false"), s.service,
                s.logonTime.isValid() ? isoUtc(s.logonTime) : QString(), idle ? QString::number(*idle) : QString(),
            };
            QStringList cells;
            for (const QString &field : fields)
                cells.append(csvField(field));
            out += cells.join(u',') + u'\n';
        }
        return out;
    }
    case Format::Table:
        break;
    }

    const QStringList headers{QStringLiteral(" SERVER"), QStringLiteral("ID"),          QStringLiteral("USERNAME"),
                              QStringLiteral("STATE"),   QStringLiteral("SESSIONNAME"), QStringLiteral("IDLE"),
                              QStringLiteral("LOGON TIME"), QStringLiteral("CLIENT")};
    QList<QStringList> rows;
    for (const Session &s : sessions) {
        const QString client = s.clientAddress.isEmpty() ? s.clientName
            : s.clientName.isEmpty()                     ? s.clientAddress
                                                         : s.clientName + QStringLiteral(" (") + s.clientAddress + u')';
        // qwinsta marks the caller's own session with '>'.
        rows.append({(s.own ? u'>' : u' ') + s.server, s.id, terminalSafe(s.user.left(64)), Session::stateName(s.state),
                     terminalSafe(s.station), SessionTableModel::formatIdle(s.idleSeconds(now)),
                     s.logonTime.isValid() ? s.logonTime.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                                           : QString(),
                     terminalSafe(client)});
    }
    QList<qsizetype> widths(headers.size());
    for (int c = 0; c < headers.size(); ++c)
        widths[c] = headers.at(c).size();
    for (const QStringList &row : std::as_const(rows))
        for (int c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], row.at(c).size());
    QString out;
    const auto line = [&](const QStringList &cells) {
        QString text;
        for (int c = 0; c < cells.size(); ++c)
            text += c + 1 < cells.size() ? cells.at(c).leftJustified(widths[c] + 2) : cells.at(c);
        out += text + u'\n';
    };
    line(headers);
    for (const QStringList &row : std::as_const(rows))
        line(row);
    return out;
}

} // namespace SessionPrinter
