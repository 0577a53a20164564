#include "MainWindow.h"

#include "ActionJob.h"
#include "ActionProgressDialog.h"

#include "AddServerDialog.h"
#include "CsvExporter.h"
#include "ErrorBanner.h"
#include "ProgramTrap.h"
#include "ServerTab.h"
#include "SessionFilterProxyModel.h"
#include "SessionTableModel.h"
#include "SessionTableView.h"
#include "UiTestSupport.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFile>
#include <QHeaderView>
#include <QHelpEvent>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextDocument>
#include <QThreadPool>
#include <QToolTip>
#include <QTreeWidget>

#include <gtest/gtest.h>

// Hostile addresses typed into the window or found in its settings, and hostile session
// data shown in it. The process-level proof that nothing runs is in
// tests/app/HostileInputTest.cpp; this checks what the window shows.

using UiTestSupport::waitUntil;

namespace {

// The trap's programs first on PATH for the test's life, and the addresses that would run
// something if they reached ssh or a shell.
class TrappedPath final
{
public:
    TrappedPath()
        : m_oldPath(qgetenv("PATH"))
    {
        qputenv("PATH", QFile::encodeName(trap.binDir()) + ':' + m_oldPath);
    }
    ~TrappedPath() { qputenv("PATH", m_oldPath); }
    Q_DISABLE_COPY_MOVE(TrappedPath)

    QStringList payloads() const
    {
        const QString touch = QStringLiteral("touch ") + trap.mark(QStringLiteral("payload"));
        return {QStringLiteral("-oProxyCommand=") + touch,
                QStringLiteral("host;") + touch,
                QStringLiteral("$(") + touch + u')',
                u'`' + touch + u'`',
                QStringLiteral("dbus:unixexec:path=/bin/sh,argv1=-c,argv2=") + touch,
                QString(10240, u'a'),
                QString::fromUtf8("host\xff\xfe.example"),
                QString()};
    }

    const ProgramTrap trap;

private:
    const QByteArray m_oldPath;
};

QByteArray readAll(const QString &fileName)
{
    QFile file(fileName);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// RFC 4180 records: quoted fields may hold commas, quotes and line breaks.
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> records;
    QStringList fields;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"')
                field += text.at(++i);
            else if (c == u'"')
                quoted = false;
            else
                field += c;
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            fields.append(std::exchange(field, {}));
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            fields.append(std::exchange(field, {}));
            records.append(std::exchange(fields, {}));
            ++i;
        } else {
            field += c;
        }
    }
    return records;
}

// What a tooltip shows: QToolTip renders text that looks like HTML as rich text.
QString shownText(const QString &toolTip)
{
    if (!Qt::mightBeRichText(toolTip))
        return toolTip;
    QTextDocument document;
    document.setHtml(toolTip);
    return document.toPlainText();
}

Session oddSession(int id, const QString &user, const QDateTime &logon)
{
    Session s;
    s.server = QStringLiteral("demo:odd");
    s.id = QString::number(id);
    s.user = user;
    s.clientName = user.left(40);
    s.state = Session::State::Active;
    s.logonTime = logon;
    s.idleSince = logon;
    return s;
}

// A server that refuses every log off with a message of its choosing per session.
class RefusingSource final : public SessionSource
{
public:
    RefusingSource(const ServerAddress &address, QHash<QString, QString> messages)
        : SessionSource(address)
        , m_messages(std::move(messages))
    {}
    Capabilities capabilities() const override { return Capability::Enumerate | Capability::Logoff; }
    EnumerateResult enumerate() override { return {}; }

protected:
    ActionResult doLogoff(const SessionRef &target, bool, Timeout) override
    {
        return SessionError{SessionError::Category::AccessDenied, 0, {}, m_messages.value(target.id)};
    }

private:
    const QHash<QString, QString> m_messages;
};

} // namespace

