#pragma once

#include <QLocale>
#include <QTranslator>

// The program's catalogues, installed on the application for as long as this lives: English
// always, as the fallback that gives tr("%n session(s)", nullptr, n) its "1 session" and
// "3 sessions", and over it the catalogue of `locale` where there is one. Build one in main(),
// after the application object.
class Translations final
{
public:
    explicit Translations(const QLocale &locale = QLocale());
    Q_DISABLE_COPY_MOVE(Translations)

    // The language that the user's strings are shown in: that of the locale's catalogue, or
    // "en" where the locale has none.
    QString language() const;

private:
    QTranslator m_english;
    QTranslator m_local;
};
