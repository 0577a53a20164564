#pragma once

#include "Session.h"

#include <QDialog>

class QCheckBox;
class QTreeWidget;

// Asks before logging sessions off: lists them with what identifies each logon (server by
// its short name, user, id, state, logon time), warns loudly when the console's own
// session is among them, and offers "wait until logged off" (on by default).
class LogoffConfirmDialog final : public QDialog
{
    Q_OBJECT

public:
    enum Column { ServerColumn, UserColumn, IdColumn, StateColumn, LogonTimeColumn };

    explicit LogoffConfirmDialog(const QList<Session> &sessions, QWidget *parent = nullptr);

    QList<Session> sessions() const { return m_sessions; }
    bool waitUntilLoggedOff() const;
    bool includesOwnSession() const { return m_ownIncluded; }
    QTreeWidget *sessionList() const { return m_list; }

private:
    const QList<Session> m_sessions;
    QCheckBox *m_wait;
    QTreeWidget *m_list = nullptr;
    bool m_ownIncluded = false;
};
