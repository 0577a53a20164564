#pragma once

#include "Result.h"
#include "ServerImport.h"

#include <QCoreApplication>
#include <QSet>

// Reads an OpenSSH client configuration (~/.ssh/config) for the hosts it names, so that
// each can be opened by its alias and ssh applies its own settings (HostName, User, Port,
// ProxyJump, keys) when the console connects. Only the names of Host lines are taken:
// patterns with '*' or '?' and negations ('!') name no host, and Match lines name none
// either. Include is followed as ssh follows it: '~' expanded, relative paths taken from
// ~/.ssh, globs expanded in sorted order, at most MaxIncludeDepth deep, a file that
// includes itself (directly or not) reported once and not read again.
class SshConfigImporter final
{
    Q_DECLARE_TR_FUNCTIONS(SshConfigImporter)

public:
    // ssh's own limit (READCONF_MAX_DEPTH).
    static constexpr int MaxIncludeDepth = 16;
    static constexpr qint64 MaxFileSize = 4 * 1024 * 1024;

    // `sshDirectory` is where relative Include paths start and `home` what '~' stands
    // for; empty: ~/.ssh and the user's home.
    explicit SshConfigImporter(const QString &sshDirectory = {}, const QString &home = {});

    // The default configuration file: ~/.ssh/config.
    QString defaultConfigFile() const;

    // Fails only when `configFile` itself cannot be read; an included file that cannot
    // is listed as skipped, as are aliases the console cannot use as an address.
    Result<ServerImport> read(const QString &configFile) const;

    // A line's words as ssh splits them: whitespace or one '=' after the keyword, double
    // or single quotes, backslash escapes of quotes, backslash and space; a '#' that
    // starts a word ends the line. Empty with `error` set for an unterminated quote.
    static QStringList splitLine(const QString &line, QString *error);

private:
    void readFile(const QString &file, int depth, QStringList &including, ServerImport &found) const;
    QStringList includedFiles(const QString &pattern) const;

    QString m_sshDirectory;
    QString m_home;
};
