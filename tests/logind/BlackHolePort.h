#pragma once

// A TCP port on 127.0.0.1 that completes every handshake and never says a word, as a hung
// sshd or a tarpit: used as the port of an SSH address that can only hang.
class BlackHolePort final
{
public:
    BlackHolePort();
    ~BlackHolePort();
    BlackHolePort(const BlackHolePort &) = delete;
    BlackHolePort &operator=(const BlackHolePort &) = delete;

    // 0 when no port could be bound.
    int port() const { return m_port; }
    // Takes one waiting connection (and holds it open, silent) if one arrives within
    // `timeoutMs`: proof that a client reached the port.
    bool acceptOne(int timeoutMs);

private:
    int m_listener = -1;
    int m_port = 0;
    int m_accepted[16];
    int m_acceptedCount = 0;
};
