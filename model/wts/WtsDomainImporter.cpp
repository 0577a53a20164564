#include "WtsDomainImporter.h"

#include "ServerAddress.h"
#include "WtsDomainServers.h"
#include "WtsSessionError.h"

Result<ServerImport> WtsDomainImporter::read(const QString &domain)
{
    const auto listed = WtsDomainServers::list(NetServerApi::system(), domain.toStdWString());
    if (const auto *error = std::get_if<WtsError>(&listed))
        return toSessionError(*error);
    const auto &hosts = std::get<WtsDomainServers::Found>(listed);
    const QString where = domain.isEmpty() ? tr("the computer's domain") : domain;
    ServerImport found;
    for (const std::wstring &name : hosts.names) {
        const QString text = QString::fromStdWString(name);
        QString why;
        const ServerAddress address = ServerAddress::parse(text, &why);
        if (address.isValid() && address.kind() == ServerAddress::Kind::Remote)
            found.add(address.toString());
        else
            found.skipped.append({where, text, address.isValid() ? tr("not a server name") : why});
    }
    if (hosts.partial)
        found.skipped.append({where, {}, tr("the domain's browser returned only part of its list")});
    return found;
}
