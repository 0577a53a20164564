#pragma once

#include "SessionSource.h"

#include <QCoreApplication>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <random>
#include <thread>

struct DemoProgram; // a program that demo sessions run, and how heavily

// A simulated Remote Desktop Session Host: plausible users, clients and addresses, and
// sessions that appear, disconnect, go idle and end from one enumeration to the next.
// Each session runs plausible processes (services in session 0; winlogon.exe, explorer.exe,
// rdpclip.exe and a few applications in a user's session) whose CPU time grows and whose
// memory moves; with churn, applications start and end too.
// Deterministic for a seed: the same calls give the same users, ids, states and pids.
// Latency, churn and failure rate come from the demo: address.
class DemoSource final : public SessionSource
{
    Q_DECLARE_TR_FUNCTIONS(DemoSource)

public:
    // Session 0 (services) and the RDP listener, which every RD Session Host shows.
    static constexpr int ServicesSessionId = 0;
    static constexpr int ListenerSessionId = 65536;

    explicit DemoSource(ServerAddress address);

    Capabilities capabilities() const override;
    EnumerateResult enumerate() override;
    // For tests, which stand in DemoSource for a real server: whether session `id` is there
    // now, looked up without advancing the simulation or rolling a failure as enumerate()
    // does, so it always has an answer.
    bool isPresent(const QString &id);

    // Lets tests make a server fail and recover.
    void setFailPercent(int percent);

protected:
    ActionResult doLogoff(const SessionRef &target, bool wait, Timeout timeout) override;
    ActionResult doDisconnect(const SessionRef &target, bool wait, Timeout timeout) override;
    ActionResult doSendMessage(const SessionRef &target, const QString &title, const QString &text, bool wait,
                               Timeout timeout) override;
    ActionResult doLock(const SessionRef &target, Timeout timeout) override;
    ProcessesResult doProcesses(const std::optional<SessionRef> &session, Timeout timeout) override;
    ActionResult doEndProcess(const ProcessRef &target, Timeout timeout) override;
    // The leader is the session's logon process, winlogon.exe, its first process (as logind's
    // Leader is the process that opened the session). A session whose last process ends ends
    // with it, as a logind session does when its scope empties.
    ActionResult doKillSession(const SessionRef &target, KillWho who, int signal, Timeout timeout) override;
    // What WTSQuerySessionInformation would give: the session's own fields, and a client
    // (build, display, encryption, directories) drawn from the logon, so the same each time.
    DetailsResult doDetails(const SessionRef &target, Timeout timeout) override;

private:
    using Clock = std::chrono::steady_clock;

    // The console's own session on every demo server.
    static constexpr int OwnSessionId = 2;

    struct Process
    {
        SessionProcess process; // what stays: pid, name, command line, user, threads, handles
        QDateTime started;
        double cpuShare = 0;    // of one core, on average
        qint64 memoryBytes = 0; // what the working set moves around
        double memoryPhase = 0; // where in its swing it starts
        bool core = false;      // part of the session itself, never ended by churn
    };

    struct Entry
    {
        explicit Entry(Session session = {})
            : session(std::move(session))
        {}

        Session session;
        bool away = false;                                   // left idle at the start, and stays idle until reconnected
        Clock::time_point goneAt = Clock::time_point::max(); // set while logging off
        // Drawn when first needed, from what the session got at its logon (a seed and a block
        // of pids), so that they are the same whenever that is; a server nobody asks for its
        // processes never holds them.
        QList<Process> processes;
        bool started = false;
        quint64 processSeed = 0;
        quint32 firstPid = 0;
        quint32 leaderPid = 0;
    };

    void simulateLatency() const;
    // The latency of an answer that gives up at `timeout`: Timeout when it would come later.
    ActionResult simulateLatencyWithin(Timeout timeout) const;
    bool rollFailure();
    void advance();
    void purgeGone();
    Entry makeEntry(int id, bool initial);
    int freeId() const;
    Entry *find(const QString &id);
    ActionResult checkTarget(const SessionRef &target, const QString &action);
    // Whether `action` may touch `entry`'s session: not session 0, not the listener, and
    // not refused by a simulated failure.
    ActionResult checkAllowed(const Entry &entry, const QString &action);

    // Gives a new session the seed and pids its processes are drawn from.
    void reservePrograms(Entry &entry);
    // Draws the processes of a session, once.
    static void startPrograms(Entry &entry);
    static void startApplication(Entry &entry, const QDateTime &at, std::mt19937_64 &random, quint32 &nextPid);
    static void startProgram(Entry &entry, const DemoProgram &program, const QDateTime &at, std::mt19937_64 &random,
                             quint32 &nextPid);
    void advanceProcesses();
    static SessionProcess snapshot(const Process &process, const QDateTime &now);
    // Sets `session`'s resource totals to the sums over `entry`'s processes at `now`.
    static void addTotals(Entry &entry, const QDateTime &now, Session &session);
    // Removes the processes of session `sessionId` that `ends` picks, and the session with
    // them when none is left.
    void endProcesses(const QString &sessionId, const std::function<bool(const Process &)> &ends);

    const ServerAddress::DemoOptions m_options;
    std::atomic<int> m_failPercent;
    std::mutex m_mutex;
    std::mt19937_64 m_random;
    // Processes draw from their own stream, so that the sessions are the same as without them.
    std::mt19937_64 m_processRandom;
    quint32 m_nextPid = 4; // Windows numbers processes in steps of four; System is 4
    QList<Entry> m_entries;
    double m_pendingChurn = 0;
};
