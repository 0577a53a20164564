#include "LinuxSignal.h"

#include <algorithm>
#include <array>

namespace {

// Numbers 1 to 31 as on x86, ARM and most other Linux architectures.
constexpr std::array<const char *, 32> Names{
    nullptr, "HUP",  "INT",  "QUIT", "ILL",    "TRAP",   "ABRT",  "BUS",  "FPE",  "KILL", "USR1",
    "SEGV",  "USR2", "PIPE", "ALRM", "TERM",   "STKFLT", "CHLD",  "CONT", "STOP", "TSTP", "TTIN",
    "TTOU",  "URG",  "XCPU", "XFSZ", "VTALRM", "PROF",   "WINCH", "IO",   "PWR",  "SYS",
};
// glibc's SIGRTMIN: the kernel's first two real-time signals are its own.
constexpr int RtMin = 34;

std::optional<int> numberIn(const QString &text, int least, int most)
{
    const bool digits = !text.isEmpty() && text.size() <= 4
                        && std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; });
    const int number = digits ? text.toInt() : -1;
    if (number < least || number > most)
        return std::nullopt;
    return number;
}

} // namespace

std::optional<int> LinuxSignal::parse(const QString &text, QString *error)
{
    if (const auto number = numberIn(text, 1, Max))
        return number;
    QString word = text.toUpper();
    if (word.startsWith(u"SIG"))
        word = word.mid(3);
    for (int signal = 1; signal < int(Names.size()); ++signal) {
        if (word == QLatin1StringView(Names.at(size_t(signal))))
            return signal;
    }
    if (word == u"POLL")
        return 29;
    if (word == u"IOT")
        return 6;
    if (word == u"RTMIN")
        return RtMin;
    if (word == u"RTMAX")
        return Max;
    if (word.startsWith(u"RTMIN+")) {
        if (const auto offset = numberIn(word.mid(6), 0, Max - RtMin))
            return RtMin + *offset;
    }
    if (word.startsWith(u"RTMAX-")) {
        if (const auto offset = numberIn(word.mid(6), 0, Max - RtMin))
            return Max - *offset;
    }
    *error = tr("'%1' is not a signal (use a name such as TERM, KILL or SIGHUP, RTMIN+N, or a number from 1 to %2)")
                 .arg(text)
                 .arg(Max);
    return std::nullopt;
}

QString LinuxSignal::name(int signal)
{
    if (signal >= 1 && signal < int(Names.size()))
        return QStringLiteral("SIG") + QLatin1StringView(Names.at(size_t(signal)));
    if (signal == RtMin)
        return QStringLiteral("SIGRTMIN");
    if (signal > RtMin && signal <= Max)
        return QStringLiteral("SIGRTMIN+%1").arg(signal - RtMin);
    return QString::number(signal);
}

bool LinuxSignal::endsByDefault(int signal)
{
    switch (signal) {
    case 17: // CHLD
    case 18: // CONT
    case 19: // STOP
    case 20: // TSTP
    case 21: // TTIN
    case 22: // TTOU
    case 23: // URG
    case 28: // WINCH
        return false;
    default:
        return signal >= 1 && signal <= Max;
    }
}
