#include "SessionError.h"

QString SessionError::categoryName(Category category)
{
    switch (category) {
    case Category::AccessDenied:
        return QStringLiteral("Access denied");
    case Category::Unreachable:
        return QStringLiteral("Unreachable");
    case Category::AlreadyGone:
        return QStringLiteral("Already gone");
    case Category::NotSupported:
        return QStringLiteral("Not supported");
    case Category::Timeout:
        return QStringLiteral("Timeout");
    case Category::Changed:
        return QStringLiteral("Changed");
    case Category::Other:
        break;
    }
    return QStringLiteral("Error");
}

QString SessionError::toString() const
{
    QString text = message.isEmpty() ? categoryName(category) : message;
    if (code != 0)
        text += QStringLiteral(" (%1)").arg(code);
    else if (!name.isEmpty())
        text += QStringLiteral(" (%1)").arg(name);
    return text;
}
