#pragma once

#include "ServerAddress.h"

#include <QString>
#include <QStringList>

// D-Bus addresses for reaching a logind: the ssh transport that `loginctl -H` uses, with
// every value escaped as the D-Bus address syntax requires.
class LogindBusAddress final
{
public:
    struct SshOptions
    {
        int connectTimeoutSeconds = 10;
        QString logFile;    // ssh -E: where ssh writes its own messages
        QString configFile; // ssh -F, empty for the user's usual configuration
    };

    // Environment variable naming an ssh_config file to use instead of ~/.ssh/config.
    static constexpr const char *SshConfigVariable = "SESSION_CONSOLE_SSH_CONFIG";

    // %XX for every byte outside [-0-9A-Za-z_/.], the bytes the D-Bus specification
    // allows unescaped; '=', ',', ';', '@', '%' and spaces would otherwise be refused or misread.
    static QString escape(const QString &value);

    // "unixexec:path=PROGRAM,argv0=…,argv1=…": sd-bus runs PROGRAM with exactly this
    // argument vector (no shell) and speaks D-Bus over its stdin and stdout.
    static QString unixexec(const QString &program, const QStringList &argv);

    // ssh's argument vector, argv0 first, for `address` (a Remote one): BatchMode so that
    // nothing ever asks for a password, agent, X11 and port forwarding off, the host as a
    // single argument after "--".
    static QStringList sshArguments(const ServerAddress &address, const SshOptions &options);
};
