#pragma once

#include "SessionProcess.h"

#include <QDialog>

class QTreeWidget;

// Asks before ending processes: lists each with what identifies it (server by its short name,
// name, pid, user, session), as plain text whatever the names hold.
class ProcessConfirmDialog final : public QDialog
{
    Q_OBJECT

public:
    enum Column { ServerColumn, NameColumn, PidColumn, UserColumn, SessionColumn };

    explicit ProcessConfirmDialog(const QList<SessionProcess> &processes, QWidget *parent = nullptr);

    QList<SessionProcess> processes() const { return m_processes; }
    QTreeWidget *processList() const { return m_list; }

private:
    const QList<SessionProcess> m_processes;
    QTreeWidget *m_list;
};
