#include "ScriptedHost.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>

namespace {

constexpr const char *ScriptVariable = "SC_WTS_HOST_SCRIPT";

} // namespace

ScriptedHost::ScriptedHost(const QString &script)
    : m_path(m_dir.filePath(QStringLiteral("host.txt")))
    , m_scriptLines(script.split(u'\n', Qt::SkipEmptyParts))
{
    QFile file(m_path);
    m_valid = m_dir.isValid() && file.open(QIODevice::WriteOnly)
              && file.write(script.toUtf8()) == script.toUtf8().size();
    file.close();
    qputenv(ScriptVariable, QFile::encodeName(m_path));
}

ScriptedHost::~ScriptedHost()
{
    qunsetenv(ScriptVariable);
}

QStringList ScriptedHost::record() const
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
    return lines.mid(m_scriptLines.size());
}

ScriptedHost::Run ScriptedHost::sessionctl(const QStringList &arguments)
{
    QProcess process;
    process.setProgram(QCoreApplication::applicationDirPath() + QStringLiteral("/sessionctl.exe"));
    process.setArguments(arguments);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("WINEDLLOVERRIDES"), QStringLiteral("wtsapi32=n"));
    process.setProcessEnvironment(environment);
    process.start();
    Run run;
    // Wide: a busy 2-core machine under Wine; a hung run still ends the test.
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        run.err = QStringLiteral("sessionctl.exe did not finish within 120 s");
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}
