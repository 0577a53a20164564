#include "SessionPrinter.h"
#include "SessionFixtures.h"
#include "TerminalText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace SessionFixtures;

namespace {

const QString A = QStringLiteral("demo:a");

QList<Session> oddSessions()
{
    Session empty = make(A, 1);
    empty.user.clear();
    empty.logonTime = QDateTime();
    empty.idleSince = QDateTime();
    Session huge = make(A, 2);
    huge.user = QString(5000, u'x');
    Session hostile = make(A, 3);
    hostile.user = QStringLiteral("=cmd|'/c calc'!A1,\"quoted\"\nsecond line\x1b[31m");
    hostile.clientName = QStringLiteral("\u202eevil");
    Session future = make(A, 4);
    future.logonTime = QDateTime::currentDateTimeUtc().addYears(30);
    future.idleSince = QDateTime::currentDateTimeUtc().addDays(2);
    Session epoch = make(A, 5);
    epoch.logonTime = QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
    return {empty, huge, hostile, future, epoch};
}

} // namespace

TEST(SessionPrinter, JsonCarriesOddDataFaithfully)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString text = SessionPrinter::format(oddSessions(), SessionPrinter::Format::Json, now);
    QJsonParseError error;
    const QJsonArray rows = QJsonDocument::fromJson(text.toUtf8(), &error).array();
    ASSERT_EQ(error.error, QJsonParseError::NoError);
    ASSERT_EQ(rows.size(), 5);
    EXPECT_TRUE(rows.at(0).toObject().value(QStringLiteral("logonTime")).isNull());
    EXPECT_TRUE(rows.at(0).toObject().value(QStringLiteral("idleSeconds")).isNull());
    // Unknown totals are null, not 0.
    for (const char *key : {"processes", "memoryBytes", "cpuSeconds"}) {
        EXPECT_TRUE(rows.at(0).toObject().contains(QLatin1String(key))) << key;
        EXPECT_TRUE(rows.at(0).toObject().value(QLatin1String(key)).isNull()) << key;
    }
    EXPECT_EQ(rows.at(0).toObject().value(QStringLiteral("user")).toString(), QString());
    EXPECT_EQ(rows.at(1).toObject().value(QStringLiteral("user")).toString().size(), 5000);
    EXPECT_EQ(rows.at(2).toObject().value(QStringLiteral("user")).toString(), oddSessions().at(2).user);
    // A clock ahead of ours is not negative idle time.
    EXPECT_EQ(rows.at(3).toObject().value(QStringLiteral("idleSeconds")).toInteger(), 0);
    EXPECT_EQ(rows.at(4).toObject().value(QStringLiteral("logonTime")).toString(),
              QStringLiteral("1970-01-01T00:00:00Z"));
}

TEST(SessionPrinter, CsvQuotesWhatWouldBreakTheRowAndCarriesNoControlCharacters)
{
    const QString text = SessionPrinter::format(oddSessions(), SessionPrinter::Format::Csv,
                                                QDateTime::currentDateTimeUtc());
    const QStringList lines = text.split(u'\n');
    // Header, five rows, final newline: a line break in the data is shown as '?', not written.
    EXPECT_EQ(lines.size(), 1 + 5 + 1);
    EXPECT_TRUE(text.contains(QStringLiteral("\"=cmd|'/c calc'!A1,\"\"quoted\"\"?second line?[31m\"")))
        << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral(",?evil,")));
    for (const QChar c : text)
        EXPECT_TRUE(c.isPrint() || c == u'\n') << "raw U+" << std::hex << uint(c.unicode());
    // What came later comes after ref, so that the columns before keep their places.
    EXPECT_TRUE(
        lines.first().endsWith(QStringLiteral(",ref,connectTime,disconnectTime,processes,memoryBytes,cpuSeconds")));
    EXPECT_TRUE(lines.at(3).endsWith(QStringLiteral(",3@2026-11-02T08:03:00.000Z,2026-11-02T08:03:00Z,,,,")))
        << lines.at(3).toStdString();
    EXPECT_TRUE(lines.at(1).endsWith(QStringLiteral(",1/,2026-11-02T08:01:00Z,,,,"))) << lines.at(1).toStdString();
}

