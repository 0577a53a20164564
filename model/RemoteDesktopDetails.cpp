#include "RemoteDesktopDetails.h"

QString RemoteDesktopDetails::timeText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QString();
}

SessionDetails RemoteDesktopDetails::toDetails() const
{
    const QString resolution = horizontalResolution > 0 && verticalResolution > 0
                                   ? tr("%1 × %2").arg(horizontalResolution).arg(verticalResolution)
                                   : QString();
    const QString colorDepth = colorDepthBits > 0 ? tr("%1 bits per pixel").arg(colorDepthBits) : QString();
    return {
        {QStringLiteral("sessionId"), tr("Session ID"), sessionId},
        {QStringLiteral("user"), tr("User"), user},
        {QStringLiteral("domain"), tr("Domain"), domain},
        {QStringLiteral("state"), tr("State"), state},
        {QStringLiteral("station"), tr("Station"), station},
        {QStringLiteral("protocol"), tr("Protocol"), protocol},
        {QStringLiteral("clientName"), tr("Client name"), clientName},
        {QStringLiteral("clientAddress"), tr("Client address"), clientAddress},
        {QStringLiteral("clientDomain"), tr("Client domain"), clientDomain},
        {QStringLiteral("clientUser"), tr("Client user"), clientUser},
        {QStringLiteral("clientBuild"), tr("Client build"), clientBuild},
        {QStringLiteral("clientDirectory"), tr("Client directory"), clientDirectory},
        {QStringLiteral("clientProductId"), tr("Client product ID"), clientProductId},
        {QStringLiteral("clientHardwareId"), tr("Client hardware ID"), clientHardwareId},
        {QStringLiteral("displayResolution"), tr("Display resolution"), resolution},
        {QStringLiteral("colorDepth"), tr("Colour depth"), colorDepth},
        {QStringLiteral("encryptionLevel"), tr("Encryption level"), encryptionLevel},
        {QStringLiteral("initialProgram"), tr("Initial program"), initialProgram},
        {QStringLiteral("workingDirectory"), tr("Working directory"), workingDirectory},
        {QStringLiteral("logonTime"), tr("Logon time"), timeText(logonTime)},
        {QStringLiteral("connectTime"), tr("Connect time"), timeText(connectTime)},
        {QStringLiteral("disconnectTime"), tr("Disconnect time"), timeText(disconnectTime)},
        {QStringLiteral("lastInputTime"), tr("Last input"), timeText(lastInputTime)},
    };
}
