#pragma once

// Runs a private berthd for API tests: its own data root, socket, log file and cgroup
// parent under a temporary directory. Drives it with the stock docker CLI and with raw
// HTTP requests, and checks at teardown that nothing is left behind.

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <functional>
#include <memory>

struct CommandResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    bool timedOut = false;
};

// "exit N\nstdout: ...\nstderr: ...", for the message of a failed check.
[[nodiscard]] QByteArray describe(const CommandResult& result);

// Writes content to path, making the parent directories first. False when a step fails.
[[nodiscard]] bool writeTestFile(const QString& path, const QByteArray& content);

// A new temporary directory holding files (relative path to content), for a build
// context or a tree to copy. Null when a file cannot be written.
[[nodiscard]] std::unique_ptr<QTemporaryDir> makeFileTree(const QMap<QString, QByteArray>& files);

struct HttpResult {
    int status = 0;
    QByteArray body;
};

class BerthdFixture final {
public:
    BerthdFixture();
    ~BerthdFixture();

    // Flags for berthd's network. By default it runs with "--bridge none", so that a test
    // in the host's network namespace creates no bridge or nftables table there; a network
    // test enters a namespace of its own first and passes its bridge's flags here.
    void setNetworkArguments(const QStringList& arguments) { networkArguments_ = arguments; }

    // Returns why this machine cannot run tests through berthd and the docker CLI (not
    // root, no docker CLI), or an empty string when it can.
    [[nodiscard]] static QString missingPrerequisite();

    // Starts berthd and waits for /_ping; returns an error text, empty on success.
    [[nodiscard]] QString start();

    // Starts berthd and imports the busybox rootfs as imageName; returns the first error.
    [[nodiscard]] QString startWithBusybox(const QString& imageName = "busybox:latest");

    // Kills berthd with SIGKILL (containers keep running), runs whileDown, and starts it
    // again.
    [[nodiscard]] QString killAndRestart(const std::function<void()>& whileDown = {});

    // Stops berthd with SIGTERM, as the studio stops the engine it started (containers keep
    // running), runs whileDown, and starts it again.
    [[nodiscard]] QString stopAndRestart(const std::function<void()>& whileDown = {});

    // Removes every container through the API, stops berthd by its pid (SIGTERM), and
    // returns what was left behind: shim processes, cgroup directories or mounts of the
    // data root. Empty when clean.
    [[nodiscard]] QStringList stop();

    // Runs the docker CLI against this daemon.
    [[nodiscard]] CommandResult docker(const QStringList& args, const QByteArray& input = {},
                                       int timeoutMs = 30000) const;

    // The trimmed output of "docker run --rm ARGS", or "exit N ..." when it fails, so that
    // a comparison with the expected output shows the failure.
    [[nodiscard]] QString runOutput(const QStringList& args) const;

    // One HTTP request over the socket ("Connection: close"), with extra header lines
    // such as "X-Registry-Auth: ...".
    [[nodiscard]] HttpResult request(const QByteArray& method, const QByteArray& target,
                                     const QByteArray& body = {},
                                     const QList<QByteArray>& headers = {}) const;

    [[nodiscard]] QStringList removeAllContainers() const;

    [[nodiscard]] QString socketPath() const;
    [[nodiscard]] QString dataRoot() const;
    [[nodiscard]] QString cgroupParent() const { return cgroupParent_; }
    [[nodiscard]] QString busyboxTar() const;
    // An empty client configuration, so that no context of the user's applies.
    [[nodiscard]] QString dockerConfigDir() const;
    [[nodiscard]] QByteArray logText() const;
    [[nodiscard]] qint64 daemonPid() const { return pid_; }

private:
    [[nodiscard]] QString launch();
    [[nodiscard]] QString signalAndRestart(int signal, const std::function<void()>& whileDown);
    [[nodiscard]] QString waitForPing(int deadlineMs) const;
    [[nodiscard]] QStringList leftovers() const;

    std::unique_ptr<QTemporaryDir> dir_;
    QString cgroupParent_;
    QStringList networkArguments_ = {"--bridge", "none"};
    qint64 pid_ = 0;
};
