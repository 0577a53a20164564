#pragma once

#include "ServerGroups.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <chrono>

class QSettings;

// The console's saved state in one INI file: servers, recent entries, server groups, column
// layouts, window geometry and refresh interval. Everything read is checked; what is missing,
// malformed or hostile falls back to defaults with a warning, and such a file is left
// untouched until the user changes something, so a bad edit can still be repaired.
class ConsoleSettings final
{
    Q_DECLARE_TR_FUNCTIONS(ConsoleSettings)

public:
    static constexpr std::chrono::milliseconds MinInterval{1000};
    static constexpr std::chrono::milliseconds MaxInterval{3600 * 1000};
    static constexpr std::chrono::milliseconds DefaultInterval{5000};
    static constexpr int MaxServers = 1000;
    static constexpr int MaxRecent = 20;
    static constexpr qsizetype MaxBlobSize = 64 * 1024;
    static constexpr int Version = 1;

    struct Values
    {
        QStringList servers; // canonical ServerAddress text, in tab order
        QStringList recentServers;
        ServerGroups groups; // absent from files written before groups existed: none
        QByteArray windowGeometry;
        QByteArray windowState;
        QByteArray serverColumns; // QHeaderView state of the per-server tabs
        QByteArray allColumns;    // and of the All servers tab and the groups' tabs
        std::chrono::milliseconds interval = DefaultInterval;
        bool operator==(const Values &) const = default;
    };

    // Reads `fileName`, or the user's console.ini under the standard config location.
    explicit ConsoleSettings(const QString &fileName = {});
    Q_DISABLE_COPY_MOVE(ConsoleSettings)

    static QString defaultFileName();
    static std::chrono::milliseconds clampInterval(std::chrono::milliseconds interval);

    QString fileName() const { return m_fileName; }
    const Values &values() const { return m_values; }
    // What was wrong with the file, for the window to show; empty when it was fine.
    QStringList warnings() const { return m_warnings; }

    // The user changed something: from now on the file may be written.
    void setValues(const Values &values, bool byUser);
    // Writes the values unless the file was bad and the user has changed nothing yet.
    bool save();
    bool mayWrite() const { return !m_readFailed || m_userChanged; }

private:
    void load();
    void readGroups(QSettings &settings);
    // Notes what was wrong, and keeps the file from being overwritten until the user changes something.
    void warnAndProtect(const QString &why);

    const QString m_fileName;
    Values m_values;
    QStringList m_warnings;
    bool m_readFailed = false;
    bool m_userChanged = false;
};
