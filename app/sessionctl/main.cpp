#include "SessionCtl.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <cstdlib>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sessionctl"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    SessionCtl ctl(out, err);
    const int exitCode = ctl.run(QCoreApplication::arguments().mid(1));
    if (ctl.leftWorkRunning()) {
        // An interrupted watch with a server's refresh still hanging: its output is complete,
        // and the refresh has nothing left to report, so the process ends without waiting.
        out.flush();
        err.flush();
        std::fflush(nullptr);
        std::_Exit(exitCode);
    }
    return exitCode;
}
