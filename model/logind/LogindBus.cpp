#include "LogindBus.h"

#include "LogindBusAddress.h"
#include "LogindConnectionBudget.h"
#include "LogindSignalReceiver.h"
#include "SshHandshakeGate.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryFile>

#include <systemd/sd-bus.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <unordered_map>

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace {

using Clock = LogindBus::Clock;
using Category = SessionError::Category;

constexpr char LogindService[] = "org.freedesktop.login1";
constexpr char ManagerPath[] = "/org/freedesktop/login1";
constexpr char ManagerInterface[] = "org.freedesktop.login1.Manager";

QString errnoText(int negativeErrno)
{
    return QString::fromStdString(std::generic_category().message(-negativeErrno));
}

QString seconds(Clock::duration duration)
{
    return QString::number(std::chrono::duration<double>(duration).count(), 'g', 3);
}

int readValue(sd_bus_message *message, QVariant *value);

// A variant's value, an array (a{…} as a QVariantMap keyed by the entries' first member,
// any other as a QVariantList), a structure or a dict entry (QVariantList).
int readContainer(sd_bus_message *message, char type, const char *contents, QVariant *value)
{
    int r = sd_bus_message_enter_container(message, type, contents);
    if (r <= 0)
        return r < 0 ? r : -EBADMSG;
    if (type == SD_BUS_TYPE_VARIANT) {
        r = readValue(message, value);
    } else {
        const bool dictionary = type == SD_BUS_TYPE_ARRAY && contents[0] == SD_BUS_TYPE_DICT_ENTRY_BEGIN;
        QVariantMap map;
        QVariantList list;
        while ((r = sd_bus_message_at_end(message, false)) == 0) {
            QVariant item;
            r = readValue(message, &item);
            if (r < 0)
                break;
            if (dictionary) {
                const QVariantList entry = item.toList();
                map.insert(entry.value(0).toString(), entry.value(1));
            } else {
                list << item;
            }
        }
        *value = dictionary ? QVariant(map) : QVariant(list);
    }
    if (r < 0)
        return r;
    r = sd_bus_message_exit_container(message);
    return r < 0 ? r : 1;
}

template<typename Wire, typename Stored>
int readBasic(sd_bus_message *message, char type, QVariant *value)
{
    Wire wire{};
    const int r = sd_bus_message_read_basic(message, type, &wire);
    if (r > 0)
        *value = QVariant::fromValue(Stored(wire));
    return r;
}

int readValue(sd_bus_message *message, QVariant *value)
{
    char type = 0;
    const char *contents = nullptr;
    const int r = sd_bus_message_peek_type(message, &type, &contents);
    if (r <= 0)
        return r < 0 ? r : -EBADMSG;
    switch (type) {
    case SD_BUS_TYPE_STRING:
    case SD_BUS_TYPE_OBJECT_PATH:
    case SD_BUS_TYPE_SIGNATURE: {
        const char *text = nullptr;
        const int read = sd_bus_message_read_basic(message, type, &text);
        if (read > 0)
            *value = QString::fromUtf8(text);
        return read;
    }
    case SD_BUS_TYPE_BOOLEAN:
        return readBasic<int, bool>(message, type, value);
    case SD_BUS_TYPE_BYTE:
        return readBasic<uint8_t, uint>(message, type, value);
    case SD_BUS_TYPE_INT16:
        return readBasic<int16_t, int>(message, type, value);
    case SD_BUS_TYPE_UINT16:
        return readBasic<uint16_t, uint>(message, type, value);
    case SD_BUS_TYPE_INT32:
    case SD_BUS_TYPE_UNIX_FD:
        return readBasic<int32_t, int>(message, type, value);
    case SD_BUS_TYPE_UINT32:
        return readBasic<uint32_t, uint>(message, type, value);
    case SD_BUS_TYPE_INT64:
        return readBasic<int64_t, qlonglong>(message, type, value);
    case SD_BUS_TYPE_UINT64:
        return readBasic<uint64_t, qulonglong>(message, type, value);
    case SD_BUS_TYPE_DOUBLE:
        return readBasic<double, double>(message, type, value);
    case SD_BUS_TYPE_VARIANT:
    case SD_BUS_TYPE_ARRAY:
    case SD_BUS_TYPE_STRUCT:
    case SD_BUS_TYPE_DICT_ENTRY:
        return readContainer(message, type, contents, value);
    default:
        return -EBADMSG;
    }
}

int readArguments(sd_bus_message *message, QVariantList *arguments)
{
    int r = 0;
    while ((r = sd_bus_message_at_end(message, false)) == 0) {
        QVariant value;
        r = readValue(message, &value);
        if (r < 0)
            return r;
        *arguments << value;
    }
    return r;
}

// Milliseconds from now until `usec` on CLOCK_MONOTONIC (sd-bus's clock), rounded up.
int millisecondsUntil(uint64_t usec)
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    const uint64_t nowUsec = uint64_t(now.tv_sec) * 1000000U + uint64_t(now.tv_nsec) / 1000U;
    if (usec <= nowUsec)
        return 0;
    return int(std::min<uint64_t>((usec - nowUsec + 999) / 1000, std::numeric_limits<int>::max()));
}

