#include "CleanupRun.h"

#include "AuditLog.h"
#include "ThreadHandoff.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace {
// What the re-evaluation's hand-off to and from the pool is announced on (see ThreadHandoff.h):
// an address the worker knows without reading its captures first.
const char ReevaluationHandOff = 0;
} // namespace

CleanupRun::CleanupRun(CleanupPlan plan, Warning warning, std::shared_ptr<AuditLog> audit, QThreadPool *pool,
                       QObject *parent)
    : QObject(parent)
    , m_plan(std::move(plan))
    , m_warning(std::move(warning))
    , m_audit(std::move(audit))
    , m_pool(pool)
{
    m_graceTimer.setSingleShot(true);
    m_graceTimer.setTimerType(Qt::CoarseTimer);
    connect(&m_graceTimer, &QTimer::timeout, this, &CleanupRun::reevaluate);
}

CleanupRun::~CleanupRun() = default;

ActionJob::Options CleanupRun::logoffOptions()
{
    ActionJob::Options options;
    options.kind = ActionJob::Kind::Logoff;
    options.purpose = QStringLiteral("cleanup");
    return options;
}

ActionJob::Options CleanupRun::messageOptions(const Warning &warning)
{
    ActionJob::Options options;
    options.kind = ActionJob::Kind::SendMessage;
    // The warning is delivered, not waited on: the grace period is the user's time to answer.
    options.wait = false;
    options.title = warning.title;
    options.text = warning.text;
    options.purpose = QStringLiteral("cleanup");
    return options;
}

void CleanupRun::start()
{
    if (std::exchange(m_started, true) || m_canceled)
        return;
    const QList<ActionJob::Target> targets = m_warning.text.isEmpty() ? QList<ActionJob::Target>()
                                                                      : m_plan.messageTargets();
    if (targets.isEmpty()) {
        startGrace();
        return;
    }
    m_messageJob = new ActionJob(messageOptions(m_warning), targets, m_audit, m_pool, this);
    connect(m_messageJob, &ActionJob::finished, this, &CleanupRun::startGrace);
    m_messageJob->start();
}

void CleanupRun::cancel()
{
    if (std::exchange(m_canceled, true))
        return;
    m_graceTimer.stop();
    if (m_messageJob)
        m_messageJob->cancel();
    Q_EMIT canceled();
}

void CleanupRun::startGrace()
{
    if (m_canceled)
        return;
    // No warning: the sessions previewed are the ones ended (each still checked by identity).
    if (m_warning.text.isEmpty()) {
        Q_EMIT ready(m_plan);
        return;
    }
    if (m_warning.grace <= std::chrono::milliseconds::zero()) {
        reevaluate();
        return;
    }
    m_graceEnds = QDateTime::currentDateTimeUtc().addMSecs(m_warning.grace.count());
    m_graceTimer.start(m_warning.grace);
    Q_EMIT graceStarted(m_graceEnds);
}

void CleanupRun::reevaluate()
{
    if (m_canceled)
        return;
    Q_EMIT reevaluating();
    QList<CleanupEvaluator::ServerEnumeration> servers;
    for (const CleanupServer &server : m_plan.servers)
        servers.append({ServerAddress::parse(server.server), server.source,
                        server.error ? EnumerateResult(*server.error) : EnumerateResult()});
    // Sources a server could not be made for stay failed; the others are asked again.
    auto *watcher = new QFutureWatcher<QList<CleanupEvaluator::ServerEnumeration>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        takeOverFromSubmitter(&ReevaluationHandOff);
        watcher->deleteLater();
        if (m_canceled)
            return;
        const CleanupPlan current = CleanupEvaluator::evaluate(m_plan.rule, QDateTime::currentDateTimeUtc(),
                                                               watcher->result(), m_groups);
        Q_EMIT ready(CleanupEvaluator::stillMatching(m_plan, current));
    });
    handOffToWorker(&ReevaluationHandOff);
    watcher->setFuture(QtConcurrent::run(m_pool, [servers] {
        takeOverFromSubmitter(&ReevaluationHandOff); // before the captures are read
        QList<CleanupEvaluator::ServerEnumeration> answered = CleanupEvaluator::enumerate(servers);
        handOffToWorker(&ReevaluationHandOff); // and the answers back
        return answered;
    }));
}
