#include "logind/LogindDetailsMapper.h"
#include "logind/LogindBus.h"
#include "logind/LogindScopeTotals.h"

#include <QDateTime>
#include <QLocale>
#include <QVariantList>

#include <gtest/gtest.h>

#include <limits>

namespace {

QString valueOf(const SessionDetails &details, const QString &key)
{
    for (const SessionDetail &detail : details) {
        if (detail.key == key)
            return detail.value;
    }
    ADD_FAILURE() << "no detail " << key.toStdString();
    return {};
}

QVariantMap sshSession()
{
    return {
        {QStringLiteral("Id"), QStringLiteral("7")},
        {QStringLiteral("Name"), QStringLiteral("carol")},
        {QStringLiteral("User"), QVariantList{uint(1003), QStringLiteral("/org/freedesktop/login1/user/_1003")}},
        {QStringLiteral("Type"), QStringLiteral("tty")},
        {QStringLiteral("Class"), QStringLiteral("user")},
        {QStringLiteral("Service"), QStringLiteral("sshd")},
        {QStringLiteral("State"), QStringLiteral("active")},
        {QStringLiteral("TTY"), QStringLiteral("pts/0")},
        {QStringLiteral("Display"), QString()},
        {QStringLiteral("Seat"), QVariantList{QString(), QStringLiteral("/")}},
        {QStringLiteral("VTNr"), uint(0)},
        {QStringLiteral("Remote"), true},
        {QStringLiteral("RemoteHost"), QStringLiteral("10.0.0.5")},
        {QStringLiteral("RemoteUser"), QStringLiteral("admin")},
        {QStringLiteral("Leader"), uint(4242)},
        {QStringLiteral("Scope"), QStringLiteral("session-7.scope")},
        {QStringLiteral("Desktop"), QString()},
        {QStringLiteral("IdleHint"), true},
        {QStringLiteral("IdleSinceHint"), qulonglong(1'700'000'100'000'000ULL)},
        {QStringLiteral("Timestamp"), qulonglong(1'700'000'000'000'000ULL)},
    };
}

} // namespace

TEST(LogindDetailsMapper, ShowsEverySessionPropertyAnAdminReads)
{
    const QVariantMap scope{
        {QStringLiteral("TasksCurrent"), qulonglong(5)},
        {QStringLiteral("MemoryCurrent"), qulonglong(3ULL * 1024 * 1024 * 1024 / 2)},
        {QStringLiteral("CPUUsageNSec"), qulonglong(12'340'000'000ULL)},
    };
    const SessionDetails details = LogindDetailsMapper::fromProperties(sshSession(), scope);

    QStringList keys;
    for (const SessionDetail &detail : details) {
        keys << detail.key;
        EXPECT_FALSE(detail.label.isEmpty()) << detail.key.toStdString();
    }
    EXPECT_EQ(keys, (QStringList{QStringLiteral("id"),         QStringLiteral("user"),       QStringLiteral("uid"),
                                 QStringLiteral("type"),       QStringLiteral("class"),      QStringLiteral("service"),
                                 QStringLiteral("state"),      QStringLiteral("tty"),        QStringLiteral("display"),
                                 QStringLiteral("seat"),       QStringLiteral("vtNr"),       QStringLiteral("remote"),
                                 QStringLiteral("remoteHost"), QStringLiteral("remoteUser"), QStringLiteral("leader"),
                                 QStringLiteral("scope"),      QStringLiteral("desktop"),    QStringLiteral("idleHint"),
                                 QStringLiteral("idleSince"),  QStringLiteral("logonTime"),  QStringLiteral("tasks"),
                                 QStringLiteral("memory"),     QStringLiteral("cpuTime")}));

    EXPECT_EQ(valueOf(details, QStringLiteral("id")), QStringLiteral("7"));
    EXPECT_EQ(valueOf(details, QStringLiteral("user")), QStringLiteral("carol"));
    EXPECT_EQ(valueOf(details, QStringLiteral("uid")), QStringLiteral("1003"));
    EXPECT_EQ(valueOf(details, QStringLiteral("tty")), QStringLiteral("pts/0"));
    EXPECT_EQ(valueOf(details, QStringLiteral("seat")), QString());
    EXPECT_EQ(valueOf(details, QStringLiteral("vtNr")), QString()) << "VTNr 0 is no virtual terminal";
    EXPECT_EQ(valueOf(details, QStringLiteral("remoteHost")), QStringLiteral("10.0.0.5"));
    EXPECT_EQ(valueOf(details, QStringLiteral("remoteUser")), QStringLiteral("admin"));
    EXPECT_EQ(valueOf(details, QStringLiteral("leader")), QStringLiteral("4242"));
    EXPECT_EQ(valueOf(details, QStringLiteral("scope")), QStringLiteral("session-7.scope"));
    const QDateTime logon = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000LL, Qt::UTC);
    EXPECT_EQ(QDateTime::fromString(valueOf(details, QStringLiteral("logonTime")), Qt::ISODate), logon);
    EXPECT_EQ(QDateTime::fromString(valueOf(details, QStringLiteral("idleSince")), Qt::ISODate), logon.addSecs(100));
    EXPECT_EQ(valueOf(details, QStringLiteral("tasks")), QStringLiteral("5"));
    EXPECT_EQ(valueOf(details, QStringLiteral("memory")),
              QLocale().formattedDataSize(qint64(3ULL * 1024 * 1024 * 1024 / 2), 1, QLocale::DataSizeIecFormat));
    EXPECT_TRUE(valueOf(details, QStringLiteral("memory")).contains(QStringLiteral("GiB")));
    EXPECT_EQ(valueOf(details, QStringLiteral("cpuTime")),
              LogindDetailsMapper::tr("%1 s").arg(QLocale().toString(12.34, 'f', 2)));
}

TEST(LogindDetailsMapper, TotalsSystemdDoesNotAccountAreEmpty)
{
    constexpr qulonglong notAccounted = std::numeric_limits<qulonglong>::max();
    const QVariantMap scope{
        {QStringLiteral("TasksCurrent"), qulonglong(2)},
        {QStringLiteral("MemoryCurrent"), notAccounted},
        {QStringLiteral("CPUUsageNSec"), notAccounted},
    };
    QVariantMap session = sshSession();
    session.insert(QStringLiteral("IdleHint"), false);
    const SessionDetails details = LogindDetailsMapper::fromProperties(session, scope);
    EXPECT_EQ(valueOf(details, QStringLiteral("tasks")), QStringLiteral("2"));
    EXPECT_EQ(valueOf(details, QStringLiteral("memory")), QString());
    EXPECT_EQ(valueOf(details, QStringLiteral("cpuTime")), QString());
    EXPECT_EQ(valueOf(details, QStringLiteral("idleSince")), QString()) << "not idle: no idle time";

    const SessionDetails unread = LogindDetailsMapper::fromProperties(session, {});
    EXPECT_EQ(valueOf(unread, QStringLiteral("tasks")), QString());
}

TEST(LogindScopeTotals, UnaccountedOrMissingIsUnknownNotZero)
{
    const QVariantMap scope{{QStringLiteral("TasksCurrent"), QVariant::fromValue(qulonglong(0))},
                            {QStringLiteral("MemoryCurrent"),
                             QVariant::fromValue(std::numeric_limits<qulonglong>::max())}};
    const LogindScopeTotals totals = LogindScopeTotals::fromProperties(scope);
    EXPECT_EQ(totals.tasks, std::optional<quint64>(0));
    EXPECT_EQ(totals.memoryBytes, std::nullopt);
    EXPECT_EQ(totals.cpuNSec, std::nullopt);
    EXPECT_EQ(LogindScopeTotals::fromProperties({{QStringLiteral("CPUUsageNSec"), QVariant::fromValue(qulonglong(7))}})
                  .cpuNSec,
              std::optional<quint64>(7));
}

TEST(LogindBus, UnitPathIsSystemdsEscapedObjectPath)
{
    // As busctl tree org.freedesktop.systemd1 lists a session's scope.
    EXPECT_EQ(LogindBus::unitPath(QStringLiteral("session-c12.scope")),
              QStringLiteral("/org/freedesktop/systemd1/unit/session_2dc12_2escope"));
}
