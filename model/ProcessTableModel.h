#pragma once

#include "SessionProcess.h"

#include <QAbstractTableModel>
#include <QList>
#include <QSet>

// The processes grid's model: the processes of one server or many, fed one server's list at
// a time. A list replaces that server's rows by key (server, pid, name): gone processes are
// removed, changed ones reported by dataChanged, new ones appended. It never resets, so the
// selection survives a refresh. Process counts are small enough for a plain keyed apply.
class ProcessTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        ServerColumn,
        SessionColumn,
        UserColumn,
        PidColumn,
        NameColumn,
        CommandLineColumn,
        ThreadsColumn,
        HandlesColumn,
        MemoryColumn,
        CpuTimeColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        // The numbers of SessionTableModel's roles of the same names, so that the grid can
        // paint with the same delegate.
        SortRole = Qt::UserRole + 1,  // typed: numbers as numbers, unknown below every value
        StaleRole = Qt::UserRole + 4, // the server's last listing failed: the row may be out of date
    };

    // Which process a row is: pids are reused, so the name is part of it.
    struct Key
    {
        QString server;
        quint32 pid = 0;
        QString name;

        static Key of(const SessionProcess &process) { return {process.server, process.pid, process.name}; }
        bool operator==(const Key &) const = default;
    };

    explicit ProcessTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces the rows of `server` with `processes` (each of them on `server`).
    void applyProcesses(const QString &server, const QList<SessionProcess> &processes);
    void removeServer(const QString &server);
    void setServerStale(const QString &server, bool stale);
    bool isServerStale(const QString &server) const { return m_staleServers.contains(server); }

    const SessionProcess &processAt(int row) const { return m_rows.at(row); }
    // The row listing `key` now, or -1.
    int rowOf(const Key &key) const;
    // <0, 0 or >0 as row `left` sorts before, with or after row `right` in `column`.
    int compare(int left, int right, int column) const;

private:
    void removeRows(const QList<int> &ascending);

    QList<SessionProcess> m_rows;
    QSet<QString> m_staleServers;
};

size_t qHash(const ProcessTableModel::Key &key, size_t seed = 0);
