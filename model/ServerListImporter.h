#pragma once

#include "Result.h"
#include "ServerImport.h"

#include <QCoreApplication>

// Reads a plain list of servers: one address per line in the console's own syntax (see
// ServerAddress), '#' starting a comment at the start of a line or after a blank, blank
// lines ignored. A line that is no valid address is listed with its number and the reason
// ServerAddress gives, and the others are still taken.
class ServerListImporter final
{
    Q_DECLARE_TR_FUNCTIONS(ServerListImporter)

public:
    static constexpr qint64 MaxFileSize = 4 * 1024 * 1024;

    // Fails only when the file cannot be read, or is not text.
    static Result<ServerImport> read(const QString &fileName);
    // `text` as read from `source` (named in the skipped entries).
    static ServerImport parse(const QString &text, const QString &source);
};
