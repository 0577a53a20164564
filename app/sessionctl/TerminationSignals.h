#pragma once

#include <QObject>
#include <QTimer>

// Turns SIGINT (Ctrl+C) and SIGTERM into the signal received() on this object's thread,
// for as long as the object lives. The handler only sets a flag, which is all a signal
// handler may safely do; a short timer on this thread reads it.
class TerminationSignals final : public QObject
{
    Q_OBJECT

public:
    explicit TerminationSignals(QObject *parent = nullptr);
    // Puts back the handlers that were there before.
    ~TerminationSignals() override;
    Q_DISABLE_COPY_MOVE(TerminationSignals)

Q_SIGNALS:
    void received();

private:
    using Handler = void (*)(int);

    QTimer m_poll;
    Handler m_previousInterrupt = nullptr;
    Handler m_previousTerminate = nullptr;
};
