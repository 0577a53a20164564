#pragma once

#include "Session.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QList>

// The session grid's model, fed by enumeration snapshots. A snapshot replaces one
// server's rows by key: gone sessions are removed and new ones appended in contiguous
// runs, and dataChanged names only the rows and columns that changed. It never resets
// on refresh, so selection, current index and scroll position survive.
class SessionTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        ServerColumn,
        UserColumn,
        StationColumn,
        IdColumn,
        StateColumn,
        IdleColumn,
        LogonTimeColumn,
        ClientNameColumn,
        ClientAddressColumn,
        ServiceColumn,
        RemoteColumn,
        DomainColumn,
        ConnectTimeColumn,
        DisconnectTimeColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        SortRole = Qt::UserRole + 1, // typed: times as QDateTime, numeric ids as numbers
        OwnSessionRole,
        PendingRole, // the action in progress on the row, e.g. "Logging off…"
    };

    explicit SessionTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces the rows of `server` with `sessions`, observed at `observedAt`.
    void applySnapshot(const QString &server, const QList<Session> &sessions,
                       const QDateTime &observedAt = QDateTime::currentDateTimeUtc());
    void removeServer(const QString &server);

    const Session &sessionAt(int row) const { return m_rows.at(row).session; }
    int rowOf(const SessionKey &key) const { return m_rowOfKey.value(key, -1); }

    // Shows `label` in the State column of the row until it disappears or is cleared.
    void setPending(const SessionKey &key, const QString &label);
    void clearPending(const SessionKey &key);

    static QString formatIdle(std::optional<qint64> seconds);

private:
    struct Row
    {
        Session session;
        qint64 observedAtMSecs = 0;
        QString pending;
    };

    QVariant display(const Row &row, int column) const;
    QVariant sortValue(const Row &row, int column) const;
    // Bitmask of the columns whose shown or sorted value differs.
    quint32 changedColumns(const Row &old, const Session &next, qint64 observedAtMSecs) const;
    void reindexFrom(int firstRow);
    void emitChanged(int firstRow, int lastRow, quint32 columns);

    QList<Row> m_rows;
    QHash<SessionKey, int> m_rowOfKey;
};
