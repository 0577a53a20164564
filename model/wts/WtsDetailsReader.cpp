#include "WtsDetailsReader.h"

#include "WtsBuffer.h"
#include "WtsClientAddress.h"
#include "WtsSessionControl.h"

#include <optional>

namespace {

constexpr ULONG FamilyInet = 2; // AF_INET

bool failsTheRead(const WtsError &error)
{
    return error.category == WtsError::Category::AlreadyGone || error.category == WtsError::Category::AccessDenied;
}

} // namespace

WtsDetailsReader::WtsDetailsReader(const WtsServer &server)
    : m_server(server)
{}

std::uint32_t WtsDetailsReader::colorDepthBits(std::uint32_t code)
{
    switch (code) {
    case 1:
        return 4;
    case 2:
        return 8;
    case 4:
        return 16;
    case 8:
    case 24:
        return 24;
    case 16:
        return 15;
    case 32:
        return 32;
    default:
        return 0;
    }
}

std::variant<WtsDetailsRecord, WtsError> WtsDetailsReader::read(std::uint32_t id, const WtsIdentityCheck &check) const
{
    if (auto refused = WtsSessionControl(m_server).checkIdentity(id, check))
        return std::move(*refused);

    WtsDetailsRecord record;
    record.id = id;
    std::optional<WtsError> failure;
    // Runs `use` on the answer to `infoClass`; a failure that is not the session's or the
    // caller's leaves the fields as they are.
    const auto query = [&](WTS_INFO_CLASS infoClass, const auto &use) {
        if (failure)
            return;
        auto answer = m_server.query(id, infoClass, WtsAction::Query);
        if (auto *error = std::get_if<WtsError>(&answer)) {
            if (failsTheRead(*error))
                failure = std::move(*error);
            return;
        }
        use(std::get<WtsBuffer>(answer));
    };

    query(WTSSessionInfo, [&](const WtsBuffer &buffer) {
        if (const auto *info = buffer.as<WTSINFOW>()) {
            const int state = static_cast<int>(info->State);
            if (state >= 0 && state <= static_cast<int>(WTSInit))
                record.state = static_cast<WtsState>(state);
            record.station = fixedText(info->WinStationName);
            record.user = fixedText(info->UserName);
            record.domain = fixedText(info->Domain);
            record.logonTime = info->LogonTime.QuadPart;
            record.connectTime = info->ConnectTime.QuadPart;
            record.disconnectTime = info->DisconnectTime.QuadPart;
            record.lastInputTime = info->LastInputTime.QuadPart;
        }
    });
    // Servers without WTSSessionInfo (before Windows Server 2008, Wine) answer the single classes.
    if (!record.state) {
        query(WTSConnectState, [&](const WtsBuffer &buffer) {
            if (const auto *state = buffer.as<INT>(); state && *state >= 0 && *state <= static_cast<int>(WTSInit))
                record.state = static_cast<WtsState>(*state);
        });
        query(WTSUserName, [&](const WtsBuffer &buffer) { record.user = buffer.text(); });
        query(WTSDomainName, [&](const WtsBuffer &buffer) { record.domain = buffer.text(); });
        query(WTSWinStationName, [&](const WtsBuffer &buffer) { record.station = buffer.text(); });
    }
    query(WTSClientInfo, [&](const WtsBuffer &buffer) {
        const auto *client = buffer.as<WTSCLIENTW>();
        if (!client)
            return;
        record.clientName = fixedText(client->ClientName);
        record.clientDomain = fixedText(client->Domain);
        record.clientUser = fixedText(client->UserName);
        record.workingDirectory = fixedText(client->WorkDirectory);
        record.initialProgram = fixedText(client->InitialProgram);
        record.clientDirectory = fixedText(client->ClientDirectory);
        record.encryptionLevel = client->EncryptionLevel;
        // IPv4 comes as text here (see WTSCLIENTW); WTSClientAddress below gives every family.
        if (client->ClientAddressFamily == FamilyInet) {
            for (const USHORT unit : client->ClientAddress) {
                if (unit == 0)
                    break;
                record.clientAddress += static_cast<wchar_t>(unit);
            }
        }
        record.displayWidth = client->HRes;
        record.displayHeight = client->VRes;
        record.colorDepthBits = colorDepthBits(client->ColorDepth);
        if (client->ClientBuildNumber != 0)
            record.clientBuild = client->ClientBuildNumber;
        record.clientProductId = client->ClientProductId;
        record.clientHardwareId = client->ClientHardwareId;
    });
    query(WTSClientName, [&](const WtsBuffer &buffer) {
        if (const std::wstring name = buffer.text(); !name.empty())
            record.clientName = name;
    });
    query(WTSClientAddress, [&](const WtsBuffer &buffer) {
        if (const auto *address = buffer.as<WTS_CLIENT_ADDRESS>()) {
            if (const std::wstring text = formatClientAddress(*address); !text.empty())
                record.clientAddress = text;
        }
    });
    query(WTSClientDisplay, [&](const WtsBuffer &buffer) {
        if (const auto *display = buffer.as<WTS_CLIENT_DISPLAY>(); display && display->HorizontalResolution > 0) {
            record.displayWidth = display->HorizontalResolution;
            record.displayHeight = display->VerticalResolution;
            record.colorDepthBits = colorDepthBits(display->ColorDepth);
        }
    });
    query(WTSClientProtocolType, [&](const WtsBuffer &buffer) {
        if (const auto *protocol = buffer.as<USHORT>(); protocol && *protocol <= 2)
            record.protocol = static_cast<WtsProtocol>(*protocol);
    });
    query(WTSClientBuildNumber, [&](const WtsBuffer &buffer) {
        if (const auto *build = buffer.as<ULONG>(); build && *build != 0)
            record.clientBuild = *build;
    });
    // What the server runs, which policy may set over what the client asked for.
    query(WTSInitialProgram, [&](const WtsBuffer &buffer) {
        if (const std::wstring program = buffer.text(); !program.empty())
            record.initialProgram = program;
    });
    query(WTSWorkingDirectory, [&](const WtsBuffer &buffer) {
        if (const std::wstring directory = buffer.text(); !directory.empty())
            record.workingDirectory = directory;
    });
    if (failure)
        return std::move(*failure);
    return record;
}
