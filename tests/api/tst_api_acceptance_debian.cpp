// The long acceptance run: a Debian 12 minbase made with debootstrap is imported as an OS
// template tarball, the way a user would import one, and used with the stock docker CLI:
// interactive shells, and the two Dockerfile walkthroughs (an apt-get install of apache2,
// and a program compiled from a source tarball).
//
// Network: debootstrap runs first, in the host's network namespace. Then the test moves
// into a private namespace where berthd runs with a bridge of its own, so containers and
// build steps reach only that bridge. Package downloads go through tests/support/
// mirror-proxy.py on the bridge's gateway, which forwards GET requests to the mirror of
// this machine's apt configuration and to no other host.
// BERTH_TEST_DEBIAN_TARBALL names a tarball to import in place of running debootstrap.

#include "berthd_fixture.h"
#include "tmux_session.h"

#include <QDeadlineTimer>
#include <QDebug>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cstring>
#include <random>

namespace {

constexpr char kSubnet[] = "10.217.0.0/24";
constexpr char kGateway[] = "10.217.0.1";
constexpr int kBuildTimeoutMs = 10 * 60 * 1000;

// The first http:// Debian mirror of this machine's apt configuration, as
// make-debian-rootfs.sh and mirror-proxy.py find it; empty when there is none.
QString debianMirror() {
    QFile sources("/etc/apt/sources.list.d/debian.sources");
    if (sources.open(QIODevice::ReadOnly)) {
        static const QRegularExpression uris("^URIs:\\s*(http://\\S+)",
                                             QRegularExpression::MultilineOption);
        QRegularExpressionMatch match = uris.match(QString::fromUtf8(sources.readAll()));
        if (match.hasMatch()) {
            return match.captured(1);
        }
    }
    QFile list("/etc/apt/sources.list");
    if (list.open(QIODevice::ReadOnly)) {
        static const QRegularExpression deb("^deb\\s+(http://\\S+)\\s+bookworm\\b",
                                            QRegularExpression::MultilineOption);
        QRegularExpressionMatch match = deb.match(QString::fromUtf8(list.readAll()));
        if (match.hasMatch()) {
            return match.captured(1);
        }
    }
    return {};
}

CommandResult runTool(const QString& program, const QStringList& args, int timeoutMs = 30000) {
    QProcess process;
    process.start(program, args);
    CommandResult result;
    result.timedOut = !process.waitForFinished(timeoutMs);
    if (result.timedOut) {
        process.kill();
        process.waitForFinished(5000);
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

// The page at url, fetched with curl from this test's namespace and retried while the
// server starts; the curl error when it never responds.
QByteArray fetchPage(const QString& url) {
    CommandResult last;
    QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired()) {
        last = runTool("curl", {"-sS", "--fail", "--max-time", "5", url});
        if (last.exitCode == 0) {
            return last.out;
        }
        QThread::msleep(300);
    }
    return "curl failed: " + describe(last);
}

// The exit code and the ends of the output of a long command such as docker build, since a
// test failure message keeps only its first kilobyte.
QByteArray describeEnd(const CommandResult& result) {
    return "exit " + QByteArray::number(result.exitCode) + "\nstderr: " + result.err.right(400) +
           "\nstdout: ..." + result.out.right(300);
}

// Logs the whole output of a failed build, which describeEnd shortens.
void logFailedBuild(const CommandResult& result) {
    if (result.exitCode != 0) {
        qWarning().noquote() << "stdout:" << result.out << "\nstderr:" << result.err;
    }
}

QString containerId(const CommandResult& run) {
    return QString::fromUtf8(run.out).trimmed();
}

} // namespace

class TestApiAcceptanceDebian : public QObject {
    Q_OBJECT

private:
    BerthdFixture daemon_;
    QTemporaryDir work_;
    QString tarball_;
    QString mirror_;
    int hostNetwork_ = -1; // the host's network namespace, where the proxy forwards from
    QString bridgeName_;
    QString tableName_;
    QProcess proxy_;
    QString proxyUrl_;

    QString dockerCommand(const QString& args) const {
        return QString("env DOCKER_HOST=unix://%1 DOCKER_CONFIG=%2 docker %3")
            .arg(daemon_.socketPath(), daemon_.dockerConfigDir(), args);
    }

