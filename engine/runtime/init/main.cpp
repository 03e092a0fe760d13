// berth-init: the init that `docker run --init` puts in front of the container's command,
// bound read-only at /sbin/docker-init and run as PID 1 of the container.
//
//   berth-init [--] COMMAND [ARG...]
//
// It starts COMMAND as its only child, forwards every signal it receives to that child,
// reaps every process that the kernel reparents to it (orphans of the container become its
// children because it is PID 1), and exits with the child's status: its exit code, or
// 128 + the signal number when a signal ended it.
//
// It is linked statically and uses only libc, because the container's root file system may
// have no C++ runtime or a different libc.

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <initializer_list>

namespace {

constexpr int kExecFailed = 127;

void report(const char* format, const char* argument, int error) {
    fprintf(stderr, "berth-init: ");
    fprintf(stderr, format, argument);
    if (error != 0) {
        fprintf(stderr, ": %s", strerror(error));
    }
    fputc('\n', stderr);
}

// The child gets the signal mask and dispositions that a process normally starts with,
// and its own process group, so that a terminal's job control reaches it rather than
// berth-init.
[[noreturn]] void runChild(char** command, const sigset_t& original) {
    sigprocmask(SIG_SETMASK, &original, nullptr);
    if (setpgid(0, 0) == 0 && isatty(STDIN_FILENO)) {
        signal(SIGTTOU, SIG_IGN);
        (void)tcsetpgrp(STDIN_FILENO, getpgrp());
        signal(SIGTTOU, SIG_DFL);
    }
    execvp(command[0], command);
    int error = errno;
    report("exec %s failed", command[0], error);
    _exit(error == ENOENT ? kExecFailed : 126);
}

int exitStatusOf(int status) {
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return 255;
}

// Reaps every exited child; returns the main child's exit status once it is among them.
bool reapChildren(pid_t child, int& exitStatus) {
    bool childExited = false;
    for (;;) {
        int status = 0;
        pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid <= 0) {
            return childExited;
        }
        if (pid == child) {
            exitStatus = exitStatusOf(status);
            childExited = true;
        }
    }
}

// Signals that report a fault of this process itself; they are never forwarded.
bool isSynchronous(int signal) {
    return signal == SIGFPE || signal == SIGILL || signal == SIGSEGV || signal == SIGBUS ||
           signal == SIGABRT || signal == SIGTRAP || signal == SIGSYS;
}

} // namespace

int main(int argc, char** argv) {
    int first = 1;
    if (first < argc && strcmp(argv[first], "--") == 0) {
        ++first;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: berth-init [--] COMMAND [ARG...]\n");
        return 2;
    }

    // Every signal is blocked and taken with sigtimedwait(), so none is lost between the
    // fork and the loop.
    sigset_t all;
    sigset_t original;
    sigfillset(&all);
    for (int signal :
         {SIGFPE, SIGILL, SIGSEGV, SIGBUS, SIGABRT, SIGTRAP, SIGSYS, SIGTTIN, SIGTTOU}) {
        sigdelset(&all, signal);
    }
    sigprocmask(SIG_SETMASK, &all, &original);

    pid_t child = fork();
    if (child < 0) {
        report("fork for %s failed", argv[first], errno);
        return 1;
    }
    if (child == 0) {
        runChild(argv + first, original);
    }

    int exitStatus = 0;
    for (;;) {
        // A second-long wait makes sure that a SIGCHLD merged with another is still seen.
        timespec timeout{1, 0};
        siginfo_t info{};
        int signal = sigtimedwait(&all, &info, &timeout);
        if (signal > 0 && signal != SIGCHLD && !isSynchronous(signal)) {
            (void)kill(child, signal);
        }
        if (reapChildren(child, exitStatus)) {
            return exitStatus;
        }
    }
}
