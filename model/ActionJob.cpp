#include "ActionJob.h"

#include "ThreadHandoff.h"

#include <QFutureWatcher>
#include <QThreadPool>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>

ActionJob::ActionJob(Options options, QList<Target> targets, std::shared_ptr<AuditLog> audit, QThreadPool *pool,
                     QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_targets(std::move(targets))
    , m_audit(std::move(audit))
    , m_batch(QUuid::createUuid().toString(QUuid::WithoutBraces))
    , m_pool(pool)
    , m_outcomes(m_targets.size())
{
    Q_ASSERT(m_pool);
    Q_ASSERT(m_audit);
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

AuditRecord ActionJob::auditRecord(const Options &options, const Target &target, const QString &batch)
{
    AuditRecord record;
    record.batch = batch;
    record.purpose = options.purpose;
    record.server = target.source->address().toString();
    record.sessionId = target.ref.id;
    record.sessionUser = target.ref.user.value_or(target.session.user);
    record.sessionRef = target.ref.toString();
    record.action = commandName(options.kind);
    QJsonObject &taken = record.options;
    switch (options.kind) {
    case Kind::Logoff:
    case Kind::Disconnect:
        taken.insert(QStringLiteral("wait"), options.wait);
        break;
    case Kind::SendMessage:
        taken.insert(QStringLiteral("wait"), options.wait);
        taken.insert(QStringLiteral("title"), options.title);
        break;
    case Kind::Lock:
        break;
    case Kind::KillSession:
        taken.insert(QStringLiteral("signal"), LinuxSignal::name(options.signal));
        taken.insert(QStringLiteral("who"),
                     options.killWho == SessionSource::KillWho::All ? QStringLiteral("all") : QStringLiteral("leader"));
        break;
    case Kind::EndProcess:
        record.pid = target.processRef.pid;
        record.processName = target.processRef.name.isEmpty() ? target.process.name : target.processRef.name;
        break;
    }
    taken.insert(QStringLiteral("timeoutMs"), qint64(options.timeout.count()));
    return record;
}

ActionJob::ItemReport ActionJob::perform(const Options &options, const Target &target,
                                         const std::shared_ptr<AuditLog> &audit, const QString &batch)
{
    takeOverFromSubmitter(target.source.get());
    takeOverFromSubmitter(audit.get());
    AuditRecord record = auditRecord(options, target, batch);
    if (Result<void> requested = audit->append(record); !requested)
        return {requested.error(), std::nullopt};
    ItemReport report{call(options, target), std::nullopt};
    record.phase = AuditRecord::Phase::Outcome;
    if (report.result) {
        record.outcome = QStringLiteral("done");
    } else {
        const SessionError &error = report.result.error();
        record.outcome = error.category == SessionError::Category::AlreadyGone ? QStringLiteral("already-gone")
                                                                               : QStringLiteral("failed");
        record.reasonCategory = SessionError::categoryName(error.category);
        record.reason = error.toString();
    }
    if (Result<void> written = audit->append(record); !written)
        report.auditError = written.error();
    return report;
}

ActionResult ActionJob::call(const Options &options, const Target &target)
{
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
        handOffToWorker(m_audit.get());
        // Not QFuture::then(this, …): its continuation runs on the worker after the future
        // reads as finished and would post to this job even while it is being destroyed.
        auto *watcher = new QFutureWatcher<ItemReport>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, i] {
            const ItemReport report = watcher->result();
            watcher->deleteLater();
            complete(i, report);
        });
        watcher->setFuture(QtConcurrent::run(m_pool, &ActionJob::perform, m_options, m_targets.at(i), m_audit, m_batch));
    }
    while (m_next < m_targets.size() && m_outcomes.at(m_next).status != Status::Pending)
        ++m_next;
}

void ActionJob::complete(int index, const ItemReport &report)
{
    Outcome &outcome = m_outcomes[index];
    const ActionResult &result = report.result;
    outcome.auditError = report.auditError;
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

QString ActionJob::commandName(Kind kind)
{
    switch (kind) {
    case Kind::Logoff:
        return QStringLiteral("logoff");
    case Kind::Disconnect:
        return QStringLiteral("disconnect");
    case Kind::SendMessage:
        return QStringLiteral("message");
    case Kind::Lock:
        return QStringLiteral("lock");
    case Kind::KillSession:
        return QStringLiteral("kill-session");
    case Kind::EndProcess:
        return QStringLiteral("end-process");
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
