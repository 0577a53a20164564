#pragma once

class QTreeWidget;

// Sizes every column of a confirmation dialog's list to its contents with a little air, and
// the list to its columns, up to most of the screen, so that ordinary rows need no
// horizontal scroll bar.
void fitColumnsToContents(QTreeWidget *list);
