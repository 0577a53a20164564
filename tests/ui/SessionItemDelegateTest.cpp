#include "SessionItemDelegate.h"
#include "SessionTableModel.h"

#include "SessionFixtures.h"
#include "UiTestSupport.h"

#include <QHeaderView>
#include <QHelpEvent>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTableView>
#include <QToolTip>

#include <gtest/gtest.h>

namespace {

struct Grid
{
    QStandardItemModel model{1, 2};
    QTableView view;
    SessionItemDelegate *delegate = new SessionItemDelegate(&view);
    const QString longText = QStringLiteral("a-rather-long-client-name-that-cannot-fit-in-sixty-pixels");

    Grid()
    {
        // Like SessionTableModel, the model offers every cell's text as its tooltip.
        for (const auto &[column, text] : {std::pair{0, QStringLiteral("ok")}, std::pair{1, longText}}) {
            auto *item = new QStandardItem(text);
            item->setToolTip(text);
            model.setItem(0, column, item);
        }
        view.setModel(&model);
        view.setItemDelegate(delegate);
        view.horizontalHeader()->resizeSection(0, 200);
        view.horizontalHeader()->resizeSection(1, 60);
        view.resize(400, 200);
        view.show();
    }

    QStyleOptionViewItem option(const QModelIndex &index) const
    {
        QStyleOptionViewItem opt;
        opt.initFrom(&view);
        opt.rect = view.visualRect(index);
        opt.widget = &view;
        opt.font = view.font();
        opt.fontMetrics = view.fontMetrics();
        return opt;
    }

    void hover(const QModelIndex &index)
    {
        const QPoint pos = view.visualRect(index).center();
        QHelpEvent event(QEvent::ToolTip, pos, view.viewport()->mapToGlobal(pos));
        QCoreApplication::sendEvent(view.viewport(), &event);
    }
};

} // namespace

TEST(SessionItemDelegateTest, KnowsWhenTextIsElided)
{
    Grid grid;
    const QModelIndex shortCell = grid.model.index(0, 0);
    const QModelIndex longCell = grid.model.index(0, 1);
    EXPECT_FALSE(grid.delegate->isElided(grid.option(shortCell), shortCell));
    EXPECT_TRUE(grid.delegate->isElided(grid.option(longCell), longCell));
    grid.view.horizontalHeader()->resizeSection(1, 2000);
    EXPECT_FALSE(grid.delegate->isElided(grid.option(longCell), longCell));
}

TEST(SessionItemDelegateTest, TooltipOnlyForElidedCells)
{
    Grid grid;
    grid.hover(grid.model.index(0, 0));
    EXPECT_FALSE(QToolTip::isVisible());
    grid.hover(grid.model.index(0, 1));
    EXPECT_TRUE(QToolTip::isVisible());
    EXPECT_EQ(QToolTip::text(), grid.longText);
    QToolTip::hideText();
}

TEST(SessionItemDelegateTest, GreysStaleRowsAndMarksOwnAndPending)
{
    SessionTableModel model;
    Session own;
    own.server = QStringLiteral("demo:a");
    own.id = QStringLiteral("2");
    own.user = QStringLiteral("me");
    own.own = true;
    Session other = own;
    other.id = QStringLiteral("3");
    other.user = QStringLiteral("you");
    other.own = false;
    model.applySnapshot(own.server, {own, other});
    model.setPending(SessionKey::of(other), QStringLiteral("Logging off…"));
    QTableView view;
    view.setModel(&model);
    SessionItemDelegate delegate;

    const auto optionFor = [&](int row) {
        QStyleOptionViewItem option;
        option.initFrom(&view);
        option.widget = &view;
        delegate.initStyleOption(&option, model.index(row, SessionTableModel::UserColumn));
        return option;
    };
    EXPECT_TRUE(optionFor(0).font.bold());
    EXPECT_FALSE(optionFor(0).font.italic());
    EXPECT_FALSE(optionFor(1).font.bold());
    EXPECT_TRUE(optionFor(1).font.italic());
    const QColor normal = optionFor(0).palette.color(QPalette::Text);
    model.setServerStale(own.server, true);
    const QStyleOptionViewItem greyed = optionFor(0);
    EXPECT_EQ(greyed.palette.color(QPalette::Text), greyed.palette.color(QPalette::Disabled, QPalette::Text));
    EXPECT_NE(greyed.palette.color(QPalette::Text), normal);
    model.setServerStale(own.server, false);
    EXPECT_EQ(optionFor(0).palette.color(QPalette::Text), normal);
}

TEST(SessionItemDelegateTest, StalenessIsOneRoleOnTheServersRowsOnly)
{
    SessionTableModel model;
    const auto tester = UiTestSupport::checked(&model);
    const QList<Session> a = SessionFixtures::range(QStringLiteral("demo:a"), 1, 2);
    const QList<Session> b = SessionFixtures::range(QStringLiteral("demo:b"), 1, 3);
    model.applySnapshot(QStringLiteral("demo:a"), a);
    model.applySnapshot(QStringLiteral("demo:b"), b);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    model.setServerStale(QStringLiteral("demo:b"), true);
    ASSERT_EQ(changed.count(), 1);
    EXPECT_EQ(changed.first().at(0).toModelIndex(), model.index(2, 0));
    EXPECT_EQ(changed.first().at(1).toModelIndex(), model.index(4, SessionTableModel::ColumnCount - 1));
    EXPECT_EQ(changed.first().at(2).value<QList<int>>(), QList<int>{SessionTableModel::StaleRole});
    EXPECT_FALSE(model.index(1, 0).data(SessionTableModel::StaleRole).toBool());
    EXPECT_TRUE(model.index(2, 0).data(SessionTableModel::StaleRole).toBool());

    model.setServerStale(QStringLiteral("demo:b"), true); // no change, no signal
    EXPECT_EQ(changed.count(), 1);
    // Rows the server gets while stale are stale too.
    model.applySnapshot(QStringLiteral("demo:b"), SessionFixtures::range(QStringLiteral("demo:b"), 1, 4));
    EXPECT_TRUE(model.index(5, 0).data(SessionTableModel::StaleRole).toBool());
    model.setServerStale(QStringLiteral("demo:b"), false);
    EXPECT_FALSE(model.index(5, 0).data(SessionTableModel::StaleRole).toBool());
}
