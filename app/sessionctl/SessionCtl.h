#pragma once

#include <QStringList>

class QTextStream;

// sessionctl: the role of qwinsta, logoff and loginctl for scripts, on the console's engine.
class SessionCtl final
{
public:
    enum ExitCode { Success = 0, Failure = 1, UsageError = 2 };

    SessionCtl(QTextStream &out, QTextStream &err);

    // `arguments` without the program name. Runs the command to the end.
    int run(const QStringList &arguments);

    static QString usage();

private:
    int list(const QStringList &arguments);
    int action(const QString &command, const QStringList &arguments);
    int usageError(const QString &message);

    QTextStream &m_out;
    QTextStream &m_err;
};
