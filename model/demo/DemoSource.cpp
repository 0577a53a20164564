#include "DemoSource.h"

#include "LinuxSignal.h"
#include "RemoteDesktopDetails.h"

#include <QHashFunctions>
#include <QThread>
#include <QTimeZone>

#include <algorithm>
#include <array>
#include <cmath>
#include <span>
#include <utility>

namespace {

constexpr std::array Users{
    "jsmith",     "mgarcia",   "achen",   "pkowalski",  "snguyen",   "rpatel",     "lmartin", "dmueller",
    "kjohansson", "tnakamura", "ebrown",  "fdubois",    "hkim",      "ivanova",    "obrien",  "cmoreau",
    "bwilson",    "zahmed",    "grossi",  "nlarsen",    "ysato",     "wtaylor",    "vsilva",  "ulopez",
    "qzhang",     "amorgan",   "jrivera", "svc_backup", "sqlreport", "helpdesk01",
};

constexpr std::array ClientPrefixes{"WS", "LT", "THIN", "MAC", "PC"};

} // namespace

// Whom a demo program runs as.
enum class DemoAccount { System, LocalService, NetworkService, WindowManager, FontDriver, User };

struct DemoProgram
{
    const char *name;
    const char *commandLine;
    DemoAccount account;
    int memoryMiB;
    int threads;
    int handles;
    double cpuShare;   // of one core, on average
    int copies;        // up to this many at once
    bool withPrevious; // an application's helper, started with the program before it
};

