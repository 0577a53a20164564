#include "SessionCtl.h"

#include "ActionJob.h"
#include "AuditLog.h"
#include "CleanupEvaluator.h"
#include "CleanupRun.h"
#include "DurationText.h"
#include "LinuxSignal.h"
#include "ServerAddress.h"
#include "SessionPrinter.h"
#include "SessionSourceFactory.h"
#include "SessionWatch.h"
#include "TerminalText.h"
#include "TerminationSignals.h"

#include <QEventLoop>
#include <QTextStream>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

namespace {

// Parses "--name value" and "--name=value" options anywhere among positional words.
class ArgumentReader final
{
public:
    explicit ArgumentReader(QStringList arguments)
        : m_arguments(std::move(arguments))
    {}

    bool next() { return ++m_index < m_arguments.size(); }
    QString current() const { return m_arguments.at(m_index); }
    bool isOption(const QString &name) const
    {
        const QString &a = m_arguments.at(m_index);
        return a == name || a.startsWith(name + u'=');
    }
    bool takeValue(QString *value, QString *error)
    {
        const QString &a = m_arguments.at(m_index);
        if (const qsizetype eq = a.indexOf(u'='); eq >= 0) {
            *value = a.mid(eq + 1);
            return true;
        }
        if (m_index + 1 >= m_arguments.size()) {
            *error = QStringLiteral("%1 needs a value").arg(a);
            return false;
        }
        *value = m_arguments.at(++m_index);
        return true;
    }
    // The value of --server as an address.
    bool takeServer(ServerAddress *address, QString *error)
    {
        QString value;
        if (!takeValue(&value, error))
            return false;
        *address = ServerAddress::parse(value, error);
        if (!address->isValid()) {
            *error = QStringLiteral("invalid server address: %1").arg(*error);
            return false;
        }
        return true;
    }
    // The value of --server for a command that acts on one server, given once.
    bool takeOnlyServer(std::optional<ServerAddress> *server, const QString &command, QString *error)
    {
        if (*server) {
            *error = QStringLiteral("%1 acts on one server; give --server once").arg(command);
            return false;
        }
        ServerAddress address;
        if (!takeServer(&address, error))
            return false;
        *server = address;
        return true;
    }
    // The value of an option that takes seconds, from `least` to a day.
    bool takeSeconds(double least, std::chrono::milliseconds *duration, QString *error)
    {
        const QString option = current().section(u'=', 0, 0);
        QString value;
        if (!takeValue(&value, error))
            return false;
        bool ok = false;
        const double seconds = value.toDouble(&ok);
        if (!ok || seconds < least || seconds > 86400) {
            *error = QStringLiteral("%1 takes a number of seconds from %2 to 86400").arg(option).arg(least);
            return false;
        }
        *duration = std::chrono::milliseconds(qint64(seconds * 1000));
        return true;
    }
    // The value of --format, one of `allowed` ("table|csv|json").
    bool takeFormat(const QString &allowed, SessionPrinter::Format *format, QString *error)
    {
        static const QHash<QString, SessionPrinter::Format> formats{
            {QStringLiteral("table"), SessionPrinter::Format::Table},
            {QStringLiteral("csv"), SessionPrinter::Format::Csv},
            {QStringLiteral("json"), SessionPrinter::Format::Json},
        };
        QString value;
        if (!takeValue(&value, error))
            return false;
        if (!formats.contains(value) || !allowed.split(u'|').contains(value)) {
            *error = QStringLiteral("unknown format '%1' (use %2)").arg(value, allowed);
            return false;
        }
        *format = formats.value(value);
        return true;
    }

private:
    QStringList m_arguments;
    int m_index = -1;
};

// A server's processes as `processes` prints them, and what could not be listed.
struct ServerProcesses
{
    QList<SessionPrinter::ListedProcess> processes;
    QList<std::pair<QString, SessionError>> errors; // what failed ("" for the whole server, "session 3: "), why
};

// Sessions are listed before processes: should a logon replace another between the two
// calls, its processes are named by the ref of the logon before, and an action on them is
// refused as Changed, never sent on to the logon after.
ServerProcesses listProcesses(SessionSource &source, const QList<SessionRef> &sessions)
{
    ServerProcesses out;
    const EnumerateResult listed = source.enumerate();
    if (!listed) {
        out.errors.append({QString(), listed.error()});
        return out;
    }
    QHash<QString, QString> refs;
    for (const Session &s : listed.value())
        refs.insert(s.id, SessionRef::of(s).toString());
    const auto append = [&](const QList<SessionProcess> &processes, const QString &named) {
        for (const SessionProcess &p : processes)
            out.processes.append({p, !named.isEmpty() ? named : refs.value(p.sessionId, p.sessionId)});
    };
    if (sessions.isEmpty()) {
        const ProcessesResult result = source.processes(std::nullopt, SessionSource::DefaultTimeout);
        if (result)
            append(result.value(), {});
        else
            out.errors.append({QString(), result.error()});
        return out;
    }
    for (const SessionRef &ref : sessions) {
        const ProcessesResult result = source.processes(ref, SessionSource::DefaultTimeout);
        if (result)
            append(result.value(), ref.isPlainId() ? QString() : ref.toString());
        else
            out.errors.append({QStringLiteral("session %1: ").arg(ref.toString()), result.error()});
    }
    return out;
}

// Runs `targets` (on any of their servers) and, with `report`, prints a line for each as it
// ends: "COMMAND WORD on SERVER: done" on `out`, failures with their reason on `err`.
// Returns the outcomes in the order of `targets`, or nullopt when nothing was sent because
// the audit log cannot be written.
std::optional<QList<ActionJob::Outcome>> runJob(QTextStream &out, QTextStream &err, const QString &command,
                                                const ActionJob::Options &options,
                                                const QList<ActionJob::Target> &targets, bool report)
{
    const auto audit = std::make_shared<AuditLog>(AuditLog::Tool::Sessionctl);
    if (const Result<void> writable = audit->check(); !writable) {
        err << "sessionctl: " << terminalSafe(writable.error().message) << "; nothing was sent\n";
        err.flush();
        return std::nullopt;
    }
    QThreadPool pool;
    pool.setMaxThreadCount(ActionJob::DefaultPoolThreads);
    ActionJob job(options, targets, audit, &pool);
    QEventLoop loop;
    QObject::connect(&job, &ActionJob::finished, &loop, &QEventLoop::quit);
    QObject::connect(&job, &ActionJob::itemFinished, &job, [&](int index) {
        const ActionJob::Outcome &outcome = job.outcome(index);
        const ActionJob::Target &target = job.target(index);
        const QString word = options.kind == ActionJob::Kind::EndProcess ? target.processRef.toString()
                                                                         : target.ref.toString();
        const QString serverText = terminalSafe(target.session.server);
        if (report && outcome.status == ActionJob::Status::Failed) {
            err << command << " " << word << " on " << serverText
                << ": failed: " << SessionError::categoryName(outcome.error->category) << ": "
                << terminalSafe(outcome.error->toString()) << "\n";
            err.flush();
        } else if (report) {
            out << command << " " << word << " on " << serverText << ": "
                << ActionJob::statusName(outcome.status).toLower() << "\n";
            out.flush();
        }
        if (outcome.auditError) {
            err << "sessionctl: " << command << " " << word << " on " << serverText
                << ": not recorded: " << terminalSafe(outcome.auditError->message) << "\n";
            err.flush();
        }
    });
    job.start();
    if (!job.isFinished())
        loop.exec();
    QList<ActionJob::Outcome> outcomes;
    for (int i = 0; i < job.total(); ++i)
        outcomes.append(job.outcome(i));
    return outcomes;
}

bool allSucceeded(const QList<ActionJob::Outcome> &outcomes)
{
    return std::all_of(outcomes.cbegin(), outcomes.cend(),
                       [](const ActionJob::Outcome &o) { return ActionJob::succeeded(o.status) && !o.auditError; });
}

int runActions(QTextStream &out, QTextStream &err, const QString &command, const ActionJob::Options &options,
               const QList<ActionJob::Target> &targets)
{
    const auto outcomes = runJob(out, err, command, options, targets, true);
    return outcomes && allSucceeded(*outcomes) ? SessionCtl::Success : SessionCtl::Failure;
}

// The outcome of one cleanup target as `cleanup --format json` and the table print it.
QString outcomeText(const ActionJob::Outcome &outcome)
{
    if (outcome.status == ActionJob::Status::Failed)
        return QStringLiteral("failed: %1: %2")
            .arg(SessionError::categoryName(outcome.error->category), outcome.error->toString());
    return ActionJob::statusName(outcome.status).toLower();
}

} // namespace