TEST(SessionPrinter, JsonEscapesWhatWouldDriveATerminal)
{
    QList<Session> sessions = oddSessions();
    sessions[2].station = QStringLiteral("a\x7f\u0085\u2028\U000E0041b");
    const QString text = SessionPrinter::format(sessions, SessionPrinter::Format::Json, QDateTime::currentDateTimeUtc());
    for (const QChar c : text)
        EXPECT_TRUE(c.isPrint() || c == u'\n' || c == u' ') << "raw U+" << std::hex << uint(c.unicode());
    EXPECT_TRUE(text.contains(QStringLiteral("\\u202eevil")));
    EXPECT_TRUE(text.contains(QStringLiteral("a\\u007f\\u0085\\u2028\\udb40\\udc41b")));
    const QJsonArray rows = QJsonDocument::fromJson(text.toUtf8()).array();
    ASSERT_EQ(rows.size(), 5);
    EXPECT_EQ(rows.at(2).toObject().value(QStringLiteral("station")).toString(), sessions.at(2).station);
    EXPECT_EQ(rows.at(2).toObject().value(QStringLiteral("clientName")).toString(), sessions.at(2).clientName);
}

TEST(SessionPrinter, TableStaysOneLinePerSession)
{
    const QString text = SessionPrinter::format(oddSessions(), SessionPrinter::Format::Table,
                                                QDateTime::currentDateTimeUtc());
    const QStringList lines = text.split(u'\n', Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 6);
    EXPECT_FALSE(text.contains(QChar(0x1b))) << "escape sequences must not reach the terminal";
    EXPECT_FALSE(text.contains(QChar(0x202e))) << "direction overrides must not reach the terminal";
    EXPECT_LT(lines.at(2).size(), 300) << "a 5000-character name is cut for the table";
}

TEST(SessionPrinter, TableIdAndServerCellsArePlain)
{
    Session session = SessionFixtures::make(QStringLiteral("dbus:unix:path=/run/\u202ebus"), 7);
    session.id = QStringLiteral("7\x1b[2J\r");
    const QString text = SessionPrinter::format({session}, SessionPrinter::Format::Table,
                                                QDateTime::currentDateTimeUtc());
    EXPECT_EQ(text.count(u'\n'), 2);
    for (const QChar c : text)
        EXPECT_TRUE(c.isPrint() || c == u'\n' || c == u' ') << "raw U+" << std::hex << uint(c.unicode());
    EXPECT_TRUE(text.contains(QStringLiteral("7?[2J?")));
    EXPECT_TRUE(text.contains(QStringLiteral("/run/?bus")));
}

namespace {

// Processes with names and command lines a hostile user could give their programs.
QList<SessionPrinter::ListedProcess> hostileProcesses()
{
    SessionProcess escape;
    escape.server = A;
    escape.sessionId = QStringLiteral("3");
    escape.pid = 1234;
    escape.name = QStringLiteral("evil\x1b]0;pwned\x07.exe");
    escape.commandLine = QStringLiteral("run.exe \"a,b\"\r\nsecond line\x1b[2J");
    escape.user = QStringLiteral("CORP\\bob");
    escape.threads = 3;
    escape.handles = 40;
    escape.memoryBytes = 5 * 1024 * 1024;
    escape.cpuSeconds = 3725.5;
    SessionProcess rtl = escape;
    rtl.pid = 1240;
    rtl.name = QStringLiteral("\u202eexe.txt");
    rtl.commandLine = QStringLiteral("<b>html</b>\u2028\U000E0041");
    SessionProcess huge = escape;
    huge.pid = 1244;
    huge.name = QString(300, u'n');
    huge.commandLine = QString(64 * 1024, u'x');
    SessionProcess unknown;
    unknown.server = A;
    unknown.sessionId = QStringLiteral("4");
    unknown.pid = 88;
    unknown.name = QStringLiteral("sshd");
    const QString ref = QStringLiteral("3@2026-11-02T08:03:00.000Z");
    return {{escape, ref}, {rtl, ref}, {huge, ref}, {unknown, QStringLiteral("4/root")}};
}

} // namespace

