#include "HostScript.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace {

constexpr const char *ScriptVariable = "SC_WTS_HOST_SCRIPT";

const char *scriptPath()
{
    const char *path = std::getenv(ScriptVariable);
    return path != nullptr && *path != '\0' ? path : nullptr;
}

std::wstring widen(const std::string &text)
{
    if (text.empty() || text == "-")
        return {};
    const int size = MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0);
    std::wstring wide(static_cast<std::size_t>(size), L'\0');
    MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), wide.data(), size);
    return wide;
}

std::string narrow(const std::wstring &text)
{
    const int size = WideCharToMultiByte(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0, nullptr,
                                         nullptr);
    std::string utf8(static_cast<std::size_t>(size), '\0');
    WideCharToMultiByte(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), utf8.data(), size, nullptr, nullptr);
    return utf8;
}

std::optional<WTS_CONNECTSTATE_CLASS> parseState(const std::string &name)
{
    static const char *const names[] = {"Active", "Connected", "ConnectQuery", "Shadow", "Disconnected",
                                        "Idle",   "Listen",    "Reset",        "Down",   "Init"};
    for (int i = 0; i <= static_cast<int>(WTSInit); ++i) {
        if (name == names[i])
            return static_cast<WTS_CONNECTSTATE_CLASS>(i);
    }
    return std::nullopt;
}

// "2026-11-25T08:00:00Z" as FILETIME ticks; 0 for "-".
std::optional<std::int64_t> parseTime(const std::string &text)
{
    if (text == "-")
        return 0;
    SYSTEMTIME time{};
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    char zone = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &year, &month, &day, &hour, &minute, &second, &zone) != 7
        || zone != 'Z') {
        return std::nullopt;
    }
    time.wYear = static_cast<WORD>(year);
    time.wMonth = static_cast<WORD>(month);
    time.wDay = static_cast<WORD>(day);
    time.wHour = static_cast<WORD>(hour);
    time.wMinute = static_cast<WORD>(minute);
    time.wSecond = static_cast<WORD>(second);
    FILETIME file{};
    if (!SystemTimeToFileTime(&time, &file))
        return std::nullopt;
    return (static_cast<std::int64_t>(file.dwHighDateTime) << 32) | file.dwLowDateTime;
}

ScriptedSession *findSession(ScriptedServer &server, DWORD id)
{
    for (ScriptedSession &session : server.sessions) {
        if (session.id == id)
            return &session;
    }
    return nullptr;
}

void malformed(int lineNumber, const std::string &line)
{
    std::fprintf(stderr, "scripted wtsapi32: %s line %d is not understood: %s\n", scriptPath(), lineNumber,
                 line.c_str());
}

bool append(const std::string &line)
{
    const char *path = scriptPath();
    if (path == nullptr)
        return false;
    std::ofstream file(path, std::ios::app | std::ios::binary);
    file << line << '\n';
    return static_cast<bool>(file);
}

} // namespace

