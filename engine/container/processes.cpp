#include "container/processes.h"

#include "common/fs.h"

#include <fmt/format.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace berth::container {

namespace {

std::string namespaceOf(pid_t pid) {
    std::error_code ec;
    auto link = std::filesystem::read_symlink(fmt::format("/proc/{}/ns/pid", pid), ec);
    return ec ? std::string() : link.string();
}

std::string userName(uid_t uid) {
    struct passwd entry {};
    struct passwd* result = nullptr;
    char buffer[1024];
    if (::getpwuid_r(uid, &entry, buffer, sizeof buffer, &result) == 0 && result) {
        return result->pw_name;
    }
    return std::to_string(uid);
}

std::string ttyName(unsigned long device) {
    if (device == 0) {
        return "?";
    }
    unsigned major = ::major(device);
    unsigned minor = ::minor(device);
    if (major >= 136 && major <= 143) {
        return fmt::format("pts/{}", (major - 136) * 256 + minor);
    }
    return fmt::format("tty{}", minor);
}

// Fills a row from /proc/PID/stat, status and cmdline; false when the process is gone.
bool readRow(pid_t pid, ProcessRow& row) {
    auto stat = fs::readFile(fmt::format("/proc/{}/stat", pid));
    if (!stat) {
        return false;
    }
    // The command name is in parentheses and may contain spaces: fields resume after ')'.
    size_t close = stat->rfind(')');
    size_t open = stat->find('(');
    if (close == std::string::npos || open == std::string::npos) {
        return false;
    }
    std::string comm = stat->substr(open + 1, close - open - 1);
    std::istringstream fields(stat->substr(close + 2));
    std::string state;
    long long parent = 0, group = 0, session = 0, ttyDevice = 0, ttyGroup = 0;
    unsigned long long flags = 0, minorFaults = 0, childMinor = 0, majorFaults = 0, childMajor = 0,
                       userTicks = 0, systemTicks = 0;
    long long childUser = 0, childSystem = 0, priority = 0, nice = 0, threads = 0, alarm = 0;
    unsigned long long startTicks = 0;
    fields >> state >> parent >> group >> session >> ttyDevice >> ttyGroup >> flags >>
        minorFaults >> childMinor >> majorFaults >> childMajor >> userTicks >> systemTicks >>
        childUser >> childSystem >> priority >> nice >> threads >> alarm >> startTicks;

    long ticksPerSecond = ::sysconf(_SC_CLK_TCK);
    unsigned long long cpuSeconds = (userTicks + systemTicks) / ticksPerSecond;
    row.pid = pid;
    row.parentPid = pid_t(parent);
    row.tty = ttyName((unsigned long)ttyDevice);
    row.cpuTime =
        fmt::format("{:02}:{:02}:{:02}", cpuSeconds / 3600, cpuSeconds / 60 % 60, cpuSeconds % 60);

    struct timespec boot {};
    ::clock_gettime(CLOCK_BOOTTIME, &boot);
    time_t started = ::time(nullptr) - boot.tv_sec + time_t(startTicks / ticksPerSecond);
    struct tm local {};
    ::localtime_r(&started, &local);
    row.startTime = fmt::format("{:02}:{:02}", local.tm_hour, local.tm_min);

    struct stat info {};
    if (::stat(fmt::format("/proc/{}", pid).c_str(), &info) == 0) {
        row.user = userName(info.st_uid);
    }
    auto cmdline = fs::readFile(fmt::format("/proc/{}/cmdline", pid));
    std::string command = cmdline ? *cmdline : std::string();
    while (!command.empty() && command.back() == '\0') {
        command.pop_back();
    }
    for (char& c : command) {
        if (c == '\0') {
            c = ' ';
        }
    }
    row.command = command.empty() ? "[" + comm + "]" : command;
    return true;
}

} // namespace

Result<std::vector<ProcessRow>> listNamespaceProcesses(pid_t initPid) {
    std::string wanted = namespaceOf(initPid);
    if (wanted.empty()) {
        return fail(ErrorKind::NotFound, fmt::format("process {} is not running", initPid));
    }
    std::vector<ProcessRow> rows;
    std::error_code ec;
    for (const auto& item : std::filesystem::directory_iterator("/proc", ec)) {
        std::string name = item.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) {
            continue;
        }
        pid_t pid = pid_t(std::stol(name));
        if (namespaceOf(pid) != wanted) {
            continue;
        }
        ProcessRow row;
        if (readRow(pid, row)) {
            rows.push_back(std::move(row));
        }
    }
    std::sort(rows.begin(), rows.end(),
              [](const ProcessRow& a, const ProcessRow& b) { return a.pid < b.pid; });
    return rows;
}

} // namespace berth::container
