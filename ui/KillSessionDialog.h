#pragma once

#include "Session.h"
#include "SessionSource.h"

#include <QDialog>

class QComboBox;
class QTreeWidget;

// Asks before sending a signal to the processes of sessions (logind's KillSession), for when
// Log Off is not enough: lists the logons as the log-off confirmation does, and lets the
// administrator choose the signal (TERM unless told otherwise) and whether it goes to every
// process of the session or to its leader only.
class KillSessionDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit KillSessionDialog(const QList<Session> &sessions, QWidget *parent = nullptr);

    QList<Session> sessions() const { return m_sessions; }
    int signal() const;
    SessionSource::KillWho who() const;
    QComboBox *signalChoice() const { return m_signal; }
    QComboBox *whoChoice() const { return m_who; }
    QTreeWidget *sessionList() const { return m_list; }

private:
    const QList<Session> m_sessions;
    QComboBox *m_signal;
    QComboBox *m_who;
    QTreeWidget *m_list;
};
