#include "ConfirmList.h"

#include "DisplayText.h"
#include "Session.h"

#include <QCoreApplication>
#include <QScreen>
#include <QScrollBar>
#include <QTreeWidget>

void fitColumnsToContents(QTreeWidget *list)
{
    const int air = list->fontMetrics().horizontalAdvance(QStringLiteral("MM"));
    int width = 2 * list->frameWidth() + list->verticalScrollBar()->sizeHint().width();
    for (int column = 0; column < list->columnCount(); ++column) {
        list->resizeColumnToContents(column);
        list->setColumnWidth(column, list->columnWidth(column) + air);
        width += list->columnWidth(column);
    }
    const QScreen *screen = list->screen();
    const int available = screen ? screen->availableGeometry().width() * 9 / 10 : width;
    list->setMinimumWidth(std::min(width, available));
}

void setSessionColumns(QTreeWidget *list)
{
    list->setRootIsDecorated(false);
    list->setUniformRowHeights(true);
    list->setHeaderLabels(
        {QCoreApplication::translate("ConfirmList", "Server"), QCoreApplication::translate("ConfirmList", "User"),
         QCoreApplication::translate("ConfirmList", "ID"), QCoreApplication::translate("ConfirmList", "State"),
         QCoreApplication::translate("ConfirmList", "Logon time")});
}

QTreeWidgetItem *addSessionRow(QTreeWidget *list, const Session &session)
{
    // As the grid shows it, to the second: what tells two logons on one id apart.
    const QString logon = session.logonTime.isValid()
                              ? session.logonTime.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                              : QCoreApplication::translate("ConfirmList", "unknown");
    auto *item = new QTreeWidgetItem(list, {serverDisplayName(session.server), userDisplayName(session), session.id,
                                            Session::stateName(session.state), logon});
    item->setToolTip(0, plainToolTip(session.server));
    return item;
}
