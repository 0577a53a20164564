#include "TerminationSignals.h"

#include <csignal>

namespace {

volatile std::sig_atomic_t g_received = 0;

void onTerminationSignal(int)
{
    g_received = 1;
}

} // namespace

TerminationSignals::TerminationSignals(QObject *parent)
    : QObject(parent)
{
    g_received = 0;
    m_previousInterrupt = std::signal(SIGINT, onTerminationSignal);
    m_previousTerminate = std::signal(SIGTERM, onTerminationSignal);
    m_poll.setInterval(50);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        if (g_received != 0) {
            m_poll.stop();
            Q_EMIT received();
        }
    });
    m_poll.start();
}

TerminationSignals::~TerminationSignals()
{
    std::signal(SIGINT, m_previousInterrupt == SIG_ERR ? SIG_DFL : m_previousInterrupt);
    std::signal(SIGTERM, m_previousTerminate == SIG_ERR ? SIG_DFL : m_previousTerminate);
}
