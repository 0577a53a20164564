#include "SessionDetailsFetcher.h"

#include "ThreadHandoff.h"

#include <QtConcurrent/QtConcurrentRun>

SessionDetailsFetcher::SessionDetailsFetcher(QObject *parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &SessionDetailsFetcher::readFinished);
}

SessionDetailsFetcher::~SessionDetailsFetcher() = default;

void SessionDetailsFetcher::fetch(std::shared_ptr<SessionSource> source, const Session &session)
{
    Request request{std::move(source), session};
    if (m_reading)
        m_waiting = std::move(request);
    else
        start(std::move(request));
}

void SessionDetailsFetcher::cancel()
{
    m_waiting.reset();
    m_dropReading = true;
}

void SessionDetailsFetcher::start(Request request)
{
    m_dropReading = false;
    m_reading = std::move(request);
    const std::shared_ptr<SessionSource> source = m_reading->source;
    const SessionRef ref = SessionRef::of(m_reading->session);
    handOffToWorker(source.get());
    m_watcher.setFuture(QtConcurrent::run([source, ref] {
        takeOverFromSubmitter(source.get());
        return source->details(ref, SessionSource::DefaultTimeout);
    }));
}

void SessionDetailsFetcher::readFinished()
{
    const DetailsResult result = m_watcher.result();
    const Session session = std::exchange(m_reading, std::nullopt)->session;
    if (m_waiting) {
        start(*std::exchange(m_waiting, std::nullopt));
        return;
    }
    if (!m_dropReading)
        Q_EMIT finished(session, result);
}
