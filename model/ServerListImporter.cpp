#include "ServerListImporter.h"

#include "ServerAddress.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

namespace {

QString withoutComment(const QString &line)
{
    for (qsizetype i = 0; i < line.size(); ++i) {
        if (line.at(i) == u'#' && (i == 0 || line.at(i - 1).isSpace()))
            return line.left(i);
    }
    return line;
}

SessionError readError(const QString &text)
{
    SessionError error;
    error.category = SessionError::Category::NotSupported;
    error.message = text;
    return error;
}

} // namespace

Result<ServerImport> ServerListImporter::read(const QString &fileName)
{
    const QString shown = QDir::toNativeSeparators(fileName);
    const QFileInfo info(fileName);
    if (!info.isFile())
        return readError(tr("%1 is not a file").arg(shown));
    if (info.size() > MaxFileSize)
        return readError(tr("%1 is larger than %2 MiB").arg(shown).arg(MaxFileSize / (1024 * 1024)));
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return readError(tr("%1 could not be read: %2").arg(shown, file.errorString()));
    const QByteArray bytes = file.readAll();
    QStringDecoder utf8(QStringDecoder::Utf8);
    const QString text = utf8(bytes);
    if (utf8.hasError() || bytes.contains('\0'))
        return readError(tr("%1 is not a UTF-8 text file").arg(shown));
    return parse(text, shown);
}

ServerImport ServerListImporter::parse(const QString &text, const QString &source)
{
    ServerImport found;
    const QStringList lines = text.split(u'\n');
    for (int index = 0; index < lines.size(); ++index) {
        const QString entry = withoutComment(lines.at(index)).trimmed();
        if (entry.isEmpty())
            continue;
        QString why;
        const ServerAddress address = ServerAddress::parse(entry, &why);
        if (address.isValid())
            found.add(address.toString());
        else
            found.skipped.append({source + u':' + QString::number(index + 1), entry, why});
    }
    return found;
}
