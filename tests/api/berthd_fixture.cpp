#include "berthd_fixture.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QThread>

#include <cstdlib>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <vector>

namespace {

QString binDir() {
    return qEnvironmentVariable("BERTH_BIN_DIR");
}

QString supportDir() {
    return qEnvironmentVariable("BERTH_TEST_SUPPORT");
}

// Waits for pid (a child of this process) up to deadlineMs; true when it exited.
bool waitForChild(qint64 pid, int deadlineMs) {
    QDeadlineTimer deadline(deadlineMs);
    while (!deadline.hasExpired()) {
        int status = 0;
        pid_t done = ::waitpid(pid_t(pid), &status, WNOHANG);
        if (done == pid_t(pid) || (done < 0 && errno == ECHILD)) {
            return true;
        }
        QThread::msleep(20);
    }
    return false;
}

} // namespace

BerthdFixture::BerthdFixture() {
    // A short path: the shim's socket lives under <data-root>/containers/<64 hex>/ and a
    // unix socket path must fit in 108 bytes.
    dir_ = std::make_unique<QTemporaryDir>("/tmp/bt-XXXXXX");
    cgroupParent_ =
        QString("berth-test-%1").arg(QRandomGenerator::global()->generate(), 8, 16, QChar('0'));
}

BerthdFixture::~BerthdFixture() {
    if (pid_ > 0) {
        (void)stop();
    }
}

QString BerthdFixture::socketPath() const {
    return dir_->filePath("berth.sock");
}

QString BerthdFixture::dataRoot() const {
    return dir_->filePath("root");
}

QString BerthdFixture::busyboxTar() const {
    return dir_->filePath("busybox.tar");
}

QString BerthdFixture::dockerConfigDir() const {
    return dir_->filePath("docker-config");
}

QByteArray BerthdFixture::logText() const {
    QFile log(dir_->filePath("berthd.log"));
    return log.open(QIODevice::ReadOnly) ? log.readAll() : QByteArray();
}

