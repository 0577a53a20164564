#include "ServerImportController.h"

#include "ImportServersDialog.h"
#include "ServerListImporter.h"
#include "ServerWorkspace.h"
#include "SshConfigImporter.h"

#ifdef SC_HAVE_WTS
#include "wts/WtsDomainImporter.h"
#endif

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

bool ServerImportController::isAvailable(Source source)
{
#ifdef SC_HAVE_WTS
    Q_UNUSED(source)
    return true;
#else
    return source != Source::Domain;
#endif
}

ServerImportController::ServerImportController(ServerWorkspace *workspace, QWidget *window)
    : QObject(window)
    , m_workspace(workspace)
    , m_window(window)
{}

QString ServerImportController::defaultSshConfig()
{
    return SshConfigImporter().defaultConfigFile();
}

void ServerImportController::choose(Source source)
{
    if (source == Source::Domain) {
        auto *ask = new QInputDialog(m_window);
        ask->setAttribute(Qt::WA_DeleteOnClose);
        ask->setWindowTitle(tr("Import Servers from the Domain"));
        ask->setLabelText(tr("The RD Session Hosts the domain announces.\nDomain (empty: this computer's domain):"));
        connect(ask, &QInputDialog::textValueSelected, this,
                [this](const QString &domain) { importFrom(Source::Domain, domain.trimmed()); });
        ask->open();
        return;
    }
    auto *dialog = new QFileDialog(m_window, source == Source::SshConfig
                                                 ? tr("Import Servers from an SSH Configuration")
                                                 : tr("Import Servers from a List"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setOption(QFileDialog::DontResolveSymlinks, false);
    if (source == Source::SshConfig) {
        dialog->setFilter(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
        dialog->selectFile(defaultSshConfig());
    } else {
        dialog->setNameFilters({tr("Text files (*.txt *.list)"), tr("All files (*)")});
    }
    connect(dialog, &QFileDialog::fileSelected, this, [this, source](const QString &file) { importFrom(source, file); });
    dialog->open();
}

void ServerImportController::importFrom(Source source, const QString &location)
{
    if (isReading())
        return;
    m_reading = QtConcurrent::run([source, location] {
                    return read(source, location);
                }).then(this, [this, source, location](const Result<ServerImport> &result) {
        showResult(source, location, result);
    });
}

Result<ServerImport> ServerImportController::read(Source source, const QString &location)
{
    switch (source) {
    case Source::SshConfig:
        return SshConfigImporter().read(location);
    case Source::TextFile:
        return ServerListImporter::read(location);
    case Source::Domain:
#ifdef SC_HAVE_WTS
        return WtsDomainImporter::read(location);
#else
        break;
#endif
    }
    SessionError error;
    error.category = SessionError::Category::NotSupported;
    error.message = tr("Listing a domain's RD Session Hosts needs Windows.");
    return error;
}

void ServerImportController::showResult(Source source, const QString &location, const Result<ServerImport> &result)
{
    if (!result) {
        Q_EMIT failed(result.error().message);
        return;
    }
    QString name;
    QString suggestedGroup;
    switch (source) {
    case Source::SshConfig:
        name = QDir::toNativeSeparators(location);
        suggestedGroup = tr("SSH hosts");
        break;
    case Source::TextFile:
        name = QDir::toNativeSeparators(location);
        suggestedGroup = QFileInfo(location).completeBaseName();
        break;
    case Source::Domain:
        name = location.isEmpty() ? tr("This computer's domain") : location;
        suggestedGroup = location.isEmpty() ? tr("Domain") : location;
        break;
    }
    auto *dialog = new ImportServersDialog(name, result.value(), m_workspace->servers(),
                                           m_workspace->tree()->groups().names(), suggestedGroup, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { apply(dialog); });
    m_dialog = dialog;
    Q_EMIT dialogOpened(dialog);
    dialog->open();
}

void ServerImportController::apply(const ImportServersDialog *dialog)
{
    const ServerImport &found = dialog->found();
    const QStringList servers = m_workspace->servers();
    const QSet<QString> open(servers.cbegin(), servers.cend());
    QList<ServerAddress> addresses;
    for (const QString &server : found.servers) {
        if (!open.contains(server))
            addresses.append(ServerAddress::parse(server));
    }
    // The group's name as the tree has it: a name typed in another case is the same group.
    QString group = dialog->group();
    ServerTreeModel *tree = m_workspace->tree();
    if (!group.isEmpty()) {
        if (!tree->groups().contains(group)) {
            if (const Result<void> made = tree->addGroup(group); !made) {
                Q_EMIT failed(tr("The group \"%1\" could not be made: %2").arg(group, made.error().message));
                return;
            }
        }
        group = tree->groups().names().at(tree->groups().indexOf(group));
    }
    m_workspace->addServers(addresses);
    if (!group.isEmpty()) {
        for (const QString &server : found.servers)
            tree->addToGroup(group, server);
    }
    Q_EMIT imported(int(addresses.size()), int(found.skipped.size()), group);
}
