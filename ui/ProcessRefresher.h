#pragma once

#include "SessionSource.h"

#include <QObject>
#include <QSet>
#include <QStringList>

class QThreadPool;
class RefreshScheduler;

// Lists the processes of a view's servers while the view is shown, and only then: when it
// becomes active it lists every server at once, and after that each server again whenever
// the scheduler has refreshed its sessions (so at the refresh interval, on F5, after an
// action, and not while paused). Each listing runs on `pool` (not the scheduler's), at most
// one in flight per server, so a slow server holds up only its own list. Results arrive on
// the GUI thread, through `listed`.
class ProcessRefresher final : public QObject
{
    Q_OBJECT

public:
    ProcessRefresher(RefreshScheduler *scheduler, QThreadPool *pool, QObject *parent = nullptr);

    void addServer(const QString &server);
    void removeServer(const QString &server);
    QStringList servers() const { return m_servers.values(); }

    bool isActive() const { return m_active; }
    // Active: lists every server now and after each refresh. Inactive: starts nothing.
    void setActive(bool active);
    // Lists the server now, unless a listing of it is in flight or it cannot list processes.
    void refresh(const QString &server);
    bool isInFlight(const QString &server) const { return m_inFlight.contains(server); }
    bool hasInFlight() const { return !m_inFlight.isEmpty(); }

Q_SIGNALS:
    void listed(const QString &server, const ProcessesResult &result);

private:
    void complete(const QString &server, quint64 generation, const ProcessesResult &result);

    RefreshScheduler *const m_scheduler;
    QThreadPool *const m_pool;
    QSet<QString> m_servers;
    QSet<QString> m_inFlight;
    // Tells a listing that ends after its server was removed (and maybe added again) from a current one.
    QHash<QString, quint64> m_generations;
    quint64 m_nextGeneration = 0;
    bool m_active = false;
};