namespace {

using enum DemoAccount;

// Session 0 on a Windows Server 2022 RD Session Host.
constexpr std::array<DemoProgram, 20> ServicePrograms{{
    {"System", "", System, 1, 190, 4200, 0.02, 1, false},
    {"Registry", "", System, 70, 4, 0, 0.0005, 1, false},
    {"smss.exe", "\\SystemRoot\\System32\\smss.exe", System, 1, 2, 53, 0.00001, 1, false},
    {"csrss.exe",
     "%SystemRoot%\\system32\\csrss.exe ObjectDirectory=\\Windows SharedSection=1024,20480,768 Windows=On "
     "SubSystemType=Windows ServerDll=basesrv,1 ServerDll=winsrv:UserServerDllInitialization,3 ServerDll=sxssrv,4 "
     "ProfileControl=Off MaxRequestThreads=16",
     System, 5, 12, 620, 0.0008, 1, false},
    {"wininit.exe", "wininit.exe", System, 7, 2, 165, 0.00002, 1, false},
    {"services.exe", "C:\\Windows\\system32\\services.exe", System, 11, 8, 760, 0.002, 1, false},
    {"lsass.exe", "C:\\Windows\\system32\\lsass.exe", System, 26, 10, 1600, 0.004, 1, false},
    {"svchost.exe", "C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p", System, 24, 18, 1450, 0.002, 1, false},
    {"svchost.exe", "C:\\Windows\\system32\\svchost.exe -k RPCSS -p", NetworkService, 12, 10, 1250, 0.001, 1, false},
    {"svchost.exe", "C:\\Windows\\System32\\svchost.exe -k termsvcs", NetworkService, 34, 42, 1900, 0.006, 1, false},
    {"svchost.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule", System, 14, 11, 520, 0.001, 1,
     false},
    {"svchost.exe", "C:\\Windows\\system32\\svchost.exe -k LocalServiceNetworkRestricted -p -s EventLog", LocalService,
     21, 14, 640, 0.001, 1, false},
    {"svchost.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Winmgmt", System, 18, 12, 700, 0.002, 1, false},
    {"svchost.exe", "C:\\Windows\\System32\\svchost.exe -k NetworkService -p -s Dnscache", NetworkService, 10, 6, 310,
     0.0004, 1, false},
    {"svchost.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s ProfSvc", System, 13, 9, 420, 0.0006, 1, false},
    {"spoolsv.exe", "C:\\Windows\\System32\\spoolsv.exe", System, 17, 10, 520, 0.001, 1, false},
    {"MsMpEng.exe", "\"C:\\ProgramData\\Microsoft\\Windows Defender\\platform\\4.18.24090.11-0\\MsMpEng.exe\"", System,
     230, 40, 920, 0.03, 1, false},
    {"WmiPrvSE.exe", "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding", NetworkService, 14, 8, 300, 0.003,
     2, false},
    {"vmtoolsd.exe", "\"C:\\Program Files\\VMware\\VMware Tools\\vmtoolsd.exe\"", System, 23, 12, 360, 0.002, 1, false},
    {"TSGateway.exe", "C:\\Windows\\System32\\tsgateway.exe -k gateway", NetworkService, 19, 16, 480, 0.002, 1, false},
}};

// What every user's session runs: its logon process first (the leader), then the shell.
constexpr std::array<DemoProgram, 15> SessionPrograms{{
    {"winlogon.exe", "winlogon.exe", System, 12, 5, 290, 0.0002, 1, false},
    {"csrss.exe",
     "%SystemRoot%\\system32\\csrss.exe ObjectDirectory=\\Windows SharedSection=1024,20480,768 Windows=On "
     "SubSystemType=Windows ServerDll=basesrv,1 ServerDll=winsrv:UserServerDllInitialization,3 ServerDll=sxssrv,4 "
     "ProfileControl=Off MaxRequestThreads=16",
     System, 6, 13, 540, 0.001, 1, false},
    {"fontdrvhost.exe", "\"fontdrvhost.exe\"", FontDriver, 4, 5, 40, 0.00005, 1, false},
    {"dwm.exe", "\"dwm.exe\"", WindowManager, 60, 16, 1100, 0.006, 1, false},
    {"rdpclip.exe", "rdpclip", User, 9, 10, 330, 0.0003, 1, false},
    {"sihost.exe", "sihost.exe", User, 26, 12, 620, 0.0006, 1, false},
    {"svchost.exe", "C:\\Windows\\system32\\svchost.exe -k UnistackSvcGroup -s CDPUserSvc", User, 14, 9, 400, 0.0003, 1,
     false},
    {"taskhostw.exe", "taskhostw.exe {222A245B-E637-4AE9-A93F-A59CA119A75E}", User, 12, 10, 310, 0.0002, 1, false},
    {"ctfmon.exe", "\"ctfmon.exe\"", User, 11, 10, 480, 0.0004, 1, false},
    {"explorer.exe", "C:\\Windows\\Explorer.EXE", User, 110, 70, 2600, 0.004, 1, false},
    {"StartMenuExperienceHost.exe",
     "\"C:\\Windows\\SystemApps\\Microsoft.Windows.StartMenuExperienceHost_cw5n1h2txyewy\\"
     "StartMenuExperienceHost.exe\" -ServerName:App.AppXywbrabmsek0gm3tkwpr5kwzbs55tkqay.mca",
     User, 55, 18, 760, 0.0005, 1, false},
    {"SearchHost.exe",
     "\"C:\\Windows\\SystemApps\\MicrosoftWindows.Client.CBS_cw5n1h2txyewy\\SearchHost.exe\" "
     "-ServerName:CortanaUI.AppX8z9r6jm96hw4bsbneegw0kyxx296wr9t.mca",
     User, 90, 30, 1100, 0.0008, 1, false},
    {"RuntimeBroker.exe", "C:\\Windows\\System32\\RuntimeBroker.exe -Embedding", User, 16, 6, 290, 0.0002, 3, false},
    {"TextInputHost.exe",
     "\"C:\\Windows\\SystemApps\\MicrosoftWindows.Client.CBS_cw5n1h2txyewy\\TextInputHost.exe\" "
     "-ServerName:InputApp.AppXk0k6mrh4r2q0ct33a9wgbez0x7v9cz5y.mca",
     User, 30, 14, 520, 0.0002, 1, false},
    {"rdpinput.exe", "rdpinput.exe", User, 5, 4, 130, 0.0001, 1, false},
}};

// What users start and end: the first program of each application, then its helpers.
constexpr std::array<DemoProgram, 18> ApplicationPrograms{{
    {"EXCEL.EXE", "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE\"", User, 190, 40, 1500, 0.03, 1,
     false},
    {"WINWORD.EXE", "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE\" /n", User, 160, 36, 1300,
     0.01, 1, false},
    {"OUTLOOK.EXE", "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE\"", User, 260, 60, 2900, 0.02,
     1, false},
    {"chrome.exe", "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\"", User, 150, 45, 1700, 0.02, 1,
     false},
    {"chrome.exe",
     "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --type=renderer --lang=en-US "
     "--renderer-client-id=7 --mojo-platform-channel-handle=3680 /prefetch:1",
     User, 120, 18, 300, 0.015, 9, true},
    {"chrome.exe",
     "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --type=gpu-process "
     "--gpu-preferences=UAAAAAAAAADgAAAYAAAAAAAAAAAAAAAAAABgAAAAAAAwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA /prefetch:2",
     User, 90, 16, 420, 0.01, 1, true},
    {"msedge.exe", "\"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe\"", User, 130, 45, 1600, 0.015,
     1, false},
    {"msedge.exe",
     "\"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe\" --type=renderer "
     "--lang=en-US --renderer-client-id=5 /prefetch:1",
     User, 100, 17, 280, 0.01, 6, true},
    {"ms-teams.exe",
     "\"C:\\Program Files\\WindowsApps\\MSTeams_24295.605.3225.8804_x64__8wekyb3d8bbwe\\"
     "ms-teams.exe\"",
     User, 180, 50, 1400, 0.02, 1, false},
    {"msedgewebview2.exe",
     "\"C:\\Program Files (x86)\\Microsoft\\EdgeWebView\\Application\\130.0.2849.80\\msedgewebview2.exe\" "
     "--embedded-browser-webview=1 --webview-exe-name=ms-teams.exe",
     User, 110, 30, 700, 0.015, 4, true},
    {"notepad.exe", "\"C:\\Windows\\system32\\notepad.exe\" \\\\fs01\\share\\notes.txt", User, 14, 4, 240, 0.0002, 1,
     false},
    {"Acrobat.exe", "\"C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe\"", User, 210, 38, 1200, 0.008, 1,
     false},
    {"saplogon.exe", "\"C:\\Program Files (x86)\\SAP\\FrontEnd\\SAPgui\\saplogon.exe\"", User, 95, 26, 900, 0.004, 1,
     false},
    {"powershell.exe", "\"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\"", User, 80, 20, 650, 0.003,
     1, false},
    {"conhost.exe", "\\??\\C:\\Windows\\system32\\conhost.exe 0x4", User, 12, 5, 230, 0.0005, 1, true},
    {"mstsc.exe", "\"C:\\Windows\\system32\\mstsc.exe\" /v:app02.corp.example", User, 60, 22, 800, 0.006, 1, false},
    {"Code.exe", "\"C:\\Users\\Public\\Programs\\Microsoft VS Code\\Code.exe\"", User, 170, 40, 900, 0.01, 1, false},
    {"Code.exe",
     "\"C:\\Users\\Public\\Programs\\Microsoft VS Code\\Code.exe\" --type=utility "
     "--utility-sub-type=node.mojom.NodeService",
     User, 120, 22, 400, 0.01, 3, true},
}};

// A user's session keeps to a few dozen processes.
constexpr int MaxProcessesPerSession = 45;
// The pids a session's first processes are numbered from: room for 128 in steps of up to 16.
constexpr quint32 PidsPerSession = 128 * 16;

// The texts of a program, made once and shared by all its processes.
struct ProgramTexts
{
    QString name;
    QString commandLine;