TEST(HostileInputUiTest, ProgressDialogShowsAServersErrorAsPlainText)
{
    const QHash<QString, QString> messages{
        {QStringLiteral("1"), QStringLiteral("<b>Denied</b> by <img src=\"file:///etc/passwd\"> policy")},
        {QStringLiteral("2"), QStringLiteral("\u202Eexe.txt\u202C is \u2067not\u2069 allowed")},
        {QStringLiteral("3"), QStringLiteral("<a href=\"https://evil.example\">Click</a>\n<i>second line</i>")},
    };
    const ServerAddress address = ServerAddress::parse(QStringLiteral("demo:refusing"));
    const auto source = std::make_shared<RefusingSource>(address, messages);
    QList<ActionJob::Target> targets;
    for (const QString &id : {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")}) {
        Session s;
        s.server = address.toString();
        s.id = id;
        s.user = QStringLiteral("u") + id;
        targets.append({source, s});
    }
    QThreadPool pool;
    ActionJob job({}, targets, std::make_shared<AuditLog>(AuditLog::Tool::Console), &pool);
    ActionProgressDialog dialog(&job);
    dialog.show();
    job.start();
    ASSERT_TRUE(waitUntil([&] { return job.isFinished(); }));

    for (int i = 0; i < job.total(); ++i) {
        const QTreeWidgetItem *item = dialog.results()->topLevelItem(i);
        const QString message = messages.value(job.target(i).session.id);
        EXPECT_EQ(item->text(ActionProgressDialog::DetailColumn), message) << i;
        // QToolTip renders what looks like HTML: what it shows must be the text itself,
        // tags, image, link and direction marks included.
        const QString toolTip = item->toolTip(ActionProgressDialog::DetailColumn);
        EXPECT_EQ(shownText(toolTip), message) << toolTip.toStdString();
        if (Qt::mightBeRichText(toolTip)) {
            QTextDocument document;
            document.setHtml(toolTip);
            EXPECT_FALSE(document.toHtml().contains(QStringLiteral("<img"))) << i;
            EXPECT_FALSE(document.toHtml().contains(QStringLiteral("<a href"))) << i;
        }
        EXPECT_EQ(item->text(ActionProgressDialog::ServerColumn), QStringLiteral("demo:refusing"));
    }
}

TEST(HostileInputUiTest, AddServerRefusesHostileAddressesAndAddsNoTab)
{
    const TrappedPath path;
    QTemporaryDir dir;
    auto window = UiTestSupport::openWindow({QStringLiteral("demo:ok?latency=0")},
                                            dir.filePath(QStringLiteral("c.ini")));
    const int tabs = window->tabs()->count();
    for (const QString &payload : path.payloads()) {
        SCOPED_TRACE(payload.left(60).toStdString());
        window->addServerAction()->trigger();
        AddServerDialog *dialog = nullptr;
        ASSERT_TRUE(waitUntil([&] {
            dialog = window->findChild<AddServerDialog *>();
            return dialog && dialog->isVisible();
        }));
        dialog->setText(payload);
        const auto *problem = dialog->findChild<QLabel *>(QStringLiteral("AddressProblem"));
        ASSERT_TRUE(problem);
        QPushButton *add = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        EXPECT_FALSE(add->isEnabled());
        EXPECT_FALSE(dialog->address().isValid());
        if (!payload.isEmpty()) { // an empty box is no mistake yet, just nothing typed
            EXPECT_TRUE(problem->isVisible());
            EXPECT_FALSE(problem->text().isEmpty());
        }
        // Neither Return nor an accept that bypasses the disabled button adds anything.
        QTest::keyClick(dialog, Qt::Key_Return);
        EXPECT_EQ(window->tabs()->count(), tabs);
        dialog->accept();
        EXPECT_EQ(window->tabs()->count(), tabs);
        delete dialog;
    }
    EXPECT_EQ(window->scheduler()->servers(), QStringList{QStringLiteral("demo:ok?latency=0")});
    EXPECT_TRUE(path.trap.marks().isEmpty()) << path.trap.marks().join(u' ').toStdString();
}

TEST(HostileInputUiTest, HostileSettingsAreDroppedWithAWarningAndTheFileIsKept)
{
    const TrappedPath path;
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("console.ini"));
    QByteArray contents = "[servers]\nlist=demo:kept?latency=0";
    for (const QString &payload : path.payloads()) {
        if (!payload.isEmpty() && !payload.contains(QChar::ReplacementCharacter)) // the file must stay UTF-8 text
            contents += ", \"" + payload.toUtf8() + '"';
    }
    contents += "\nrecent=\"host;reboot\"\n";
    {
        QFile out(file);
        ASSERT_TRUE(out.open(QIODevice::WriteOnly));
        out.write(contents);
    }
    {
        auto window = UiTestSupport::openWindow({}, file);
        EXPECT_TRUE(window->noteBanner()->isVisible());
        EXPECT_EQ(window->noteBanner()->severity(), ErrorBanner::Severity::Error);
        EXPECT_TRUE(window->noteBanner()->text().contains(QStringLiteral("ignored the server")))
            << window->noteBanner()->text().toStdString();
        EXPECT_EQ(window->scheduler()->servers(), QStringList{QStringLiteral("demo:kept?latency=0")});
        EXPECT_EQ(window->tabs()->count(), 2);
        EXPECT_GE(window->settings().warnings().size(), 6);
        ASSERT_TRUE(
            waitUntil([&] { return window->scheduler()->status(QStringLiteral("demo:kept?latency=0")).hasResult; }));
        window->close();
    }
    EXPECT_EQ(readAll(file), contents);
    EXPECT_TRUE(path.trap.marks().isEmpty()) << path.trap.marks().join(u' ').toStdString();
}

