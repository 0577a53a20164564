#include "LogindConnection.h"

#include "LogindBusAddress.h"

#include <QAtomicInteger>
#include <QDBusError>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryFile>

#include <condition_variable>
#include <thread>

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

// libdbus starts ssh for a unixexec: address but never waits for it, so every dropped SSH
// connection would leave a zombie behind. Reaps this process's exited ssh children, and only
// those: other children belong to their own waiters.
void reapExitedSshChildren()
{
    const QString self = QString::number(getpid());
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &pid : pids) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        // "PID (COMM) STATE PPID ..."
        const QString line = QString::fromLatin1(stat.readAll());
        const qsizetype close = line.lastIndexOf(u')');
        const QString comm = line.mid(line.indexOf(u'(') + 1, close - line.indexOf(u'(') - 1);
        const QStringList rest = line.mid(close + 2).split(u' ');
        if (comm == u"ssh" && rest.size() > 1 && rest.at(0) == u"Z" && rest.at(1) == self)
            waitpid(pid_t(pid.toInt()), nullptr, WNOHANG);
    }
}

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("session-console-logind-%1").arg(++counter);
}

// Shared between get() and the thread that connects, which may outlive a timed-out get().
struct ConnectAttempt
{
    std::mutex mutex;
    std::condition_variable finished;
    bool done = false;
    bool abandoned = false;
    std::optional<QDBusConnection> connection;
};

} // namespace

LogindConnection::LogindConnection(ServerAddress address)
    : m_address(std::move(address))
{
}

LogindConnection::~LogindConnection()
{
    close();
}

void LogindConnection::setOnConnected(std::function<void(QDBusConnection &)> onConnected)
{
    std::lock_guard lock(m_mutex);
    m_onConnected = std::move(onConnected);
}

LogindConnection::Result LogindConnection::get(std::chrono::milliseconds timeout)
{
    std::lock_guard lock(m_mutex);
    if (m_connection && m_connection->isConnected())
        return *m_connection;
    closeLocked();
    return connect(timeout);
}

std::optional<SessionError> LogindConnection::checkLost(const QDBusConnection &connection)
{
    if (connection.isConnected())
        return std::nullopt;
    std::lock_guard lock(m_mutex);
    SessionError error{SessionError::Category::Unreachable, 0, QStringLiteral("org.freedesktop.DBus.Error.Disconnected"),
                       QStringLiteral("The connection to %1 was lost").arg(m_address.displayName())};
    if (const QString ssh = sshMessage(); !ssh.isEmpty())
        error.message += QStringLiteral(": ") + ssh;
    if (m_connection && m_connection->name() == connection.name())
        closeLocked();
    return error;
}

void LogindConnection::close()
{
    std::lock_guard lock(m_mutex);
    closeLocked();
}

void LogindConnection::closeLocked()
{
    if (m_connection)
        QDBusConnection::disconnectFromBus(m_name);
    m_connection.reset();
    m_sshLog.reset();
    if (m_address.kind() == ServerAddress::Kind::Remote)
        reapExitedSshChildren();
}

QString LogindConnection::busAddress(std::chrono::milliseconds timeout, QString *error)
{
    switch (m_address.kind()) {
    case ServerAddress::Kind::DBus:
        return m_address.dbusAddress();
    case ServerAddress::Kind::Remote: {
        const QString ssh = QStandardPaths::findExecutable(QStringLiteral("ssh"));
        if (ssh.isEmpty()) {
            *error = QStringLiteral("ssh is not installed (the OpenSSH client is needed for remote Linux servers)");
            return {};
        }
        m_sshLog = std::make_unique<QTemporaryFile>(QDir::tempPath() + QStringLiteral("/session-console-ssh-XXXXXX.log"));
        if (!m_sshLog->open()) {
            *error = QStringLiteral("Cannot create a file for ssh's messages: %1").arg(m_sshLog->errorString());
            return {};
        }
        LogindBusAddress::SshOptions options;
        options.connectTimeoutSeconds = static_cast<int>((timeout.count() + 999) / 1000);
        options.logFile = m_sshLog->fileName();
        options.configFile = qEnvironmentVariable(LogindBusAddress::SshConfigVariable);
        return LogindBusAddress::unixexec(ssh, LogindBusAddress::sshArguments(m_address, options));
    }
    case ServerAddress::Kind::Local:
    case ServerAddress::Kind::Invalid:
    case ServerAddress::Kind::Demo:
        break;
    }
    return {};
}

QString LogindConnection::sshMessage() const
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

LogindConnection::Result LogindConnection::connect(std::chrono::milliseconds timeout)
{
    using Category = SessionError::Category;
    const ServerAddress::Kind kind = m_address.kind();
    if (kind != ServerAddress::Kind::Local && kind != ServerAddress::Kind::DBus && kind != ServerAddress::Kind::Remote)
        return SessionError{Category::Other, 0, {}, QStringLiteral("%1 is not a logind server").arg(m_address.toString())};

    QString addressError;
    const QString address = kind == ServerAddress::Kind::Local ? QString() : busAddress(timeout, &addressError);
    if (kind != ServerAddress::Kind::Local && address.isEmpty())
        return SessionError{Category::Unreachable, 0, {}, addressError};

    // QtDBus opens a connection without a timeout of its own and ssh may take long to
    // fail, so the connecting happens on a thread of its own that we stop waiting for.
    const QString name = nextConnectionName();
    auto attempt = std::make_shared<ConnectAttempt>();
    std::thread([attempt, address, name] {
        QDBusConnection connection = address.isEmpty()
            ? QDBusConnection::connectToBus(QDBusConnection::SystemBus, name)
            : QDBusConnection::connectToBus(address, name);
        std::lock_guard lock(attempt->mutex);
        if (attempt->abandoned) {
            QDBusConnection::disconnectFromBus(name);
            return;
        }
        attempt->connection = connection;
        attempt->done = true;
        attempt->finished.notify_all();
    }).detach();

    std::unique_lock lock(attempt->mutex);
    if (!attempt->finished.wait_for(lock, timeout, [&] { return attempt->done; })) {
        attempt->abandoned = true;
        QString message = QStringLiteral("No connection to %1 within %2 s")
                              .arg(m_address.displayName())
                              .arg(timeout.count() / 1000.0);
        if (const QString ssh = sshMessage(); !ssh.isEmpty())
            message += QStringLiteral(": ") + ssh;
        return SessionError{Category::Timeout, 0, {}, message};
    }

    QDBusConnection connection = *attempt->connection;
    if (!connection.isConnected()) {
        const QDBusError error = connection.lastError();
        QDBusConnection::disconnectFromBus(name);
        QString message;
        if (kind == ServerAddress::Kind::Remote) {
            message = sshMessage();
            if (message.isEmpty())
                message = QStringLiteral("ssh to %1 gave no D-Bus connection (is systemd-stdio-bridge installed there?): %2")
                              .arg(m_address.displayName(), error.message());
        } else {
            message = QStringLiteral("Cannot connect to the bus of %1: %2").arg(m_address.displayName(), error.message());
        }
        return SessionError{Category::Unreachable, 0, error.name(), message};
    }

    m_name = name;
    m_connection = connection;
    if (m_onConnected)
        m_onConnected(*m_connection);
    return connection;
}
