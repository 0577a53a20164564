#include "SshConfigImporter.h"

#include "ServerAddress.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

namespace {

QString joinPath(const QString &base, const QString &part)
{
    if (base.isEmpty())
        return part;
    if (base.endsWith(u'/'))
        return base + part;
    return base + u'/' + part;
}

bool isGlob(const QString &part)
{
    return part.contains(u'*') || part.contains(u'?') || part.contains(u'[');
}

QString where(const QString &file, int line)
{
    return QDir::toNativeSeparators(file) + u':' + QString::number(line);
}

// Why a Host name cannot be opened as an ssh alias, or empty when it can.
QString aliasRefusal(const QString &alias)
{
    if (alias.startsWith(u'!'))
        return SshConfigImporter::tr("a negated pattern names no host");
    if (alias.contains(u'*') || alias.contains(u'?'))
        return SshConfigImporter::tr("a wildcard pattern names no single host");
    QString why;
    const ServerAddress address = ServerAddress::parse(alias, &why);
    if (!address.isValid())
        return why;
    if (address.kind() != ServerAddress::Kind::Remote)
        return SshConfigImporter::tr("the console reads \"%1\" as something other than an ssh host").arg(alias);
    // ssh matches Host patterns against the bare name, never against USER@ or :PORT.
    if (!address.user().isEmpty() || address.port() != 0 || address.toString() != alias)
        return SshConfigImporter::tr("not a bare host name (ssh never matches it)");
    return {};
}

} // namespace

SshConfigImporter::SshConfigImporter(const QString &sshDirectory, const QString &home)
    : m_home(home.isEmpty() ? QDir::homePath() : QDir::fromNativeSeparators(home))
{
    m_sshDirectory = sshDirectory.isEmpty() ? m_home + QStringLiteral("/.ssh")
                                            : QDir::fromNativeSeparators(sshDirectory);
}

QString SshConfigImporter::defaultConfigFile() const
{
    return m_sshDirectory + QStringLiteral("/config");
}

QStringList SshConfigImporter::splitLine(const QString &line, QString *error)
{
    QStringList words;
    qsizetype i = 0;
    const qsizetype n = line.size();
    const auto skipSpace = [&] {
        while (i < n && line.at(i).isSpace())
            ++i;
    };
    skipSpace();
    if (i == n || line.at(i) == u'#')
        return words;
    // The keyword ends at whitespace or '=', and one '=' may stand between it and its arguments.
    const qsizetype keywordStart = i;
    while (i < n && !line.at(i).isSpace() && line.at(i) != u'=')
        ++i;
    words.append(line.mid(keywordStart, i - keywordStart));
    skipSpace();
    if (i < n && line.at(i) == u'=') {
        ++i;
        skipSpace();
    }

    QString word;
    bool inWord = false;
    QChar quote;
    for (; i < n; ++i) {
        const QChar c = line.at(i);
        if (quote.isNull() && c.isSpace()) {
            if (inWord)
                words.append(word);
            word.clear();
            inWord = false;
            continue;
        }
        if (quote.isNull() && !inWord && c == u'#')
            break;
        inWord = true;
        if (c == u'\\' && i + 1 < n) {
            const QChar next = line.at(i + 1);
            if (next == u'\'' || next == u'"' || next == u'\\' || (quote.isNull() && next == u' ')) {
                word += next;
                ++i;
                continue;
            }
            word += c;
            continue;
        }
        if (quote.isNull() && (c == u'"' || c == u'\'')) {
            quote = c;
            continue;
        }
        if (c == quote) {
            quote = QChar();
            continue;
        }
        word += c;
    }
    if (!quote.isNull()) {
        if (error)
            *error = tr("unterminated quote");
        return {};
    }
    if (inWord)
        words.append(word);
    return words;
}