    static const ProgramTexts &of(const DemoProgram &program)
    {
        static const QHash<const DemoProgram *, ProgramTexts> texts = [] {
            QHash<const DemoProgram *, ProgramTexts> made;
            for (const auto programs :
                 {std::span<const DemoProgram>(ServicePrograms), std::span<const DemoProgram>(SessionPrograms),
                  std::span<const DemoProgram>(ApplicationPrograms)}) {
                for (const DemoProgram &p : programs)
                    made.insert(&p, {QString::fromLatin1(p.name), QString::fromLatin1(p.commandLine)});
            }
            return made;
        }();
        return *texts.find(&program);
    }
};

// The texts and codes of the Windows errors a real RD Session Host would give.
SessionError accessDenied(const QString &what)
{
    return {SessionError::Category::AccessDenied,
            5,
            {},
            DemoSource::tr("%1: Access is denied. (%1 needs the Reset permission)").arg(what)};
}

SessionError timedOut(SessionSource::Timeout timeout)
{
    return {SessionError::Category::Timeout,
            1460,
            {},
            DemoSource::tr("No answer within %n ms.", nullptr, int(timeout.count()))};
}

SessionError rpcUnavailable()
{
    return {SessionError::Category::Unreachable, 1722, {}, DemoSource::tr("The RPC server is unavailable.")};
}

SessionError alreadyGone()
{
    return {SessionError::Category::AlreadyGone, 7022, {}, DemoSource::tr("The specified session cannot be found.")};
}

// Where the farm's first logons are placed in time: the start of the UTC day rather than
// this instant, so that every process simulating the farm agrees on them, and a ref that
// one sessionctl run listed names the same logon in the next.
QDateTime farmEpoch()
{
    return QDateTime(QDateTime::currentDateTimeUtc().date(), QTime(0, 0), QTimeZone::utc());
}

quint64 seedOf(const ServerAddress &address)
{
    const quint64 seed = address.demoOptions().seed;
    return seed != 0 ? seed : qHash(address.demoName(), 0);
}

SessionError processGone(quint32 pid)
{
    return {SessionError::Category::AlreadyGone, 0, {}, DemoSource::tr("Process %1 has already ended.").arg(pid)};
}

// FNV-1a: the same in every process, where qHash may be seeded per process.
quint64 stableHash(const QString &text)
{
    quint64 hash = 14695981039346656037ULL;
    for (const QChar c : text) {
        hash ^= c.unicode();
        hash *= 1099511628211ULL;
    }
    return hash;
}

// The client a session connected from, as an RD Session Host reports it: drawn from the
// session's server, id and logon, so that every call gives the same.
RemoteDesktopDetails demoDetails(const Session &s)
{
    RemoteDesktopDetails d;
    d.sessionId = s.id;
    d.user = s.user;
    d.domain = s.domain;
    d.state = s.rawState;
    d.station = s.station;
    d.logonTime = s.logonTime;
    d.connectTime = s.connectTime;
    d.disconnectTime = s.disconnectTime;
    if (s.id.toInt() == DemoSource::ServicesSessionId || s.state == Session::State::Listening) {
        d.protocol = s.state == Session::State::Listening ? s.service : DemoSource::tr("Console");
        return d;
    }
    d.lastInputTime = s.idleSince;
    d.protocol = s.service;
    d.clientName = s.clientName;
    d.clientAddress = s.clientAddress;
    d.clientDomain = s.domain;
    d.clientUser = s.user;
    std::mt19937_64 random(stableHash(s.server + u' ' + s.id + u' ' + QString::number(s.logonTime.toMSecsSinceEpoch())));
    const auto pick = [&random](int n) { return int(random() % quint64(n)); };
    static constexpr std::array Builds{26100, 22631, 22621, 19045, 17763, 14393};
    static constexpr std::array<std::pair<int, int>, 6> Displays{
        {{1920, 1080}, {2560, 1440}, {1366, 768}, {1680, 1050}, {3840, 2160}, {1280, 1024}}};
    static constexpr std::array ColorDepths{32, 32, 32, 24, 16};
    d.clientBuild = QString::number(Builds[size_t(pick(int(Builds.size())))]);
    d.clientDirectory = QStringLiteral("C:\\WINDOWS\\System32\\mstscax.dll");
    d.clientProductId = QStringLiteral("1");
    d.clientHardwareId = QStringLiteral("0");
    const auto [width, height] = Displays[size_t(pick(int(Displays.size())))];
    d.horizontalResolution = width;
    d.verticalResolution = height;
    d.colorDepthBits = ColorDepths[size_t(pick(int(ColorDepths.size())))];
    d.encryptionLevel = pick(5) == 0 ? DemoSource::tr("Client compatible") : DemoSource::tr("High");
    // One session in six is a published application (RemoteApp), started through rdpinit.
    if (pick(6) == 0) {
        d.initialProgram = QStringLiteral("rdpinit.exe");
        d.workingDirectory = QStringLiteral("C:\\Windows\\System32");
    } else {
        d.workingDirectory = QStringLiteral("C:\\Users\\") + s.user;
    }
    return d;
}

QString localUser()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    return user.isEmpty() ? QStringLiteral("admin") : user;
}

} // namespace

