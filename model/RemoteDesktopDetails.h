#pragma once

#include "SessionDetails.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

// What a Remote Desktop Session Host tells about one session through
// WTSQuerySessionInformation (WTSClientInfo, WTSClientDisplay, WTSClientProtocolType,
// WTSSessionInfo and the rest), as the WTS backend reads it and the demo simulates it.
// Both lay it out through toDetails(), so scripts see the same keys from either.
// Empty texts, zero numbers and invalid times are what the server did not give.
struct RemoteDesktopDetails final
{
    QString sessionId;
    QString user;
    QString domain;
    QString state;
    QString station; // the WinStation: "RDP-Tcp#12", "Console", "Services"
    QString protocol;
    QString clientName;
    QString clientDomain;
    QString clientUser;
    QString clientAddress;
    QString clientBuild;
    QString clientDirectory; // where the client's ActiveX control lives
    QString clientProductId;
    QString clientHardwareId;
    int horizontalResolution = 0;
    int verticalResolution = 0;
    int colorDepthBits = 0;
    QString encryptionLevel;
    QString initialProgram;
    QString workingDirectory;
    QDateTime logonTime;
    QDateTime connectTime;
    QDateTime disconnectTime;
    QDateTime lastInputTime;

    SessionDetails toDetails() const;

    // Times as details show them: ISO 8601 in UTC, empty when unknown.
    static QString timeText(const QDateTime &time);

    Q_DECLARE_TR_FUNCTIONS(RemoteDesktopDetails)
};
