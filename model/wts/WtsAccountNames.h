#pragma once

#include "WtsServer.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>

// The accounts of process tokens as DOMAIN\user: LookupAccountSidW asked on the server the
// processes run on (a local account's SID means something there only), each SID once.
// Names found are kept for the lifetime of this object, so a refresh asks only about new
// SIDs; a SID that could not be named (deleted account, domain controller unreachable)
// shows as its string and is asked about again once forgetUnnamed() is called.
// Thread-safe: one object serves all the listings of one server.
class WtsAccountNames final
{
public:
    // "DOMAIN\user", "user" for accounts without a domain, or the SID string "S-1-5-21-…"
    // where the server cannot name it; empty for a missing or malformed SID.
    std::wstring nameOf(const WtsServer &server, PSID sid);

    // Lets SIDs that could not be named be asked about again: at the start of each listing.
    void forgetUnnamed();

private:
    struct Entry final
    {
        std::wstring text;
        bool named = false;
    };

    static std::optional<std::wstring> lookUp(const WtsServer &server, PSID sid);

    std::mutex m_mutex;
    std::map<std::wstring, Entry> m_entries; // by SID string
};
