#include "ActionJob.h"

#include "ThreadHandoff.h"

#include <QFutureWatcher>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

ActionJob::ActionJob(Options options, QList<Target> targets, QThreadPool *pool, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_targets(std::move(targets))
    , m_pool(pool)
    , m_outcomes(m_targets.size())
{
    Q_ASSERT(m_pool);
}

// The watchers are children: each disconnects from its future under the future's lock as
// it is deleted, so a worker ending now or later posts nothing that reaches this job.
ActionJob::~ActionJob() = default;

void ActionJob::start()
{
    if (m_started)
        return;
    m_started = true;
    Q_EMIT progressChanged(0, total());
    if (m_targets.isEmpty()) {
        Q_EMIT finished();
        return;
    }
    dispatch();
}

void ActionJob::cancel()
{
    if (m_canceled || isFinished())
        return;
    m_canceled = true;
    for (int i = m_next; i < m_targets.size(); ++i) {
        if (m_outcomes.at(i).status != Status::Pending)
            continue;
        m_outcomes[i].status = Status::Skipped;
        ++m_finished;
        Q_EMIT itemFinished(i);
    }
    m_next = int(m_targets.size());
    Q_EMIT progressChanged(m_finished, total());
    if (isFinished())
        Q_EMIT finished();
}

ActionResult ActionJob::perform(const Options &options, const Target &target)
{
    takeOverFromSubmitter(target.source.get());
    SessionSource &source = *target.source;
    const SessionRef &ref = target.ref;
    switch (options.kind) {
    case Kind::Logoff:
        return source.logoff(ref, options.wait, options.timeout);
    case Kind::Disconnect:
        return source.disconnect(ref, options.wait, options.timeout);
    case Kind::SendMessage:
        return source.sendMessage(ref, options.title, options.text, options.wait, options.timeout);
    case Kind::Lock:
        return source.lock(ref, options.timeout);
    case Kind::KillSession:
        return source.killSession(ref, options.killWho, options.signal, options.timeout);
    case Kind::EndProcess:
        return source.endProcess(target.processRef, options.timeout);
    }
    return {};
}

void ActionJob::dispatch()
{
    const int overall = std::max(1, m_pool->maxThreadCount());
    // Walk the pending items in order, starting those whose server has room.
    for (int i = m_next; i < m_targets.size() && m_running < overall && !m_canceled; ++i) {
        if (m_outcomes.at(i).status != Status::Pending)
            continue;
        const QString server = m_targets.at(i).source->address().toString();
        int &perServer = m_runningPerServer[server];
        const int limit = m_options.maxPerServer > 0 ? m_options.maxPerServer
                                                     : m_targets.at(i).source->actionConcurrency();
        if (perServer >= limit)
            continue;
        ++perServer;
        ++m_running;
        m_outcomes[i].status = Status::Running;
        Q_EMIT itemStarted(i);
        // The task gets its own copies: the worker touches nothing of the job, and holds the
        // source alive.
        handOffToWorker(m_targets.at(i).source.get());
        // Not QFuture::then(this, …): its continuation runs on the worker after the future
        // reads as finished and would post to this job even while it is being destroyed.
        auto *watcher = new QFutureWatcher<ActionResult>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, i] {
            const ActionResult result = watcher->result();
            watcher->deleteLater();
            complete(i, result);
        });
        watcher->setFuture(QtConcurrent::run(m_pool, &ActionJob::perform, m_options, m_targets.at(i)));
    }
    while (m_next < m_targets.size() && m_outcomes.at(m_next).status != Status::Pending)
        ++m_next;
}

void ActionJob::complete(int index, const ActionResult &result)
{
    Outcome &outcome = m_outcomes[index];
    if (result) {
        outcome.status = Status::Done;
    } else {
        outcome.status = result.error().category == SessionError::Category::AlreadyGone ? Status::AlreadyGone
                                                                                        : Status::Failed;
        outcome.error = result.error();
    }
    --m_running;
    --m_runningPerServer[m_targets.at(index).source->address().toString()];
    ++m_finished;
    // Decided before the signals: a slot that cancels reports the rest and the end itself.
    const bool last = isFinished();
    Q_EMIT itemFinished(index);
    Q_EMIT progressChanged(m_finished, total());
    if (last) {
        Q_EMIT finished();
        return;
    }
    dispatch();
}

QString ActionJob::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Logoff:
        return tr("Log Off");
    case Kind::Disconnect:
        return tr("Disconnect");
    case Kind::SendMessage:
        return tr("Send Message");
    case Kind::Lock:
        return tr("Lock");
    case Kind::KillSession:
        return tr("Kill Session");
    case Kind::EndProcess:
        return tr("End Process");
    }
    return {};
}

QString ActionJob::progressLabel(Kind kind)
{
    switch (kind) {
    case Kind::Logoff:
        return tr("Logging off…");
    case Kind::Disconnect:
        return tr("Disconnecting…");
    case Kind::SendMessage:
        return tr("Sending message…");
    case Kind::Lock:
        return tr("Locking…");
    case Kind::KillSession:
        return tr("Killing…");
    case Kind::EndProcess:
        return tr("Ending…");
    }
    return {};
}

QString ActionJob::statusName(Status status)
{
    switch (status) {
    case Status::Pending:
        return tr("Waiting");
    case Status::Running:
        return tr("Running");
    case Status::Done:
        return tr("Done");
    case Status::AlreadyGone:
        return tr("Already gone");
    case Status::Failed:
        return tr("Failed");
    case Status::Skipped:
        return tr("Skipped");
    }
    return {};
}
