#include "SessionCtl.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sessionctl"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    SessionCtl ctl(out, err);
    return ctl.run(QCoreApplication::arguments().mid(1));
}