int appendArgument(sd_bus_message *message, const QVariant &argument)
{
    switch (argument.typeId()) {
    case QMetaType::Int: {
        const int32_t value = argument.toInt();
        return sd_bus_message_append_basic(message, SD_BUS_TYPE_INT32, &value);
    }
    case QMetaType::UInt: {
        const uint32_t value = argument.toUInt();
        return sd_bus_message_append_basic(message, SD_BUS_TYPE_UINT32, &value);
    }
    case QMetaType::QString:
        return sd_bus_message_append_basic(message, SD_BUS_TYPE_STRING, argument.toString().toUtf8().constData());
    default:
        return -EINVAL;
    }
}

int millisecondsUntil(Clock::time_point when)
{
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(when - Clock::now()).count();
    return int(std::clamp<qint64>(left, 0, std::numeric_limits<int>::max()));
}

} // namespace

class LogindBus::Loop final
{
public:
    Loop(ServerAddress address, LogindSignalReceiver &receiver);
    ~Loop();

    QList<Reply> call(const QList<Call> &calls, Clock::time_point deadline);
    void closeWhenIdle();

private:
    // One call: what the caller waits for and the loop answers, under m_mutex.
    struct Pending
    {
        Loop *loop = nullptr;
        Call call;
        Clock::time_point posted;
        Clock::time_point deadline;
        std::optional<Reply> reply;
    };
    using PendingPtr = std::shared_ptr<Pending>;

    void run();
    void wake();
    void complete(Pending &pending, Reply reply);
    bool isAnswered(const Pending &pending);
    void connect();
    // Every connection takes a place in the LogindConnectionBudget, before its turn at the
    // handshake gate (a place waiting there is one about to be used); false while it waits.
    bool enterBudget();
    void leaveBudget();
    // A remote connection waits its turn at the SshHandshakeGate; false while it waits.
    bool enterGate();
    void leaveGate();
    // Nobody waits for a connection any more: out of both lines, and the place is freed.
    void giveUpConnecting();
    // Tells the budget whether calls are in flight, and closes an idle connection asked to.
    void settleIdle();
    // The thread ends when it has nothing to do (no connection, no call): false when a call
    // came meanwhile or the bus is being destroyed.
    bool finish();
    QString sshAddress(QString *error);
    QString sshMessage() const;
    void process();
    void sendQueued();
    void expireQueued();
    void pollOnce();
    // Ends the connection: calls in flight get `error`, and so do the queued ones unless
    // the connection had come up (they then go out on the next one).
    void closeBus(const SessionError &error);
    void failQueued(const SessionError &error);
    SessionError connectFailure(int negativeErrno) const;
    SessionError noReplyInTime(const Pending &pending) const;
    SessionError closedError() const;

    static int onReply(sd_bus_message *message, void *userdata, sd_bus_error *);
    static int onSignal(sd_bus_message *message, void *userdata, sd_bus_error *);
    static int onMatchInstalled(sd_bus_message *message, void *userdata, sd_bus_error *);

    const ServerAddress m_address;
    LogindSignalReceiver &m_receiver;

    // Shared with the callers.
    std::mutex m_mutex;
    std::condition_variable m_replied;
    std::deque<PendingPtr> m_incoming;
    bool m_stopping = false;
    bool m_running = false; // the thread runs; a call starts it again after it finished
    std::thread m_thread;
    // Wakes the thread from its poll; open only while the thread runs, so that a server
    // without a connection holds no descriptor. Changed only while nobody else polls it.
    int m_wakeFd = -1;

