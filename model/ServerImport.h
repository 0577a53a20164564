#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// What an importer found: the servers to open (canonical ServerAddress text, each once, in
// the order found) and the entries it skipped, each with where it was and why, so the
// window can say "imported N, skipped M" and list the reasons.
struct ServerImport final
{
    struct Skipped
    {
        QString where; // "FILE:LINE", or the domain
        QString entry; // the text that was skipped
        QString reason;
        bool operator==(const Skipped &) const = default;
    };

    QStringList servers;
    QList<Skipped> skipped;

    // Adds `address` (canonical text) unless it is already there.
    void add(const QString &address)
    {
        if (!servers.contains(address))
            servers.append(address);
    }
};
