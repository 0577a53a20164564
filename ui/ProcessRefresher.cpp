#include "ProcessRefresher.h"

#include "RefreshScheduler.h"
#include "ThreadHandoff.h"

#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

namespace {

ProcessesResult listProcesses(const std::shared_ptr<SessionSource> &source)
{
    takeOverFromSubmitter(source.get());
    return source->processes(std::nullopt, SessionSource::DefaultTimeout);
}

} // namespace

ProcessRefresher::ProcessRefresher(RefreshScheduler *scheduler, QThreadPool *pool, QObject *parent)
    : QObject(parent)
    , m_scheduler(scheduler)
    , m_pool(pool)
{
    connect(m_scheduler, &RefreshScheduler::refreshFinished, this, [this](const QString &server) {
        if (m_active && m_servers.contains(server))
            refresh(server);
    });
}

void ProcessRefresher::addServer(const QString &server)
{
    if (m_servers.contains(server))
        return;
    m_servers.insert(server);
    m_generations.insert(server, ++m_nextGeneration);
    if (m_active)
        refresh(server);
}

void ProcessRefresher::removeServer(const QString &server)
{
    m_servers.remove(server);
    m_inFlight.remove(server);
    m_generations.remove(server);
}

void ProcessRefresher::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    if (!active)
        return;
    for (const QString &server : std::as_const(m_servers))
        refresh(server);
}

void ProcessRefresher::refresh(const QString &server)
{
    if (!m_servers.contains(server) || m_inFlight.contains(server))
        return;
    const std::shared_ptr<SessionSource> source = m_scheduler->source(server);
    if (!source || !source->capabilities().testFlag(SessionSource::Capability::ListProcesses))
        return;
    m_inFlight.insert(server);
    handOffToWorker(source.get());
    QtConcurrent::run(m_pool, &listProcesses, source)
        .then(this, [this, server, generation = m_generations.value(server)](const ProcessesResult &result) {
            complete(server, generation, result);
        });
}

void ProcessRefresher::complete(const QString &server, quint64 generation, const ProcessesResult &result)
{
    if (m_generations.value(server) != generation)
        return;
    m_inFlight.remove(server);
    Q_EMIT listed(server, result);
}