SessionCtl::SessionCtl(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{}

SessionCtl::~SessionCtl() = default;

QString SessionCtl::usage()
{
    return QStringLiteral(
        "Usage:\n"
        "  sessionctl list [--server ADDR]... [--format table|csv|json]\n"
        "  sessionctl watch [--server ADDR]... [--format table|json] [--interval SECONDS]\n"
        "  sessionctl logoff --server ADDR [--wait|--no-wait] [--timeout SECONDS] REF|ID...\n"
        "  sessionctl disconnect --server ADDR [--wait|--no-wait] [--timeout SECONDS] REF|ID...\n"
        "  sessionctl message --server ADDR --title TITLE --text TEXT [--wait|--no-wait] [--timeout SECONDS] "
        "REF|ID...\n"
        "  sessionctl lock --server ADDR [--timeout SECONDS] REF|ID...\n"
        "  sessionctl kill-session --server ADDR [--signal SIG] [--who all|leader] [--timeout SECONDS] REF|ID...\n"
        "  sessionctl processes [--server ADDR]... [--format table|csv|json] [REF|ID]...\n"
        "  sessionctl end-process --server ADDR [--name NAME] [--timeout SECONDS] PID[@REF|@ID]...\n"
        "  sessionctl show --server ADDR [--format table|json] [--timeout SECONDS] REF|ID\n"
        "  sessionctl cleanup --server ADDR... [--disconnected-for DURATION] [--idle-for DURATION]\n"
        "                     [--user U]... [--exclude-user U]... [--exclude-group G]... [--dry-run]\n"
        "                     [--message TEXT --grace DURATION [--title TITLE]] [--format table|json]\n"
        "  sessionctl history [--since DURATION] [--format table|json]\n"
        "  sessionctl --version\n"
        "\n"
        "ADDR is local (the default for list and watch), HOST, USER@HOST, HOST:PORT, USER@HOST:PORT,\n"
        "dbus:ADDRESS or demo:NAME[?sessions=N&latency=MS&churn=PCT&fail=PCT&seed=S].\n"
        "REF is a session's ref from list or watch (ID@LOGONTIME or ID/USER): the action is refused\n"
        "when that id now belongs to another logon. A plain ID is acted on whoever holds it.\n"
        "watch prints one line per event (new, gone, changed, error, recovered) until interrupted.\n"
        "kill-session sends SIG (a name as in KILL or SIGKILL, or a number from 1 to 64; default TERM)\n"
        "to every process of the session, or to its leader only, as loginctl kill-session does.\n"
        "processes lists the processes of the sessions given, or of the whole server; in json and csv,\n"
        "session is the session's ref. end-process refuses a PID that no longer runs in the session\n"
        "named after its '@', or (with --name) is no longer that program.\n"
        "show prints everything the server tells about one session (client, display, times); in json\n"
        "an object with server, ref and the server's fields, null where it gave none. A REF that\n"
        "now names another logon is refused.\n"
        "cleanup logs off the sessions disconnected for at least --disconnected-for or idle for at\n"
        "least --idle-for (either is enough; give one or both). A disconnected session's idle time is\n"
        "the time since it was disconnected; with --disconnected-for given, that alone decides for\n"
        "disconnected sessions. DURATION is like 90m, 2h, 1d or 1h30m. Never the caller's own session,\n"
        "session 0, services or listeners. --dry-run prints what would be ended and ends nothing.\n"
        "--message warns the matched sessions first; after --grace the rule is evaluated again and only\n"
        "sessions that still match and are still the same logon are ended. --exclude-group leaves alone\n"
        "every session whose server cannot tell its user's groups (only this computer can; see README).\n"
        "In json, an array of the matched sessions with list's keys plus reason (and outcome).\n"
        "Every action is recorded in the audit log (see history) before it is sent, and its outcome\n"
        "after; an action that cannot be recorded is not sent. history prints the log, oldest first,\n"
        "from DURATION ago (90m, 2h, 1d) or all of it.\n"
        "Exit status: 0 every target succeeded or was already gone, 1 any failed or was refused,\n"
        "2 usage or address error (nothing was sent).\n");
}

int SessionCtl::usageError(const QString &message)
{
    m_err << "sessionctl: " << terminalSafe(message) << "\n" << usage();
    m_err.flush();
    return UsageError;
}

std::shared_ptr<SessionSource> SessionCtl::openSource(const ServerAddress &server)
{
    QString error;
    std::shared_ptr<SessionSource> source = SessionSourceFactory::create(server, &error);
    if (!source)
        m_err << "sessionctl: " << terminalSafe(error) << "\n";
    return source;
}

int SessionCtl::run(const QStringList &arguments)
{
    if (arguments.isEmpty())
        return usageError(QStringLiteral("no command given"));
    const QString command = arguments.first();
    if (command == u"--help" || command == u"-h" || command == u"help") {
        m_out << usage();
        return Success;
    }
    if (command == u"--version") {
        m_out << "sessionctl " << QStringLiteral(PROJECT_VERSION) << "\n";
        return Success;
    }
    if (command == u"list")
        return list(arguments.mid(1));
    if (command == u"watch")
        return watch(arguments.mid(1));
    if (command == u"processes")
        return processes(arguments.mid(1));
    if (command == u"logoff" || command == u"disconnect" || command == u"message" || command == u"lock"
        || command == u"kill-session")
        return action(command, arguments.mid(1));
    if (command == u"end-process")
        return endProcess(arguments.mid(1));
    if (command == u"show")
        return show(arguments.mid(1));
    if (command == u"cleanup")
        return cleanup(arguments.mid(1));
    if (command == u"history")
        return history(arguments.mid(1));
    return usageError(QStringLiteral("unknown command '%1'").arg(command));
}

int SessionCtl::list(const QStringList &arguments)
{
    QList<ServerAddress> servers;
    auto format = SessionPrinter::Format::Table;
    ArgumentReader reader(arguments);
    QString error;
    while (reader.next()) {
        if (reader.isOption(QStringLiteral("--server"))) {
            ServerAddress address;
            if (!reader.takeServer(&address, &error))
                return usageError(error);
            servers.append(address);
        } else if (reader.isOption(QStringLiteral("--format"))) {
            if (!reader.takeFormat(QStringLiteral("table|csv|json"), &format, &error))
                return usageError(error);
        } else {
            return usageError(QStringLiteral("unexpected argument '%1'").arg(reader.current()));
        }
    }
    if (servers.isEmpty())
        servers.append(ServerAddress::local());

    QList<QFuture<EnumerateResult>> results;
    QThreadPool pool;
    pool.setMaxThreadCount(std::min<int>(16, int(servers.size())));
    for (const ServerAddress &address : std::as_const(servers)) {
        QString why;
        std::shared_ptr<SessionSource> source = SessionSourceFactory::create(address, &why);
        if (!source) {
            results.append(QtConcurrent::run(&pool, [why] {
                return EnumerateResult(SessionError{SessionError::Category::NotSupported, 0, {}, why});
            }));
            continue;
        }
        // The table has no column for them: only what is printed is read.
        source->setWantResourceTotals(format != SessionPrinter::Format::Table);
        results.append(QtConcurrent::run(&pool, [source] { return source->enumerate(); }));
    }

    QList<Session> sessions;
    int failed = 0;
    for (int i = 0; i < results.size(); ++i) {
        const EnumerateResult result = results[i].result();
        if (!result.ok()) {
            ++failed;
            m_err << "sessionctl: " << terminalSafe(servers.at(i).toString()) << ": "
                  << SessionError::categoryName(result.error().category) << ": "
                  << terminalSafe(result.error().toString()) << "\n";
            continue;
        }
        sessions += result.value();
    }
    // A table of nothing but headers only hides the errors above it; CSV and JSON stay parseable.
    if (!(sessions.isEmpty() && failed > 0 && format == SessionPrinter::Format::Table))
        m_out << SessionPrinter::format(sessions, format, QDateTime::currentDateTimeUtc());
    m_out.flush();
    m_err.flush();
    return failed == 0 ? Success : Failure;
}

int SessionCtl::action(const QString &command, const QStringList &arguments)
{
    ActionJob::Options options;
    options.kind = command == u"logoff"         ? ActionJob::Kind::Logoff
                   : command == u"disconnect"   ? ActionJob::Kind::Disconnect
                   : command == u"message"      ? ActionJob::Kind::SendMessage
                   : command == u"kill-session" ? ActionJob::Kind::KillSession
                                                : ActionJob::Kind::Lock;
    const bool kill = options.kind == ActionJob::Kind::KillSession;
    std::optional<ServerAddress> server;
    QList<SessionRef> refs;
    bool hasTitle = false;
    bool hasText = false;
    ArgumentReader reader(arguments);
    QString value;
    QString error;
    while (reader.next()) {
        if (reader.isOption(QStringLiteral("--server"))) {
            if (!reader.takeOnlyServer(&server, command, &error))
                return usageError(error);
        } else if (!kill && reader.current() == u"--wait") {
            options.wait = true;
        } else if (!kill && reader.current() == u"--no-wait") {
            options.wait = false;
        } else if (kill && reader.isOption(QStringLiteral("--signal"))) {
            if (!reader.takeValue(&value, &error))
                return usageError(error);
            const std::optional<int> signal = LinuxSignal::parse(value, &error);
            if (!signal)
                return usageError(error);
            options.signal = *signal;
        } else if (kill && reader.isOption(QStringLiteral("--who"))) {
            if (!reader.takeValue(&value, &error))
                return usageError(error);
            if (value != u"all" && value != u"leader")
                return usageError(QStringLiteral("unknown --who '%1' (use all or leader)").arg(value));
            options.killWho = value == u"all" ? SessionSource::KillWho::All : SessionSource::KillWho::Leader;
        } else if (reader.isOption(QStringLiteral("--timeout"))) {
            if (!reader.takeSeconds(0.001, &options.timeout, &error))
                return usageError(error);
        } else if (options.kind == ActionJob::Kind::SendMessage && reader.isOption(QStringLiteral("--title"))) {
            if (!reader.takeValue(&options.title, &error))
                return usageError(error);
            hasTitle = true;
        } else if (options.kind == ActionJob::Kind::SendMessage && reader.isOption(QStringLiteral("--text"))) {
            if (!reader.takeValue(&options.text, &error))
                return usageError(error);
            hasText = true;
        } else if (reader.current().startsWith(u"--")) {
            return usageError(QStringLiteral("unknown option '%1'").arg(reader.current()));
        } else {
            const std::optional<SessionRef> ref = SessionRef::parse(reader.current(), &error);
            if (!ref)
                return usageError(error);
            if (!refs.contains(*ref))
                refs.append(*ref);
        }
    }
    if (!server)
        return usageError(QStringLiteral("%1 needs --server ADDR").arg(command));
    if (refs.isEmpty())
        return usageError(QStringLiteral("%1 needs the refs or ids of the sessions, given explicitly").arg(command));
    if (options.kind == ActionJob::Kind::SendMessage && (!hasTitle || !hasText))
        return usageError(QStringLiteral("message needs --title and --text"));

    const std::shared_ptr<SessionSource> source = openSource(*server);
    if (!source)
        return Failure;

    QList<ActionJob::Target> targets;
    for (const SessionRef &ref : std::as_const(refs)) {
        Session session;
        session.server = server->toString();
        session.id = ref.id;
        targets.append({source, session, ref});
    }
    return runActions(m_out, m_err, command, options, targets);
}

int SessionCtl::endProcess(const QStringList &arguments)
{
    const QString command = QStringLiteral("end-process");
    ActionJob::Options options;
    options.kind = ActionJob::Kind::EndProcess;
    std::optional<ServerAddress> server;
    QList<ProcessRef> refs;
    std::optional<QString> name;
    ArgumentReader reader(arguments);
    QString error;
    while (reader.next()) {
        if (reader.isOption(QStringLiteral("--server"))) {
            if (!reader.takeOnlyServer(&server, command, &error))
                return usageError(error);
        } else if (reader.isOption(QStringLiteral("--timeout"))) {
            if (!reader.takeSeconds(0.001, &options.timeout, &error))
                return usageError(error);
        } else if (reader.isOption(QStringLiteral("--name"))) {
            QString value;
            if (!reader.takeValue(&value, &error))
                return usageError(error);
            if (value.isEmpty() || name)
                return usageError(QStringLiteral("--name takes one program name, given once"));
            name = value;
        } else if (reader.current().startsWith(u"--")) {
            return usageError(QStringLiteral("unknown option '%1'").arg(reader.current()));
        } else {
            const std::optional<ProcessRef> ref = ProcessRef::parse(reader.current(), &error);
            if (!ref)
                return usageError(error);
            if (!refs.contains(*ref))
                refs.append(*ref);
        }
    }
    if (!server)
        return usageError(QStringLiteral("%1 needs --server ADDR").arg(command));
    if (refs.isEmpty())
        return usageError(QStringLiteral("%1 needs the pids of the processes, given explicitly").arg(command));

    const std::shared_ptr<SessionSource> source = openSource(*server);
    if (!source)
        return Failure;
    QList<ActionJob::Target> targets;
    for (ProcessRef &ref : refs) {
        ref.name = name.value_or(QString());
        Session session;
        session.server = server->toString();
        session.id = ref.session.id;
        SessionProcess process;
        process.server = session.server;
        process.sessionId = ref.session.id;
        process.pid = ref.pid;
        process.name = ref.name;
        targets.append({source, session, process, ref});
    }
    return runActions(m_out, m_err, command, options, targets);
}

int SessionCtl::processes(const QStringList &arguments)
{
    QList<ServerAddress> servers;
    QList<SessionRef> sessions;
    auto format = SessionPrinter::Format::Table;
    ArgumentReader reader(arguments);
    QString error;
    while (reader.next()) {
        if (reader.isOption(QStringLiteral("--server"))) {
            ServerAddress address;
            if (!reader.takeServer(&address, &error))
                return usageError(error);
            servers.append(address);
        } else if (reader.isOption(QStringLiteral("--format"))) {
            if (!reader.takeFormat(QStringLiteral("table|csv|json"), &format, &error))
                return usageError(error);
        } else if (reader.current().startsWith(u"--")) {
            return usageError(QStringLiteral("unknown option '%1'").arg(reader.current()));
        } else {
            const std::optional<SessionRef> ref = SessionRef::parse(reader.current(), &error);
            if (!ref)
                return usageError(error);
            if (!sessions.contains(*ref))
                sessions.append(*ref);
        }
    }
    if (servers.isEmpty())
        servers.append(ServerAddress::local());
    if (!sessions.isEmpty() && servers.size() > 1)
        return usageError(QStringLiteral("session ids and refs name the sessions of one server; give --server once"));

    QList<QFuture<ServerProcesses>> results;
    QThreadPool pool;
    pool.setMaxThreadCount(std::min<int>(16, int(servers.size())));
    for (const ServerAddress &address : std::as_const(servers)) {
        QString why;
        std::shared_ptr<SessionSource> source = SessionSourceFactory::create(address, &why);
        if (!source) {
            results.append(QtConcurrent::run(&pool, [why] {
                ServerProcesses failed;
                failed.errors.append({QString(), SessionError{SessionError::Category::NotSupported, 0, {}, why}});
                return failed;
            }));
            continue;
        }
        results.append(QtConcurrent::run(&pool, [source, sessions] { return listProcesses(*source, sessions); }));
    }

    QList<SessionPrinter::ListedProcess> processes;
    bool failed = false;
    for (int i = 0; i < results.size(); ++i) {
        const ServerProcesses result = results[i].result();
        for (const auto &[what, why] : result.errors) {
            m_err << "sessionctl: " << terminalSafe(servers.at(i).toString()) << ": " << terminalSafe(what)
                  << SessionError::categoryName(why.category) << ": " << terminalSafe(why.toString()) << "\n";
        }
        failed = failed || !result.errors.isEmpty();
        processes += result.processes;
    }
    // As in list: a table of nothing but headers only hides the errors above it.
    if (!(processes.isEmpty() && failed && format == SessionPrinter::Format::Table))
        m_out << SessionPrinter::formatProcesses(processes, format);
    m_out.flush();
    m_err.flush();
    return failed ? Failure : Success;
}

int SessionCtl::show(const QStringList &arguments)
{
    std::optional<ServerAddress> server;
    std::optional<SessionRef> target;
    auto format = SessionPrinter::Format::Table;
    SessionSource::Timeout timeout = SessionSource::DefaultTimeout;
    ArgumentReader reader(arguments);
    QString error;
    while (reader.next()) {
        if (reader.isOption(QStringLiteral("--server"))) {
            if (!reader.takeOnlyServer(&server, QStringLiteral("show"), &error))
                return usageError(error);
        } else if (reader.isOption(QStringLiteral("--format"))) {
            if (!reader.takeFormat(QStringLiteral("table|json"), &format, &error))
                return usageError(error);
        } else if (reader.isOption(QStringLiteral("--timeout"))) {
            if (!reader.takeSeconds(0.001, &timeout, &error))
                return usageError(error);
        } else if (reader.current().startsWith(u"--")) {
            return usageError(QStringLiteral("unknown option '%1'").arg(reader.current()));
        } else {
            if (target)
                return usageError(QStringLiteral("show takes the ref or id of one session"));
            target = SessionRef::parse(reader.current(), &error);
            if (!target)
                return usageError(error);
        }
    }
    if (!server)
        return usageError(QStringLiteral("show needs --server ADDR"));
    if (!target)
        return usageError(QStringLiteral("show needs the ref or id of a session"));

    const std::shared_ptr<SessionSource> source = openSource(*server);
    if (!source)
        return Failure;
    const DetailsResult details = source->details(*target, timeout);
    if (!details) {
        m_err << "sessionctl: show " << terminalSafe(target->toString()) << " on " << terminalSafe(server->toString())
              << ": failed: " << SessionError::categoryName(details.error().category) << ": "
              << terminalSafe(details.error().toString()) << "\n";
        m_err.flush();
        return Failure;
    }
    m_out << SessionPrinter::formatDetails(server->toString(), target->toString(), details.value(), format);
    m_out.flush();
    return Success;
}

int SessionCtl::history(const QStringList &arguments)
{
    QDateTime since;
    auto format = SessionPrinter::Format::Table;
    ArgumentReader reader(arguments);
    QString error;
    while (reader.next()) {
        if (reader.isOption(QStringLiteral("--since"))) {
            QString value;
            if (!reader.takeValue(&value, &error))
                return usageError(error);
            QString why;
            const std::optional<std::chrono::seconds> ago = DurationText::parse(value, &why);
            if (!ago)
                return usageError(QStringLiteral("--since: %1").arg(why));
            since = QDateTime::currentDateTimeUtc().addSecs(-ago->count());
        } else if (reader.isOption(QStringLiteral("--format"))) {
            if (!reader.takeFormat(QStringLiteral("table|json"), &format, &error))
                return usageError(error);
        } else {
            return usageError(QStringLiteral("unexpected argument '%1'").arg(reader.current()));
        }
    }
    const AuditLog::Contents contents = AuditLog::read(AuditLog::defaultPath(), since);
    for (const QString &problem : contents.problems)
        m_err << "sessionctl: history: " << terminalSafe(problem) << "\n";
    m_out << SessionPrinter::formatHistory(contents.records, format);
    m_out.flush();
    m_err.flush();
    return Success;
}

int SessionCtl::watch(const QStringList &arguments)
{
    QList<ServerAddress> servers;
    auto format = SessionPrinter::Format::Table;
    std::chrono::milliseconds interval = RefreshScheduler::DefaultInterval;
    ArgumentReader reader(arguments);
    QString error;
    while (reader.next()) {
        if (reader.isOption(QStringLiteral("--server"))) {
            ServerAddress address;
            if (!reader.takeServer(&address, &error))
                return usageError(error);
            servers.append(address);
        } else if (reader.isOption(QStringLiteral("--format"))) {
            if (!reader.takeFormat(QStringLiteral("table|json"), &format, &error))
                return usageError(error);
        } else if (reader.isOption(QStringLiteral("--interval"))) {
            if (!reader.takeSeconds(0.01, &interval, &error))
                return usageError(error);
        } else {
            return usageError(QStringLiteral("unexpected argument '%1'").arg(reader.current()));
        }
    }
    if (servers.isEmpty())
        servers.append(ServerAddress::local());

    auto watch = std::make_unique<SessionWatch>(interval);
    QObject::connect(watch.get(), &SessionWatch::event, watch.get(), [this, format](const WatchEvent &event) {
        m_out << SessionPrinter::formatEvent(event, format) << "\n";
        m_out.flush();
    });
    QEventLoop loop;
    const TerminationSignals termination;
    QObject::connect(&termination, &TerminationSignals::received, &loop, &QEventLoop::quit);
    for (const ServerAddress &address : std::as_const(servers))
        watch->addServer(address);
    loop.exec();

    m_out.flush();
    // A hung server's refresh would hold the end of the watch until it times out, if ever.
    if (watch->isRefreshing())
        m_leftRunning = std::move(watch);
    return Success;
}

int SessionCtl::cleanup(const QStringList &arguments)
{
    QList<ServerAddress> servers;
    CleanupRule rule;
    CleanupRun::Warning warning;
    warning.title = QStringLiteral("Session Console");
    std::optional<std::chrono::seconds> grace;
    bool dryRun = false;
    auto format = SessionPrinter::Format::Table;
    ArgumentReader reader(arguments);
    QString value;
    QString error;
    const auto takeDuration = [&](std::optional<std::chrono::seconds> *duration) {
        const QString option = reader.current().section(u'=', 0, 0);
        if (!reader.takeValue(&value, &error))
            return false;
        if (*duration) {
            error = QStringLiteral("%1 is given twice").arg(option);
            return false;
        }
        *duration = DurationText::parse(value, &error);
        if (!*duration)
            error = QStringLiteral("%1: %2").arg(option, error);
        return duration->has_value();
    };
    const auto takeName = [&](QStringList *names) {
        const QString option = reader.current().section(u'=', 0, 0);
        if (!reader.takeValue(&value, &error))
            return false;
        if (value.trimmed().isEmpty()) {
            error = QStringLiteral("%1 takes a name").arg(option);
            return false;
        }
        names->append(value.trimmed());
        return true;
    };
    while (reader.next()) {
        if (reader.isOption(QStringLiteral("--server"))) {
            ServerAddress address;
            if (!reader.takeServer(&address, &error))
                return usageError(error);
            if (!servers.contains(address))
                servers.append(address);
        } else if (reader.isOption(QStringLiteral("--disconnected-for"))) {
            if (!takeDuration(&rule.disconnectedFor))
                return usageError(error);
        } else if (reader.isOption(QStringLiteral("--idle-for"))) {
            if (!takeDuration(&rule.idleFor))
                return usageError(error);
        } else if (reader.isOption(QStringLiteral("--user"))) {
            if (!takeName(&rule.users))
                return usageError(error);
        } else if (reader.isOption(QStringLiteral("--exclude-user"))) {
            if (!takeName(&rule.excludeUsers))
                return usageError(error);
        } else if (reader.isOption(QStringLiteral("--exclude-group"))) {
            if (!takeName(&rule.excludeGroups))
                return usageError(error);
        } else if (reader.current() == u"--dry-run") {
            dryRun = true;
        } else if (reader.isOption(QStringLiteral("--message"))) {
            if (!reader.takeValue(&warning.text, &error))
                return usageError(error);
            if (warning.text.trimmed().isEmpty())
                return usageError(QStringLiteral("--message takes the text the users are warned with"));
        } else if (reader.isOption(QStringLiteral("--title"))) {
            if (!reader.takeValue(&warning.title, &error))
                return usageError(error);
        } else if (reader.isOption(QStringLiteral("--grace"))) {
            if (!takeDuration(&grace))
                return usageError(error);
        } else if (reader.isOption(QStringLiteral("--format"))) {
            if (!reader.takeFormat(QStringLiteral("table|json"), &format, &error))
                return usageError(error);
        } else {
            return usageError(QStringLiteral("unexpected argument '%1'").arg(reader.current()));
        }
    }
    if (servers.isEmpty())
        return usageError(QStringLiteral("cleanup needs --server ADDR, given for each server"));
    if (!rule.hasCriterion())
        return usageError(QStringLiteral("cleanup needs --disconnected-for DURATION, --idle-for DURATION or both"));
    if (warning.text.isEmpty() != !grace)
        return usageError(QStringLiteral("--message and --grace go together: the warning, then the time to save work"));
    warning.grace = grace.value_or(std::chrono::seconds(0));

    QList<CleanupEvaluator::ServerEnumeration> asked;
    for (const ServerAddress &address : std::as_const(servers)) {
        QString why;
        std::shared_ptr<SessionSource> source = SessionSourceFactory::create(address, &why);
        asked.append({address, source,
                      source ? EnumerateResult()
                             : EnumerateResult(SessionError{SessionError::Category::NotSupported, 0, {}, why})});
    }
    const CleanupPlan plan = CleanupEvaluator::evaluate(rule, QDateTime::currentDateTimeUtc(),
                                                        CleanupEvaluator::enumerate(asked));

    bool failed = false;
    for (const CleanupServer &server : plan.servers) {
        if (!server.error)
            continue;
        failed = true;
        m_err << "sessionctl: " << terminalSafe(server.server) << ": "
              << SessionError::categoryName(server.error->category) << ": " << terminalSafe(server.error->toString())
              << "\n";
    }
    for (const Session &s : plan.undecided) {
        m_err << "sessionctl: " << terminalSafe(s.server) << ": left " << SessionRef::of(s).toString() << " ("
              << terminalSafe(s.user) << ") alone: this server cannot tell its user's groups\n";
    }
    if (!warning.text.isEmpty()) {
        for (const QString &server : plan.serversWithoutMessages())
            m_err << "sessionctl: " << terminalSafe(server) << ": cannot send messages; its sessions are not warned\n";
    }
    m_err.flush();

    const bool table = format == SessionPrinter::Format::Table;
    const auto rowsOf = [](const QList<CleanupMatch> &matches) {
        QList<SessionPrinter::CleanupRow> rows;
        for (const CleanupMatch &m : matches)
            rows.append({m.session, m.reason, {}});
        return rows;
    };
    // The plan comes first in the table; in json it is the whole output unless something is done.
    if (dryRun || table || plan.matches.isEmpty()) {
        if (!plan.matches.isEmpty() || !table)
            m_out << SessionPrinter::formatCleanup(rowsOf(plan.matches), format, plan.evaluatedAt);
        if (table && plan.matches.isEmpty())
            m_out << "No session matches the rule.\n";
        m_out.flush();
    }
    if (dryRun || plan.matches.isEmpty())
        return failed ? Failure : Success;

    CleanupPlan final = plan;
    if (!warning.text.isEmpty()) {
        QThreadPool pool;
        CleanupRun run(plan, warning, std::make_shared<AuditLog>(AuditLog::Tool::Sessionctl), &pool);
        QEventLoop loop;
        bool canceled = false;
        const TerminationSignals termination;
        QObject::connect(&termination, &TerminationSignals::received, &run, &CleanupRun::cancel);
        QObject::connect(&run, &CleanupRun::canceled, &loop, [&] {
            canceled = true;
            loop.quit();
        });
        QObject::connect(&run, &CleanupRun::graceStarted, &loop, [&](const QDateTime &ends) {
            if (table) {
                m_out << "waiting "
                      << DurationText::format(std::chrono::duration_cast<std::chrono::seconds>(warning.grace).count())
                      << " (until " << ends.toUTC().toString(Qt::ISODate) << ") before logging off\n";
                m_out.flush();
            }
        });
        QObject::connect(&run, &CleanupRun::ready, &loop, [&](const CleanupPlan &ready) {
            final = ready;
            loop.quit();
        });
        run.start();
        if (ActionJob *job = run.messageJob(); job && table) {
            QObject::connect(job, &ActionJob::itemFinished, &loop, [this, job](int index) {
                const ActionJob::Outcome &outcome = job->outcome(index);
                const ActionJob::Target &target = job->target(index);
                QTextStream &stream = outcome.status == ActionJob::Status::Failed ? m_err : m_out;
                stream << "message " << target.ref.toString() << " on " << terminalSafe(target.session.server) << ": "
                       << terminalSafe(outcomeText(outcome)) << "\n";
                stream.flush();
            });
        }
        loop.exec();
        if (canceled) {
            m_err << "sessionctl: cleanup canceled before anything was ended\n";
            m_err.flush();
            return Failure;
        }
        for (const CleanupServer &server : final.servers) {
            if (server.error && !plan.unreachableServers().contains(server.server)) {
                failed = true;
                m_err << "sessionctl: " << terminalSafe(server.server) << ": "
                      << SessionError::categoryName(server.error->category) << ": "
                      << terminalSafe(server.error->toString()) << "\n";
            }
        }
        if (table) {
            for (const CleanupMatch &m : final.dropped)
                m_out << "kept " << SessionRef::of(m.session).toString() << " on " << terminalSafe(m.session.server)
                      << ": no longer matches (active again, gone or another logon)\n";
            m_out.flush();
        }
    }

    const auto outcomes = runJob(m_out, m_err, QStringLiteral("logoff"), CleanupRun::logoffOptions(), final.targets(),
                                 table);
    if (!outcomes)
        return Failure;
    failed = failed || !allSucceeded(*outcomes);
    if (!table) {
        QList<SessionPrinter::CleanupRow> rows;
        for (qsizetype i = 0; i < final.matches.size(); ++i)
            rows.append({final.matches.at(i).session, final.matches.at(i).reason, outcomeText(outcomes->at(i))});
        for (const CleanupMatch &m : final.dropped)
            rows.append({m.session, m.reason, QStringLiteral("kept: no longer matches")});
        m_out << SessionPrinter::formatCleanup(rows, format, QDateTime::currentDateTimeUtc());
    }
    m_out.flush();
    m_err.flush();
    return failed ? Failure : Success;
}
