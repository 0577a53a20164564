#include "TerminalText.h"

bool movesTheTerminal(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return true;
    default:
        return false;
    }
}

QString terminalSafe(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        // Characters beyond the first plane (tags among them) come as surrogate pairs.
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            const QChar low = text.at(++i);
            if (movesTheTerminal(QChar::surrogateToUcs4(c, low)))
                out += u'?';
            else
                out += QStringView(text).sliced(i - 1, 2);
        } else {
            out += movesTheTerminal(c.unicode()) ? QChar(u'?') : c;
        }
    }
    return out;
}
