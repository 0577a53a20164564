#pragma once

#include <QStringList>

#include <memory>

class QTextStream;
class ServerAddress;
class SessionSource;
class SessionWatch;

// sessionctl: the role of qwinsta, logoff and loginctl for scripts, on the console's engine.
class SessionCtl final
{
public:
    enum ExitCode { Success = 0, Failure = 1, UsageError = 2 };

    SessionCtl(QTextStream &out, QTextStream &err);
    // Waits for whatever work is left (see leftWorkRunning()).
    ~SessionCtl();

    // `arguments` without the program name. Runs the command to the end.
    int run(const QStringList &arguments);

    static QString usage();

    // After run(): a watch ended while a server's refresh was still running (a hung
    // server). Destroying this object waits for that refresh; a program that is about to
    // end anyway can flush its output and exit at once instead.
    bool leftWorkRunning() const { return m_leftRunning != nullptr; }

private:
    int list(const QStringList &arguments);
    int processes(const QStringList &arguments);
    int action(const QString &command, const QStringList &arguments);
    int endProcess(const QStringList &arguments);
    int show(const QStringList &arguments);
    int history(const QStringList &arguments);
    int watch(const QStringList &arguments);
    int cleanup(const QStringList &arguments);
    int usageError(const QString &message);
    // The source for `server`, or nullptr after saying why on the error stream.
    std::shared_ptr<SessionSource> openSource(const ServerAddress &server);

    QTextStream &m_out;
    QTextStream &m_err;
    std::unique_ptr<SessionWatch> m_leftRunning;
};
