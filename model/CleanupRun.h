#pragma once

#include "CleanupEvaluator.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <memory>

class AuditLog;
class QThreadPool;

// The part of a cleanup before anything is ended: the warning message to the matched
// sessions, the grace period, and the rule evaluated again after it. It ends with ready(),
// carrying the sessions that still match and are still the same logon, which the caller
// then logs off as an ordinary ActionJob (sessionctl prints it, the window runs it through
// its ActionController). Nothing here blocks the thread that owns it; cancel() stops at any
// point before ready() and nothing is ended.
class CleanupRun final : public QObject
{
    Q_OBJECT

public:
    struct Warning
    {
        QString title;
        QString text;
        std::chrono::milliseconds grace{0};
    };

    // `plan` is what was previewed (and will be warned); the message job runs on `pool`,
    // recorded in `audit`.
    CleanupRun(CleanupPlan plan, Warning warning, std::shared_ptr<AuditLog> audit, QThreadPool *pool,
               QObject *parent = nullptr);
    ~CleanupRun() override;
    Q_DISABLE_COPY_MOVE(CleanupRun)

    // Lets tests answer group questions; UserGroups::of otherwise.
    void setGroupLookup(CleanupEvaluator::GroupLookup lookup) { m_groups = std::move(lookup); }

    void start();
    void cancel();
    bool isCanceled() const { return m_canceled; }

    const CleanupPlan &warnedPlan() const { return m_plan; }
    // The Send Message job while it exists (null before start, or when no session can be messaged).
    ActionJob *messageJob() const { return m_messageJob; }
    // When the grace period ends; invalid before it starts.
    QDateTime graceEnds() const { return m_graceEnds; }

    // The ActionJob options of a cleanup's log off (and its warning): purpose "cleanup".
    static ActionJob::Options logoffOptions();
    static ActionJob::Options messageOptions(const Warning &warning);

Q_SIGNALS:
    void graceStarted(const QDateTime &ends);
    void reevaluating();
    // What to end now: still matching and the same logon; `plan.dropped` says who was spared.
    void ready(const CleanupPlan &plan);
    void canceled();

private:
    void startGrace();
    void reevaluate();

    const CleanupPlan m_plan;
    const Warning m_warning;
    const std::shared_ptr<AuditLog> m_audit;
    QThreadPool *const m_pool;
    CleanupEvaluator::GroupLookup m_groups;
    QPointer<ActionJob> m_messageJob;
    QTimer m_graceTimer;
    QDateTime m_graceEnds;
    bool m_started = false;
    bool m_canceled = false;
};