    // Makes the Debian tarball with debootstrap unless BERTH_TEST_DEBIAN_TARBALL names one.
    QString makeDebianTarball() {
        QString prebuilt = qEnvironmentVariable("BERTH_TEST_DEBIAN_TARBALL");
        if (!prebuilt.isEmpty() && QFileInfo::exists(prebuilt)) {
            tarball_ = prebuilt;
            return {};
        }
        tarball_ = work_.filePath("debian-12-minbase.tar.gz");
        CommandResult made =
            runTool(qEnvironmentVariable("BERTH_TEST_SUPPORT") + "/make-debian-rootfs.sh",
                    {tarball_}, 15 * 60 * 1000);
        return made.exitCode == 0 ? QString() : "make-debian-rootfs.sh: " + describe(made);
    }

    // Leaves the host's network namespace for a private one with only lo, and starts
    // berthd there with its own bridge.
    QString startInPrivateNetwork() {
        hostNetwork_ = ::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
        if (hostNetwork_ < 0 || ::unshare(CLONE_NEWNET) != 0) {
            return "enter a private network namespace: " + QString::fromUtf8(strerror(errno));
        }
        CommandResult loopback = runTool("ip", {"link", "set", "lo", "up"});
        if (loopback.exitCode != 0) {
            return "ip link set lo up: " + describe(loopback);
        }
        std::random_device random;
        QString suffix = QString::number(random() & 0xffffff, 16).rightJustified(6, '0');
        bridgeName_ = "ba" + suffix;
        tableName_ = "berth-test-" + suffix;
        daemon_.setNetworkArguments(
            {"--bridge", bridgeName_, "--bridge-subnet", kSubnet, "--nat-table", tableName_});
        return daemon_.start();
    }

    // Starts mirror-proxy.py on the bridge's gateway and waits for its "listening on" line.
    QString startProxy() {
        proxy_.start("/usr/bin/python3",
                     {qEnvironmentVariable("BERTH_TEST_SUPPORT") + "/mirror-proxy.py", "--listen",
                      kGateway, "--netns",
                      QString("/proc/%1/fd/%2").arg(::getpid()).arg(hostNetwork_)});
        QByteArray output;
        QDeadlineTimer deadline(10000);
        while (!output.contains('\n') && !deadline.hasExpired() &&
               proxy_.state() != QProcess::NotRunning) {
            proxy_.waitForReadyRead(100);
            output += proxy_.readAllStandardOutput();
        }
        QRegularExpressionMatch listening =
            QRegularExpression("^listening on (\\S+)").match(QString::fromUtf8(output));
        if (!listening.hasMatch()) {
            return "mirror-proxy.py did not start: " + QString::fromUtf8(output) +
                   QString::fromUtf8(proxy_.readAllStandardError());
        }
        proxyUrl_ = "http://" + listening.captured(1);
        return {};
    }

    CommandResult build(const QString& contextDir, const QString& tag) {
        return daemon_.docker(
            {"build", "--build-arg", "http_proxy=" + proxyUrl_, "-t", tag, contextDir}, {},
            kBuildTimeoutMs);
    }

