#include "WtsSessionReader.h"

#include "WtsBuffer.h"
#include "WtsClientAddress.h"

namespace {

WtsState toState(WTS_CONNECTSTATE_CLASS state)
{
    const int value = static_cast<int>(state);
    return value >= 0 && value <= static_cast<int>(WTSInit) ? static_cast<WtsState>(value) : WtsState::Init;
}

bool isGone(const WtsError &error)
{
    return error.category == WtsError::Category::AlreadyGone;
}

} // namespace

WtsSessionReader::WtsSessionReader(const WtsServer &server)
    : m_server(server)
{}

WtsEnumeration WtsSessionReader::enumerate() const
{
    WtsEnumeration result;
    WtsError exError;
    auto sessions = listLevel1(exError);
    if (!sessions) {
        if (!exError.mayWorkWithOlderCall()) {
            result.error = exError;
            return result;
        }
        WtsError error;
        sessions = listLevel0(error);
        if (!sessions) {
            result.error = error.code != 0 || exError.code == 0 ? error : exError;
            return result;
        }
    }

    const std::optional<std::uint32_t> own = ownSessionId();
    result.sessions.reserve(sessions->size());
    for (WtsSessionRecord &record : *sessions) {
        if (!addDetails(record))
            continue;
        record.own = own && *own == record.id;
        result.sessions.push_back(std::move(record));
    }
    return result;
}

std::optional<std::uint32_t> WtsSessionReader::ownSessionId() const
{
    if (!m_server.isLocal())
        return std::nullopt;
    DWORD sessionId = 0;
    if (!m_server.api().processIdToSessionId(GetCurrentProcessId(), &sessionId))
        return std::nullopt;
    return sessionId;
}

std::optional<std::vector<WtsSessionRecord>> WtsSessionReader::listLevel1(WtsError &error) const
{
    const WtsApi &api = m_server.api();
    DWORD level = 1;
    PWTS_SESSION_INFO_1W sessions = nullptr;
    DWORD count = 0;
    SetLastError(ERROR_SUCCESS);
    if (!api.enumerateSessionsEx(m_server.handle(), &level, 0, &sessions, &count)) {
        error = WtsError::fromLastError(WtsAction::Enumerate, L"WTSEnumerateSessionsExW");
        return std::nullopt;
    }
    const WtsBuffer owner(api, sessions, WTSTypeSessionInfoLevel1, count);

    std::vector<WtsSessionRecord> records;
    records.reserve(count);
    for (DWORD i = 0; i < count && sessions != nullptr; ++i) {
        const WTS_SESSION_INFO_1W &info = sessions[i];
        WtsSessionRecord record;
        record.id = info.SessionId;
        record.state = toState(info.State);
        record.station = pointedText(info.pSessionName);
        record.user = pointedText(info.pUserName);
        record.domain = pointedText(info.pDomainName);
        records.push_back(std::move(record));
    }
    return records;
}

std::optional<std::vector<WtsSessionRecord>> WtsSessionReader::listLevel0(WtsError &error) const
{
    const WtsApi &api = m_server.api();
    PWTS_SESSION_INFOW sessions = nullptr;
    DWORD count = 0;
    SetLastError(ERROR_SUCCESS);
    if (!api.enumerateSessions(m_server.handle(), 0, 1, &sessions, &count)) {
        error = WtsError::fromLastError(WtsAction::Enumerate, L"WTSEnumerateSessionsW");
        return std::nullopt;
    }
    const WtsBuffer owner(api, sessions, static_cast<DWORD>(count * sizeof(WTS_SESSION_INFOW)));

    std::vector<WtsSessionRecord> records;
    records.reserve(count);
    for (DWORD i = 0; i < count && sessions != nullptr; ++i) {
        WtsSessionRecord record;
        record.id = sessions[i].SessionId;
        record.state = toState(sessions[i].State);
        record.station = pointedText(sessions[i].pWinStationName);
        records.push_back(std::move(record));
    }
    return records;
}

bool WtsSessionReader::addDetails(WtsSessionRecord &record) const
{
    auto answer = m_server.query(record.id, WTSSessionInfo, WtsAction::Query);
    if (const auto *error = std::get_if<WtsError>(&answer)) {
        if (isGone(*error))
            return false;
    } else if (const auto *info = std::get<WtsBuffer>(answer).as<WTSINFOW>()) {
        // Level 0 enumeration names no user: WTSINFOW does.
        if (record.user.empty())
            record.user = fixedText(info->UserName);
        if (record.domain.empty())
            record.domain = fixedText(info->Domain);
        if (record.station.empty())
            record.station = fixedText(info->WinStationName);
        record.logonTime = info->LogonTime.QuadPart;
        record.connectTime = info->ConnectTime.QuadPart;
        record.disconnectTime = info->DisconnectTime.QuadPart;
        record.lastInputTime = info->LastInputTime.QuadPart;
        if (info->LastInputTime.QuadPart > 0 && info->CurrentTime.QuadPart >= info->LastInputTime.QuadPart)
            record.idleTicks = info->CurrentTime.QuadPart - info->LastInputTime.QuadPart;
    }

    // Services and listeners have no client to ask about.
    if (record.canLogoff())
        addClientDetails(record);
    return true;
}

void WtsSessionReader::addClientDetails(WtsSessionRecord &record) const
{
    if (auto answer = m_server.query(record.id, WTSClientName, WtsAction::Query);
        std::holds_alternative<WtsBuffer>(answer)) {
        record.clientName = std::get<WtsBuffer>(answer).text();
    }
    if (auto answer = m_server.query(record.id, WTSClientAddress, WtsAction::Query);
        std::holds_alternative<WtsBuffer>(answer)) {
        if (const auto *address = std::get<WtsBuffer>(answer).as<WTS_CLIENT_ADDRESS>())
            record.clientAddress = formatClientAddress(*address);
    }
    if (auto answer = m_server.query(record.id, WTSClientProtocolType, WtsAction::Query);
        std::holds_alternative<WtsBuffer>(answer)) {
        if (const auto *protocol = std::get<WtsBuffer>(answer).as<USHORT>(); protocol && *protocol <= 2)
            record.protocol = static_cast<WtsProtocol>(*protocol);
    }
    if (auto answer = m_server.query(record.id, WTSClientDisplay, WtsAction::Query);
        std::holds_alternative<WtsBuffer>(answer)) {
        if (const auto *display = std::get<WtsBuffer>(answer).as<WTS_CLIENT_DISPLAY>()) {
            record.displayWidth = display->HorizontalResolution;
            record.displayHeight = display->VerticalResolution;
            record.colorDepth = display->ColorDepth;
        }
    }
}
