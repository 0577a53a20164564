#pragma once

#include "WtsApi.h"

#include <memory>
#include <optional>
#include <string>

// Owns memory that a WTS function allocated and frees it the way that function requires:
// WTSFreeMemory, or WTSFreeMemoryExW for the arrays of WTSEnumerateSessionsExW and
// WTSEnumerateProcessesExW (WTSFreeMemory would leak their strings or crash).
class WtsBuffer final
{
public:
    WtsBuffer(const WtsApi &api, void *memory, DWORD bytes);
    WtsBuffer(const WtsApi &api, void *memory, WTS_TYPE_CLASS typeClass, ULONG entries);
    ~WtsBuffer();

    WtsBuffer(WtsBuffer &&other) noexcept;
    WtsBuffer(const WtsBuffer &) = delete;
    WtsBuffer &operator=(const WtsBuffer &) = delete;
    WtsBuffer &operator=(WtsBuffer &&) = delete;

    const void *data() const { return m_memory; }
    DWORD bytes() const { return m_bytes; }

    // The buffer as one T, or nullptr when it is missing or too short to hold one.
    template<typename T>
    const T *as() const
    {
        return m_memory != nullptr && m_bytes >= sizeof(T) ? static_cast<const T *>(m_memory) : nullptr;
    }

    // The buffer as a string, up to its first NUL or its end (WTSUserName, WTSClientName).
    std::wstring text() const;

private:
    const WtsApi *m_api;
    void *m_memory;
    DWORD m_bytes = 0;
    std::optional<WTS_TYPE_CLASS> m_typeClass; // set: free with WTSFreeMemoryExW
    ULONG m_entries = 0;
};

// A fixed array of a WTS structure (WTSINFOW's UserName and the like) as a string: such
// arrays need not end in a NUL when full.
template<std::size_t N>
std::wstring fixedText(const WCHAR (&text)[N])
{
    std::size_t length = 0;
    while (length < N && text[length] != L'\0')
        ++length;
    return std::wstring(text, length);
}

// A string a WTS structure points to; a NULL pointer (no user of a listener) reads as empty.
inline std::wstring pointedText(LPCWSTR text)
{
    return text != nullptr ? std::wstring(text) : std::wstring();
}

// Text that a Windows function allocated with LocalAlloc (FormatMessageW, ConvertSidToStringSidW).
struct LocalFreeDeleter final
{
    void operator()(wchar_t *text) const { LocalFree(text); }
};
using LocalText = std::unique_ptr<wchar_t, LocalFreeDeleter>;