Result<ServerImport> SshConfigImporter::read(const QString &configFile) const
{
    const QFileInfo info(configFile);
    if (!info.isFile() || !info.isReadable()) {
        SessionError error;
        error.category = SessionError::Category::NotSupported;
        error.message = tr("%1 is not a readable file").arg(QDir::toNativeSeparators(configFile));
        return error;
    }
    ServerImport found;
    QStringList including;
    readFile(info.absoluteFilePath(), 0, including, found);
    return found;
}

void SshConfigImporter::readFile(const QString &file, int depth, QStringList &including, ServerImport &found) const
{
    const QFileInfo info(file);
    QFile input(file);
    if (info.size() > MaxFileSize || !input.open(QIODevice::ReadOnly)) {
        found.skipped.append({QDir::toNativeSeparators(file),
                              {},
                              info.size() > MaxFileSize ? tr("larger than %1 MiB").arg(MaxFileSize / (1024 * 1024))
                                                        : input.errorString()});
        return;
    }
    const QString canonical = info.canonicalFilePath();
    including.append(canonical);

    QStringDecoder utf8(QStringDecoder::Utf8);
    const QStringList lines = QString(utf8(input.readAll())).split(u'\n');
    for (int index = 0; index < lines.size(); ++index) {
        const QString &line = lines.at(index);
        QString error;
        const QStringList words = splitLine(line, &error);
        if (!error.isEmpty()) {
            found.skipped.append({where(file, index + 1), line.trimmed(), error});
            continue;
        }
        if (words.isEmpty())
            continue;
        const QString keyword = words.first().toLower();
        if (keyword == u"host") {
            for (const QString &alias : words.mid(1)) {
                if (const QString refusal = aliasRefusal(alias); !refusal.isEmpty())
                    found.skipped.append({where(file, index + 1), alias, refusal});
                else
                    found.add(alias);
            }
        } else if (keyword == u"include") {
            if (words.size() < 2)
                found.skipped.append({where(file, index + 1), line.trimmed(), tr("Include names no file")});
            for (const QString &pattern : words.mid(1)) {
                for (const QString &included : includedFiles(pattern)) {
                    const QString target = QFileInfo(included).canonicalFilePath();
                    if (including.contains(target)) {
                        found.skipped.append({where(file, index + 1), pattern,
                                              tr("%1 includes itself").arg(QDir::toNativeSeparators(included))});
                    } else if (depth + 1 > MaxIncludeDepth) {
                        found.skipped.append({where(file, index + 1), pattern,
                                              tr("Include nested more than %1 deep").arg(MaxIncludeDepth)});
                    } else {
                        readFile(included, depth + 1, including, found);
                    }
                }
            }
        }
        // Match lines and every other keyword name no host.
    }
    including.removeLast();
}

QStringList SshConfigImporter::includedFiles(const QString &pattern) const
{
    QString path = QDir::fromNativeSeparators(pattern);
    if (path == u"~" || path.startsWith(QStringLiteral("~/")))
        path = m_home + path.mid(1);
    else if (QDir::isRelativePath(path))
        path = joinPath(m_sshDirectory, path);

    // glob(3): each part of the path may hold wildcards; a name that matches nothing is
    // no error (ssh skips it too).
    QStringList candidates{QString()};
    const QStringList parts = path.split(u'/');
    for (int i = 0; i < parts.size(); ++i) {
        const QString &part = parts.at(i);
        if (i == 0 && part.isEmpty()) {
            candidates = {QStringLiteral("/")};
            continue;
        }
        if (part.isEmpty())
            continue;
        QStringList next;
        for (const QString &base : std::as_const(candidates)) {
            if (!isGlob(part)) {
                next.append(joinPath(base, part));
                continue;
            }
            QDir::Filters filters = QDir::AllEntries | QDir::NoDotAndDotDot;
            if (part.startsWith(u'.'))
                filters |= QDir::Hidden;
            const QDir dir(base);
            for (const QString &name : dir.entryList({part}, filters, QDir::Name))
                next.append(joinPath(base, name));
        }
        candidates = next;
    }
    candidates.removeIf([](const QString &candidate) { return !QFileInfo(candidate).isFile(); });
    return candidates;
}
