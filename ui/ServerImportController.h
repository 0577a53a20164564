#pragma once

#include "ImportServersDialog.h"
#include "Result.h"
#include "ServerImport.h"

#include <QFuture>
#include <QObject>
#include <QPointer>

class ServerWorkspace;
class QWidget;

// File › Import Servers: asks where from, reads it off the GUI thread (an Include on a slow
// share, a domain's browser that takes its time), shows what was found and skipped in
// ImportServersDialog, and on accepting opens the servers and puts them in the group
// chosen. One import at a time.
class ServerImportController final : public QObject
{
    Q_OBJECT

public:
    enum class Source {
        SshConfig, // ~/.ssh/config, or the file chosen
        TextFile,  // one address per line
        Domain,    // the domain's RD Session Hosts (Windows)
    };

    // Whether this build can read `source` (the domain needs Windows).
    static bool isAvailable(Source source);

    ServerImportController(ServerWorkspace *workspace, QWidget *window);

    // Asks for the file (or the domain) first, then imports.
    void choose(Source source);
    // Reads `location` (a file; a domain name, empty for the computer's own) and shows the result.
    void importFrom(Source source, const QString &location);
    bool isReading() const { return m_reading.isRunning(); }
    ImportServersDialog *dialog() const { return m_dialog; }
    // The ssh configuration read when none is chosen: ~/.ssh/config.
    static QString defaultSshConfig();

Q_SIGNALS:
    void dialogOpened(ImportServersDialog *dialog);
    // The source could not be read, or the group not made: the reason.
    void failed(const QString &message);
    // The dialog was accepted: `opened` servers opened, `skipped` entries skipped.
    void imported(int opened, int skipped, const QString &group);

private:
    static Result<ServerImport> read(Source source, const QString &location);
    void showResult(Source source, const QString &location, const Result<ServerImport> &result);
    void apply(const ImportServersDialog *dialog);

    ServerWorkspace *const m_workspace;
    QWidget *const m_window;
    QFuture<void> m_reading;
    QPointer<ImportServersDialog> m_dialog;
};
