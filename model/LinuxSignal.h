#pragma once

#include <QCoreApplication>
#include <QString>

#include <optional>

// The signals Kill Session sends, by their Linux numbers: a signal goes to the server's
// processes, and the servers that take signals (logind) run Linux, whatever runs the console.
class LinuxSignal final
{
    Q_DECLARE_TR_FUNCTIONS(LinuxSignal)

public:
    static constexpr int HangUp = 1;
    static constexpr int Interrupt = 2;
    static constexpr int Kill = 9;
    static constexpr int Terminate = 15;
    // Real-time signals end at 64; 32 and 33 are real signals too (glibc keeps them for itself).
    static constexpr int Max = 64;

    LinuxSignal() = delete;

    // A signal as loginctl takes it: a name with or without "SIG" ("KILL", "SIGKILL", in any
    // case), "RTMIN+N" or "RTMAX-N", or a number from 1 to 64. Anything else is nullopt, with
    // `error` saying why.
    static std::optional<int> parse(const QString &text, QString *error);
    // "SIGKILL", "SIGRTMIN+2"; the number for 32 and 33, which have no name.
    static QString name(int signal);
    // Whether a process that installed no handler for `signal` ends on it (it does unless the
    // signal's default action is to ignore it, stop or continue the process).
    static bool endsByDefault(int signal);
};
