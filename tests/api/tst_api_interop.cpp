// Images moving between Berth and the tools of other engines, each started by the test
// with its own storage under a temporary directory: skopeo writes images into a loopback
// docker-registry and into an OCI layout that Berth pulls or loads and runs; skopeo and
// podman (its own --root and --runroot) read archives Berth saved; a dockerd of the test's
// own (own data root, exec root, pidfile and socket, no bridge, no iptables) saves an image
// Berth loads and runs, and loads one Berth saved. Never the system's podman storage or
// Docker socket.

#include "berthd_fixture.h"
#include "loopback_registry.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/mount.h>

namespace {

QString text(const QByteArray& bytes) {
    return QString::fromUtf8(bytes).trimmed();
}

// Runs program with args and environment additions; never through a shell.
CommandResult runTool(const QString& program, const QStringList& args,
                      const QMap<QString, QString>& environment = {}, int timeoutMs = 180000) {
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (auto it = environment.begin(); it != environment.end(); ++it) {
        env.insert(it.key(), it.value());
    }
    process.setProcessEnvironment(env);
    process.start(program, args);
    CommandResult result;
    if (!process.waitForStarted(10000)) {
        result.err = process.errorString().toUtf8();
        return result;
    }
    if (!process.waitForFinished(timeoutMs)) {
        result.timedOut = true;
        process.kill();
        process.waitForFinished(5000);
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

// The mount points under path, from /proc/self/mountinfo.
QStringList mountsUnder(const QString& path) {
    QFile file("/proc/self/mountinfo");
    QStringList found;
    if (!file.open(QIODevice::ReadOnly)) {
        return found;
    }
    for (const QByteArray& line : file.readAll().split('\n')) {
        QList<QByteArray> fields = line.split(' ');
        if (fields.size() > 4 && QString::fromUtf8(fields[4]).startsWith(path)) {
            found << QString::fromUtf8(fields[4]);
        }
    }
    return found;
}

// A dockerd of the test's own, on a socket under its directory; stopped by its pid.
class PrivateDockerd final {
public:
    ~PrivateDockerd() { (void)stop(); }

    // Returns an error text, empty once the daemon responds.
    QString start() {
        if (!dir_.isValid()) {
            return "no temporary directory";
        }
        QString config = dir_.filePath("daemon.json");
        if (!writeTestFile(config, "{}")) {
            return "cannot write daemon.json";
        }
        process_.setProcessChannelMode(QProcess::MergedChannels);
        process_.setStandardOutputFile(dir_.filePath("dockerd.log"));
        process_.start("dockerd",
                       {"--data-root", dir_.filePath("data"), "--exec-root", dir_.filePath("exec"),
                        "--pidfile", dir_.filePath("docker.pid"), "-H", "unix://" + socket(),
                        "--config-file", config, "--bridge=none", "--iptables=false",
                        "--ip-masq=false", "--storage-driver=vfs", "--log-level=warn"});
        if (!process_.waitForStarted(10000)) {
            return "dockerd did not start: " + process_.errorString();
        }
        for (int attempt = 0; attempt < 120; ++attempt) {
            if (docker({"version"}).exitCode == 0) {
                return {};
            }
            if (process_.state() == QProcess::NotRunning) {
                break;
            }
            QTest::qWait(500);
        }
        return "dockerd did not respond: " + log();
    }

    // Stops dockerd (SIGTERM to its pid, which stops the containerd it started) and
    // returns the mounts it left under its directory, after unmounting them.
    QStringList stop() {
        if (process_.state() != QProcess::NotRunning) {
            process_.terminate();
            if (!process_.waitForFinished(60000)) {
                process_.kill();
                process_.waitForFinished(5000);
            }
        }
        QStringList left = dir_.isValid() ? mountsUnder(dir_.path()) : QStringList();
        for (auto it = left.crbegin(); it != left.crend(); ++it) {
            ::umount2(QFile::encodeName(*it).constData(), MNT_DETACH);
        }
        return left;
    }

    CommandResult docker(const QStringList& args) const {
        return runTool(
            "docker", args,
            {{"DOCKER_HOST", "unix://" + socket()}, {"DOCKER_CONFIG", dir_.filePath("client")}});
    }

    QString log() const {
        QFile file(dir_.filePath("dockerd.log"));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll().right(4000))
                                              : QString();
    }

private:
    QString socket() const { return dir_.filePath("docker.sock"); }

    QTemporaryDir dir_;
    QProcess process_;
};

// podman with its own storage, run root, configuration and auth file under a temporary
// directory, never the system's.
class PrivatePodman final {
public:
    // Writes the configuration files; returns an error text, empty on success.
    QString prepare() {
        if (!storage_.isValid()) {
            return "no temporary directory";
        }
        if (!writeTestFile(storage_.filePath("containers.conf"), "[engine]\n") ||
            !writeTestFile(storage_.filePath("auth.json"), "{}") ||
            !writeTestFile(storage_.filePath("storage.conf"),
                           QString("[storage]\ndriver = \"vfs\"\ngraphroot = \"%1\"\n"
                                   "runroot = \"%2\"\n")
                               .arg(storage_.filePath("root"), storage_.filePath("run"))
                               .toUtf8())) {
            return "cannot write the podman configuration";
        }
        return {};
    }

    CommandResult podman(const QStringList& args) const {
        QStringList common = {"--root",           storage_.filePath("root"),
                              "--runroot",        storage_.filePath("run"),
                              "--tmpdir",         storage_.filePath("tmp"),
                              "--storage-driver", "vfs",
                              "--events-backend", "file",
                              "--cgroup-manager", "cgroupfs"};
        return runTool("podman", common + args,
                       {{"CONTAINERS_CONF", storage_.filePath("containers.conf")},
                        {"CONTAINERS_STORAGE_CONF", storage_.filePath("storage.conf")},
                        {"REGISTRY_AUTH_FILE", storage_.filePath("auth.json")}});
    }

    // Removes every image and returns the mounts left under the storage directory.
    QStringList removeAll() const {
        CommandResult removed = podman({"rmi", "-a", "-f"});
        QStringList left = mountsUnder(storage_.path());
        if (removed.exitCode != 0) {
            left << "podman rmi failed: " + QString::fromUtf8(describe(removed));
        }
        return left;
    }

private:
    QTemporaryDir storage_;
};

} // namespace

class TestApiInterop : public QObject {
    Q_OBJECT

private:
    BerthdFixture daemon_;
    LoopbackRegistry registry_;
    QTemporaryDir scratch_;

