#include "OpenFileLimit.h"
#include "SessionCtl.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <cstdlib>

#ifdef Q_OS_WIN
#include <fcntl.h>
#include <io.h>
#include <windows.h>
#endif

int main(int argc, char *argv[])
{
#ifdef Q_OS_WIN
    // QTextStream writes UTF-8; a Windows console shows it as such only in code page 65001.
    // Binary streams: the same bytes as on Linux (LF line ends), for scripts on either side.
    SetConsoleOutputCP(CP_UTF8);
    _setmode(_fileno(stdout), _O_BINARY);
    _setmode(_fileno(stderr), _O_BINARY);
#endif
    OpenFileLimit::raise(); // many --server arguments
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