QString BerthdFixture::launch() {
    QList<QByteArray> args = {QFile::encodeName(binDir() + "/berthd"),
                              "-H",
                              "unix://" + QFile::encodeName(socketPath()),
                              "--data-root",
                              QFile::encodeName(dataRoot()),
                              "--cgroup-parent",
                              cgroupParent_.toUtf8(),
                              "--log-level",
                              "debug"};
    for (const QString& argument : networkArguments_) {
        args.push_back(argument.toUtf8());
    }
    std::vector<char*> argv;
    for (QByteArray& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    QByteArray log = QFile::encodeName(dir_->filePath("berthd.log"));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.constData(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    // Pulls and pushes may reach registries on loopback only, never Docker Hub by default.
    ::setenv("BERTH_LOOPBACK_REGISTRIES_ONLY", "1", 1);
    pid_t pid = 0;
    // The daemon stays this test's child, so that it is reaped and never left a zombie.
    int error = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) {
        return QString("berthd did not start: %1").arg(strerror(error));
    }
    pid_ = pid;
    return waitForPing(10000);
}

QString BerthdFixture::missingPrerequisite() {
    if (::geteuid() != 0) {
        return "berthd runs containers, which needs root";
    }
    if (QStandardPaths::findExecutable("docker").isEmpty()) {
        return "the docker CLI is not installed";
    }
    return {};
}

QString BerthdFixture::startWithBusybox(const QString& imageName) {
    if (QString error = start(); !error.isEmpty()) {
        return error;
    }
    CommandResult imported = docker({"import", busyboxTar(), "--", imageName});
    if (imported.exitCode != 0 || !imported.out.startsWith("sha256:")) {
        return "importing busybox failed: " + describe(imported);
    }
    return {};
}

QString BerthdFixture::start() {
    if (!dir_->isValid()) {
        return "cannot create a temporary directory";
    }
    QProcess make;
    make.start(supportDir() + "/make-busybox-rootfs.sh", {busyboxTar()});
    if (!make.waitForFinished(120000) || make.exitCode() != 0) {
        return "make-busybox-rootfs.sh failed: " + QString::fromUtf8(make.readAllStandardError());
    }
    return launch();
}

QString BerthdFixture::killAndRestart(const std::function<void()>& whileDown) {
    return signalAndRestart(SIGKILL, whileDown);
}

QString BerthdFixture::stopAndRestart(const std::function<void()>& whileDown) {
    return signalAndRestart(SIGTERM, whileDown);
}

QString BerthdFixture::signalAndRestart(int signal, const std::function<void()>& whileDown) {
    ::kill(pid_t(pid_), signal);
    if (!waitForChild(pid_, 10000)) {
        return QString("berthd did not end after signal %1").arg(signal);
    }
    pid_ = 0;
    if (whileDown) {
        whileDown();
    }
    return launch();
}

QString BerthdFixture::waitForPing(int deadlineMs) const {
    QDeadlineTimer deadline(deadlineMs);
    while (!deadline.hasExpired()) {
        if (request("GET", "/_ping").status == 200) {
            return {};
        }
        int status = 0;
        if (::waitpid(pid_t(pid_), &status, WNOHANG) == pid_t(pid_)) {
            return "berthd exited before answering /_ping:\n" + QString::fromUtf8(logText());
        }
        QThread::msleep(50);
    }
    return "berthd did not answer /_ping within the deadline:\n" + QString::fromUtf8(logText());
}

CommandResult BerthdFixture::docker(const QStringList& args, const QByteArray& input,
                                    int timeoutMs) const {
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("DOCKER_HOST", "unix://" + socketPath());
    env.insert("DOCKER_CONFIG", dockerConfigDir());
    process.setProcessEnvironment(env);
    process.start("docker", args);
    CommandResult result;
    if (!process.waitForStarted(5000)) {
        result.err = "docker did not start";
        return result;
    }
    if (!input.isEmpty()) {
        process.write(input);
    }
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        result.timedOut = true;
        process.kill();
        process.waitForFinished(2000);
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QString BerthdFixture::runOutput(const QStringList& args) const {
    CommandResult result = docker(QStringList{"run", "--rm"} + args);
    if (result.exitCode != 0) {
        return QString::fromUtf8(describe(result));
    }
    return QString::fromUtf8(result.out).trimmed();
}

HttpResult BerthdFixture::request(const QByteArray& method, const QByteArray& target,
                                  const QByteArray& body, const QList<QByteArray>& headers) const {
    HttpResult result;
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return result;
    }
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    QByteArray path = QFile::encodeName(socketPath());
    qstrncpy(address.sun_path, path.constData(), sizeof address.sun_path);
    timeval timeout{30, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return result;
    }
    QByteArray message = method + " " + target + " HTTP/1.1\r\nHost: berth\r\n" +
                         "Connection: close\r\nContent-Type: application/json\r\n";
    for (const QByteArray& header : headers) {
        message += header + "\r\n";
    }
    message += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    if (::send(fd, message.constData(), size_t(message.size()), MSG_NOSIGNAL) !=
        ssize_t(message.size())) {
        ::close(fd);
        return result;
    }
    QByteArray answer;
    char buffer[65536];
    for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) {
        answer.append(buffer, int(n));
    }
    ::close(fd);
    int headerEnd = answer.indexOf("\r\n\r\n");
    if (!answer.startsWith("HTTP/1.1 ") || headerEnd < 0) {
        return result;
    }
    result.status = answer.mid(9, 3).toInt();
    QByteArray head = answer.left(headerEnd).toLower();
    QByteArray rest = answer.mid(headerEnd + 4);
    if (head.contains("transfer-encoding: chunked")) {
        // Joins the chunks: "size\r\ndata\r\n" up to the zero-size chunk.
        int position = 0;
        while (position < rest.size()) {
            int lineEnd = rest.indexOf("\r\n", position);
            bool ok = false;
            int size = rest.mid(position, lineEnd - position).toInt(&ok, 16);
            if (!ok || size == 0) {
                break;
            }
            result.body += rest.mid(lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    } else {
        result.body = rest;
    }
    return result;
}

QStringList BerthdFixture::removeAllContainers() const {
    QStringList problems;
    HttpResult list = request("GET", "/containers/json?all=1");
    if (list.status != 200) {
        problems << QString("listing containers failed with status %1").arg(list.status);
        return problems;
    }
    for (const auto& item : QJsonDocument::fromJson(list.body).array()) {
        QByteArray id = item.toObject()["Id"].toString().toUtf8();
        HttpResult removed = request("DELETE", "/containers/" + id + "?force=1");
        if (removed.status != 204 && removed.status != 404) {
            problems << QString("removing container %1 failed: %2 %3")
                            .arg(QString::fromUtf8(id))
                            .arg(removed.status)
                            .arg(QString::fromUtf8(removed.body));
        }
    }
    return problems;
}

QStringList BerthdFixture::leftovers() const {
    QStringList found;
    QByteArray root = QFile::encodeName(dataRoot());

    // Shim processes whose bundle lies in this data root.
    QDir proc("/proc");
    for (const QString& entry : proc.entryList(QDir::Dirs)) {
        bool isPid = false;
        entry.toInt(&isPid);
        if (!isPid) {
            continue;
        }
        QFile cmdline("/proc/" + entry + "/cmdline");
        if (!cmdline.open(QIODevice::ReadOnly)) {
            continue;
        }
        QByteArray text = cmdline.readAll();
        if (text.contains("berth-shim") && text.contains(root)) {
            QFile stat("/proc/" + entry + "/stat");
            stat.open(QIODevice::ReadOnly);
            QByteArray state = stat.readAll();
            int close = state.lastIndexOf(')');
            bool zombie = close > 0 && state.mid(close + 2, 1) == "Z";
            if (!zombie) {
                found << "shim process " + entry + ": " +
                             QString::fromUtf8(text).replace('\0', ' ');
            }
        }
    }

    // Container cgroups under this test's parent, in every hierarchy; the empty parent
    // directories themselves are removed here.
    QDirIterator hierarchies("/sys/fs/cgroup", QDir::Dirs | QDir::NoDotAndDotDot);
    QStringList parents{"/sys/fs/cgroup/" + cgroupParent_};
    while (hierarchies.hasNext()) {
        parents << hierarchies.next() + "/" + cgroupParent_;
    }
    for (const QString& parent : parents) {
        QDir dir(parent);
        if (!dir.exists()) {
            continue;
        }
        for (const QString& child : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            found << "cgroup " + parent + "/" + child;
        }
        ::rmdir(QFile::encodeName(parent).constData());
    }

    // Mounts at or below the data root.
    QFile mountinfo("/proc/self/mountinfo");
    if (mountinfo.open(QIODevice::ReadOnly)) {
        for (const QByteArray& line : mountinfo.readAll().split('\n')) {
            if (line.contains(" " + root)) {
                found << "mount " + QString::fromUtf8(line);
            }
        }
    }
    return found;
}

QStringList BerthdFixture::stop() {
    QStringList problems;
    if (pid_ <= 0) {
        return problems;
    }
    problems << removeAllContainers();
    ::kill(pid_t(pid_), SIGTERM);
    if (!waitForChild(pid_, 10000)) {
        problems << "berthd did not exit within 10 s of SIGTERM";
        ::kill(pid_t(pid_), SIGKILL);
        (void)waitForChild(pid_, 5000);
    }
    pid_ = 0;
    problems << leftovers();
    return problems;
}

QByteArray describe(const CommandResult& result) {
    return "exit " + QByteArray::number(result.exitCode) + (result.timedOut ? " (timed out)" : "") +
           "\nstdout: " + result.out + "\nstderr: " + result.err;
}

bool writeTestFile(const QString& path, const QByteArray& content) {
    if (!QDir().mkpath(QFileInfo(path).path())) {
        return false;
    }
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(content) == content.size();
}

std::unique_ptr<QTemporaryDir> makeFileTree(const QMap<QString, QByteArray>& files) {
    auto dir = std::make_unique<QTemporaryDir>();
    if (!dir->isValid()) {
        return nullptr;
    }
    for (auto it = files.begin(); it != files.end(); ++it) {
        if (!writeTestFile(dir->filePath(it.key()), it.value())) {
            return nullptr;
        }
    }
    return dir;
}