DemoSource::DemoSource(ServerAddress address)
    : SessionSource(std::move(address))
    , m_options(this->address().demoOptions())
    , m_failPercent(m_options.failPercent)
    , m_random(seedOf(this->address()))
    , m_processRandom(seedOf(this->address()) ^ 0x70726f6365737365ULL)
{
    const QDateTime boot = farmEpoch().addDays(-9);
    Session services;
    services.server = this->address().toString();
    services.id = QString::number(ServicesSessionId);
    services.station = QStringLiteral("Services");
    services.state = Session::State::Disconnected;
    services.rawState = QStringLiteral("WTSDisconnected");
    services.logonTime = boot;
    m_entries.append(Entry(services));
    reservePrograms(m_entries.last());

    for (int i = 0; i < m_options.sessions; ++i)
        m_entries.append(makeEntry(freeId(), true));

    Session listener;
    listener.server = services.server;
    listener.id = QString::number(ListenerSessionId);
    listener.station = QStringLiteral("RDP-Tcp");
    listener.state = Session::State::Listening;
    listener.rawState = QStringLiteral("WTSListen");
    listener.service = QStringLiteral("RDP");
    m_entries.append(Entry(listener));
}

SessionSource::Capabilities DemoSource::capabilities() const
{
    return Capability::Enumerate | Capability::Logoff | Capability::Disconnect | Capability::SendMessage
           | Capability::Lock | Capability::ListProcesses | Capability::EndProcess | Capability::KillSession
           | Capability::Details | Capability::ResourceTotals;
}

int DemoSource::freeId() const
{
    // Like an RD Session Host, reuse the lowest free id.
    for (int id = OwnSessionId;; ++id) {
        const QString text = QString::number(id);
        if (std::none_of(m_entries.cbegin(), m_entries.cend(), [&](const Entry &e) { return e.session.id == text; }))
            return id;
    }
}