    // Set by closeWhenIdle() and by the budget (for another bus), read by the loop.
    std::atomic<bool> m_closeWhenIdle{false};

    // The loop thread's own.
    sd_bus *m_bus = nullptr;
    bool m_ready = false;
    std::deque<PendingPtr> m_queue;
    std::unordered_map<Pending *, PendingPtr> m_inFlight;
    std::unique_ptr<QTemporaryFile> m_sshLog;
    bool m_inGate = false;        // holds a slot of the gate while its ssh connection comes up
    bool m_waitingGate = false;   // in line at the gate
    bool m_hasPlace = false;      // counted by the budget, from before connecting until closed
    bool m_waitingBudget = false; // in line at the budget
    bool m_reportedIdle = false;  // what the budget was last told
};

LogindBus::Loop::Loop(ServerAddress address, LogindSignalReceiver &receiver)
    : m_address(std::move(address))
    , m_receiver(receiver)
{}

LogindBus::Loop::~Loop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    wake();
    if (m_thread.joinable())
        m_thread.join();
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
}

void LogindBus::Loop::wake()
{
    std::lock_guard lock(m_mutex);
    if (m_wakeFd < 0)
        return;
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t written = ::write(m_wakeFd, &one, sizeof one);
}

QList<LogindBus::Reply> LogindBus::Loop::call(const QList<Call> &calls, Clock::time_point deadline)
{
    QList<PendingPtr> pendings;
    pendings.reserve(calls.size());
    const auto now = Clock::now();
    {
        std::lock_guard lock(m_mutex);
        for (const Call &call : calls) {
            pendings << std::make_shared<Pending>(Pending{this, call, now, deadline, std::nullopt});
            m_incoming.push_back(pendings.last());
        }
        if (!m_running) {
            // The thread that finished returns without the lock: joining it is quick.
            if (m_thread.joinable())
                m_thread.join();
            m_wakeFd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
            try {
                m_thread = std::thread([this] { run(); });
                m_running = true;
            } catch (const std::system_error &error) {
                // Out of threads: these calls (the only ones waiting, with no thread) fail now.
                if (m_wakeFd >= 0)
                    ::close(m_wakeFd);
                m_wakeFd = -1;
                m_incoming.clear();
                const SessionError failure{Category::Other,
                                           0,
                                           {},
                                           LogindBus::tr("Cannot start a thread for the connection to %1: %2")
                                               .arg(m_address.displayName(), QString::fromLocal8Bit(error.what()))};
                QList<Reply> replies;
                for (qsizetype i = 0; i < pendings.size(); ++i)
                    replies << failure;
                return replies;
            }
        }
    }
    wake();
    std::unique_lock lock(m_mutex);
    // The loop answers every call by its deadline; the margin only covers a loop that is late itself.
    m_replied.wait_until(lock, deadline + std::chrono::seconds(1), [&] {
        return std::all_of(pendings.cbegin(), pendings.cend(), [](const PendingPtr &p) { return p->reply.has_value(); });
    });
    QList<Reply> replies;
    replies.reserve(pendings.size());
    for (const PendingPtr &pending : std::as_const(pendings)) {
        if (!pending->reply)
            pending->reply = SessionError{Category::Timeout,
                                          0,
                                          {},
                                          LogindBus::tr("No reply from %1 within %2 s")
                                              .arg(m_address.displayName(),
                                                   seconds(std::max(deadline - now, Clock::duration::zero())))};
        replies << *pending->reply;
    }
    return replies;
}

void LogindBus::Loop::closeWhenIdle()
{
    m_closeWhenIdle = true;
    wake();
}

void LogindBus::Loop::complete(Pending &pending, Reply reply)
{
    std::lock_guard lock(m_mutex);
    if (!pending.reply)
        pending.reply = std::move(reply);
    m_replied.notify_all();
}

bool LogindBus::Loop::isAnswered(const Pending &pending)
{
    std::lock_guard lock(m_mutex);
    return pending.reply.has_value();
}

