#include "MainWindow.h"

#include "ServerTab.h"
#include "SessionDetailsDock.h"
#include "SessionFilterProxyModel.h"
#include "SessionTableModel.h"
#include "SessionTableView.h"
#include "UiTestSupport.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QTemporaryDir>
#include <QTreeWidget>

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using UiTestSupport::waitUntil;

namespace {

const char *const Quiet = "demo:det?sessions=10&latency=0&churn=0";

QString key(const char *address)
{
    return ServerAddress::parse(QString::fromLatin1(address)).toString();
}

void selectSession(ServerTab *tab, const QString &id)
{
    for (int row = 0; row < tab->proxy()->rowCount(); ++row) {
        const QModelIndex index = tab->proxy()->index(row, 0);
        if (tab->model()->sessionAt(tab->proxy()->mapToSource(index).row()).id == id) {
            tab->view()->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect
                                                                      | QItemSelectionModel::Rows);
            return;
        }
    }
    ADD_FAILURE() << "no row for session " << id.toStdString();
}

// The value the dock shows for `label`, or nullopt when it shows no such row.
std::optional<QString> shownValue(const SessionDetailsDock *dock, const QString &label)
{
    const QTreeWidget *fields = dock->fieldList();
    for (int row = 0; row < fields->topLevelItemCount(); ++row) {
        if (fields->topLevelItem(row)->text(0) == label)
            return fields->topLevelItem(row)->text(1);
    }
    return std::nullopt;
}

bool statusSays(const SessionDetailsDock *dock, const QString &text)
{
    return dock->statusLabel()->isVisible() && dock->statusLabel()->text().contains(text);
}

// A server whose sessions' details are what the test says, then how often they were read.
class DetailsSource final : public SessionSource
{
public:
    DetailsSource(const ServerAddress &address, QList<Session> sessions, SessionDetails details)
        : SessionSource(address)
        , m_sessions(std::move(sessions))
        , m_details(std::move(details))
    {}

    Capabilities capabilities() const override { return Capability::Enumerate | Capability::Details; }
    EnumerateResult enumerate() override { return m_sessions; }

    int reads() const { return m_reads.load(); }

protected:
    ActionResult doLogoff(const SessionRef &, bool, Timeout) override { return {}; }
    DetailsResult doDetails(const SessionRef &, Timeout) override
    {
        SessionDetails details = m_details;
        details.append({QStringLiteral("reads"), QStringLiteral("Reads"), QString::number(++m_reads)});
        return details;
    }

private:
    const QList<Session> m_sessions;
    const SessionDetails m_details;
    std::atomic<int> m_reads{0};
};

class SessionDetailsDockTest : public ::testing::Test
{
protected:
    std::unique_ptr<MainWindow> open(const QStringList &servers)
    {
        return UiTestSupport::openWindow(servers, m_dir.filePath(QStringLiteral("console.ini")));
    }

    static ServerTab *waitForRows(MainWindow &window, const QString &server, int rows)
    {
        ServerTab *tab = window.tabFor(server);
        EXPECT_TRUE(tab);
        window.tabs()->setCurrentWidget(tab);
        EXPECT_TRUE(waitUntil([&] { return tab->model()->rowCount() == rows; }));
        return tab;
    }

    static SessionDetailsDock *showDock(MainWindow &window)
    {
        SessionDetailsDock *dock = window.detailsDock();
        EXPECT_FALSE(dock->isVisible()) << "hidden until asked for";
        dock->toggleViewAction()->trigger();
        EXPECT_TRUE(waitUntil([&] { return dock->isVisible(); }));
        return dock;
    }

    QTemporaryDir m_dir;
};

} // namespace

