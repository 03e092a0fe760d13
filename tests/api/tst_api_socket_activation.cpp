// How berthd gets its API socket: adopted from systemd (LISTEN_PID, LISTEN_FDS and
// -H fd://, as berth.socket starts berth.service), or bound by berthd with --group setting
// the socket's group. Each test runs its own berthd with --bridge none, a data root under a
// temporary directory and a cgroup parent of its own, and stops it by its pid.

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace {

constexpr int kDeadlineMs = 10000;

QString binDir() {
    return qEnvironmentVariable("BERTH_BIN_DIR");
}

sockaddr_un unixAddress(const QString& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s",
                  QFile::encodeName(path).constData());
    return address;
}

// A bound, listening unix socket, as systemd makes it for a socket unit; -1 on failure.
int makeListeningSocket(const QString& path) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address = unixAddress(path);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(fd, 16) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Sends GET /_ping over the socket and returns the whole response, empty on failure.
QByteArray ping(const QString& path) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address = unixAddress(path);
    QByteArray response;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
        const char request[] = "GET /_ping HTTP/1.1\r\nHost: berth\r\nConnection: close\r\n\r\n";
        if (::write(fd, request, sizeof request - 1) == ssize_t(sizeof request - 1)) {
            char buffer[4096];
            ssize_t n = 0;
            while ((n = ::read(fd, buffer, sizeof buffer)) > 0) {
                response.append(buffer, n);
            }
        }
    }
    ::close(fd);
    return response;
}

bool waitForPing(const QString& path) {
    for (int waited = 0; waited < kDeadlineMs; waited += 50) {
        if (ping(path).endsWith("OK")) {
            return true;
        }
        QThread::msleep(50);
    }
    return false;
}

// Writes `value` in decimal with a terminating zero, without library calls, so that a
// child between fork and exec may use it.
void writeDecimal(char* out, pid_t value) {
    char digits[16];
    int count = 0;
    do {
        digits[count++] = char('0' + value % 10);
        value /= 10;
    } while (value > 0);
    while (count > 0) {
        *out++ = digits[--count];
    }
    *out = '\0';
}

// Returns the exit status of `pid`, or -1 when it did not exit within the deadline.
int waitForExit(pid_t pid) {
    for (int waited = 0; waited < kDeadlineMs; waited += 20) {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) {
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        QThread::msleep(20);
    }
    return -1;
}

} // namespace

class SocketActivationTest : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void adoptsSocketFromSystemd();
    void fdHostWithoutPassedSocketFails();
    void groupOptionSetsSocketGroup();

private:
    // Forks berthd with `arguments`; with passedFd >= 0 it becomes descriptor 3 and the
    // LISTEN_* variables name the child, as systemd sets them.
    pid_t startBerthd(const QStringList& arguments, int passedFd = -1);
    [[nodiscard]] QByteArray log() const;

    std::unique_ptr<QTemporaryDir> dir_;
    QString cgroupParent_;
    pid_t pid_ = -1;
};

void SocketActivationTest::init() {
    if (::geteuid() != 0) {
        QSKIP("berthd needs root");
    }
    dir_ = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/bsa-XXXXXX"));
    QVERIFY(dir_->isValid());
    cgroupParent_ = QStringLiteral("berth-test-%1")
                        .arg(QRandomGenerator::global()->generate(), 8, 16, QChar('0'));
}

void SocketActivationTest::cleanup() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        if (waitForExit(pid_) < 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        pid_ = -1;
    }
    const QStringList hierarchies =
        QDir(QStringLiteral("/sys/fs/cgroup")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    ::rmdir(QFile::encodeName("/sys/fs/cgroup/" + cgroupParent_).constData());
    for (const QString& hierarchy : hierarchies) {
        ::rmdir(QFile::encodeName("/sys/fs/cgroup/" + hierarchy + "/" + cgroupParent_).constData());
    }
    dir_.reset();
}