void LogindBus::Loop::run()
{
    for (;;) {
        // Drained before looking: a wake-up that comes after the look is still there for the poll.
        uint64_t count = 0;
        [[maybe_unused]] const ssize_t drained = ::read(m_wakeFd, &count, sizeof count);
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping)
                break;
            while (!m_incoming.empty()) {
                m_queue.push_back(std::move(m_incoming.front()));
                m_incoming.pop_front();
            }
        }

        if (!m_bus && !m_queue.empty())
            connect();
        if (m_bus)
            process();
        if (m_bus && m_ready)
            sendQueued();
        expireQueued();
        // Nobody waits any more for a connection that has not come up: stop trying (and ssh).
        if (m_bus && !m_ready && m_queue.empty())
            closeBus(connectFailure(0));
        if (!m_bus && m_queue.empty())
            giveUpConnecting();
        if (m_bus && m_ready)
            settleIdle();
        // No thread, no ssh and no connection stay behind for a server nobody asks now.
        if (!m_bus && m_queue.empty()) {
            if (finish())
                return;
            continue; // a call came, or the bus is being destroyed
        }
        pollOnce();
    }
    const SessionError closed = closedError();
    {
        std::lock_guard lock(m_mutex);
        while (!m_incoming.empty()) {
            m_queue.push_back(std::move(m_incoming.front()));
            m_incoming.pop_front();
        }
    }
    failQueued(closed);
    if (m_bus)
        closeBus(closed);
    giveUpConnecting();
}

bool LogindBus::Loop::finish()
{
    std::lock_guard lock(m_mutex);
    if (m_stopping || !m_incoming.empty())
        return false;
    m_running = false;
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
    m_wakeFd = -1;
    return true;
}

void LogindBus::Loop::settleIdle()
{
    const bool idle = m_queue.empty() && m_inFlight.empty();
    if (idle != m_reportedIdle) {
        m_reportedIdle = idle;
        LogindConnectionBudget::shared().setIdle(this, idle);
    }
    if (!idle || !m_closeWhenIdle)
        return;
    {
        std::lock_guard lock(m_mutex);
        if (!m_incoming.empty())
            return; // going out next round: closing now would only mean connecting again
    }
    closeBus(closedError());
}

void LogindBus::Loop::giveUpConnecting()
{
    if (m_waitingGate) {
        SshHandshakeGate::shared().forget(this);
        m_waitingGate = false;
    }
    if (m_waitingBudget) {
        LogindConnectionBudget::shared().forget(this);
        m_waitingBudget = false;
    }
    if (!m_bus)
        leaveBudget();
}

void LogindBus::Loop::pollOnce()
{
    pollfd fds[2] = {{m_wakeFd, POLLIN, 0}, {-1, 0, 0}};
    int timeout = -1;
    const auto earlier = [&](int ms) { timeout = timeout < 0 ? ms : std::min(timeout, ms); };
    if (m_bus) {
        fds[1].fd = sd_bus_get_fd(m_bus);
        const int events = sd_bus_get_events(m_bus);
        fds[1].events = short(events > 0 ? events : 0);
        uint64_t usec = 0;
        if (sd_bus_get_timeout(m_bus, &usec) >= 0 && usec != UINT64_MAX)
            earlier(millisecondsUntil(usec));
    }
    for (const PendingPtr &pending : m_queue)
        earlier(millisecondsUntil(pending->deadline));
    // Without an eventfd (out of descriptors) the loop looks for new calls and stop itself.
    if (m_wakeFd < 0)
        earlier(20);
    ::poll(fds, fds[1].fd >= 0 ? 2 : 1, timeout);
}

