#include "BlackHolePort.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

BlackHolePort::BlackHolePort()
    : m_listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0))
    , m_accepted{}
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (m_listener >= 0 && ::bind(m_listener, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0
        && ::listen(m_listener, 64) == 0
        && ::getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length) == 0)
        m_port = ntohs(address.sin_port);
}

BlackHolePort::~BlackHolePort()
{
    for (int i = 0; i < m_acceptedCount; ++i)
        ::close(m_accepted[i]);
    if (m_listener >= 0)
        ::close(m_listener);
}

bool BlackHolePort::acceptOne(int timeoutMs)
{
    pollfd waiting{m_listener, POLLIN, 0};
    if (m_acceptedCount == int(sizeof m_accepted / sizeof *m_accepted) || ::poll(&waiting, 1, timeoutMs) != 1)
        return false;
    const int connection = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (connection < 0)
        return false;
    m_accepted[m_acceptedCount++] = connection;
    return true;
}
