#include "SessionError.h"

QString SessionError::categoryName(Category category)
{
    switch (category) {
    case Category::AccessDenied:
        return tr("Access denied");
    case Category::Unreachable:
        return tr("Unreachable");
    case Category::AlreadyGone:
        return tr("Already gone");
    case Category::NotSupported:
        return tr("Not supported");
    case Category::Timeout:
        return tr("Timeout");
    case Category::Changed:
        return tr("Changed");
    case Category::Other:
        break;
    }
    return tr("Error");
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