DemoSource::Entry DemoSource::makeEntry(int id, bool initial)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto pick = [this](int n) { return int(m_random() % quint64(n)); };

    Session s;
    s.server = address().toString();
    s.id = QString::number(id);
    s.own = id == OwnSessionId;
    s.user = s.own ? localUser() : QString::fromLatin1(Users[size_t(pick(int(Users.size())))]);
    s.domain = QStringLiteral("CORP");
    s.station = QStringLiteral("RDP-Tcp#%1").arg(pick(200));
    s.clientName = QStringLiteral("%1-%2")
                       .arg(QString::fromLatin1(ClientPrefixes[size_t(pick(int(ClientPrefixes.size())))]))
                       .arg(pick(10000), 4, 10, QLatin1Char('0'));
    s.clientAddress = QStringLiteral("10.%1.%2.%3").arg(20 + pick(4)).arg(pick(256)).arg(1 + pick(254));
    s.remote = true;
    s.service = QStringLiteral("RDP");
    s.logonTime = initial ? farmEpoch().addSecs(-qint64(pick(72 * 3600))) : now;
    s.connectTime = s.logonTime;
    s.state = Session::State::Active;
    s.rawState = QStringLiteral("WTSActive");
    if (initial && !s.own && pick(4) == 0) {
        s.state = Session::State::Disconnected;
        s.rawState = QStringLiteral("WTSDisconnected");
        s.disconnectTime = std::min(now, s.logonTime.addSecs(pick(3600)));
        s.station.clear();
    }
    s.idleSince = initial ? now.addSecs(-qint64(pick(3 * 3600))) : now;
    if (s.own)
        s.idleSince = now;
    // No input reaches a disconnected session: WTS counts its idle time from the disconnect.
    if (s.state == Session::State::Disconnected)
        s.idleSince = s.disconnectTime;
    Entry entry(s);
    // Someone idle for two hours at the start has left for the day and stays idle, so that a
    // farm always has old idle sessions as well as disconnected ones (cleanup rules act on both).
    entry.away = initial && s.state == Session::State::Active && !s.own && s.idleSince.secsTo(now) >= 2 * 3600;
    reservePrograms(entry);
    return entry;
}

void DemoSource::reservePrograms(Entry &entry)
{
    entry.processSeed = m_processRandom();
    entry.firstPid = m_nextPid;
    m_nextPid += PidsPerSession;
}

void DemoSource::startPrograms(Entry &entry)
{
    if (std::exchange(entry.started, true))
        return;
    const int id = entry.session.id.toInt();
    if (id == ListenerSessionId)
        return;
    std::mt19937_64 random(entry.processSeed);
    quint32 nextPid = entry.firstPid;
    const QDateTime logon = entry.session.logonTime;
    const auto programs = id == ServicesSessionId ? std::span<const DemoProgram>(ServicePrograms)
                                                  : std::span<const DemoProgram>(SessionPrograms);
    for (const DemoProgram &program : programs)
        startProgram(entry, program, logon.addSecs(3), random, nextPid);
    for (Process &process : entry.processes)
        process.core = true;
    entry.leaderPid = entry.processes.first().process.pid;
    if (id == ServicesSessionId)
        return;
    // The user's applications, started some time after the logon (and not after now).
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const int applications = 1 + int(random() % 5);
    for (int i = 0; i < applications; ++i)
        startApplication(entry, std::min(now, logon.addSecs(qint64(random() % (4 * 3600)))), random, nextPid);
}

void DemoSource::startApplication(Entry &entry, const QDateTime &at, std::mt19937_64 &random, quint32 &nextPid)
{
    QList<qsizetype> firsts;
    for (qsizetype i = 0; i < qsizetype(ApplicationPrograms.size()); ++i) {
        if (!ApplicationPrograms.at(size_t(i)).withPrevious)
            firsts.append(i);
    }
    auto i = size_t(firsts.at(qsizetype(random() % quint64(firsts.size()))));
    do {
        startProgram(entry, ApplicationPrograms.at(i), at, random, nextPid);
        ++i;
    } while (i < ApplicationPrograms.size() && ApplicationPrograms.at(i).withPrevious);
}

void DemoSource::startProgram(Entry &entry, const DemoProgram &program, const QDateTime &at, std::mt19937_64 &random,
                              quint32 &nextPid)
{
    // A factor from 0.6 to 1.4: no two processes of a program are quite alike.
    auto vary = [&random] { return 0.6 + double(random() % 801) / 1000.0; };
    const int copies = 1 + int(random() % quint64(program.copies));
    const Session &session = entry.session;
    const ProgramTexts &texts = ProgramTexts::of(program);
    for (int copy = 0; copy < copies; ++copy) {
        Process p;
        p.process.server = session.server;
        p.process.sessionId = session.id;
        p.process.pid = nextPid;
        nextPid += 4 * quint32(1 + random() % 4);
        p.process.name = texts.name;
        p.process.commandLine = texts.commandLine;
        switch (program.account) {
        case System:
            p.process.user = QStringLiteral("NT AUTHORITY\\SYSTEM");
            break;
        case LocalService:
            p.process.user = QStringLiteral("NT AUTHORITY\\LOCAL SERVICE");
            break;
        case NetworkService:
            p.process.user = QStringLiteral("NT AUTHORITY\\NETWORK SERVICE");
            break;
        case WindowManager:
            p.process.user = QStringLiteral("Window Manager\\DWM-") + session.id;
            break;
        case FontDriver:
            p.process.user = QStringLiteral("Font Driver Host\\UMFD-") + session.id;
            break;
        case User:
            p.process.user = session.domain + u'\\' + session.user;
            break;
        }
        p.process.threads = std::max<qint64>(1, qint64(std::lround(program.threads * vary())));
        p.process.handles = qint64(std::lround(program.handles * vary()));
        p.started = at.addMSecs(qint64(random() % 2000));
        p.cpuShare = program.cpuShare * vary();
        p.memoryBytes = qint64(program.memoryMiB * vary() * 1024 * 1024);
        p.memoryPhase = double(random() % 6283) / 1000.0;
        entry.processes.append(p);
    }
}

