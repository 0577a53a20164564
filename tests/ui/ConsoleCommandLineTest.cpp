#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

#include <gtest/gtest.h>

// The real session-console given hostile addresses on its command line: it refuses them
// (exit 2) with one line on stderr that cannot drive the terminal, and opens no window.

namespace {

struct ConsoleRun
{
    int exitCode = -1;
    QByteArray err;
};

ConsoleRun runConsole(const QString &address)
{
    QTemporaryDir dir;
    QProcess console;
    console.start(QStringLiteral(SESSION_CONSOLE_PATH),
                  {QStringLiteral("--settings"), dir.filePath(QStringLiteral("c.ini")), QStringLiteral("--server"),
                   address});
    if (!console.waitForFinished(60000)) {
        console.kill();
        console.waitForFinished();
        return {};
    }
    return {console.exitStatus() == QProcess::NormalExit ? console.exitCode() : -1, console.readAllStandardError()};
}

// The line about the address: Qt's own diagnostics (no XDG_RUNTIME_DIR and the like) aside.
// Without its line end, which is CR LF on Windows.
QByteArray refusalLine(const QByteArray &err)
{
    for (const QByteArray &line : err.split('\n')) {
        if (line.startsWith("session-console: "))
            return line.endsWith('\r') ? line.chopped(1) : line;
    }
    return {};
}

bool hasControlOrBidi(const QByteArray &utf8)
{
    const QString text = QString::fromUtf8(utf8);
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) {
        return c.category() == QChar::Other_Control || c.category() == QChar::Other_Format;
    });
}

} // namespace

TEST(ConsoleCommandLineTest, RefusedAddressesAndDecodedDemoOptionsAreEchoedTerminalSafe)
{
    // The escape and the override come out of percent-decoding the demo options, or are
    // there verbatim.
    const QStringList addresses{
        QStringLiteral("demo:x?sessions=%1b%5b31mRED"), QStringLiteral("demo:x?nonsense%1b%5b2J=1"),
        QStringLiteral("demo:x?seed=%e2%80%ae%07"),     QStringLiteral("dbus:unix:path=/run/\u202Eevil\x1b[2J"),
        QStringLiteral("host\u202E\x1b]0;title\x07"),
    };
    for (const QString &address : addresses) {
        const ConsoleRun run = runConsole(address);
        EXPECT_EQ(run.exitCode, 2) << address.toStdString();
        const QByteArray line = refusalLine(run.err);
        EXPECT_FALSE(line.isEmpty()) << run.err.toStdString();
        EXPECT_FALSE(hasControlOrBidi(line)) << line.toStdString();
        EXPECT_FALSE(run.err.contains('\x1b')) << address.toStdString();
        EXPECT_FALSE(run.err.contains("\xe2\x80\xae")) << address.toStdString();
    }
    // What was decoded is still there to read, with '?' for what could not be shown.
    EXPECT_TRUE(refusalLine(runConsole(addresses.first()).err).contains("'?[31mRED'"));
}
