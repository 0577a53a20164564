#include "WtsSessionError.h"

namespace {

SessionError::Category toCategory(WtsError::Category category)
{
    switch (category) {
    case WtsError::Category::AccessDenied:
        return SessionError::Category::AccessDenied;
    case WtsError::Category::Unreachable:
        return SessionError::Category::Unreachable;
    case WtsError::Category::AlreadyGone:
        return SessionError::Category::AlreadyGone;
    case WtsError::Category::NotSupported:
        return SessionError::Category::NotSupported;
    case WtsError::Category::Timeout:
        return SessionError::Category::Timeout;
    case WtsError::Category::Changed:
        return SessionError::Category::Changed;
    case WtsError::Category::Other:
        break;
    }
    return SessionError::Category::Other;
}

} // namespace

SessionError toSessionError(const WtsError &error)
{
    return SessionError{toCategory(error.category),
                        static_cast<qint64>(error.code),
                        {},
                        QString::fromStdWString(error.message)};
}