    QString imageId(const QString& image) const {
        CommandResult result = daemon_.docker({"image", "inspect", "-f", "{{.Id}}", image});
        return result.exitCode == 0 ? text(result.out) : "exit " + describe(result);
    }

    // Commits a one-layer image on busybox with /saved.txt holding content, tagged name.
    bool makeImage(const QString& name, const QString& content) {
        CommandResult run = daemon_.docker(
            {"run", "--name", "maker", "busybox", "sh", "-c", "echo " + content + " > /saved.txt"});
        CommandResult commit = daemon_.docker({"commit", "maker", name});
        CommandResult removed = daemon_.docker({"rm", "maker"});
        if (run.exitCode != 0 || commit.exitCode != 0 || removed.exitCode != 0) {
            qWarning("%s\n%s", describe(run).constData(), describe(commit).constData());
            return false;
        }
        return true;
    }

    // Makes image name, saves it to a docker-archive in the scratch directory and returns
    // the archive's path, or "" when a step failed.
    QString saveNewImage(const QString& name, const QString& content) {
        QString archive =
            scratch_.filePath(QString(name).replace('/', '_').replace(':', '_') + ".tar");
        if (!makeImage(name, content)) {
            return {};
        }
        CommandResult save = daemon_.docker({"save", "-o", archive, name}, {}, 120000);
        if (save.exitCode != 0) {
            qWarning("%s", describe(save).constData());
            return {};
        }
        return archive;
    }