void LogindBus::Loop::connect()
{
    using Kind = ServerAddress::Kind;
    if (m_address.kind() == Kind::Demo || m_address.kind() == Kind::Invalid) {
        failQueued(
            SessionError{Category::Other, 0, {}, LogindBus::tr("%1 is not a logind server").arg(m_address.toString())});
        return;
    }
    if (!enterBudget())
        return;
    QString address;
    QString error;
    switch (m_address.kind()) {
    case Kind::Local:
    case Kind::Demo:
    case Kind::Invalid:
        break;
    case Kind::DBus:
        address = m_address.dbusAddress();
        break;
    case Kind::Remote:
        if (!enterGate())
            return;
        address = sshAddress(&error);
        if (address.isEmpty()) {
            leaveGate();
            leaveBudget();
            failQueued(SessionError{Category::Unreachable, 0, {}, error});
            return;
        }
        break;
    }

    sd_bus *bus = nullptr;
    int r = 0;
    if (address.isEmpty()) {
        r = sd_bus_open_system(&bus);
    } else {
        r = sd_bus_new(&bus);
        if (r >= 0)
            r = sd_bus_set_address(bus, address.toUtf8().constData());
        if (r >= 0)
            r = sd_bus_set_bus_client(bus, 1);
        if (r >= 0)
            r = sd_bus_start(bus);
    }
    if (r < 0) {
        sd_bus_unref(bus);
        leaveGate();
        leaveBudget();
        failQueued(connectFailure(r));
        m_sshLog.reset();
        return;
    }
    m_bus = bus;
    m_ready = false;
    // A request to close the connection before was for that one.
    m_closeWhenIdle = false;
    // Queued until the connection is up, like every call; without the signals, waits still
    // end by polling and the window by its refresh timer.
    for (const char *member : {"SessionNew", "SessionRemoved"}) {
        r = sd_bus_match_signal_async(m_bus, nullptr, LogindService, ManagerPath, ManagerInterface, member, onSignal,
                                      onMatchInstalled, this);
        if (r < 0)
            qWarning("logind: cannot subscribe to %s on %s: %s", member, qPrintable(m_address.displayName()),
                     qPrintable(errnoText(r)));
    }
}

bool LogindBus::Loop::enterBudget()
{
    if (m_hasPlace)
        return true;
    m_hasPlace = LogindConnectionBudget::shared().tryOpen(
        this, [this] { wake(); }, [this] { closeWhenIdle(); });
    m_waitingBudget = !m_hasPlace;
    m_reportedIdle = false;
    return m_hasPlace;
}

void LogindBus::Loop::leaveBudget()
{
    if (!m_hasPlace)
        return;
    m_hasPlace = false;
    LogindConnectionBudget::shared().closed(this);
}

bool LogindBus::Loop::enterGate()
{
    if (m_inGate)
        return true;
    m_inGate = SshHandshakeGate::shared().tryEnter(this, [this] { wake(); });
    m_waitingGate = !m_inGate;
    return m_inGate;
}

void LogindBus::Loop::leaveGate()
{
    if (!m_inGate)
        return;
    m_inGate = false;
    SshHandshakeGate::shared().leave();
}

QString LogindBus::Loop::sshAddress(QString *error)
{
    const QString ssh = QStandardPaths::findExecutable(QStringLiteral("ssh"));
    if (ssh.isEmpty()) {
        *error = LogindBus::tr("ssh is not installed (the OpenSSH client is needed for remote Linux servers)");
        return {};
    }
    m_sshLog = std::make_unique<QTemporaryFile>(QDir::tempPath() + QStringLiteral("/session-console-ssh-XXXXXX.log"));
    if (!m_sshLog->open()) {
        *error = LogindBus::tr("Cannot create a file for ssh's messages: %1").arg(m_sshLog->errorString());
        m_sshLog.reset();
        return {};
    }
    // ssh gives up connecting when the last caller now waiting would.
    Clock::time_point latest = Clock::now();
    for (const PendingPtr &pending : m_queue)
        latest = std::max(latest, pending->deadline);
    LogindBusAddress::SshOptions options;
    options.connectTimeoutSeconds = int(std::chrono::ceil<std::chrono::seconds>(latest - Clock::now()).count());
    options.logFile = m_sshLog->fileName();
    options.configFile = qEnvironmentVariable(LogindBusAddress::SshConfigVariable);
    return LogindBusAddress::unixexec(ssh, LogindBusAddress::sshArguments(m_address, options));
}

QString LogindBus::Loop::sshMessage() const
{
    if (!m_sshLog)
        return {};
    QFile log(m_sshLog->fileName());
    if (!log.open(QIODevice::ReadOnly))
        return {};
    QStringList lines;
    for (const QByteArray &line : log.readAll().split('\n')) {
        const QString text = QString::fromLocal8Bit(line).trimmed();
        if (!text.isEmpty())
            lines << text;
    }
    return lines.join(u' ');
}

SessionError LogindBus::Loop::connectFailure(int negativeErrno) const
{
    QString message;
    if (m_address.kind() == ServerAddress::Kind::Remote) {
        message = sshMessage();
        if (message.isEmpty())
            message = LogindBus::tr("ssh to %1 gave no D-Bus connection (is systemd-stdio-bridge installed there?)")
                          .arg(m_address.displayName());
    } else {
        message = LogindBus::tr("Cannot connect to the bus of %1").arg(m_address.displayName());
        if (negativeErrno < 0)
            message += QStringLiteral(": ") + errnoText(negativeErrno);
    }
    return SessionError{Category::Unreachable, 0, {}, message};
}