std::optional<HostScript> HostScript::load()
{
    const char *path = scriptPath();
    if (path == nullptr) {
        std::fprintf(stderr, "scripted wtsapi32: %s is not set\n", ScriptVariable);
        return std::nullopt;
    }
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        std::fprintf(stderr, "scripted wtsapi32: cannot read %s\n", path);
        return std::nullopt;
    }

    HostScript script;
    ScriptedServer *current = nullptr;
    const std::int64_t now = nowMs();
    std::string line;
    int lineNumber = 0;
    while (std::getline(file, line)) {
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        std::istringstream words(line);
        std::string keyword;
        if (!(words >> keyword) || keyword.front() == '#')
            continue;
        if (keyword == "server") {
            std::string name;
            if (!(words >> name)) {
                malformed(lineNumber, line);
                return std::nullopt;
            }
            current = &script.m_servers.emplace_back();
            current->name = name;
            continue;
        }
        if (keyword == "ended") {
            std::string serverName;
            DWORD pid = 0;
            if (!(words >> serverName >> pid)) {
                malformed(lineNumber, line);
                return std::nullopt;
            }
            for (ScriptedServer &server : script.m_servers) {
                if (server.name == serverName)
                    std::erase_if(server.processes, [pid](const ScriptedProcess &p) { return p.pid == pid; });
            }
            continue;
        }
        if (keyword == "at" || keyword == "sent") {
            if (keyword == "sent")
                continue;
            std::int64_t atMs = 0;
            std::string serverName;
            DWORD id = 0;
            std::string stateName;
            if (!(words >> atMs >> serverName >> id >> stateName)) {
                malformed(lineNumber, line);
                return std::nullopt;
            }
            if (atMs > now)
                continue;
            for (ScriptedServer &server : script.m_servers) {
                if (server.name != serverName)
                    continue;
                if (stateName == "Gone") {
                    std::erase_if(server.sessions, [id](const ScriptedSession &s) { return s.id == id; });
                } else if (ScriptedSession *session = findSession(server, id)) {
                    if (const auto state = parseState(stateName))
                        session->state = *state;
                }
            }
            continue;
        }
        if (current == nullptr) {
            malformed(lineNumber, line);
            return std::nullopt;
        }
        bool understood = false;
        if (keyword == "session") {
            ScriptedSession session;
            std::string state, user, domain, station, logon;
            if (words >> session.id >> state >> user >> domain >> station >> logon) {
                const auto parsedState = parseState(state);
                const auto parsedTime = parseTime(logon);
                if (parsedState && parsedTime) {
                    session.state = *parsedState;
                    session.user = widen(user);
                    session.domain = widen(domain);
                    session.station = widen(station);
                    session.logonTime = *parsedTime;
                    current->sessions.push_back(std::move(session));
                    understood = true;
                }
            }
        } else if (keyword == "process") {
            ScriptedProcess process;
            std::string name, sid;
            if (words >> process.sessionId >> process.pid >> name >> sid) {
                process.name = widen(name);
                process.sid = widen(sid);
                current->processes.push_back(std::move(process));
                understood = true;
            }
        } else if (keyword == "fail") {
            ScriptedFailure failure;
            if (words >> failure.call >> failure.code) {
                DWORD id = 0;
                if (words >> id)
                    failure.id = id;
                current->failures.push_back(std::move(failure));
                understood = true;
            }
        } else if (keyword == "logoff-delay") {
            understood = static_cast<bool>(words >> current->logoffDelayMs);
        } else if (keyword == "ends-on") {
            std::string call;
            DWORD id = 0;
            if (words >> call >> id) {
                current->endsOn.emplace_back(call, id);
                understood = true;
            }
        }
        if (!understood) {
            malformed(lineNumber, line);
            return std::nullopt;
        }
    }
    return script;
}

const ScriptedServer *HostScript::server(const std::string &name) const
{
    for (const ScriptedServer &server : m_servers) {
        if (server.name == name)
            return &server;
    }
    return nullptr;
}

bool HostScript::recordState(const std::string &server, DWORD id, const char *state, std::int64_t atMs)
{
    return append("at " + std::to_string(atMs) + ' ' + server + ' ' + std::to_string(id) + ' ' + state);
}

bool HostScript::recordMessage(const std::string &server, DWORD id, const std::wstring &text)
{
    std::string flat = narrow(text);
    for (char &c : flat) {
        if (c == '\n' || c == '\r')
            c = ' ';
    }
    return append("sent " + server + ' ' + std::to_string(id) + ' ' + flat);
}

bool HostScript::recordEnded(const std::string &server, DWORD pid)
{
    return append("ended " + server + ' ' + std::to_string(pid));
}

std::int64_t HostScript::nowMs()
{
    FILETIME now{};
    GetSystemTimeAsFileTime(&now);
    const std::int64_t ticks = (static_cast<std::int64_t>(now.dwHighDateTime) << 32) | now.dwLowDateTime;
    constexpr std::int64_t UnixEpochTicks = 116444736000000000; // 1970-01-01 in FILETIME ticks
    return (ticks - UnixEpochTicks) / 10000;
}
