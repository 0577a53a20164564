#include "AuditRecord.h"

#include <QJsonValue>
#include <QStringList>

namespace {

QJsonValue nullIfEmpty(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

QString AuditRecord::phaseName(Phase phase)
{
    return phase == Phase::Requested ? QStringLiteral("requested") : QStringLiteral("outcome");
}

QJsonObject AuditRecord::toJson() const
{
    QJsonObject process;
    if (pid) {
        process.insert(QStringLiteral("pid"), qint64(*pid));
        process.insert(QStringLiteral("name"), nullIfEmpty(processName));
    }
    QJsonObject reasonObject;
    if (!reasonCategory.isEmpty() || !reason.isEmpty()) {
        reasonObject.insert(QStringLiteral("category"), reasonCategory);
        reasonObject.insert(QStringLiteral("message"), reason);
    }
    return QJsonObject{
        {QStringLiteral("time"), time.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("phase"), phaseName(phase)},
        {QStringLiteral("batch"), batch},
        {QStringLiteral("tool"), tool},
        {QStringLiteral("operator"), operatorName},
        {QStringLiteral("purpose"), nullIfEmpty(purpose)},
        {QStringLiteral("server"), server},
        {QStringLiteral("sessionId"), sessionId},
        {QStringLiteral("sessionUser"), nullIfEmpty(sessionUser)},
        {QStringLiteral("sessionRef"), sessionRef},
        {QStringLiteral("process"), pid ? QJsonValue(process) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("action"), action},
        {QStringLiteral("options"), options},
        {QStringLiteral("outcome"), nullIfEmpty(outcome)},
        {QStringLiteral("reason"), reasonObject.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(reasonObject)},
    };
}

std::optional<AuditRecord> AuditRecord::fromJson(const QJsonObject &object)
{
    const auto text = [&object](const char *key) { return object.value(QLatin1String(key)).toString(); };
    AuditRecord record;
    record.time = QDateTime::fromString(text("time"), Qt::ISODateWithMs);
    const QString phase = text("phase");
    if (!record.time.isValid() || (phase != phaseName(Phase::Requested) && phase != phaseName(Phase::Outcome))
        || !object.value(QStringLiteral("action")).isString() || !object.value(QStringLiteral("server")).isString())
        return std::nullopt;
    record.time = record.time.toUTC();
    record.phase = phase == phaseName(Phase::Requested) ? Phase::Requested : Phase::Outcome;
    record.batch = text("batch");
    record.tool = text("tool");
    record.operatorName = text("operator");
    record.purpose = text("purpose");
    record.server = text("server");
    record.sessionId = text("sessionId");
    record.sessionUser = text("sessionUser");
    record.sessionRef = text("sessionRef");
    const QJsonObject process = object.value(QStringLiteral("process")).toObject();
    if (const QJsonValue pid = process.value(QStringLiteral("pid")); pid.isDouble()) {
        record.pid = quint32(pid.toInteger());
        record.processName = process.value(QStringLiteral("name")).toString();
    }
    record.action = text("action");
    record.options = object.value(QStringLiteral("options")).toObject();
    record.outcome = text("outcome");
    const QJsonObject reason = object.value(QStringLiteral("reason")).toObject();
    record.reasonCategory = reason.value(QStringLiteral("category")).toString();
    record.reason = reason.value(QStringLiteral("message")).toString();
    return record;
}

QString AuditRecord::optionsText() const
{
    QStringList parts;
    for (auto it = options.constBegin(); it != options.constEnd(); ++it) {
        const QJsonValue value = it.value();
        if (value.isBool())
            parts.append(value.toBool() ? it.key() : QStringLiteral("no ") + it.key());
        else if (value.isDouble())
            parts.append(it.key() + u' ' + QString::number(value.toInteger()));
        else
            parts.append(it.key() + u' ' + value.toString());
    }
    return parts.join(QStringLiteral(", "));
}
