#pragma once

#include "WtsApi.h"

#include <optional>

// Owns memory that a WTS function allocated and frees it the way that function requires:
// WTSFreeMemory, or WTSFreeMemoryExW for the arrays of WTSEnumerateSessionsExW.
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

private:
    const WtsApi *m_api;
    void *m_memory;
    DWORD m_bytes = 0;
    std::optional<WTS_TYPE_CLASS> m_typeClass; // set: free with WTSFreeMemoryExW
    ULONG m_entries = 0;
};
