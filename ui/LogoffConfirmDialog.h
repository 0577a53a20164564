#pragma once

#include "Session.h"

#include <QDialog>

class QCheckBox;

// Asks before logging sessions off: lists them (user, server, id), warns loudly when the
// console's own session is among them, and offers "wait until logged off" (on by default).
class LogoffConfirmDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit LogoffConfirmDialog(const QList<Session> &sessions, QWidget *parent = nullptr);

    QList<Session> sessions() const { return m_sessions; }
    bool waitUntilLoggedOff() const;
    bool includesOwnSession() const { return m_ownIncluded; }

private:
    const QList<Session> m_sessions;
    QCheckBox *m_wait;
    bool m_ownIncluded = false;
};
