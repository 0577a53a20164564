#include "WtsBuffer.h"

#include <cwchar>
#include <utility>

WtsBuffer::WtsBuffer(const WtsApi &api, void *memory, DWORD bytes)
    : m_api(&api)
    , m_memory(memory)
    , m_bytes(bytes)
{}

WtsBuffer::WtsBuffer(const WtsApi &api, void *memory, WTS_TYPE_CLASS typeClass, ULONG entries)
    : m_api(&api)
    , m_memory(memory)
    , m_typeClass(typeClass)
    , m_entries(entries)
{}

WtsBuffer::WtsBuffer(WtsBuffer &&other) noexcept
    : m_api(other.m_api)
    , m_memory(std::exchange(other.m_memory, nullptr))
    , m_bytes(other.m_bytes)
    , m_typeClass(other.m_typeClass)
    , m_entries(other.m_entries)
{}

WtsBuffer::~WtsBuffer()
{
    if (m_memory == nullptr)
        return;
    if (m_typeClass)
        m_api->freeMemoryEx(*m_typeClass, m_memory, m_entries);
    else
        m_api->freeMemory(m_memory);
}

std::wstring WtsBuffer::text() const
{
    const auto *text = static_cast<const wchar_t *>(m_memory);
    if (text == nullptr)
        return {};
    return std::wstring(text, wcsnlen(text, m_bytes / sizeof(wchar_t)));
}
