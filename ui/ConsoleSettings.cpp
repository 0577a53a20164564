#include "ConsoleSettings.h"

#include "ServerAddress.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QStringDecoder>

#include <algorithm>

namespace {

constexpr qint64 MaxFileSize = 1024 * 1024;

const QString KeyVersion = QStringLiteral("version");
const QString KeyServers = QStringLiteral("servers/list");
const QString KeyRecent = QStringLiteral("servers/recent");
const QString KeyGeometry = QStringLiteral("window/geometry");
const QString KeyState = QStringLiteral("window/state");
const QString KeyServerColumns = QStringLiteral("columns/server");
const QString KeyAllColumns = QStringLiteral("columns/all");
const QString KeyInterval = QStringLiteral("refresh/intervalMs");
// An INI array: groups/size, groups/N/name, groups/N/servers (N from 1).
const QString ArrayGroups = QStringLiteral("groups");
const QString KeyGroupName = QStringLiteral("name");
const QString KeyGroupServers = QStringLiteral("servers");

} // namespace

ConsoleSettings::ConsoleSettings(const QString &fileName)
    : m_fileName(fileName.isEmpty() ? defaultFileName() : fileName)
{
    load();
}

QString ConsoleSettings::defaultFileName()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
           + QStringLiteral("/session-console/console.ini");
}

std::chrono::milliseconds ConsoleSettings::clampInterval(std::chrono::milliseconds interval)
{
    return std::clamp(interval, MinInterval, MaxInterval);
}

void ConsoleSettings::load()
{
    const QFileInfo info(m_fileName);
    if (!info.exists())
        return;
    if (!info.isFile() || !info.isReadable()) {
        warnAndProtect(tr("%1 is not a readable file; using defaults.").arg(m_fileName));
        return;
    }
    if (info.size() > MaxFileSize) {
        warnAndProtect(tr("%1 is larger than %2 KiB; using defaults.").arg(m_fileName).arg(MaxFileSize / 1024));
        return;
    }

    // QSettings reads almost anything as INI; text is the least a settings file must be.
    QFile file(m_fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        warnAndProtect(tr("%1 could not be opened; using defaults.").arg(m_fileName));
        return;
    }
    const QByteArray bytes = file.readAll();
    const bool binary = std::any_of(bytes.cbegin(), bytes.cend(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 && c != '\n' && c != '\r' && c != '\t';
    });
    QStringDecoder utf8(QStringDecoder::Utf8);
    const QString decoded = utf8(bytes); // decoding sets hasError()
    if (binary || utf8.hasError()) {
        warnAndProtect(tr("%1 is not a text settings file; using defaults.").arg(m_fileName));
        return;
    }

    QSettings settings(m_fileName, QSettings::IniFormat);
    if (settings.status() != QSettings::NoError) {
        warnAndProtect(tr("%1 is not a valid settings file; using defaults.").arg(m_fileName));
        return;
    }
    static const QStringList Known{KeyVersion, KeyServers,       KeyRecent,     KeyGeometry,
                                   KeyState,   KeyServerColumns, KeyAllColumns, KeyInterval};
    static const QRegularExpression GroupKey(QStringLiteral("^groups/(size|[1-9][0-9]*/(name|servers))$"));
    QStringList unknown = settings.allKeys();
    unknown.removeIf([](const QString &key) { return Known.contains(key) || GroupKey.match(key).hasMatch(); });
    if (!unknown.isEmpty())
        warnAndProtect(tr("%1: unknown entries ignored: %2")
                           .arg(m_fileName, unknown.mid(0, 5).join(QStringLiteral(", ")).left(200)));
    const QVariant version = settings.value(KeyVersion);
    bool numeric = false;
    if (version.isValid() && (version.toInt(&numeric) > Version || !numeric)) {
        warnAndProtect(
            tr("%1 was written by another version (%2); using defaults.").arg(m_fileName, version.toString().left(20)));
        return;
    }

    // Lists of servers: every entry must parse as an address, or it is dropped.
    const auto readServers = [&](const QString &key, int limit) {
        QStringList result;
        const QVariant value = settings.value(key);
        if (!value.isValid())
            return result;
        if (value.typeId() != QMetaType::QStringList && value.typeId() != QMetaType::QString) {
            warnAndProtect(tr("%1: %2 is not a list of servers; ignored.").arg(m_fileName, key));
            return result;
        }
        const QStringList entries = value.toStringList();
        for (const QString &entry : entries) {
            QString why;
            const ServerAddress address = ServerAddress::parse(entry, &why);
            if (!address.isValid()) {
                warnAndProtect(tr("%1: ignored the server \"%2\": %3").arg(m_fileName, entry.left(80), why));
                continue;
            }
            if (result.contains(address.toString()))
                continue;
            // A full list is no fault: the window keeps exactly MaxRecent recent servers.
            if (result.size() == limit) {
                warnAndProtect(
                    tr("%1: %2 has more than %n entries; the rest are ignored.", nullptr, limit).arg(m_fileName, key));
                break;
            }
            result.append(address.toString());
        }
        return result;
    };
    m_values.servers = readServers(KeyServers, MaxServers);
    m_values.recentServers = readServers(KeyRecent, MaxRecent);
    readGroups(settings);

    const auto readBlob = [&](const QString &key) {
        const QVariant value = settings.value(key);
        if (!value.isValid())
            return QByteArray();
        if (value.typeId() != QMetaType::QByteArray || value.toByteArray().size() > MaxBlobSize) {
            warnAndProtect(tr("%1: %2 is malformed; using the default layout.").arg(m_fileName, key));
            return QByteArray();
        }
        return value.toByteArray();
    };
    m_values.windowGeometry = readBlob(KeyGeometry);
    m_values.windowState = readBlob(KeyState);
    m_values.serverColumns = readBlob(KeyServerColumns);
    m_values.allColumns = readBlob(KeyAllColumns);

    if (const QVariant interval = settings.value(KeyInterval); interval.isValid()) {
        bool ok = false;
        const qlonglong ms = interval.toLongLong(&ok);
        if (!ok) {
            warnAndProtect(tr("%1: %2 is not a number; using %3 s.")
                               .arg(m_fileName, KeyInterval)
                               .arg(DefaultInterval.count() / 1000));
        } else {
            m_values.interval = clampInterval(std::chrono::milliseconds(ms));
            if (m_values.interval.count() != ms)
                warnAndProtect(tr("%1: %2 is out of range; using %3 ms.")
                                   .arg(m_fileName, KeyInterval)
                                   .arg(m_values.interval.count()));
        }
    }
}

