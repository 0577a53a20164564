#pragma once

struct Session;
class QTreeWidget;
class QTreeWidgetItem;

// The columns that tell the administrator which logon a confirmation is about, in this order:
// the server by its short name (its address as the tooltip), the user, the id, the state and
// the logon time to the second.
void setSessionColumns(QTreeWidget *list);
QTreeWidgetItem *addSessionRow(QTreeWidget *list, const Session &session);

// Sizes every column of a confirmation dialog's list to its contents with a little air, and
// the list to its columns, up to most of the screen, so that ordinary rows need no
// horizontal scroll bar.
void fitColumnsToContents(QTreeWidget *list);