SessionProcess DemoSource::snapshot(const Process &process, const QDateTime &now)
{
    SessionProcess out = process.process;
    const double running = std::max<qint64>(0, process.started.msecsTo(now)) / 1000.0;
    out.cpuSeconds = std::round(process.cpuShare * running * 1000.0) / 1000.0;
    // The working set swings by a tenth either way over four minutes, in whole pages.
    const double turn = double(now.toMSecsSinceEpoch() % 240000) / 240000.0;
    const double swing = 1.0 + 0.1 * std::sin(process.memoryPhase + turn * 6.283185307179586);
    out.memoryBytes = qint64(process.memoryBytes * swing) / 4096 * 4096;
    return out;
}

void DemoSource::advanceProcesses()
{
    if (m_options.churnPercent <= 0)
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (Entry &e : m_entries) {
        const int id = e.session.id.toInt();
        if (id == ServicesSessionId || id == ListenerSessionId || e.goneAt != Clock::time_point::max()
            || int(m_processRandom() % 100) >= m_options.churnPercent)
            continue;
        startPrograms(e);
        QList<qsizetype> applications;
        for (qsizetype i = 0; i < e.processes.size(); ++i) {
            if (!e.processes.at(i).core)
                applications.append(i);
        }
        if (m_processRandom() % 2 == 0 && !applications.isEmpty())
            e.processes.removeAt(applications.at(qsizetype(m_processRandom() % quint64(applications.size()))));
        else if (e.processes.size() < MaxProcessesPerSession)
            startApplication(e, now, m_processRandom, m_nextPid);
    }
}

void DemoSource::simulateLatency() const
{
    if (m_options.latencyMs > 0)
        QThread::msleep(ulong(m_options.latencyMs));
}

ActionResult DemoSource::simulateLatencyWithin(Timeout timeout) const
{
    if (m_options.latencyMs <= timeout.count()) {
        simulateLatency();
        return {};
    }
    QThread::msleep(ulong(timeout.count()));
    return timedOut(timeout);
}

bool DemoSource::rollFailure()
{
    const int percent = m_failPercent.load();
    return percent > 0 && int(m_random() % 100) < percent;
}

DemoSource::Entry *DemoSource::find(const QString &id)
{
    const auto it = std::find_if(m_entries.begin(), m_entries.end(),
                                 [&](const Entry &e) { return e.session.id == id && e.goneAt > Clock::now(); });
    return it == m_entries.end() ? nullptr : &*it;
}

void DemoSource::purgeGone()
{
    const auto now = Clock::now();
    m_entries.removeIf([now](const Entry &e) { return e.goneAt <= now; });
}

void DemoSource::advance()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto pick = [this](int n) { return int(m_random() % quint64(n)); };

    // Everyone typing keeps their idle time near zero; some stop and go idle.
    for (Entry &e : m_entries) {
        Session &s = e.session;
        if (s.state == Session::State::Active && e.goneAt == Clock::time_point::max() && pick(3) != 0 && !e.away)
            s.idleSince = now;
    }

    m_pendingChurn += m_options.sessions * m_options.churnPercent / 100.0;
    while (m_pendingChurn >= 1.0) {
        m_pendingChurn -= 1.0;
        QList<int> users;
        for (int i = 0; i < m_entries.size(); ++i) {
            const int id = m_entries.at(i).session.id.toInt();
            if (id != ServicesSessionId && id != ListenerSessionId && id != OwnSessionId
                && m_entries.at(i).goneAt == Clock::time_point::max())
                users.append(i);
        }
        const int roll = pick(10);
        const bool crowded = users.size() > m_options.sessions;
        if ((roll < 4 || crowded) && !users.isEmpty()) {
            m_entries.removeAt(users.at(pick(int(users.size()))));
        } else if (roll < 8 || users.isEmpty()) {
            const int id = freeId();
            const auto at = std::find_if(m_entries.cbegin(), m_entries.cend(),
                                         [id](const Entry &e) { return e.session.id.toInt() > id; });
            m_entries.insert(at - m_entries.cbegin(), makeEntry(id, false));
        } else {
            Entry &e = m_entries[users.at(pick(int(users.size())))];
            Session &s = e.session;
            if (s.state == Session::State::Active) {
                s.state = Session::State::Disconnected;
                s.rawState = QStringLiteral("WTSDisconnected");
                s.disconnectTime = now;
                s.station.clear();
            } else {
                s.state = Session::State::Active;
                s.rawState = QStringLiteral("WTSActive");
                s.connectTime = now;
                s.idleSince = now;
                e.away = false; // back at the desk
                s.station = QStringLiteral("RDP-Tcp#%1").arg(pick(200));
            }
        }
    }
}