TEST_F(SessionDetailsDockTest, ShowsEveryFieldOfTheSelectedSession)
{
    const QString demo = key(Quiet);
    auto window = open({demo});
    ServerTab *tab = waitForRows(*window, demo, 12);
    window->pauseAction()->setChecked(true);
    SessionDetailsDock *dock = showDock(*window);
    selectSession(tab, QStringLiteral("3"));
    const Session session = tab->selectedSessions().value(0);
    ASSERT_TRUE(waitUntil([&] { return shownValue(dock, QStringLiteral("Client name")).has_value(); }));
    EXPECT_EQ(dock->session()->id, QStringLiteral("3"));
    EXPECT_EQ(*shownValue(dock, QStringLiteral("Session ID")), QStringLiteral("3"));
    EXPECT_EQ(*shownValue(dock, QStringLiteral("User")), session.user);
    EXPECT_EQ(*shownValue(dock, QStringLiteral("Client name")), session.clientName);
    EXPECT_EQ(*shownValue(dock, QStringLiteral("Client address")), session.clientAddress);
    EXPECT_TRUE(shownValue(dock, QStringLiteral("Display resolution"))->contains(u'×'));
    EXPECT_FALSE(dock->statusLabel()->isVisible());

    // Another row: its fields replace the first one's.
    selectSession(tab, QStringLiteral("4"));
    ASSERT_TRUE(waitUntil([&] { return shownValue(dock, QStringLiteral("Session ID")) == QStringLiteral("4"); }));

    // Nothing selected: nothing shown.
    tab->view()->selectionModel()->clear();
    EXPECT_TRUE(waitUntil([&] { return statusSays(dock, QStringLiteral("Select a session")); }));
    EXPECT_EQ(dock->fieldList()->topLevelItemCount(), 0);
    EXPECT_FALSE(dock->session().has_value());
}

TEST_F(SessionDetailsDockTest, ASessionGoneOrNowAnotherLogonShowsTheError)
{
    const QString demo = key(Quiet);
    auto window = open({demo});
    ServerTab *tab = waitForRows(*window, demo, 12);
    window->pauseAction()->setChecked(true);
    SessionDetailsDock *dock = showDock(*window);
    selectSession(tab, QStringLiteral("5"));
    const Session session = tab->selectedSessions().value(0);
    ASSERT_TRUE(waitUntil([&] { return shownValue(dock, QStringLiteral("Session ID")).has_value(); }));

    // Logged off behind the window's back; the row stays until the next refresh.
    ASSERT_TRUE(window->scheduler()->source(demo)->logoff(SessionRef::of(session), true, 10s).ok());
    dock->reload();
    ASSERT_TRUE(waitUntil([&] { return statusSays(dock, QStringLiteral("cannot be found")); }))
        << dock->statusLabel()->text().toStdString();
    EXPECT_TRUE(dock->statusLabel()->text().startsWith(QStringLiteral("Could not read the details")));
    EXPECT_EQ(dock->fieldList()->topLevelItemCount(), 0);
}

TEST_F(SessionDetailsDockTest, ServerWithoutDetailsSaysSo)
{
    const ServerAddress address = ServerAddress::parse(QStringLiteral("demo:plain"));
    Session s;
    s.server = address.toString();
    s.id = QStringLiteral("7");
    s.user = QStringLiteral("u7");
    auto window = open({key(Quiet)});
    window->addSource(
        std::make_shared<UiTestSupport::FixedSource>(address, SessionSource::Capability::Enumerate, QList<Session>{s}));
    ServerTab *tab = waitForRows(*window, address.toString(), 1);
    SessionDetailsDock *dock = showDock(*window);
    selectSession(tab, QStringLiteral("7"));
    EXPECT_TRUE(waitUntil([&] { return statusSays(dock, QStringLiteral("not supported on this server")); }));
    EXPECT_EQ(dock->fieldList()->topLevelItemCount(), 0);
}

