#include "LogindBusAddress.h"

QString LogindBusAddress::escape(const QString &value)
{
    static constexpr char hex[] = "0123456789abcdef";
    QString escaped;
    const QByteArray bytes = value.toUtf8();
    escaped.reserve(bytes.size());
    for (const char byte : bytes) {
        const auto c = static_cast<unsigned char>(byte);
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                           || c == '_' || c == '/' || c == '.';
        if (plain) {
            escaped += QLatin1Char(byte);
        } else {
            escaped += u'%';
            escaped += QLatin1Char(hex[c >> 4]);
            escaped += QLatin1Char(hex[c & 0xf]);
        }
    }
    return escaped;
}

QString LogindBusAddress::unixexec(const QString &program, const QStringList &argv)
{
    QString address = QStringLiteral("unixexec:path=") + escape(program);
    for (qsizetype i = 0; i < argv.size(); ++i)
        address += QStringLiteral(",argv%1=").arg(i) + escape(argv.at(i));
    return address;
}

QStringList LogindBusAddress::sshArguments(const ServerAddress &address, const SshOptions &options)
{
    QStringList argv{
        QStringLiteral("ssh"),
        // No agent, no X11, no port forwarding, whatever the user's ssh_config says: the
        // server gets a D-Bus pipe and nothing else of ours. No terminal either.
        QStringLiteral("-a"),
        QStringLiteral("-x"),
        QStringLiteral("-o"),
        QStringLiteral("ClearAllForwardings=yes"),
        QStringLiteral("-T"),
        QStringLiteral("-o"),
        QStringLiteral("BatchMode=yes"),
        QStringLiteral("-o"),
        QStringLiteral("ConnectTimeout=%1").arg(std::max(1, options.connectTimeoutSeconds)),
        // Notice a dead server within a minute rather than at the next TCP timeout.
        QStringLiteral("-o"),
        QStringLiteral("ServerAliveInterval=20"),
        QStringLiteral("-o"),
        QStringLiteral("ServerAliveCountMax=3"),
    };
    if (!options.configFile.isEmpty())
        argv << QStringLiteral("-F") << options.configFile;
    if (!options.logFile.isEmpty())
        argv << QStringLiteral("-E") << options.logFile;
    if (address.port() != 0)
        argv << QStringLiteral("-p") << QString::number(address.port());
    argv << QStringLiteral("--");
    argv << (address.user().isEmpty() ? address.host() : address.user() + u'@' + address.host());
    argv << QStringLiteral("systemd-stdio-bridge");
    return argv;
}