EnumerateResult DemoSource::enumerate()
{
    simulateLatency();
    std::lock_guard locker(m_mutex);
    if (rollFailure())
        return rpcUnavailable();
    purgeGone();
    advance();
    advanceProcesses();
    const bool totals = wantsResourceTotals();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<Session> sessions;
    sessions.reserve(m_entries.size());
    for (Entry &e : m_entries) {
        sessions.append(e.session);
        if (totals)
            addTotals(e, now, sessions.last());
    }
    return sessions;
}

void DemoSource::addTotals(Entry &entry, const QDateTime &now, Session &session)
{
    startPrograms(entry);
    qint64 memory = 0;
    double cpuSeconds = 0;
    for (const Process &process : std::as_const(entry.processes)) {
        const SessionProcess shown = snapshot(process, now);
        memory += shown.memoryBytes.value_or(0);
        cpuSeconds += shown.cpuSeconds.value_or(0);
    }
    session.processCount = entry.processes.size();
    session.memoryBytes = memory;
    session.cpuTime = std::chrono::round<std::chrono::nanoseconds>(std::chrono::duration<double>(cpuSeconds));
}

ActionResult DemoSource::checkTarget(const SessionRef &target, const QString &action)
{
    Entry *entry = find(target.id);
    if (!entry)
        return alreadyGone();
    if (const Result<void> same = target.verify(entry->session.user, entry->session.logonTime); !same)
        return same.error();
    return checkAllowed(*entry, action);
}

ActionResult DemoSource::checkAllowed(const Entry &entry, const QString &action)
{
    if (entry.session.id.toInt() == ServicesSessionId)
        return SessionError{SessionError::Category::NotSupported,
                            0,
                            {},
                            tr("Session 0 hosts services, not a user's logon; %1 is refused there.").arg(action)};
    if (entry.session.state == Session::State::Listening)
        return SessionError{SessionError::Category::NotSupported,
                            0,
                            {},
                            tr("%1 is a listener, not a user session.").arg(entry.session.station)};
    if (rollFailure())
        return accessDenied(action);
    return {};
}

ActionResult DemoSource::doLogoff(const SessionRef &target, bool wait, Timeout timeout)
{
    const auto deadline = Clock::now() + timeout;
    if (ActionResult answered = simulateLatencyWithin(timeout); !answered)
        return answered;
    // Logging off takes a while on a real host: profiles are written back.
    const auto duration = std::chrono::milliseconds(200 + 2 * m_options.latencyMs);
    Clock::time_point goneAt;
    {
        std::lock_guard locker(m_mutex);
        if (ActionResult allowed = checkTarget(target, tr("Log off")); !allowed)
            return allowed;
        Entry *entry = find(target.id);
        if (entry->goneAt == Clock::time_point::max()) {
            entry->goneAt = Clock::now() + duration;
            entry->session.state = Session::State::Closing;
            entry->session.rawState = QStringLiteral("WTSDown");
        }
        goneAt = entry->goneAt;
    }
    if (!wait)
        return {};
    if (goneAt > deadline) {
        std::this_thread::sleep_until(deadline);
        return SessionError{SessionError::Category::Timeout,
                            1460,
                            {},
                            tr("The session did not end within %n ms.", nullptr, int(timeout.count()))};
    }
    // sleep_until may wake a little early where the sleep's clock is coarser than Clock
    // (Windows): a log off with wait returns only once the session is gone.
    while (Clock::now() < goneAt)
        std::this_thread::sleep_until(goneAt);
    std::lock_guard locker(m_mutex);
    purgeGone();
    return {};
}

ActionResult DemoSource::doDisconnect(const SessionRef &target, bool, Timeout timeout)
{
    if (ActionResult answered = simulateLatencyWithin(timeout); !answered)
        return answered;
    std::lock_guard locker(m_mutex);
    if (ActionResult allowed = checkTarget(target, tr("Disconnect")); !allowed)
        return allowed;
    Session &s = find(target.id)->session;
    if (s.state != Session::State::Disconnected) {
        s.state = Session::State::Disconnected;
        s.rawState = QStringLiteral("WTSDisconnected");
        s.disconnectTime = QDateTime::currentDateTimeUtc();
        s.station.clear();
    }
    return {};
}

ActionResult DemoSource::doSendMessage(const SessionRef &target, const QString &, const QString &, bool wait,
                                       Timeout timeout)
{
    const auto deadline = Clock::now() + timeout;
    if (ActionResult answered = simulateLatencyWithin(timeout); !answered)
        return answered;
    {
        std::lock_guard locker(m_mutex);
        if (ActionResult allowed = checkTarget(target, tr("Send message")); !allowed)
            return allowed;
    }
    // With wait, the user reads and clicks OK.
    if (wait)
        return simulateLatencyWithin(
            std::max(std::chrono::duration_cast<Timeout>(deadline - Clock::now()), Timeout::zero()));
    return {};
}

ActionResult DemoSource::doLock(const SessionRef &target, Timeout timeout)
{
    if (ActionResult answered = simulateLatencyWithin(timeout); !answered)
        return answered;
    std::lock_guard locker(m_mutex);
    return checkTarget(target, tr("Lock"));
}

