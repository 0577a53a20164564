#pragma once

#include "ServerSnapshot.h"
#include "Session.h"
#include "SnapshotDiff.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSet>

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <vector>

// The session grid's model, fed by enumeration snapshots. A snapshot replaces one
// server's rows by key (SnapshotDiff works out how): gone sessions are removed and new
// ones appended in contiguous runs, and dataChanged names only the rows and columns that
// changed; a snapshot that removes or changes rows in many places says so once instead (one
// layout change that only removes rows, one dataChanged over the changed rows), so that
// listeners pay once, not per run. It never resets on refresh. Rows are in arrival order: the grid's order is
// SessionFilterProxyModel's, which re-maps once per snapshot (snapshotApplied) rather
// than once per run, so selection, current index and scroll position survive and a
// refresh stays linear in the rows.
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
        ProcessesColumn,
        MemoryColumn,
        CpuColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        SortRole = Qt::UserRole + 1, // typed: times as QDateTime, numeric ids as numbers
        OwnSessionRole,
        PendingRole, // the action in progress on the row, e.g. "Logging off…"
        StaleRole,   // true when the row's server did not answer its last refresh: the row may be out of date
    };

    explicit SessionTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces the rows of `server` with `sessions`, observed at `observedAt`.
    void applySnapshot(const QString &server, const QList<Session> &sessions,
                       const QDateTime &observedAt = QDateTime::currentDateTimeUtc());
    // Replaces the rows of each snapshot's server, in one pass over the rows and one
    // snapshotApplied: what a window with many servers applies at once. Each server at most
    // once.
    void applySnapshots(std::span<const ServerSnapshot> snapshots);
    void removeServer(const QString &server);

    const Session &sessionAt(int row) const { return this->row(row).session; }
    // The rows that are listeners (State Listening): rows, but not sessions.
    int listenerCount() const { return m_listenerTotal; }
    // -1 when no row has that key. Linear in the rows: for actions, not for painting.
    int rowOf(const SessionKey &key) const;

    // Shows `label` in the State column of the row until it disappears or is cleared.
    void setPending(const SessionKey &key, const QString &label);
    void clearPending(const SessionKey &key);

    // Marks the rows of `server` as stale (its last refresh failed) or fresh; rows it gets
    // later take the mark too. One dataChanged for StaleRole alone, so nothing re-sorts.
    void setServerStale(const QString &server, bool stale);

    static QString formatIdle(std::optional<qint64> seconds);
    // The columns that show Session's resource totals: hidden where no backend gives them.
    static bool isResourceColumn(int column);
    // CPU time used between two samples as a percentage of one CPU over the wall time between
    // them (as top shows it: a session busy on two cores is at 200 %); nullopt when either
    // sample is unknown or no time passed.
    static std::optional<double> cpuPercent(std::optional<std::chrono::nanoseconds> before, qint64 beforeMSecs,
                                            std::optional<std::chrono::nanoseconds> after, qint64 afterMSecs);
    // Bitmask of the columns whose shown or sorted value differs when `old`, observed at
    // `oldObservedAtMSecs`, is replaced by `next`, observed at `observedAtMSecs`: what a
    // snapshot announces through dataChanged.
    static quint32 changedColumns(const Session &old, qint64 oldObservedAtMSecs, const Session &next,
                                  qint64 observedAtMSecs);

    // Three-way comparison of two rows on a column's typed value (times as times, numeric
    // ids as numbers before textual ones, text case-insensitively): what SortRole holds,
    // without building variants, for the proxy's order.
    int compare(int leftRow, int rightRow, int column) const;

Q_SIGNALS:
    // Around every applySnapshot, the only place rows come and go: between the two, the
    // rows change run by run; after, `diff` says what changed in all, so that a sorting
    // proxy can re-map once per snapshot instead of once per run.
    void snapshotAboutToBeApplied();
    void snapshotApplied(const SnapshotDiff &diff);

private:
    struct Row
    {
        Session session;
        QString pending;
        qint64 numericId = -1; // the id as a number, or -1 when it is not one
        int serverId = 0;      // the server's number in m_serverIds
        // The session's CPU time at the snapshot before, for the CPU % column.
        std::optional<std::chrono::nanoseconds> previousCpuTime;
    };

    // Every row of a server was observed when its last snapshot was.
    qint64 observedAt(const Row &row) const { return m_observedAt[size_t(row.serverId)]; }
    std::optional<double> cpuPercentOf(const Row &row) const;

    // Past this many removed runs (or changed rows), a snapshot is announced as one layout
    // change (or one dataChanged): each run costs every listener a pass over its rows.
    static constexpr size_t MaxRuns = 16;

    int serverId(const QString &server);
    void removeRunByRun(const SnapshotDiff &diff);
    // Takes the removed runs out of m_observed, once m_rows has lost them.
    void removeObserved(const SnapshotDiff &diff);
    void removeInOneLayoutChange(const SnapshotDiff &diff);
    QVariant display(const Row &row, int column) const;
    QVariant sortValue(const Row &row, int column) const;
    void emitChanged(int firstRow, int lastRow, quint32 columns);
    const Row &row(int row) const { return *m_rows[size_t(row) + (size_t(row) < m_gapStart ? 0 : m_gapSize)]; }

    // Rows are held by pointer so that removing a run moves pointers, not sessions.
    std::vector<std::unique_ptr<Row>> m_rows;
    // What the diff reads of each row, in the rows' order, side by side so that a refresh
    // of unchanged rows walks one array and not a hundred thousand sessions.
    std::vector<SnapshotDiff::ObservedSession> m_observed;
    // While applySnapshot removes runs: rows from m_gapStart on are m_gapSize further down.
    size_t m_gapStart = 0;
    size_t m_gapSize = 0;
    QSet<QString> m_staleServers;
    // Servers by a number each, given as first seen, so the rows of many servers are told
    // apart without comparing strings.
    QHash<QString, int> m_serverIds;
    // By server number: when its last snapshot, and the one before, were observed.
    std::vector<qint64> m_observedAt;
    std::vector<qint64> m_previousObservedAt;
    // By server number: its rows that are listeners; and their sum.
    std::vector<int> m_listeners;
    int m_listenerTotal = 0;
};
