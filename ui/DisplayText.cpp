#include "DisplayText.h"

#include "ServerAddress.h"
#include "Session.h"

#include <QCoreApplication>
#include <QTextDocument>

QString plainToolTip(const QString &text)
{
    return Qt::mightBeRichText(text) ? Qt::convertFromPlainText(text, Qt::WhiteSpacePre) : text;
}

QString serverDisplayName(const QString &server)
{
    const ServerAddress address = ServerAddress::parse(server);
    return address.isValid() ? address.displayName() : server;
}

QString userDisplayName(const Session &session)
{
    return session.user.isEmpty() ? QCoreApplication::translate("DisplayText", "(no user)") : session.user;
}