bool DemoSource::isPresent(const QString &id)
{
    simulateLatency();
    std::lock_guard locker(m_mutex);
    return find(id) != nullptr;
}

void DemoSource::setFailPercent(int percent)
{
    m_failPercent = percent;
}

ProcessesResult DemoSource::doProcesses(const std::optional<SessionRef> &session, Timeout timeout)
{
    if (ActionResult answered = simulateLatencyWithin(timeout); !answered)
        return answered.error();
    std::lock_guard locker(m_mutex);
    if (rollFailure())
        return rpcUnavailable();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<SessionProcess> processes;
    const auto append = [&](Entry &entry) {
        startPrograms(entry);
        for (const Process &process : entry.processes)
            processes.append(snapshot(process, now));
    };
    if (session) {
        Entry *entry = find(session->id);
        if (!entry)
            return alreadyGone();
        if (const Result<void> same = session->verify(entry->session.user, entry->session.logonTime); !same)
            return same.error();
        append(*entry);
        return processes;
    }
    for (Entry &entry : m_entries) {
        if (entry.goneAt > Clock::now())
            append(entry);
    }
    return processes;
}

ActionResult DemoSource::doEndProcess(const ProcessRef &target, Timeout timeout)
{
    if (ActionResult answered = simulateLatencyWithin(timeout); !answered)
        return answered;
    std::lock_guard locker(m_mutex);
    const Entry *entry = nullptr;
    const Process *process = nullptr;
    for (Entry &e : m_entries) {
        startPrograms(e);
        const auto it = std::find_if(e.processes.cbegin(), e.processes.cend(),
                                     [&](const Process &p) { return p.process.pid == target.pid; });
        if (it != e.processes.cend() && e.goneAt > Clock::now()) {
            entry = &e;
            process = &*it;
            break;
        }
    }
    if (!process)
        return processGone(target.pid);
    if (const SessionRef &session = target.session; !session.id.isEmpty()) {
        if (session.id != entry->session.id)
            return SessionError{SessionError::Category::Changed,
                                0,
                                {},
                                tr("Process %1 now runs in session %2, not in session %3")
                                    .arg(QString::number(target.pid), entry->session.id, session.id)};
        if (const Result<void> same = session.verify(entry->session.user, entry->session.logonTime); !same)
            return same.error();
    }
    // Windows compares image names without regard to case.
    if (!target.name.isEmpty() && target.name.compare(process->process.name, Qt::CaseInsensitive) != 0)
        return SessionError{SessionError::Category::Changed,
                            0,
                            {},
                            tr("Process %1 is now %2, not %3")
                                .arg(QString::number(target.pid), process->process.name, target.name)};
    if (ActionResult allowed = checkAllowed(*entry, tr("End Process")); !allowed)
        return allowed;
    endProcesses(entry->session.id, [&](const Process &p) { return p.process.pid == target.pid; });
    return {};
}

ActionResult DemoSource::doKillSession(const SessionRef &target, KillWho who, int signal, Timeout timeout)
{
    if (ActionResult answered = simulateLatencyWithin(timeout); !answered)
        return answered;
    std::lock_guard locker(m_mutex);
    if (ActionResult allowed = checkTarget(target, tr("Kill Session")); !allowed)
        return allowed;
    Entry *entry = find(target.id);
    startPrograms(*entry);
    const quint32 leader = entry->leaderPid;
    if (who == KillWho::Leader
        && std::none_of(entry->processes.cbegin(), entry->processes.cend(),
                        [leader](const Process &p) { return p.process.pid == leader; }))
        return SessionError{SessionError::Category::AlreadyGone,
                            0,
                            {},
                            tr("The leader of session %1 (process %2) has already ended.")
                                .arg(target.id, QString::number(leader))};
    // Every program of the demo keeps the default action of every signal.
    if (LinuxSignal::endsByDefault(signal))
        endProcesses(target.id, [&](const Process &p) { return who == KillWho::All || p.process.pid == leader; });
    return {};
}

void DemoSource::endProcesses(const QString &sessionId, const std::function<bool(const Process &)> &ends)
{
    Entry *entry = find(sessionId);
    Q_ASSERT(entry);
    entry->processes.removeIf(ends);
    if (entry->processes.isEmpty())
        m_entries.removeIf([&](const Entry &e) { return &e == entry; });
}

DetailsResult DemoSource::doDetails(const SessionRef &target, Timeout timeout)
{
    if (ActionResult answered = simulateLatencyWithin(timeout); !answered)
        return answered.error();
    std::lock_guard locker(m_mutex);
    if (rollFailure())
        return rpcUnavailable();
    const Entry *entry = find(target.id);
    if (!entry)
        return alreadyGone();
    if (const Result<void> same = target.verify(entry->session.user, entry->session.logonTime); !same)
        return same.error();
    return demoDetails(entry->session).toDetails();
}
