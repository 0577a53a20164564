#include "AuditLog.h"
#include "Translations.h"

#include <QApplication>
#include <QTemporaryDir>

#include <gtest/gtest.h>

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Actions in the tests are recorded, but never in the user's own audit log; the programs
    // the tests start inherit the variable.
    const QTemporaryDir auditDirectory;
    if (qEnvironmentVariableIsEmpty(AuditLog::PathVariable))
        qputenv(AuditLog::PathVariable, auditDirectory.filePath(QStringLiteral("audit.jsonl")).toLocal8Bit());
    ::testing::InitGoogleTest(&argc, argv);
    QApplication app(argc, argv);
    // The tests read English text, whatever the machine's locale.
    const Translations translations(QLocale(QLocale::English));
    return RUN_ALL_TESTS();
}
