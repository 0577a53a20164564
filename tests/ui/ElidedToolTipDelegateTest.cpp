#include "ElidedToolTipDelegate.h"
#include "SessionTableModel.h"

#include "UiTestSupport.h"

#include <QHeaderView>
#include <QHelpEvent>
#include <QStandardItemModel>
#include <QTableView>
#include <QToolTip>

#include <gtest/gtest.h>

namespace {

struct Grid
{
    QStandardItemModel model{1, 2};
    QTableView view;
    ElidedToolTipDelegate *delegate = new ElidedToolTipDelegate(&view);
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

TEST(ElidedToolTipDelegateTest, KnowsWhenTextIsElided)
{
    Grid grid;
    const QModelIndex shortCell = grid.model.index(0, 0);
    const QModelIndex longCell = grid.model.index(0, 1);
    EXPECT_FALSE(grid.delegate->isElided(grid.option(shortCell), shortCell));
    EXPECT_TRUE(grid.delegate->isElided(grid.option(longCell), longCell));
    grid.view.horizontalHeader()->resizeSection(1, 2000);
    EXPECT_FALSE(grid.delegate->isElided(grid.option(longCell), longCell));
}

TEST(ElidedToolTipDelegateTest, TooltipOnlyForElidedCells)
{
    Grid grid;
    grid.hover(grid.model.index(0, 0));
    EXPECT_FALSE(QToolTip::isVisible());
    grid.hover(grid.model.index(0, 1));
    EXPECT_TRUE(QToolTip::isVisible());
    EXPECT_EQ(QToolTip::text(), grid.longText);
    QToolTip::hideText();
}

TEST(ElidedToolTipDelegateTest, GreysStaleRowsAndMarksOwnAndPending)
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
    ElidedToolTipDelegate delegate;
    bool stale = false;
    delegate.setStalePredicate([&](const QModelIndex &) { return stale; });

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
    stale = true;
    const QStyleOptionViewItem greyed = optionFor(0);
    EXPECT_EQ(greyed.palette.color(QPalette::Text), greyed.palette.color(QPalette::Disabled, QPalette::Text));
    EXPECT_NE(greyed.palette.color(QPalette::Text), normal);
}