TEST(SessionPrinterProcesses, JsonCarriesHostileTextExactlyAndEscaped)
{
    const QList<SessionPrinter::ListedProcess> processes = hostileProcesses();
    const QString text = SessionPrinter::formatProcesses(processes, SessionPrinter::Format::Json);
    for (const QChar c : text)
        EXPECT_TRUE(c.isPrint() || c == u'\n' || c == u' ') << "raw U+" << std::hex << uint(c.unicode());
    QJsonParseError error;
    const QJsonArray rows = QJsonDocument::fromJson(text.toUtf8(), &error).array();
    ASSERT_EQ(error.error, QJsonParseError::NoError);
    ASSERT_EQ(rows.size(), 4);
    for (int i = 0; i < 3; ++i) {
        const QJsonObject row = rows.at(i).toObject();
        EXPECT_EQ(row.value(QStringLiteral("name")).toString(), processes.at(i).process.name);
        EXPECT_EQ(row.value(QStringLiteral("commandLine")).toString(), processes.at(i).process.commandLine);
        EXPECT_EQ(row.value(QStringLiteral("session")).toString(), QStringLiteral("3@2026-11-02T08:03:00.000Z"));
    }
    const QJsonObject first = rows.at(0).toObject();
    EXPECT_EQ(first.value(QStringLiteral("pid")).toInteger(), 1234);
    EXPECT_EQ(first.value(QStringLiteral("memoryBytes")).toInteger(), 5 * 1024 * 1024);
    EXPECT_DOUBLE_EQ(first.value(QStringLiteral("cpuSeconds")).toDouble(), 3725.5);
    // What the backend does not know is null.
    const QJsonObject unknown = rows.at(3).toObject();
    for (const char *key : {"commandLine", "user", "threads", "handles", "memoryBytes", "cpuSeconds"})
        EXPECT_TRUE(unknown.value(QString::fromLatin1(key)).isNull()) << key;
    EXPECT_EQ(unknown.value(QStringLiteral("session")).toString(), QStringLiteral("4/root"));
}

TEST(SessionPrinterProcesses, TableAndCsvArePlainOneLineEach)
{
    for (const auto format : {SessionPrinter::Format::Table, SessionPrinter::Format::Csv}) {
        const QString text = SessionPrinter::formatProcesses(hostileProcesses(), format);
        const QStringList lines = text.split(u'\n', Qt::SkipEmptyParts);
        ASSERT_EQ(lines.size(), 1 + 4);
        for (const QChar c : text)
            EXPECT_TRUE(c.isPrint() || c == u'\n' || c == u' ') << "raw U+" << std::hex << uint(c.unicode());
        EXPECT_FALSE(text.contains(QChar(0x202e)));
        EXPECT_TRUE(text.contains(QStringLiteral("evil?]0;pwned?.exe")));
        EXPECT_TRUE(text.contains(QStringLiteral("?exe.txt")));
    }
    const QString table = SessionPrinter::formatProcesses(hostileProcesses(), SessionPrinter::Format::Table);
    const QStringList lines = table.split(u'\n', Qt::SkipEmptyParts);
    EXPECT_LT(lines.at(3).size(), 400) << "a 64 KiB command line is cut for the table";
    EXPECT_TRUE(lines.at(1).contains(QStringLiteral(" 1:02:05 ")))
        << "CPU time as h:mm:ss: " << lines.at(1).toStdString();
    EXPECT_TRUE(lines.at(1).contains(QStringLiteral("5.0 MiB")));
    const QString csv = SessionPrinter::formatProcesses(hostileProcesses(), SessionPrinter::Format::Csv);
    EXPECT_TRUE(csv.contains(QStringLiteral(",\"run.exe \"\"a,b\"\"??second line?[2J\",")));
    EXPECT_TRUE(csv.contains(QString(64 * 1024, u'x'))) << "CSV carries the whole command line";
    EXPECT_TRUE(csv.contains(QStringLiteral("demo:a,4/root,88,sshd,,,,,,\n")));
}

