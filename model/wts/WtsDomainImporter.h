#pragma once

#include "Result.h"
#include "ServerImport.h"

#include <QCoreApplication>

// Imports the RD Session Hosts a domain announces (WtsDomainServers) as server addresses.
// It blocks while the domain's browser answers: call it off the GUI thread.
class WtsDomainImporter final
{
    Q_DECLARE_TR_FUNCTIONS(WtsDomainImporter)

public:
    // `domain` empty: this computer's primary domain.
    static Result<ServerImport> read(const QString &domain);
};
