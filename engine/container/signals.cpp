#include "container/signals.h"

#include <fmt/format.h>
#include <signal.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace berth::container {

namespace {

struct SignalName {
    const char* name;
    int number;
};

constexpr SignalName kSignals[] = {
    {"HUP", SIGHUP},       {"INT", SIGINT},   {"QUIT", SIGQUIT},   {"ILL", SIGILL},
    {"TRAP", SIGTRAP},     {"ABRT", SIGABRT}, {"BUS", SIGBUS},     {"FPE", SIGFPE},
    {"KILL", SIGKILL},     {"USR1", SIGUSR1}, {"SEGV", SIGSEGV},   {"USR2", SIGUSR2},
    {"PIPE", SIGPIPE},     {"ALRM", SIGALRM}, {"TERM", SIGTERM},   {"CHLD", SIGCHLD},
    {"CONT", SIGCONT},     {"STOP", SIGSTOP}, {"TSTP", SIGTSTP},   {"TTIN", SIGTTIN},
    {"TTOU", SIGTTOU},     {"URG", SIGURG},   {"XCPU", SIGXCPU},   {"XFSZ", SIGXFSZ},
    {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF}, {"WINCH", SIGWINCH}, {"IO", SIGIO},
    {"PWR", SIGPWR},       {"SYS", SIGSYS},
};

} // namespace

Result<int> parseSignal(std::string_view text) {
    if (text.empty()) {
        return fail(ErrorKind::InvalidArgument, "invalid signal: empty");
    }
    if (std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(c); })) {
        int number = text.size() > 2 ? 0 : std::stoi(std::string(text));
        if (number <= 0 || number > 64) {
            return fail(ErrorKind::InvalidArgument, fmt::format("invalid signal: {}", text));
        }
        return number;
    }
    std::string upper(text);
    std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
    if (upper.starts_with("SIG")) {
        upper.erase(0, 3);
    }
    for (const SignalName& signal : kSignals) {
        if (upper == signal.name) {
            return signal.number;
        }
    }
    return fail(ErrorKind::InvalidArgument, fmt::format("invalid signal: {}", text));
}

} // namespace berth::container