TEST(HostileInputUiTest, OddSessionDataIsShownCopiedAndExportedSanely)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime epoch = QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
    const QList<Session> sessions{
        oddSession(1, QString(), now),
        oddSession(2, QString(100000, u'W'), now),
        oddSession(3, QStringLiteral("ctl\x01\x07\x1b[31mred"), epoch),
        oddSession(4, QStringLiteral("\u202Eexe.txt"), now.addYears(10)),
        oddSession(5, QStringLiteral("two\nlines\r\nand\rmore"), now),
        oddSession(6, QStringLiteral("tab\tinside"), now),
        oddSession(7, QStringLiteral("=cmd|' /C calc'!A0"), now),
        oddSession(8, QStringLiteral("<b>bold</b><img src=\"x\">"), now),
    };
    QTemporaryDir dir;
    auto window = UiTestSupport::openWindow({QStringLiteral("demo:quiet?latency=0")},
                                            dir.filePath(QStringLiteral("c.ini")));
    const ServerAddress address = ServerAddress::parse(QStringLiteral("demo:odd"));
    window->addSource(
        std::make_shared<UiTestSupport::FixedSource>(address, SessionSource::Capability::Enumerate, sessions));
    ServerTab *tab = window->tabFor(address.toString());
    ASSERT_TRUE(tab);
    window->tabs()->setCurrentWidget(tab);
    const auto tester = UiTestSupport::checked(tab->model());
    ASSERT_TRUE(waitUntil([&] { return tab->model()->rowCount() == int(sessions.size()); }));
    tab->view()->sortByColumn(SessionTableModel::IdColumn, Qt::AscendingOrder);

    // The grid holds every name as it is; times far back or ahead are just dates.
    const auto cell = [&](int row, int column) { return tab->proxy()->index(row, column).data().toString(); };
    for (int row = 0; row < sessions.size(); ++row)
        EXPECT_EQ(cell(row, SessionTableModel::UserColumn), sessions.at(row).user) << row;
    EXPECT_EQ(cell(2, SessionTableModel::LogonTimeColumn),
              epoch.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    EXPECT_EQ(cell(3, SessionTableModel::LogonTimeColumn),
              now.addYears(10).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    EXPECT_EQ(cell(3, SessionTableModel::IdleColumn), QStringLiteral(".")); // idle since the future: not negative
    EXPECT_FALSE(cell(2, SessionTableModel::IdleColumn).isEmpty());
    tab->view()->viewport()->repaint();

    // Tooltips of cut-off cells show the text itself, never as markup.
    tab->view()->horizontalHeader()->resizeSection(SessionTableModel::UserColumn, 40);
    for (int row = 1; row < sessions.size(); ++row) {
        const QRect rect = tab->view()->visualRect(tab->proxy()->index(row, SessionTableModel::UserColumn));
        QHelpEvent event(QEvent::ToolTip, rect.center(), tab->view()->viewport()->mapToGlobal(rect.center()));
        QCoreApplication::sendEvent(tab->view()->viewport(), &event);
        ASSERT_TRUE(QToolTip::isVisible()) << row;
        EXPECT_EQ(shownText(QToolTip::text()), sessions.at(row).user) << row;
        QToolTip::hideText();
    }

    // Copy: one line per row, one tab between cells, whatever the cells hold.
    tab->view()->selectAll();
    window->copyAction()->trigger();
    const QString copied = QGuiApplication::clipboard()->text();
    const int shownColumns = tab->view()->horizontalHeader()->count()
                             - tab->view()->horizontalHeader()->hiddenSectionCount();
    EXPECT_FALSE(copied.contains(u'\r'));
    const QStringList lines = copied.split(u'\n', Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), sessions.size());
    for (const QString &line : lines)
        EXPECT_EQ(line.count(u'\t'), shownColumns - 1) << line.left(60).toStdString();
    EXPECT_TRUE(lines.at(6).contains(QStringLiteral("'=cmd|")));

    // CSV: one record per row, every cell back as it was, formulas neutralised.
    const QString file = dir.filePath(QStringLiteral("odd.csv"));
    ASSERT_TRUE(window->exportCsv(file));
    const QByteArray bytes = readAll(file);
    ASSERT_TRUE(bytes.startsWith("\xEF\xBB\xBF"));
    const QList<QStringList> records = parseCsv(QString::fromUtf8(bytes.mid(3)));
    ASSERT_EQ(records.size(), sessions.size() + 1);
    const int userField = int(records.first().indexOf(QStringLiteral("User")));
    ASSERT_GE(userField, 0);
    for (int row = 0; row < sessions.size(); ++row) {
        ASSERT_EQ(records.at(row + 1).size(), shownColumns) << row;
        EXPECT_EQ(records.at(row + 1).at(userField), CsvExporter::neutralised(sessions.at(row).user)) << row;
    }
}