QByteArray SocketActivationTest::log() const {
    QFile file(dir_->filePath(QStringLiteral("berthd.log")));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

pid_t SocketActivationTest::startBerthd(const QStringList& arguments, int passedFd) {
    QList<QByteArray> args = {QFile::encodeName(binDir() + "/berthd"),
                              "--data-root",
                              QFile::encodeName(dir_->filePath(QStringLiteral("root"))),
                              "--cgroup-parent",
                              cgroupParent_.toUtf8(),
                              "--bridge",
                              "none"};
    for (const QString& argument : arguments) {
        args.push_back(argument.toUtf8());
    }
    std::vector<char*> argv;
    for (QByteArray& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    const QByteArray logPath = QFile::encodeName(dir_->filePath(QStringLiteral("berthd.log")));

    // The environment is built before fork, because the child of a program that may have
    // threads must call only async-signal-safe functions. LISTEN_PID gets the child's pid.
    std::vector<QByteArray> environment;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        if (!QByteArray(*entry).startsWith("LISTEN_")) {
            environment.emplace_back(*entry);
        }
    }
    if (passedFd >= 0) {
        environment.emplace_back("LISTEN_FDS=1");
        environment.emplace_back("LISTEN_PID=" + QByteArray(20, '\0'));
    }
    std::vector<char*> envp;
    for (QByteArray& entry : environment) {
        envp.push_back(entry.data());
    }
    envp.push_back(nullptr);

    pid_t pid = ::fork();
    if (pid == 0) {
        int logFd = ::open(logPath.constData(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        ::dup2(logFd, STDOUT_FILENO);
        ::dup2(logFd, STDERR_FILENO);
        if (passedFd >= 0) {
            ::dup2(passedFd, 3); // dup2 clears FD_CLOEXEC on the copy
            writeDecimal(envp[envp.size() - 2] + std::strlen("LISTEN_PID="), ::getpid());
        }
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    return pid;
}

void SocketActivationTest::adoptsSocketFromSystemd() {
    const QString socketPath = dir_->filePath(QStringLiteral("activated.sock"));
    int listening = makeListeningSocket(socketPath);
    QVERIFY2(listening >= 0, std::strerror(errno));
    pid_ = startBerthd({QStringLiteral("-H"), QStringLiteral("fd://")}, listening);
    ::close(listening);
    QVERIFY(pid_ > 0);

    QVERIFY2(waitForPing(socketPath), log().constData());

    // The socket unit owns the file: berthd must leave it for the next activation.
    QCOMPARE(::kill(pid_, SIGTERM), 0);
    QCOMPARE(waitForExit(pid_), 0);
    pid_ = -1;
    QVERIFY2(QFileInfo::exists(socketPath), "berthd removed the socket file systemd made");
}

void SocketActivationTest::fdHostWithoutPassedSocketFails() {
    pid_ = startBerthd({QStringLiteral("-H"), QStringLiteral("fd://")});
    QVERIFY(pid_ > 0);
    const int status = waitForExit(pid_);
    pid_ = -1;
    QCOMPARE(status, 1);
    QVERIFY2(log().contains("LISTEN_FDS"), log().constData());
}

void SocketActivationTest::groupOptionSetsSocketGroup() {
    constexpr gid_t kGroup = 4242; // a number needs no entry in /etc/group
    const QString socketPath = dir_->filePath(QStringLiteral("berth.sock"));
    pid_ = startBerthd({QStringLiteral("-H"), QStringLiteral("unix://") + socketPath,
                        QStringLiteral("--group"), QString::number(kGroup)});
    QVERIFY(pid_ > 0);
    QVERIFY2(waitForPing(socketPath), log().constData());

    struct stat info {};
    QCOMPARE(::stat(QFile::encodeName(socketPath).constData(), &info), 0);
    QCOMPARE(info.st_gid, kGroup);
    QCOMPARE(info.st_mode & 0777, 0660u);
}

QTEST_GUILESS_MAIN(SocketActivationTest)
#include "tst_api_socket_activation.moc"
