#pragma once

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>

#include <wtsapi32.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// The scripted RD Session Host's state: the file named by SC_WTS_HOST_SCRIPT, read afresh on
// every call so that several processes (sessionctl runs, the console) see one host. Lines:
//   server NAME                      following lines describe NAME ("." is the local server)
//   session ID STATE USER DOMAIN STATION LOGON   (USER/DOMAIN "-" for none, LOGON ISO 8601 UTC or "-")
//   process SESSION PID NAME SID     a process of SESSION; SID a SID string ("S-1-5-18") or "-" for none
//   fail CALL CODE [ID]              CALL (open, enumerate, query, logoff, disconnect, message, processes,
//                                    terminate) fails with CODE; ID is the session, for terminate the pid
//   logoff-delay MS                  an accepted log off removes the session MS later
//   ends-on CALL ID                  the session ends just as CALL reaches it
// and what the host appends itself as sessions change:
//   at UNIX_MS SERVER ID STATE       from that time (ms since 1970) on, the session has STATE (Gone: removed)
//   sent SERVER ID TEXT              a message was delivered
//   ended SERVER PID                 the process was ended
// Servers the script does not name are unreachable (RPC_S_SERVER_UNAVAILABLE).
struct ScriptedSession final
{
    DWORD id = 0;
    WTS_CONNECTSTATE_CLASS state = WTSActive;
    std::wstring user;
    std::wstring domain;
    std::wstring station;
    std::int64_t logonTime = 0; // FILETIME ticks, 0 where unknown
};

struct ScriptedProcess final
{
    DWORD sessionId = 0;
    DWORD pid = 0;
    std::wstring name;
    std::wstring sid; // empty: no SID
};

struct ScriptedFailure final
{
    std::string call;
    DWORD code = 0;
    std::optional<DWORD> id;
};

struct ScriptedServer final
{
    std::string name;
    std::vector<ScriptedSession> sessions;
    std::vector<ScriptedProcess> processes;
    std::vector<ScriptedFailure> failures;
    std::vector<std::pair<std::string, DWORD>> endsOn;
    std::int64_t logoffDelayMs = 0;
};

class HostScript final
{
public:
    // Reads the script; nullopt (and the reason on stderr) when it is missing or malformed.
    static std::optional<HostScript> load();

    const ScriptedServer *server(const std::string &name) const;

    // Appends a state change of a session (as seen from `atMs`) or a delivered message.
    static bool recordState(const std::string &server, DWORD id, const char *state, std::int64_t atMs);
    static bool recordMessage(const std::string &server, DWORD id, const std::wstring &text);
    static bool recordEnded(const std::string &server, DWORD pid);

    // Milliseconds since 1970-01-01 UTC.
    static std::int64_t nowMs();

private:
    std::vector<ScriptedServer> m_servers;
};
