#include "Translations.h"

#include <QCoreApplication>

namespace {

// Where ui/CMakeLists.txt embeds the compiled catalogues (qt_add_translations' RESOURCE_PREFIX).
const QString CatalogueDirectory = QStringLiteral(":/i18n");
const QString CatalogueName = QStringLiteral("session-console");

} // namespace

Translations::Translations(const QLocale &locale)
{
    // Installed first, so looked up last: a catalogue that lacks a string falls back to English.
    if (!m_english.load(CatalogueName + QStringLiteral("_en"), CatalogueDirectory))
        qWarning("The English catalogue is missing from the build: counts read \"session(s)\"");
    QCoreApplication::installTranslator(&m_english);
    if (m_local.load(locale, CatalogueName, QStringLiteral("_"), CatalogueDirectory)
        && m_local.language() != m_english.language())
        QCoreApplication::installTranslator(&m_local);
}

QString Translations::language() const
{
    return m_local.isEmpty() ? m_english.language() : m_local.language();
}
