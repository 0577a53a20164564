#pragma once

#include "WaitingLine.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <cstddef>
#include <functional>
#include <mutex>

// How many ssh connections this process sets up at once. Opening 500 servers together
// would otherwise start 500 ssh handshakes together: they share the CPU (and the servers'
// sshd MaxStartups), all finish late, and many miss their timeout. Through the gate they go
// a few at a time, in the order they asked, and each finishes quickly.
class SshHandshakeGate final
{
    Q_DECLARE_TR_FUNCTIONS(SshHandshakeGate)

public:
    static constexpr int DefaultSlots = 16;
    static constexpr int MaxSlots = 1024;
    // Sets the shared gate's slots, as an administrator may (see the README).
    static constexpr const char *SlotsVariable = "SESSION_CONSOLE_SSH_HANDSHAKES";

    explicit SshHandshakeGate(int slots = DefaultSlots);
    SshHandshakeGate(const SshHandshakeGate &) = delete;
    SshHandshakeGate &operator=(const SshHandshakeGate &) = delete;

    // The process's gate, which every ssh connection goes through: DefaultSlots, or what
    // SlotsVariable says (a bad value is warned of once).
    static SshHandshakeGate &shared();
    // The slots `value` of SlotsVariable gives: DefaultSlots when it is empty; when it is not
    // a number from 1 to MaxSlots, DefaultSlots and a `warning` saying so.
    static int slotsFrom(const QByteArray &value, QString *warning);

    // Takes a slot for `waiter` when one is free and no earlier waiter is in line. Otherwise
    // puts it in line (once) and returns false: `wake` is called, on any thread and with the
    // gate locked (so it must only signal), when its turn may have come; it then asks again.
    bool tryEnter(const void *waiter, std::function<void()> wake);
    // Frees a slot taken by tryEnter (its connection is up, or failed).
    void leave();
    // Takes `waiter` out of line: it no longer wants to connect.
    void forget(const void *waiter);

    int slots() const;
    void setSlots(int slots);
    // How many wait in line now.
    std::size_t waiting() const;

private:
    void wakeFirst();

    mutable std::mutex m_mutex;
    int m_slots;
    int m_inside = 0;
    WaitingLine m_line;
};
