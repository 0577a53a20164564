#include "WtsSource.h"

#include "RemoteDesktopDetails.h"
#include "WtsAccountNames.h"
#include "WtsDetailsReader.h"
#include "WtsProcessControl.h"
#include "WtsProcessReader.h"
#include "WtsServer.h"
#include "WtsSessionControl.h"
#include "WtsSessionError.h"
#include "WtsSessionReader.h"

#include <QTimeZone>

#include <cstdint>
#include <optional>

// windows.h defines SendMessage as SendMessageW; SessionSource's enum and method use the name.
#undef SendMessage

namespace {

constexpr std::int64_t TicksPerMSec = 10000; // FILETIME ticks are 100 ns
constexpr double TicksPerSecond = 1e7;
constexpr std::int64_t UnixEpochInFileTimeMSecs = 11644473600000; // 1601-01-01 to 1970-01-01

// WtsSessionControl's actions return nullopt on success.
ActionResult toActionResult(const std::optional<WtsError> &error)
{
    if (!error)
        return {};
    return toSessionError(*error);
}

Session::State toState(WtsState state)
{
    switch (state) {
    case WtsState::Active:
        return Session::State::Active;
    case WtsState::Connected:
        return Session::State::Connected;
    case WtsState::Disconnected:
        return Session::State::Disconnected;
    case WtsState::Idle:
        return Session::State::Idle;
    case WtsState::Listen:
        return Session::State::Listening;
    case WtsState::Down:
    case WtsState::Reset:
        return Session::State::Closing;
    case WtsState::ConnectQuery:
    case WtsState::Shadow:
    case WtsState::Init:
        break;
    }
    return Session::State::Other;
}

QString serviceName(WtsProtocol protocol)
{
    switch (protocol) {
    case WtsProtocol::Console:
        return QStringLiteral("Console");
    case WtsProtocol::Ica:
        return QStringLiteral("ICA");
    case WtsProtocol::Rdp:
        return QStringLiteral("RDP");
    case WtsProtocol::Unknown:
        break;
    }
    return {};
}

QDateTime fromFileTime(std::int64_t ticks)
{
    if (ticks <= 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(ticks / TicksPerMSec - UnixEpochInFileTimeMSecs, QTimeZone::utc());
}

Session toSession(const WtsSessionRecord &record, const QString &server, const QDateTime &now)
{
    Session session;
    session.server = server;
    session.id = QString::number(record.id);
    session.user = QString::fromStdWString(record.user);
    session.domain = QString::fromStdWString(record.domain);
    session.state = toState(record.state);
    session.rawState = QString::fromStdWString(std::wstring(wtsStateName(record.state)));
    session.station = QString::fromStdWString(record.station);
    session.clientName = QString::fromStdWString(record.clientName);
    session.clientAddress = QString::fromStdWString(record.clientAddress);
    session.remote = record.protocol == WtsProtocol::Rdp || record.protocol == WtsProtocol::Ica;
    session.service = serviceName(record.protocol);
    session.logonTime = fromFileTime(record.logonTime);
    session.connectTime = fromFileTime(record.connectTime);
    session.disconnectTime = fromFileTime(record.disconnectTime);
    // The idle span comes from the server's own clock; anchoring it to ours avoids clock skew.
    if (record.idleTicks)
        session.idleSince = now.addMSecs(-(*record.idleTicks / TicksPerMSec));
    session.own = record.own;
    return session;
}

SessionProcess toProcess(const WtsProcessRecord &record, const QString &server)
{
    SessionProcess process;
    process.server = server;
    process.sessionId = QString::number(record.sessionId);
    process.pid = record.pid;
    process.name = QString::fromStdWString(record.name);
    process.user = QString::fromStdWString(record.user);
    if (record.threads)
        process.threads = *record.threads;
    if (record.handles)
        process.handles = *record.handles;
    if (record.workingSetBytes)
        process.memoryBytes = static_cast<qint64>(*record.workingSetBytes);
    if (record.cpuTicks)
        process.cpuSeconds = static_cast<double>(*record.cpuTicks) / TicksPerSecond;
    return process;
}

// WTS session ids are unsigned 32-bit numbers; WTS_CURRENT_SESSION is not one but "the
// caller's own", which SessionSource refuses before a backend sees it, and so does this.
std::optional<std::uint32_t> parseId(const QString &id)
{
    bool ok = false;
    const uint value = id.toUInt(&ok);
    if (!ok || value == WTS_CURRENT_SESSION)
        return std::nullopt;
    return static_cast<std::uint32_t>(value);
}

// The check of the logon `target` names, for WtsSessionControl to run just before it acts.
WtsIdentityCheck identityCheck(const SessionRef &target)
{
    if (target.isPlainId())
        return {};
    return [target](const WtsIdentity &now) -> std::optional<WtsError> {
        const Result<void> same = target.verify(QString::fromStdWString(now.user), fromFileTime(now.logonTime));
        if (same)
            return std::nullopt;
        return WtsError{WtsError::Category::Changed, 0, same.error().message.toStdWString()};
    };
}

SessionError badId(const QString &id)
{
    return SessionError{SessionError::Category::Other,
                        0,
                        {},
                        WtsSource::tr("\"%1\" is not a Windows session id").arg(id)};
}

// The server handle for `address`, or why there is none.
Result<WtsServer> openServer(const ServerAddress &address)
{
    std::wstring host;
    switch (address.kind()) {
    case ServerAddress::Kind::Local:
        break;
    case ServerAddress::Kind::Remote:
        host = address.host().toStdWString();
        break;
    case ServerAddress::Kind::Invalid:
    case ServerAddress::Kind::DBus:
    case ServerAddress::Kind::Demo:
        return SessionError{SessionError::Category::NotSupported,
                            0,
                            {},
                            WtsSource::tr("%1 is not a Windows server").arg(address.toString())};
    }
    auto opened = WtsServer::open(WtsApi::system(), host);
    if (auto *error = std::get_if<WtsError>(&opened))
        return toSessionError(*error);
    return std::move(std::get<WtsServer>(opened));
}

QString optionalNumber(const std::optional<std::uint32_t> &number)
{
    return number ? QString::number(*number) : QString();
}

RemoteDesktopDetails remoteDesktopDetails(const WtsDetailsRecord &record)
{
    RemoteDesktopDetails d;
    d.sessionId = QString::number(record.id);
    d.user = QString::fromStdWString(record.user);
    d.domain = QString::fromStdWString(record.domain);
    if (record.state)
        d.state = QString::fromStdWString(std::wstring(wtsStateName(*record.state)));
    d.station = QString::fromStdWString(record.station);
    d.protocol = serviceName(record.protocol);
    d.clientName = QString::fromStdWString(record.clientName);
    d.clientDomain = QString::fromStdWString(record.clientDomain);
    d.clientUser = QString::fromStdWString(record.clientUser);
    d.clientAddress = QString::fromStdWString(record.clientAddress);
    d.clientBuild = optionalNumber(record.clientBuild);
    d.clientDirectory = QString::fromStdWString(record.clientDirectory);
    d.clientProductId = optionalNumber(record.clientProductId);
    d.clientHardwareId = optionalNumber(record.clientHardwareId);
    d.horizontalResolution = static_cast<int>(record.displayWidth);
    d.verticalResolution = static_cast<int>(record.displayHeight);
    d.colorDepthBits = static_cast<int>(record.colorDepthBits);
    // WTSCLIENTW documents the level only as a number: it is shown as the server gives it.
    d.encryptionLevel = optionalNumber(record.encryptionLevel);
    d.initialProgram = QString::fromStdWString(record.initialProgram);
    d.workingDirectory = QString::fromStdWString(record.workingDirectory);
    d.logonTime = fromFileTime(record.logonTime);
    d.connectTime = fromFileTime(record.connectTime);
    d.disconnectTime = fromFileTime(record.disconnectTime);
    d.lastInputTime = fromFileTime(record.lastInputTime);
    return d;
}

// An open server and the session an action is about.
struct Target
{
    WtsServer server;
    std::uint32_t sessionId;
};

// The server handle and session id for an action on `id`, or why there are none.
Result<Target> openTarget(const ServerAddress &address, const QString &id)
{
    const auto sessionId = parseId(id);
    if (!sessionId)
        return badId(id);
    Result<WtsServer> opened = openServer(address);
    if (!opened)
        return opened.error();
    return Target{std::move(opened).value(), *sessionId};
}

} // namespace

WtsSource::WtsSource(ServerAddress address)
    : SessionSource(std::move(address))
    , m_accountNames(std::make_unique<WtsAccountNames>())
{}

WtsSource::~WtsSource() = default;

SessionSource::Capabilities WtsSource::capabilities() const
{
    return Capability::Enumerate | Capability::Logoff | Capability::Disconnect | Capability::SendMessage
           | Capability::ListProcesses | Capability::EndProcess | Capability::Details;
}

EnumerateResult WtsSource::enumerate()
{
    const Result<WtsServer> opened = openServer(address());
    if (!opened)
        return opened.error();

    const WtsEnumeration enumeration = WtsSessionReader(opened.value()).enumerate();
    if (!enumeration.ok())
        return toSessionError(*enumeration.error);

    const QString server = address().toString();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<Session> sessions;
    sessions.reserve(static_cast<qsizetype>(enumeration.sessions.size()));
    for (const WtsSessionRecord &record : enumeration.sessions)
        sessions.append(toSession(record, server, now));
    return sessions;
}

ActionResult WtsSource::doLogoff(const SessionRef &target, bool wait, Timeout timeout)
{
    const Result<Target> opened = openTarget(address(), target.id);
    if (!opened)
        return opened.error();
    const auto &[server, sessionId] = opened.value();
    return toActionResult(WtsSessionControl(server).logoff(sessionId, identityCheck(target), wait, timeout));
}

ActionResult WtsSource::doDisconnect(const SessionRef &target, bool wait, Timeout timeout)
{
    const Result<Target> opened = openTarget(address(), target.id);
    if (!opened)
        return opened.error();
    const auto &[server, sessionId] = opened.value();
    return toActionResult(WtsSessionControl(server).disconnect(sessionId, identityCheck(target), wait, timeout));
}

ActionResult WtsSource::doSendMessage(const SessionRef &target, const QString &title, const QString &text, bool wait,
                                      Timeout timeout)
{
    const Result<Target> opened = openTarget(address(), target.id);
    if (!opened)
        return opened.error();
    const auto &[server, sessionId] = opened.value();
    return toActionResult(WtsSessionControl(server).sendMessage(sessionId, identityCheck(target), title.toStdWString(),
                                                                text.toStdWString(), wait, timeout));
}

ProcessesResult WtsSource::doProcesses(const std::optional<SessionRef> &session, Timeout)
{
    std::optional<std::uint32_t> sessionId;
    if (session) {
        sessionId = parseId(session->id);
        if (!sessionId)
            return badId(session->id);
    }
    const Result<WtsServer> opened = openServer(address());
    if (!opened)
        return opened.error();
    const WtsServer &server = opened.value();

    auto listed = WtsProcessReader(server).list(sessionId, *m_accountNames);
    if (const auto *error = std::get_if<WtsError>(&listed))
        return toSessionError(*error);
    const auto &records = std::get<WtsProcessReader::Processes>(listed);
    if (session) {
        const WtsSessionControl control(server);
        if (const auto refused = control.checkIdentity(*sessionId, identityCheck(*session)))
            return toSessionError(*refused);
        // A plain id is not read above: a session without processes may be no session at all.
        // Where its presence cannot be read (Wine), the empty list stands.
        if (records.empty() && session->isPlainId()) {
            const auto present = control.isPresent(*sessionId);
            if (const bool *known = std::get_if<bool>(&present); known && !*known) {
                return SessionError{SessionError::Category::AlreadyGone,
                                    0,
                                    {},
                                    tr("Session %1 does not exist on %2").arg(session->id, address().displayName())};
            }
        }
    }

    const QString serverName = address().toString();
    QList<SessionProcess> processes;
    processes.reserve(static_cast<qsizetype>(records.size()));
    for (const WtsProcessRecord &record : records)
        processes.append(toProcess(record, serverName));
    return processes;
}

ActionResult WtsSource::doEndProcess(const ProcessRef &target, Timeout)
{
    // An empty session id names no session to check.
    std::optional<std::uint32_t> sessionId;
    if (!target.session.id.isEmpty()) {
        sessionId = parseId(target.session.id);
        if (!sessionId)
            return badId(target.session.id);
    }
    const Result<WtsServer> opened = openServer(address());
    if (!opened)
        return opened.error();
    const WtsProcessTarget process{target.pid, target.name.toStdWString(), sessionId};
    return toActionResult(WtsProcessControl(opened.value()).terminate(process, identityCheck(target.session)));
}

DetailsResult WtsSource::doDetails(const SessionRef &target, Timeout)
{
    const Result<Target> opened = openTarget(address(), target.id);
    if (!opened)
        return opened.error();
    const auto &[server, sessionId] = opened.value();
    auto read = WtsDetailsReader(server).read(sessionId, identityCheck(target));
    if (const auto *error = std::get_if<WtsError>(&read))
        return toSessionError(*error);
    return remoteDesktopDetails(std::get<WtsDetailsRecord>(read)).toDetails();
}