    // skopeo with a policy that accepts everything and an auth file of the test's own.
    CommandResult skopeo(const QStringList& args) const {
        return runTool("skopeo", QStringList{"--insecure-policy"} + args,
                       {{"REGISTRY_AUTH_FILE", scratch_.filePath("skopeo-auth.json")}});
    }

private slots:
    void initTestCase() {
        if (QString missing = BerthdFixture::missingPrerequisite(); !missing.isEmpty()) {
            QSKIP(qPrintable(missing));
        }
        QVERIFY(scratch_.isValid());
        QString error = daemon_.startWithBusybox();
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void cleanup() {
        QStringList problems = daemon_.removeAllContainers();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void cleanupTestCase() {
        registry_.stop();
        QStringList problems = daemon_.stop();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    // skopeo copies an image into the registry with gzip layers; Berth pulls and runs it,
    // then pushes it to another repository by mounting those gzip blobs, and skopeo reads
    // the manifest Berth wrote.
    void skopeoRegistryImageRuns() {
        if (QStandardPaths::findExecutable("skopeo").isEmpty()) {
            QSKIP("skopeo is not installed");
        }
        if (QStandardPaths::findExecutable("docker-registry").isEmpty()) {
            QSKIP("docker-registry is not installed");
        }
        QString error = registry_.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QString archive = saveNewImage("interop/skopeo-registry:v1", "written-by-skopeo");
        QVERIFY(!archive.isEmpty());
        QVERIFY(daemon_.docker({"rmi", "interop/skopeo-registry:v1"}).exitCode == 0);

        QString name = registry_.host() + "/skopeo/registry:v1";
        CommandResult copy = skopeo(
            {"copy", "--dest-tls-verify=false", "docker-archive:" + archive, "docker://" + name});
        QVERIFY2(copy.exitCode == 0, describe(copy));
        CommandResult pull = daemon_.docker({"pull", name}, {}, 120000);
        QVERIFY2(pull.exitCode == 0, describe(pull));
        QCOMPARE(daemon_.runOutput({name, "cat", "/saved.txt"}), QString("written-by-skopeo"));

        QString copied = registry_.host() + "/skopeo/copied:v1";
        QVERIFY(daemon_.docker({"tag", name, copied}).exitCode == 0);
        CommandResult push = daemon_.docker({"push", copied}, {}, 120000);
        QVERIFY2(push.exitCode == 0, describe(push));
        QVERIFY2(text(push.out).contains("Mounted from skopeo/registry"), describe(push));
        CommandResult inspect =
            skopeo({"inspect", "--tls-verify=false", "--raw", "docker://" + copied});
        QVERIFY2(inspect.exitCode == 0, describe(inspect));
        QJsonArray layers = QJsonDocument::fromJson(inspect.out).object()["layers"].toArray();
        QVERIFY(!layers.isEmpty());
        for (const QJsonValue& layer : layers) {
            QCOMPARE(layer.toObject()["mediaType"].toString(),
                     QString("application/vnd.oci.image.layer.v1.tar+gzip"));
        }
    }

    // skopeo writes an OCI layout directory; Berth loads it as a tar and runs it.
    void skopeoOciLayoutLoads() {
        if (QStandardPaths::findExecutable("skopeo").isEmpty()) {
            QSKIP("skopeo is not installed");
        }
        QString archive = saveNewImage("interop/skopeo-oci:v1", "oci-layout-by-skopeo");
        QVERIFY(!archive.isEmpty());
        QVERIFY(daemon_.docker({"rmi", "interop/skopeo-oci:v1"}).exitCode == 0);
        QString layout = scratch_.filePath("oci-layout");
        CommandResult copy = skopeo({"copy", "docker-archive:" + archive,
                                     "oci:" + layout + ":localhost/interop/from-oci:v1"});
        QVERIFY2(copy.exitCode == 0, describe(copy));
        QString tar = scratch_.filePath("oci-layout.tar");
        CommandResult pack = runTool("tar", {"-C", layout, "-cf", tar, "."});
        QVERIFY2(pack.exitCode == 0, describe(pack));

        CommandResult load = daemon_.docker({"load", "-i", tar}, {}, 120000);
        QVERIFY2(load.exitCode == 0, describe(load));
        QVERIFY2(text(load.out).contains("localhost/interop/from-oci:v1"), describe(load));
        QCOMPARE(daemon_.runOutput({"localhost/interop/from-oci:v1", "cat", "/saved.txt"}),
                 QString("oci-layout-by-skopeo"));
    }

    // skopeo reads an archive Berth saved (it checks each layer against the config's diff
    // ids) and writes it as an OCI layout with the same layers.
    void berthArchiveReadBySkopeo() {
        if (QStandardPaths::findExecutable("skopeo").isEmpty()) {
            QSKIP("skopeo is not installed");
        }
        QString archive = saveNewImage("interop/to-skopeo:v1", "saved-by-berth");
        QVERIFY(!archive.isEmpty());
        QString layout = scratch_.filePath("from-berth");
        CommandResult copy = skopeo({"copy", "docker-archive:" + archive, "oci:" + layout + ":v1"});
        QVERIFY2(copy.exitCode == 0, describe(copy));
        CommandResult inspect = skopeo({"inspect", "oci:" + layout + ":v1"});
        QVERIFY2(inspect.exitCode == 0, describe(inspect));
        QJsonArray layers = QJsonDocument::fromJson(inspect.out).object()["Layers"].toArray();
        CommandResult diffIds = daemon_.docker(
            {"image", "inspect", "-f", "{{len .RootFS.Layers}}", "interop/to-skopeo:v1"});
        QCOMPARE(QString::number(layers.size()), text(diffIds.out));
    }

    // podman, with its own storage, loads an archive Berth saved under the same image id.
    void berthArchiveLoadsInPodman() {
        if (QStandardPaths::findExecutable("podman").isEmpty()) {
            QSKIP("podman is not installed");
        }
        QString archive = saveNewImage("interop/to-podman:v1", "saved-for-podman");
        QVERIFY(!archive.isEmpty());
        PrivatePodman podman;
        QString error = podman.prepare();
        QVERIFY2(error.isEmpty(), qPrintable(error));

        CommandResult load = podman.podman({"load", "-i", archive});
        QVERIFY2(load.exitCode == 0, describe(load));
        QVERIFY2(text(load.out).contains("interop/to-podman:v1"), describe(load));
        CommandResult inspect =
            podman.podman({"image", "inspect", "-f", "{{.Id}}", "interop/to-podman:v1"});
        QVERIFY2(inspect.exitCode == 0, describe(inspect));
        QCOMPARE("sha256:" + text(inspect.out), imageId("interop/to-podman:v1"));
        QStringList left = podman.removeAll();
        QVERIFY2(left.isEmpty(), qPrintable(left.join(' ')));
    }

    // Berth pushes an image with gzip layers to a registry of the test's own, and podman,
    // with its own storage, pulls it: podman checks each decompressed layer against the
    // config's diff ids, and the image keeps Berth's image id.
    void berthPushPulledByPodman() {
        if (QStandardPaths::findExecutable("podman").isEmpty()) {
            QSKIP("podman is not installed");
        }
        if (QStandardPaths::findExecutable("docker-registry").isEmpty()) {
            QSKIP("docker-registry is not installed");
        }
        LoopbackRegistry registry;
        QString error = registry.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QString name = registry.host() + "/interop/pushed:v1";
        QVERIFY(makeImage(name, "pushed-by-berth"));
        CommandResult push = daemon_.docker({"push", name}, {}, 120000);
        QVERIFY2(push.exitCode == 0, describe(push));
        PrivatePodman podman;
        error = podman.prepare();
        QVERIFY2(error.isEmpty(), qPrintable(error));

        CommandResult pull = podman.podman({"pull", "--tls-verify=false", name});
        QVERIFY2(pull.exitCode == 0, describe(pull));
        CommandResult inspect = podman.podman({"image", "inspect", "-f", "{{.Id}}", name});
        QVERIFY2(inspect.exitCode == 0, describe(inspect));
        QCOMPARE("sha256:" + text(inspect.out), imageId(name));
        QStringList left = podman.removeAll();
        QVERIFY2(left.isEmpty(), qPrintable(left.join(' ')));
    }

    // skopeo writes an image whose layers are compressed with zstd (media type
    // application/vnd.oci.image.layer.v1.tar+zstd) into a new registry of the test's own,
    // where skopeo has no gzip copy of these layers recorded to reuse. Berth pulls it with
    // the manifest's digest, the config's digest as its id and the original diff ids, and
    // runs it.
    void zstdLayersPullAndRun() {
        if (QStandardPaths::findExecutable("skopeo").isEmpty()) {
            QSKIP("skopeo is not installed");
        }
        if (QStandardPaths::findExecutable("docker-registry").isEmpty()) {
            QSKIP("docker-registry is not installed");
        }
        LoopbackRegistry registry;
        QString error = registry.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QString archive = saveNewImage("interop/zstd:v1", "zstd-layers");
        QVERIFY(!archive.isEmpty());
        CommandResult diffIds = daemon_.docker(
            {"image", "inspect", "-f", "{{range .RootFS.Layers}}{{.}} {{end}}", "interop/zstd:v1"});
        QVERIFY(daemon_.docker({"rmi", "interop/zstd:v1"}).exitCode == 0);

        QString name = registry.host() + "/interop/zstd:v1";
        CommandResult copy =
            skopeo({"copy", "--dest-tls-verify=false", "--format", "oci", "--dest-compress-format",
                    "zstd", "docker-archive:" + archive, "docker://" + name});
        QVERIFY2(copy.exitCode == 0, describe(copy));
        CommandResult raw = skopeo({"inspect", "--tls-verify=false", "--raw", "docker://" + name});
        QVERIFY2(raw.exitCode == 0, describe(raw));
        QJsonObject manifest = QJsonDocument::fromJson(raw.out).object();
        QJsonArray layers = manifest["layers"].toArray();
        QVERIFY(!layers.isEmpty());
        for (const QJsonValue& layer : layers) {
            QCOMPARE(layer.toObject()["mediaType"].toString(),
                     QString("application/vnd.oci.image.layer.v1.tar+zstd"));
        }
        // skopeo writes a new config for the OCI manifest, so the image id is its digest.
        QString configDigest = manifest["config"].toObject()["digest"].toString();

        CommandResult pull = daemon_.docker({"pull", name}, {}, 120000);
        QVERIFY2(pull.exitCode == 0, describe(pull));
        QVERIFY2(text(pull.out).contains("Digest: " + sha256Of(raw.out)), describe(pull));
        QCOMPARE(imageId(name), configDigest);
        CommandResult pulledDiffIds = daemon_.docker(
            {"image", "inspect", "-f", "{{range .RootFS.Layers}}{{.}} {{end}}", name});
        QCOMPARE(text(pulledDiffIds.out), text(diffIds.out));
        QCOMPARE(daemon_.runOutput({name, "cat", "/saved.txt"}), QString("zstd-layers"));
    }

    // A dockerd of the test's own saves an image that Berth loads and runs, and loads an
    // image Berth saved under the same image id.
    void dockerdExchangesArchives() {
        if (QStandardPaths::findExecutable("dockerd").isEmpty()) {
            QSKIP("dockerd is not installed");
        }
        if (QFileInfo::exists("/run/containerd/containerd.sock")) {
            QSKIP("a containerd listens on /run/containerd/containerd.sock, and dockerd would "
                  "use it instead of starting its own");
        }
        PrivateDockerd dockerd;
        QString error = dockerd.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));

        CommandResult imported = dockerd.docker(
            {"import", "--change", "CMD [\"sh\"]", daemon_.busyboxTar(), "interop/from-docker:v1"});
        QVERIFY2(imported.exitCode == 0, describe(imported));
        QString fromDocker = scratch_.filePath("from-docker.tar");
        CommandResult save = dockerd.docker({"save", "-o", fromDocker, "interop/from-docker:v1"});
        QVERIFY2(save.exitCode == 0, describe(save));
        CommandResult load = daemon_.docker({"load", "-i", fromDocker}, {}, 120000);
        QVERIFY2(load.exitCode == 0, describe(load));
        QCOMPARE(daemon_.runOutput({"interop/from-docker:v1", "echo", "saved by docker"}),
                 QString("saved by docker"));

        QString archive = saveNewImage("interop/to-docker:v1", "saved-for-docker");
        QVERIFY(!archive.isEmpty());
        CommandResult loadInDocker = dockerd.docker({"load", "-i", archive});
        QVERIFY2(loadInDocker.exitCode == 0, describe(loadInDocker));
        CommandResult inspect =
            dockerd.docker({"image", "inspect", "-f", "{{.Id}}", "interop/to-docker:v1"});
        QVERIFY2(inspect.exitCode == 0, describe(inspect));
        QCOMPARE(text(inspect.out), imageId("interop/to-docker:v1"));

        QStringList left = dockerd.stop();
        QVERIFY2(left.isEmpty(), qPrintable("dockerd left mounts: " + left.join(' ')));
    }
};

QTEST_GUILESS_MAIN(TestApiInterop)
#include "tst_api_interop.moc"
