#include "DisplayText.h"

#include "ServerAddress.h"

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
