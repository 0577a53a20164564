#include "ConfirmList.h"

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