namespace {

SessionDetails hostileDetails()
{
    return {
        {QStringLiteral("clientName"), QStringLiteral("Client name"), QStringLiteral("\x1b]0;pwned\x07WS\u202e1")},
        {QStringLiteral("initialProgram"), QStringLiteral("Initial program"),
         QStringLiteral("<b>cmd</b>\nsecond line\u2028third")},
        {QStringLiteral("workingDirectory"), QStringLiteral("Working directory"), QString()},
        {QStringLiteral("zeta"), QStringLiteral("Bad\x1b[2Jlabel"), QString(65536, u'w')},
        {QStringLiteral("alpha"), QStringLiteral("Alpha"), QStringLiteral("a")},
    };
}

} // namespace

TEST(SessionPrinterDetails, JsonKeepsTheBackendsOrderAndCarriesHostileTextExactly)
{
    const SessionDetails details = hostileDetails();
    const QString text = SessionPrinter::formatDetails(A, QStringLiteral("3@2026-11-25T09:15:02.123Z"), details,
                                                       SessionPrinter::Format::Json);
    for (const QChar c : text)
        EXPECT_TRUE(c == u'\n' || !movesTheTerminal(c.unicode())) << "raw U+" << std::hex << int(c.unicode());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    ASSERT_EQ(error.error, QJsonParseError::NoError) << error.errorString().toStdString();
    const QJsonObject object = doc.object();
    EXPECT_EQ(object.value(QStringLiteral("server")).toString(), A);
    EXPECT_EQ(object.value(QStringLiteral("ref")).toString(), QStringLiteral("3@2026-11-25T09:15:02.123Z"));
    for (const SessionDetail &d : details) {
        const QJsonValue value = object.value(d.key);
        if (d.value.isEmpty())
            EXPECT_TRUE(value.isNull()) << d.key.toStdString();
        else
            EXPECT_EQ(value.toString(), d.value) << d.key.toStdString();
    }
    // server, ref, then the backend's order (not sorted: zeta before alpha).
    QList<qsizetype> at;
    for (const QString &key : {QStringLiteral("server"), QStringLiteral("ref"), QStringLiteral("clientName"),
                               QStringLiteral("initialProgram"), QStringLiteral("workingDirectory"),
                               QStringLiteral("zeta"), QStringLiteral("alpha")})
        at.append(text.indexOf(u'"' + key + QStringLiteral("\":")));
    EXPECT_TRUE(std::is_sorted(at.cbegin(), at.cend())) << text.left(300).toStdString();
    EXPECT_FALSE(at.contains(-1));
}

TEST(SessionPrinterDetails, TableIsOneAlignedPlainLinePerDetail)
{
    const QString table = SessionPrinter::formatDetails(A, QStringLiteral("3"), hostileDetails(),
                                                        SessionPrinter::Format::Table);
    const QStringList lines = table.split(u'\n', Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 5);
    for (const QChar c : table)
        EXPECT_TRUE(c == u'\n' || !movesTheTerminal(c.unicode())) << "raw U+" << std::hex << int(c.unicode());
    EXPECT_TRUE(lines.at(0).startsWith(QStringLiteral("Client name:")));
    EXPECT_TRUE(lines.at(0).endsWith(QStringLiteral("?]0;pwned?WS?1")));
    EXPECT_EQ(lines.at(2), QStringLiteral("Working directory:"));
    EXPECT_TRUE(lines.at(3).startsWith(QStringLiteral("Bad?[2Jlabel:")));
    EXPECT_TRUE(lines.at(3).endsWith(QString(65536, u'w')));
    // The values start in one column.
    const qsizetype column = lines.at(0).indexOf(u'?');
    EXPECT_EQ(lines.at(4).indexOf(u'a', 6), column);
}