    // The sources.list that a Dockerfile walkthrough COPYs into the image.
    QByteArray sourcesList() const {
        return QString("deb %1 bookworm main\n").arg(mirror_).toUtf8();
    }

private slots:
    void initTestCase() {
        if (::geteuid() != 0) {
            QSKIP("acceptance tests run containers and need root");
        }
        for (const char* tool : {"docker", "debootstrap", "tmux", "curl", "ip"}) {
            if (QStandardPaths::findExecutable(tool).isEmpty()) {
                QSKIP(qPrintable(QString("%1 is not installed").arg(tool)));
            }
        }
        if (!QFileInfo::exists("/usr/bin/python3")) {
            QSKIP("/usr/bin/python3 is not installed; the mirror proxy needs it");
        }
        mirror_ = debianMirror();
        if (mirror_.isEmpty()) {
            QSKIP("no http:// Debian mirror in /etc/apt/sources.list(.d)");
        }
        QVERIFY(work_.isValid());
        QString error = makeDebianTarball();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        error = startInPrivateNetwork();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        error = startProxy();
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void cleanup() {
        QStringList problems = daemon_.removeAllContainers();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void cleanupTestCase() {
        if (proxy_.state() != QProcess::NotRunning) {
            proxy_.kill();
            proxy_.waitForFinished(5000);
        }
        QStringList problems = daemon_.stop();
        if (!bridgeName_.isEmpty()) {
            // berthd --cleanup-network removes the bridge and the table it made.
            CommandResult removed =
                runTool(qEnvironmentVariable("BERTH_BIN_DIR") + "/berthd",
                        {"--data-root", daemon_.dataRoot(), "--bridge", bridgeName_, "--nat-table",
                         tableName_, "--cleanup-network"});
            if (removed.exitCode != 0) {
                problems << "berthd --cleanup-network: " + QString::fromUtf8(describe(removed));
            }
        }
        if (hostNetwork_ >= 0) {
            ::close(hostNetwork_);
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void importDebootstrapTarball() {
        CommandResult imported =
            daemon_.docker({"import", tarball_, "--", "debian:12"}, {}, 120000);
        QVERIFY2(imported.exitCode == 0, describe(imported));
        QVERIFY2(imported.out.startsWith("sha256:"), describe(imported));

        CommandResult images = daemon_.docker({"images", "--format", "{{.Repository}}:{{.Tag}}"});
        QVERIFY2(images.out.contains("debian:12"), describe(images));
    }

    void osReleaseNamesBookworm() {
        CommandResult run = daemon_.docker({"run", "--rm", "debian:12", "cat", "/etc/os-release"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QVERIFY2(run.out.contains("VERSION_CODENAME=bookworm"), describe(run));
    }

    void interactiveBashTakesInput() {
        TmuxSession session(dockerCommand("run -it --name debian-shell debian:12 bash") +
                                "; echo EXIT=$?; sleep 30",
                            "debian");
        QVERIFY2(session.waitFor("root@"), qPrintable(session.capture()));
        session.sendKeys({"echo bash-$((6*7)) $BASH_VERSION", "Enter"});
        QVERIFY2(session.waitFor("bash-42 5.2"), qPrintable(session.capture()));
        session.sendKeys({"cat /etc/debian_version", "Enter"});
        QVERIFY2(session.waitFor("12."), qPrintable(session.capture()));
        session.sendKeys({"exit 5", "Enter"});
        QVERIFY2(session.waitFor("EXIT=5"), qPrintable(session.capture()));
    }

    void packageToolsWork() {
        CommandResult run = daemon_.docker(
            {"run", "--rm", "debian:12", "sh", "-c", "dpkg-query -W -f='${Status}' bash"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QCOMPARE(QString::fromUtf8(run.out).trimmed(), QString("install ok installed"));
    }

    // The proxy is the builds' only way out, so it must forward to the mirror alone.
    void proxyRejectsOtherHosts() {
        CommandResult other =
            runTool("curl", {"-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10",
                             "-x", proxyUrl_, "http://example.invalid/"});
        QCOMPARE(QString::fromUtf8(other.out), QString("403"));
        CommandResult connect =
            runTool("curl", {"-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10",
                             "-x", proxyUrl_, "-p", "http://example.invalid:443/"});
        QVERIFY2(connect.exitCode != 0, describe(connect));
    }

    // Case 1 of the Dockerfile walkthrough builds with COPY of a sources.list, apt-get
    // install of apache2, EXPOSE 80 and an exec-form CMD. Then it fetches the page over a
    // published port, copies it out with docker cp, and serves a bind-mounted html
    // directory whose edits show at once.
    void apacheImageServesEditedPage() {
        auto context =
            makeFileTree({{"Dockerfile", "FROM debian:12\n"
                                         "LABEL maintainer=\"devops\"\n"
                                         "COPY sources.list /etc/apt/sources.list\n"
                                         "RUN apt-get update && apt-get install -y apache2\n"
                                         "EXPOSE 80\n"
                                         "CMD [\"apachectl\", \"-D\", \"FOREGROUND\"]\n"},
                          {"sources.list", sourcesList()}});
        QVERIFY(context);
        CommandResult built = build(context->path(), "apache_server:v1");
        logFailedBuild(built);
        QVERIFY2(built.exitCode == 0, describeEnd(built));
        QVERIFY2(built.out.contains("Setting up apache2"), describeEnd(built));

        CommandResult first = daemon_.docker({"run", "-itd", "-p", "9090:80", "apache_server:v1"});
        QVERIFY2(first.exitCode == 0, describe(first));
        QByteArray defaultPage = fetchPage("http://127.0.0.1:9090/");
        QVERIFY2(defaultPage.contains("Apache2 Debian Default Page"), defaultPage.constData());

        QString html = work_.filePath("apache/html");
        QVERIFY(QDir().mkpath(html));
        CommandResult copied =
            daemon_.docker({"cp", containerId(first) + ":/var/www/html/index.html", html + "/"});
        QVERIFY2(copied.exitCode == 0, describe(copied));
        QFile index(html + "/index.html");
        QVERIFY(index.open(QIODevice::ReadOnly));
        QVERIFY(index.readAll().contains("Apache2 Debian Default Page"));
        index.close();
        CommandResult removed = daemon_.docker({"rm", "-f", containerId(first)});
        QVERIFY2(removed.exitCode == 0, describe(removed));

        CommandResult second = daemon_.docker(
            {"run", "-itd", "-p", "9091:80", "-v", html + ":/var/www/html", "apache_server:v1"});
        QVERIFY2(second.exitCode == 0, describe(second));
        QVERIFY(fetchPage("http://127.0.0.1:9091/").contains("Apache2 Debian Default Page"));
        QVERIFY(writeTestFile(html + "/index.html", "Custom Apache Page\n"));
        QCOMPARE(fetchPage("http://127.0.0.1:9091/"), QByteArray("Custom Apache Page\n"));
    }

    // Case 2: ADD of a source tarball, extracted; gcc and make from the mirror; configure,
    // make and make install; an exec-form CMD. The source is GNU hello's orig tarball from
    // the mirror's pool, fetched through the proxy as apt would fetch it.
    void compiledProgramRunsFromImage() {
        auto context = makeFileTree(
            {{"Dockerfile",
              "FROM debian:12\n"
              "LABEL maintainer=\"devops\"\n"
              "ADD hello-2.10.tar.gz /usr/local/src/\n"
              "COPY sources.list /etc/apt/sources.list\n"
              "RUN apt-get update && apt-get install -y gcc make libc6-dev && \\\n"
              "    cd /usr/local/src/hello-2.10 && \\\n"
              "    ./configure --prefix=/usr/local/hello && make && make install\n"
              "CMD [\"/usr/local/hello/bin/hello\", \"--greeting=Source Compiled Hello\"]\n"},
             {"sources.list", sourcesList()}});
        QVERIFY(context);
        CommandResult fetched = runTool("curl",
                                        {"-sS", "--fail", "--max-time", "120", "-x", proxyUrl_,
                                         "-o", context->filePath("hello-2.10.tar.gz"),
                                         mirror_ + "/pool/main/h/hello/hello_2.10.orig.tar.gz"},
                                        150000);
        QVERIFY2(fetched.exitCode == 0, describe(fetched));

        CommandResult built = build(context->path(), "hello_compiled:v1");
        logFailedBuild(built);
        QVERIFY2(built.exitCode == 0, describeEnd(built));
        QVERIFY2(built.out.contains("checking for gcc"), describeEnd(built));

        QCOMPARE(daemon_.runOutput({"hello_compiled:v1"}), QString("Source Compiled Hello"));
        QCOMPARE(
            daemon_.runOutput({"hello_compiled:v1", "ls", "/usr/local/src/hello-2.10/configure"}),
            QString("/usr/local/src/hello-2.10/configure"));
        CommandResult inspect = daemon_.docker(
            {"image", "inspect", "--format", "{{json .Config.Cmd}}", "hello_compiled:v1"});
        QCOMPARE(QJsonDocument::fromJson(inspect.out).array().first().toString(),
                 QString("/usr/local/hello/bin/hello"));
    }
};

QTEST_GUILESS_MAIN(TestApiAcceptanceDebian)
#include "tst_api_acceptance_debian.moc"
