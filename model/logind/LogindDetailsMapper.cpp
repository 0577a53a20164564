#include "LogindDetailsMapper.h"

#include "LogindScopeTotals.h"

#include <QDateTime>
#include <QLocale>
#include <QVariantList>

namespace {

// logind's microseconds since the epoch as local time; 0 means "not set".
QString localTime(const QVariant &usec)
{
    const qulonglong value = usec.toULongLong();
    if (value == 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(qint64(value / 1000), Qt::UTC).toLocalTime().toString(Qt::ISODate);
}

QString yesNo(const QVariant &value)
{
    return value.toBool() ? LogindDetailsMapper::tr("yes") : LogindDetailsMapper::tr("no");
}

// A number where 0 means "none" (VTNr, Leader).
QString positive(const QVariant &value)
{
    const qulonglong number = value.toULongLong();
    return number == 0 ? QString() : QString::number(number);
}

} // namespace

SessionDetails LogindDetailsMapper::fromProperties(const QVariantMap &session, const QVariantMap &scope)
{
    const auto text = [&](const char *name) { return session.value(QLatin1String(name)).toString(); };
    const bool idle = session.value(QStringLiteral("IdleHint")).toBool();
    const auto [tasks, memory, cpu] = LogindScopeTotals::fromProperties(scope);
    const QLocale locale;

    const auto uid = session.value(QStringLiteral("User")).toList().value(0);
    return {
        {QStringLiteral("id"), tr("Session"), text("Id")},
        {QStringLiteral("user"), tr("User"), text("Name")},
        {QStringLiteral("uid"), tr("UID"), uid.isValid() ? uid.toString() : QString()},
        {QStringLiteral("type"), tr("Type"), text("Type")},
        {QStringLiteral("class"), tr("Class"), text("Class")},
        {QStringLiteral("service"), tr("PAM service"), text("Service")},
        {QStringLiteral("state"), tr("State"), text("State")},
        {QStringLiteral("tty"), tr("TTY"), text("TTY")},
        {QStringLiteral("display"), tr("Display"), text("Display")},
        {QStringLiteral("seat"), tr("Seat"), session.value(QStringLiteral("Seat")).toList().value(0).toString()},
        {QStringLiteral("vtNr"), tr("Virtual terminal"), positive(session.value(QStringLiteral("VTNr")))},
        {QStringLiteral("remote"), tr("Remote"), yesNo(session.value(QStringLiteral("Remote")))},
        {QStringLiteral("remoteHost"), tr("Remote host"), text("RemoteHost")},
        {QStringLiteral("remoteUser"), tr("Remote user"), text("RemoteUser")},
        {QStringLiteral("leader"), tr("Leader process"), positive(session.value(QStringLiteral("Leader")))},
        {QStringLiteral("scope"), tr("Scope unit"), text("Scope")},
        {QStringLiteral("desktop"), tr("Desktop"), text("Desktop")},
        {QStringLiteral("idleHint"), tr("Idle"), yesNo(idle)},
        {QStringLiteral("idleSince"), tr("Idle since"),
         idle ? localTime(session.value(QStringLiteral("IdleSinceHint"))) : QString()},
        {QStringLiteral("logonTime"), tr("Logon time"), localTime(session.value(QStringLiteral("Timestamp")))},
        {QStringLiteral("tasks"), tr("Processes and threads"), tasks ? QString::number(*tasks) : QString()},
        {QStringLiteral("memory"), tr("Memory"),
         memory ? locale.formattedDataSize(qint64(*memory), 1, QLocale::DataSizeIecFormat) : QString()},
        {QStringLiteral("cpuTime"), tr("CPU time"),
         cpu ? tr("%1 s").arg(locale.toString(double(*cpu) / 1e9, 'f', 2)) : QString()},
    };
}