SessionError LogindBus::Loop::closedError() const
{
    return SessionError{Category::Unreachable,
                        0,
                        {},
                        LogindBus::tr("The connection to %1 was closed").arg(m_address.displayName())};
}

SessionError LogindBus::Loop::noReplyInTime(const Pending &pending) const
{
    const QString waited = seconds(std::max(pending.deadline - pending.posted, Clock::duration::zero()));
    if (!m_ready && m_waitingBudget) {
        return SessionError{Category::Timeout,
                            0,
                            {},
                            LogindBus::tr("No connection to %1 within %2 s: the connection limit was reached (%3 "
                                          "open at most, set by %4) and none of them was idle to close")
                                .arg(m_address.displayName(), waited)
                                .arg(LogindConnectionBudget::shared().limit())
                                .arg(QString::fromLatin1(LogindConnectionBudget::LimitVariable))};
    }
    if (!m_ready && m_waitingGate) {
        return SessionError{Category::Timeout,
                            0,
                            {},
                            LogindBus::tr("No connection to %1 within %2 s: it waited its turn while other servers' "
                                          "ssh connections were set up (%3 at a time)")
                                .arg(m_address.displayName(), waited)
                                .arg(SshHandshakeGate::shared().slots())};
    }
    if (!m_ready) {
        QString message = LogindBus::tr("No connection to %1 within %2 s").arg(m_address.displayName(), waited);
        if (const QString ssh = sshMessage(); !ssh.isEmpty())
            message += QStringLiteral(": ") + ssh;
        return SessionError{Category::Timeout, 0, {}, message};
    }
    return SessionError{Category::Timeout,
                        0,
                        {},
                        LogindBus::tr("No reply from logind on %1 within %2 s (%n calls were in flight)", nullptr,
                                      int(m_inFlight.size()))
                            .arg(m_address.displayName(), waited)};
}

void LogindBus::Loop::process()
{
    for (;;) {
        const int r = sd_bus_process(m_bus, nullptr);
        if (r < 0 || sd_bus_is_open(m_bus) <= 0) {
            if (m_ready) {
                QString message = LogindBus::tr("The connection to %1 was lost").arg(m_address.displayName());
                if (const QString ssh = sshMessage(); !ssh.isEmpty())
                    message += QStringLiteral(": ") + ssh;
                closeBus(SessionError{Category::Unreachable, 0,
                                      QStringLiteral("org.freedesktop.DBus.Error.Disconnected"), message});
            } else {
                closeBus(connectFailure(r));
            }
            return;
        }
        if (r == 0)
            break;
    }
    if (!m_ready && sd_bus_is_ready(m_bus) > 0) {
        m_ready = true;
        leaveGate();
    }
}

void LogindBus::Loop::sendQueued()
{
    while (!m_queue.empty() && m_inFlight.size() < std::size_t(MaxPendingReplies)) {
        const PendingPtr pending = std::move(m_queue.front());
        m_queue.pop_front();
        if (isAnswered(*pending))
            continue; // its caller gave up
        const auto left = pending->deadline - Clock::now();
        if (left <= Clock::duration::zero()) {
            complete(*pending, noReplyInTime(*pending));
            continue;
        }
        const Call &call = pending->call;
        sd_bus_message *message = nullptr;
        int r = sd_bus_message_new_method_call(m_bus, &message, call.service.toUtf8().constData(),
                                               call.path.toUtf8().constData(), call.interface.toUtf8().constData(),
                                               call.member.toUtf8().constData());
        for (const QVariant &argument : call.arguments) {
            if (r >= 0)
                r = appendArgument(message, argument);
        }
        const auto usec = std::chrono::ceil<std::chrono::microseconds>(left).count();
        if (r >= 0)
            r = sd_bus_call_async(m_bus, nullptr, message, onReply, pending.get(), uint64_t(usec));
        sd_bus_message_unref(message);
        if (r < 0) {
            complete(*pending, SessionError{Category::Other,
                                            0,
                                            {},
                                            LogindBus::tr("Cannot send %1 to %2: %3")
                                                .arg(call.member, m_address.displayName(), errnoText(r))});
            continue;
        }
        m_inFlight.emplace(pending.get(), pending);
    }
}