TEST_F(SessionDetailsDockTest, HostileValuesStayPlainAndCopyAsTabSeparatedLines)
{
    const ServerAddress address = ServerAddress::parse(QStringLiteral("demo:hostile"));
    Session s;
    s.server = address.toString();
    s.id = QStringLiteral("9");
    s.user = QStringLiteral("<b>eve</b>");
    const QString markup = QStringLiteral("<img src=x onerror=alert(1)><b>bold</b>");
    const QString controls = QStringLiteral("WS\x1b[31m\u202e01\nsecond\tcolumn");
    const SessionDetails details{
        {QStringLiteral("clientName"), QStringLiteral("Client name"), controls},
        {QStringLiteral("initialProgram"), QStringLiteral("Initial program"), markup},
        {QStringLiteral("workingDirectory"), QStringLiteral("Working directory"), QString(65536, u'd')},
        {QStringLiteral("formula"), QStringLiteral("Formula"), QStringLiteral("=cmd|'/c calc'!A1")},
    };
    auto window = open({key(Quiet)});
    window->addSource(std::make_shared<DetailsSource>(address, QList<Session>{s}, details));
    ServerTab *tab = waitForRows(*window, address.toString(), 1);
    SessionDetailsDock *dock = showDock(*window);
    selectSession(tab, QStringLiteral("9"));
    ASSERT_TRUE(waitUntil([&] { return dock->fieldList()->topLevelItemCount() == 5; }));

    // Shown as the text it is: an item view draws no markup, and the tooltip is escaped.
    EXPECT_EQ(*shownValue(dock, QStringLiteral("Initial program")), markup);
    const QTreeWidgetItem *program = dock->fieldList()->topLevelItem(1);
    EXPECT_FALSE(Qt::mightBeRichText(program->toolTip(1)) && program->toolTip(1).contains(QStringLiteral("<img")));
    EXPECT_EQ(*shownValue(dock, QStringLiteral("Client name")), controls);

    // Ctrl+C in the list copies the selected rows, one "label<TAB>value" line each.
    dock->fieldList()->setFocus();
    dock->fieldList()->topLevelItem(0)->setSelected(true);
    dock->fieldList()->topLevelItem(1)->setSelected(true);
    QApplication::clipboard()->clear();
    QTest::keyClick(dock->fieldList(), Qt::Key_C, Qt::ControlModifier);
    const QString copied = QApplication::clipboard()->text();
    EXPECT_EQ(copied,
              QStringLiteral("Client name\tWS\x1b[31m\u202e01 second column\nInitial program\t") + markup + u'\n');

    // Copy All: every row; a cell a spreadsheet would run as a formula is neutralised.
    dock->copyAllAction()->trigger();
    const QStringList lines = QApplication::clipboard()->text().split(u'\n', Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 5);
    EXPECT_EQ(lines.at(2), QStringLiteral("Working directory\t") + QString(65536, u'd'));
    EXPECT_EQ(lines.at(3), QStringLiteral("Formula\t'=cmd|'/c calc'!A1"));

    // Read again (F5): the values are updated in place and the selected rows stay selected.
    dock->reload();
    ASSERT_TRUE(waitUntil([&] { return shownValue(dock, QStringLiteral("Reads")) == QStringLiteral("2"); }));
    EXPECT_TRUE(dock->fieldList()->topLevelItem(0)->isSelected());
    EXPECT_TRUE(dock->fieldList()->topLevelItem(1)->isSelected());
    EXPECT_FALSE(dock->statusLabel()->isVisible());
}

TEST_F(SessionDetailsDockTest, NothingIsReadWhileHiddenAndTheSessionIsReadWhenShown)
{
    const ServerAddress address = ServerAddress::parse(QStringLiteral("demo:counted"));
    Session s;
    s.server = address.toString();
    s.id = QStringLiteral("9");
    s.user = QStringLiteral("dave");
    auto source = std::make_shared<DetailsSource>(address, QList<Session>{s}, SessionDetails{});
    auto window = open({key(Quiet)});
    window->addSource(source);
    ServerTab *tab = waitForRows(*window, address.toString(), 1);
    SessionDetailsDock *dock = window->detailsDock();

    // Selected and deselected while hidden: nothing is read, and showing it reads nothing.
    selectSession(tab, QStringLiteral("9"));
    tab->view()->selectionModel()->clear();
    dock->toggleViewAction()->trigger();
    ASSERT_TRUE(waitUntil([&] { return dock->isVisible(); }));
    EXPECT_TRUE(statusSays(dock, QStringLiteral("Select a session")));
    EXPECT_EQ(source->reads(), 0);

    // Selected while hidden: read once it is shown.
    dock->toggleViewAction()->trigger();
    selectSession(tab, QStringLiteral("9"));
    EXPECT_EQ(source->reads(), 0);
    dock->toggleViewAction()->trigger();
    ASSERT_TRUE(waitUntil([&] { return shownValue(dock, QStringLiteral("Reads")) == QStringLiteral("1"); }));
    EXPECT_EQ(source->reads(), 1);
}

TEST_F(SessionDetailsDockTest, ItsVisibilityIsSavedWithTheWindowLayout)
{
    const QString demo = key(Quiet);
    {
        auto window = open({demo});
        showDock(*window);
        window->close();
    }
    auto window = open({});
    EXPECT_TRUE(waitUntil([&] { return window->detailsDock()->isVisible(); }));
    window->detailsDock()->toggleViewAction()->trigger();
    EXPECT_FALSE(window->detailsDock()->isVisible());
    window->close();
    auto again = open({});
    EXPECT_FALSE(again->detailsDock()->isVisible());
}