void ConsoleSettings::readGroups(QSettings &settings)
{
    const QVariant size = settings.value(ArrayGroups + QStringLiteral("/size"));
    if (!size.isValid())
        return;
    bool numeric = false;
    const int count = size.toInt(&numeric);
    if (!numeric || count < 0) {
        warnAndProtect(tr("%1: the number of groups is malformed; groups ignored.").arg(m_fileName));
        return;
    }
    if (count > ServerGroups::MaxGroups)
        warnAndProtect(
            tr("%1: more than %n groups; the rest are ignored.", nullptr, ServerGroups::MaxGroups).arg(m_fileName));
    settings.beginReadArray(ArrayGroups);
    for (int i = 0; i < std::min(count, ServerGroups::MaxGroups); ++i) {
        settings.setArrayIndex(i);
        const QVariant name = settings.value(KeyGroupName);
        const QVariant servers = settings.value(KeyGroupServers);
        if (name.typeId() != QMetaType::QString) {
            warnAndProtect(tr("%1: group %2 has no name; ignored.").arg(m_fileName).arg(i + 1));
            continue;
        }
        if (const Result<void> added = m_values.groups.addGroup(name.toString()); !added) {
            warnAndProtect(
                tr("%1: ignored the group \"%2\": %3").arg(m_fileName, name.toString().left(80), added.error().message));
            continue;
        }
        if (servers.isValid() && servers.typeId() != QMetaType::QStringList && servers.typeId() != QMetaType::QString) {
            warnAndProtect(tr("%1: the servers of group \"%2\" are not a list; ignored.")
                               .arg(m_fileName, name.toString().left(80)));
            continue;
        }
        const QStringList entries = servers.toStringList();
        for (const QString &entry : entries.mid(0, MaxServers)) {
            QString why;
            const ServerAddress address = ServerAddress::parse(entry, &why);
            if (address.isValid())
                m_values.groups.addMember(name.toString(), address.toString());
            else
                warnAndProtect(tr("%1: ignored the server \"%2\" of group \"%3\": %4")
                                   .arg(m_fileName, entry.left(80), name.toString().left(80), why));
        }
    }
    settings.endArray();
}

void ConsoleSettings::warnAndProtect(const QString &why)
{
    m_warnings.append(why);
    m_readFailed = true;
}

void ConsoleSettings::setValues(const Values &values, bool byUser)
{
    m_values = values;
    m_values.interval = clampInterval(m_values.interval);
    m_userChanged = m_userChanged || byUser;
}

bool ConsoleSettings::save()
{
    if (!mayWrite())
        return false;
    QSettings settings(m_fileName, QSettings::IniFormat);
    settings.clear();
    settings.setValue(KeyVersion, Version);
    settings.setValue(KeyServers, m_values.servers);
    settings.setValue(KeyRecent, m_values.recentServers);
    settings.setValue(KeyGeometry, m_values.windowGeometry);
    settings.setValue(KeyState, m_values.windowState);
    settings.setValue(KeyServerColumns, m_values.serverColumns);
    settings.setValue(KeyAllColumns, m_values.allColumns);
    settings.setValue(KeyInterval, qlonglong(m_values.interval.count()));
    if (!m_values.groups.groups().isEmpty()) {
        settings.beginWriteArray(ArrayGroups, int(m_values.groups.groups().size()));
        for (int i = 0; i < m_values.groups.groups().size(); ++i) {
            settings.setArrayIndex(i);
            settings.setValue(KeyGroupName, m_values.groups.groups().at(i).name);
            settings.setValue(KeyGroupServers, m_values.groups.groups().at(i).servers);
        }
        settings.endArray();
    }
    settings.sync();
    return settings.status() == QSettings::NoError;
}
