#pragma once

// Qt's thread pool hands tasks to its workers through its own futexes, which ThreadSanitizer
// cannot see when Qt is not built with it. These mark that hand-off on an object the task
// uses, so TSan orders what the submitting thread did before it (constructing a source, say)
// before what the worker does; without TSan they are nothing.
#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>

inline void handOffToWorker(const void *object)
{
    __tsan_release(const_cast<void *>(object));
}

inline void takeOverFromSubmitter(const void *object)
{
    __tsan_acquire(const_cast<void *>(object));
}
#else
inline void handOffToWorker(const void *) {}

inline void takeOverFromSubmitter(const void *) {}
#endif
