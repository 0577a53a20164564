#include "SessionSource.h"

ActionResult SessionSource::notSupported(const QString &what) const
{
    return SessionError{SessionError::Category::NotSupported, 0, {},
                        QStringLiteral("%1 is not supported on %2").arg(what, m_address.displayName())};
}

ActionResult SessionSource::disconnect(const QString &, bool, Timeout)
{
    return notSupported(QStringLiteral("Disconnect"));
}

ActionResult SessionSource::sendMessage(const QString &, const QString &, const QString &, bool, Timeout)
{
    return notSupported(QStringLiteral("Send Message"));
}

ActionResult SessionSource::lock(const QString &, Timeout)
{
    return notSupported(QStringLiteral("Lock"));
}

void SessionSource::watchChanges(std::function<void()>)
{
}