void LogindBus::Loop::expireQueued()
{
    const auto now = Clock::now();
    for (auto it = m_queue.begin(); it != m_queue.end();) {
        if (isAnswered(**it)) {
            it = m_queue.erase(it);
        } else if ((*it)->deadline <= now) {
            complete(**it, noReplyInTime(**it));
            it = m_queue.erase(it);
        } else {
            ++it;
        }
    }
}

void LogindBus::Loop::failQueued(const SessionError &error)
{
    for (const PendingPtr &pending : m_queue)
        complete(*pending, error);
    m_queue.clear();
}

void LogindBus::Loop::closeBus(const SessionError &error)
{
    for (const auto &[raw, pending] : m_inFlight)
        complete(*pending, error);
    m_inFlight.clear();
    if (!m_ready)
        failQueued(error);
    // Drops the reply slots without calling them; sd-bus ends the ssh it started and waits for it.
    sd_bus_close(m_bus);
    m_bus = sd_bus_unref(m_bus);
    m_ready = false;
    m_sshLog.reset();
    leaveGate();
    leaveBudget();
}

int LogindBus::Loop::onReply(sd_bus_message *message, void *userdata, sd_bus_error *)
{
    auto *raw = static_cast<Pending *>(userdata);
    Loop *loop = raw->loop;
    const auto it = loop->m_inFlight.find(raw);
    if (it == loop->m_inFlight.end())
        return 0;
    const PendingPtr pending = it->second;
    loop->m_inFlight.erase(it);
    if (sd_bus_message_is_method_error(message, nullptr) > 0) {
        const sd_bus_error *error = sd_bus_message_get_error(message);
        loop->complete(*pending, LogindBusError{QString::fromUtf8(error && error->name ? error->name : ""),
                                                QString::fromUtf8(error && error->message ? error->message : "")});
        return 0;
    }
    QVariantList arguments;
    const int r = readArguments(message, &arguments);
    if (r < 0) {
        loop->complete(*pending,
                       SessionError{Category::Other,
                                    0,
                                    {},
                                    LogindBus::tr("Unreadable reply to %1 from %2: %3")
                                        .arg(pending->call.member, loop->m_address.displayName(), errnoText(r))});
        return 0;
    }
    loop->complete(*pending, arguments);
    return 0;
}

int LogindBus::Loop::onSignal(sd_bus_message *message, void *userdata, sd_bus_error *)
{
    auto *loop = static_cast<Loop *>(userdata);
    const char *id = nullptr;
    const char *path = nullptr;
    if (sd_bus_message_read(message, "so", &id, &path) < 0)
        return 0;
    if (sd_bus_message_is_signal(message, ManagerInterface, "SessionRemoved") > 0)
        loop->m_receiver.sessionRemoved(QString::fromUtf8(id));
    else
        loop->m_receiver.sessionNew(QString::fromUtf8(id));
    return 0;
}

int LogindBus::Loop::onMatchInstalled(sd_bus_message *message, void *userdata, sd_bus_error *)
{
    const auto *loop = static_cast<const Loop *>(userdata);
    if (const sd_bus_error *error = sd_bus_message_get_error(message))
        qWarning("logind: no SessionNew/SessionRemoved from %s: %s", qPrintable(loop->m_address.displayName()),
                 error->message ? error->message : "");
    return 0;
}

LogindBus::LogindBus(ServerAddress address, LogindSignalReceiver &receiver)
    : m_loop(std::make_unique<Loop>(std::move(address), receiver))
{}

LogindBus::~LogindBus() = default;

QList<LogindBus::Reply> LogindBus::call(const QList<Call> &calls, Clock::time_point deadline)
{
    return m_loop->call(calls, deadline);
}

LogindBus::Reply LogindBus::call(const Call &call, Clock::time_point deadline)
{
    return m_loop->call({call}, deadline).constFirst();
}

void LogindBus::closeWhenIdle()
{
    m_loop->closeWhenIdle();
}

QString LogindBus::unitPath(const QString &name)
{
    char *path = nullptr;
    if (sd_bus_path_encode("/org/freedesktop/systemd1/unit", name.toUtf8().constData(), &path) < 0)
        return {};
    const QString encoded = QString::fromUtf8(path);
    std::free(path);
    return encoded;
}
