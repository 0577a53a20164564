#pragma once

#include "AuditLog.h"
#include "LinuxSignal.h"
#include "Session.h"
#include "SessionProcess.h"
#include "SessionSource.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <memory>

class QThreadPool;

// One action (log off, disconnect, message, lock, kill session, end process) on a batch of
// sessions or processes, run on worker threads with at most `maxPerServer` items in flight
// per server (by default what the server's source allows) and at most the pool's thread
// count overall. Progress is reported per item on the thread that owns the job. Cancel
// skips the items not yet started; started ones finish and are reported.
// A worker holds only its own copies and the source, and reports through a watcher that
// the job owns: the job can go at any time without waiting, and a worker that ends later
// reaches nothing of it. Whoever owns the pool waits for the workers (or, quitting with
// them abandoned, does not: see MainWindow).
// Every item is written to the audit log before the call to the server ("requested") and
// after it ("outcome"); an item whose requested record could not be written is not run and
// fails with the log's error.
class ActionJob final : public QObject
{
    Q_OBJECT

public:
    // Threads for a pool that runs action jobs: waits occupy them, so there are many, idle.
    static constexpr int DefaultPoolThreads = 128;

    enum class Kind { Logoff, Disconnect, SendMessage, Lock, KillSession, EndProcess };
    enum class Status { Pending, Running, Done, AlreadyGone, Failed, Skipped };

    struct Options
    {
        Kind kind = Kind::Logoff;
        bool wait = true;
        SessionSource::Timeout timeout = SessionSource::DefaultTimeout;
        QString title; // Send Message only
        QString text;
        int signal = LinuxSignal::Terminate; // Kill Session only
        SessionSource::KillWho killWho = SessionSource::KillWho::All;
        int maxPerServer = 0; // 0: SessionSource::actionConcurrency()
        QString purpose;      // why the batch runs, e.g. "cleanup": recorded in the audit log
    };

    struct Target
    {
        // The logon of `session`, as the user saw it in a row.
        Target(std::shared_ptr<SessionSource> source, Session session)
            : source(std::move(source))
            , session(std::move(session))
            , ref(SessionRef::of(this->session))
        {}
        // What a script named: a plain id or a ref.
        Target(std::shared_ptr<SessionSource> source, Session session, SessionRef ref)
            : source(std::move(source))
            , session(std::move(session))
            , ref(std::move(ref))
        {}

        // End Process: `process` as the user saw it in a row, in the logon `session` as listed
        // (the one the process's session id named at that refresh).
        Target(std::shared_ptr<SessionSource> source, Session session, SessionProcess process)
            : source(std::move(source))
            , session(std::move(session))
            , ref(SessionRef::of(this->session))
            , process(std::move(process))
            , processRef(ProcessRef::of(this->process, ref))
        {}
        // End Process: what a script named (a pid, and the logon it belongs to where named);
        // `process` holds what is known of it for display.
        Target(std::shared_ptr<SessionSource> source, Session session, SessionProcess process, ProcessRef processRef)
            : source(std::move(source))
            , session(std::move(session))
            , ref(processRef.session)
            , process(std::move(process))
            , processRef(std::move(processRef))
        {}

        std::shared_ptr<SessionSource> source;
        Session session;
        SessionRef ref;         // the logon acted on, or the one the process belongs to
        SessionProcess process; // End Process only, as shown
        ProcessRef processRef;  // End Process only: the process acted on
    };

    struct Outcome
    {
        Status status = Status::Pending;
        std::optional<SessionError> error;
        // The action ran but its outcome record could not be written.
        std::optional<SessionError> auditError;
    };

    // `audit` records every item (never null).
    ActionJob(Options options, QList<Target> targets, std::shared_ptr<AuditLog> audit, QThreadPool *pool,
              QObject *parent = nullptr);
    // Returns at once: the items in flight are no longer reported.
    ~ActionJob() override;
    Q_DISABLE_COPY_MOVE(ActionJob)

    void start();
    void cancel();

    const Options &options() const { return m_options; }
    int total() const { return int(m_targets.size()); }
    int finishedCount() const { return m_finished; }
    bool isFinished() const { return m_finished == total(); }
    bool isCanceled() const { return m_canceled; }
    const Target &target(int index) const { return m_targets.at(index); }
    const Outcome &outcome(int index) const { return m_outcomes.at(index); }
    // The id that ties the audit records of this job together.
    const QString &batchId() const { return m_batch; }
    // Done or already gone: the session (or process) is no longer there, which is what was asked.
    static bool succeeded(Status status) { return status == Status::Done || status == Status::AlreadyGone; }

    static QString kindName(Kind kind);
    static QString statusName(Status status);
    // "Logging off…" and the like, for rows with the action in progress.
    static QString progressLabel(Kind kind);
    // The action as the audit log and sessionctl name it: "logoff", "end-process"…
    static QString commandName(Kind kind);

Q_SIGNALS:
    void itemStarted(int index);
    void itemFinished(int index);
    void progressChanged(int finished, int total);
    void finished();

private:
    // What a worker reports for an item.
    struct ItemReport
    {
        ActionResult result;
        std::optional<SessionError> auditError;
    };

    void dispatch();
    void complete(int index, const ItemReport &report);
    static ItemReport perform(const Options &options, const Target &target, const std::shared_ptr<AuditLog> &audit,
                              const QString &batch);
    static ActionResult call(const Options &options, const Target &target);
    static AuditRecord auditRecord(const Options &options, const Target &target, const QString &batch);

    const Options m_options;
    const QList<Target> m_targets;
    const std::shared_ptr<AuditLog> m_audit;
    const QString m_batch;
    QThreadPool *const m_pool;
    QList<Outcome> m_outcomes;
    QHash<QString, int> m_runningPerServer;
    int m_next = 0;
    int m_running = 0;
    int m_finished = 0;
    bool m_canceled = false;
    bool m_started = false;
};
