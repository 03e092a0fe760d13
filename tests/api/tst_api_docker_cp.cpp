// docker cp with the stock docker CLI against a private berthd: both ways, running and
// stopped containers, directories and "/.", symlinks with and without -L, binds, and
// the paths that must not reach outside the container's root.

#include "berthd_fixture.h"
#include "client/client.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

namespace {

QString text(const QByteArray& bytes) {
    return QString::fromUtf8(bytes).trimmed();
}

bool writeFile(const QString& path, const QByteArray& content) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

// Writes value into the header field at offset, padded with NUL bytes to width.
void setField(QByteArray& header, int offset, int width, const QByteArray& value) {
    QByteArray field = value.left(width);
    field.append(QByteArray(width - field.size(), '\0'));
    header.replace(offset, width, field);
}

// One ustar header plus data blocks; type '0' file, '1' hard link, '2' symlink,
// '5' directory. Owner uid and gid 1000.
QByteArray ustarEntry(const QByteArray& name, char type, const QByteArray& content = {},
                      const QByteArray& linkName = {}) {
    QByteArray header(512, '\0');
    setField(header, 0, 100, name);
    setField(header, 100, 8, type == '5' ? "0000755" : "0000644");
    setField(header, 108, 8, "0001750");
    setField(header, 116, 8, "0001750");
    setField(header, 124, 12, QByteArray::number(content.size(), 8).rightJustified(11, '0'));
    setField(header, 136, 12, "00000000000");
    header[156] = type;
    setField(header, 157, 100, linkName);
    setField(header, 257, 6, "ustar");
    setField(header, 263, 2, "00");
    setField(header, 148, 8, "        ");
    unsigned sum = 0;
    for (char c : header) {
        sum += static_cast<unsigned char>(c);
    }
    setField(header, 148, 8, QByteArray::number(sum, 8).rightJustified(6, '0'));
    header[155] = ' ';
    QByteArray data = content;
    data.append(QByteArray((512 - content.size() % 512) % 512, '\0'));
    return header + data;
}

QByteArray endOfArchive() {
    return QByteArray(1024, '\0');
}

// Relative path -> sha256 of every regular file below root, and "->target" for symlinks.
QMap<QString, QByteArray> treeDigest(const QString& root) {
    QMap<QString, QByteArray> digest;
    QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QString path = it.next();
        QFileInfo info(path);
        QString relative = QDir(root).relativeFilePath(path);
        if (info.isSymLink()) {
            char target[4096];
            ssize_t length = ::readlink(QFile::encodeName(path).constData(), target, sizeof target);
            digest[relative] = "->" + QByteArray(target, length < 0 ? 0 : int(length));
        } else if (info.isFile()) {
            digest[relative] = QCryptographicHash::hash(readFile(path), QCryptographicHash::Sha256);
        } else {
            digest[relative] = "dir";
        }
    }
    return digest;
}

} // namespace

class TestApiDockerCp : public QObject {
    Q_OBJECT

private:
    BerthdFixture daemon_;
    std::unique_ptr<QTemporaryDir> work_;

    CommandResult docker(const QStringList& args, int timeoutMs = 30000) const {
        return daemon_.docker(args, {}, timeoutMs);
    }

    QString hostPath(const QString& name) const { return work_->filePath(name); }

    // Runs a detached "sleep 3600" container named name, with extra run flags.
    bool runSleeping(const QString& name, const QStringList& flags = {}) {
        QStringList args = {"run", "-d", "--name", name};
        args += flags;
        args += {"busybox", "sleep", "3600"};
        CommandResult run = docker(args);
        if (run.exitCode != 0) {
            qWarning("%s", describe(run).constData());
        }
        return run.exitCode == 0;
    }

    // Checks whether the running container name has a mount on path, in its init
    // process's mountinfo.
    bool hasMountPoint(const QString& name, const QString& path) const {
        CommandResult pid = docker({"inspect", "-f", "{{.State.Pid}}", name});
        if (pid.exitCode != 0) {
            qWarning("%s", describe(pid).constData());
            return false;
        }
        QFile mountinfo(QString("/proc/%1/mountinfo").arg(text(pid.out)));
        if (!mountinfo.open(QIODevice::ReadOnly)) {
            qWarning("cannot read %s", qPrintable(mountinfo.fileName()));
            return false;
        }
        for (const QByteArray& line : mountinfo.readAll().split('\n')) {
            QList<QByteArray> fields = line.split(' ');
            if (fields.size() > 4 && fields[4] == path.toUtf8()) {
                return true;
            }
        }
        return false;
    }

    // Starts the created container name attached and returns its output, or a description
    // of the failure.
    QByteArray startAndRead(const QString& name) {
        CommandResult started = docker({"start", "-a", name});
        return started.exitCode == 0 ? started.out : describe(started);
    }

private slots:
    void initTestCase() {
        if (QString missing = BerthdFixture::missingPrerequisite(); !missing.isEmpty()) {
            QSKIP(qPrintable(missing));
        }
        QString error = daemon_.startWithBusybox();
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void init() {
        work_ = std::make_unique<QTemporaryDir>("/tmp/bt-cp-XXXXXX");
        QVERIFY(work_->isValid());
    }

    void cleanup() {
        QStringList problems = daemon_.removeAllContainers();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void cleanupTestCase() {
        QStringList problems = daemon_.stop();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void fileRoundTripRunning() {
        QVERIFY(runSleeping("cp-file"));
        QVERIFY(writeFile(hostPath("in.txt"), "hello from the host\n"));
        CommandResult in = docker({"cp", hostPath("in.txt"), "cp-file:/tmp/"});
        QVERIFY2(in.exitCode == 0, describe(in));
        CommandResult out = docker({"cp", "cp-file:/tmp/in.txt", hostPath("back.txt")});
        QVERIFY2(out.exitCode == 0, describe(out));
        QCOMPARE(readFile(hostPath("back.txt")), QByteArray("hello from the host\n"));
    }

    void fileIntoStoppedIsOwnedByRoot() {
        CommandResult created =
            docker({"create", "--name", "cp-stopped", "busybox", "sh", "-c",
                    "cat /tmp/in.txt; ls -ln /tmp/in.txt | awk '{print $1, $3, $4}'"});
        QVERIFY2(created.exitCode == 0, describe(created));
        QVERIFY(writeFile(hostPath("in.txt"), "stopped\n"));
        QVERIFY(::chown(QFile::encodeName(hostPath("in.txt")).constData(), 1000, 1000) == 0);
        QVERIFY(::chmod(QFile::encodeName(hostPath("in.txt")).constData(), 0640) == 0);
        CommandResult in = docker({"cp", hostPath("in.txt"), "cp-stopped:/tmp/in.txt"});
        QVERIFY2(in.exitCode == 0, describe(in));
        QCOMPARE(text(startAndRead("cp-stopped")), QString("stopped\n-rw-r----- 0 0"));
    }

    void archiveModeKeepsOwner() {
        CommandResult created = docker({"create", "--name", "cp-archive", "busybox", "sh", "-c",
                                        "ls -ln /tmp/owned.txt | awk '{print $3, $4}'"});
        QVERIFY2(created.exitCode == 0, describe(created));
        QVERIFY(writeFile(hostPath("owned.txt"), "x"));
        QVERIFY(::chown(QFile::encodeName(hostPath("owned.txt")).constData(), 1234, 4321) == 0);
        CommandResult in = docker({"cp", "-a", hostPath("owned.txt"), "cp-archive:/tmp/"});
        QVERIFY2(in.exitCode == 0, describe(in));
        QCOMPARE(text(startAndRead("cp-archive")), QString("1234 4321"));
    }

    void fileOutOfStopped() {
        CommandResult created = docker({"create", "--name", "cp-out-stopped", "busybox", "true"});
        QVERIFY2(created.exitCode == 0, describe(created));
        CommandResult out = docker({"cp", "cp-out-stopped:/etc/passwd", hostPath("passwd")});
        QVERIFY2(out.exitCode == 0, describe(out));
        QVERIFY2(readFile(hostPath("passwd")).startsWith("root:"), readFile(hostPath("passwd")));
    }

    void directoryAndContents() {
        QVERIFY(runSleeping("cp-dir"));
        QVERIFY(QDir().mkpath(hostPath("src/sub")));
        QVERIFY(writeFile(hostPath("src/a.txt"), "a"));
        QVERIFY(writeFile(hostPath("src/sub/b.txt"), "b"));
        QVERIFY(QFile::link("a.txt", hostPath("src/link")));
        CommandResult in = docker({"cp", hostPath("src"), "cp-dir:/tmp/"});
        QVERIFY2(in.exitCode == 0, describe(in));

        // The directory itself, into a new host directory of another name.
        CommandResult out = docker({"cp", "cp-dir:/tmp/src", hostPath("copy")});
        QVERIFY2(out.exitCode == 0, describe(out));
        QCOMPARE(treeDigest(hostPath("copy")), treeDigest(hostPath("src")));

        // Into an existing directory: a subdirectory named after the source.
        QVERIFY(QDir().mkpath(hostPath("existing")));
        out = docker({"cp", "cp-dir:/tmp/src", hostPath("existing")});
        QVERIFY2(out.exitCode == 0, describe(out));
        QCOMPARE(treeDigest(hostPath("existing/src")), treeDigest(hostPath("src")));

        // "/." copies the contents only.
        QVERIFY(QDir().mkpath(hostPath("contents")));
        out = docker({"cp", "cp-dir:/tmp/src/.", hostPath("contents")});
        QVERIFY2(out.exitCode == 0, describe(out));
        QCOMPARE(treeDigest(hostPath("contents")), treeDigest(hostPath("src")));

        // And the other way: the contents of a host directory into an existing one.
        in = docker({"cp", hostPath("src") + "/.", "cp-dir:/tmp/"});
        QVERIFY2(in.exitCode == 0, describe(in));
        out = docker({"cp", "cp-dir:/tmp/sub/b.txt", hostPath("b-again.txt")});
        QVERIFY2(out.exitCode == 0, describe(out));
        QCOMPARE(readFile(hostPath("b-again.txt")), QByteArray("b"));
    }

    void symlinkCopiedAsLinkUnlessFollowed() {
        QVERIFY(runSleeping("cp-link"));
        QVERIFY(QDir().mkpath(hostPath("src")));
        QVERIFY(writeFile(hostPath("src/target.txt"), "target content"));
        QVERIFY(QFile::link("target.txt", hostPath("src/link")));
        CommandResult in = docker({"cp", hostPath("src"), "cp-link:/tmp/"});
        QVERIFY2(in.exitCode == 0, describe(in));

        CommandResult out = docker({"cp", "cp-link:/tmp/src/link", hostPath("as-link")});
        QVERIFY2(out.exitCode == 0, describe(out));
        QVERIFY(QFileInfo(hostPath("as-link")).isSymLink());
        QCOMPARE(QFile::symLinkTarget(hostPath("as-link")), hostPath("target.txt"));
        QCOMPARE(treeDigest(work_->path())["as-link"], QByteArray("->target.txt"));

        out = docker({"cp", "-L", "cp-link:/tmp/src/link", hostPath("followed")});
        QVERIFY2(out.exitCode == 0, describe(out));
        QVERIFY(!QFileInfo(hostPath("followed")).isSymLink());
        QCOMPARE(readFile(hostPath("followed")), QByteArray("target content"));
    }

    void missingPathIsNotFound() {
        QVERIFY(runSleeping("cp-missing"));
        CommandResult out = docker({"cp", "cp-missing:/no/such/file", hostPath("x")});
        QVERIFY2(out.exitCode != 0, describe(out));
        QVERIFY2(out.err.contains("Could not find the file /no/such/file in container cp-missing"),
                 describe(out));
        QVERIFY(!QFileInfo::exists(hostPath("x")));

        HttpResult head =
            daemon_.request("HEAD", "/v1.43/containers/cp-missing/archive?path=/nope");
        QCOMPARE(head.status, 404);

        QVERIFY(writeFile(hostPath("in.txt"), "x"));
        CommandResult in = docker({"cp", hostPath("in.txt"), "cp-missing:/no/such/dir/"});
        QVERIFY2(in.exitCode != 0, describe(in));
    }

    void fileOntoDirectoryAndBack() {
        QVERIFY(runSleeping("cp-clash"));
        QVERIFY(QDir().mkpath(hostPath("tree/name")));
        QVERIFY(writeFile(hostPath("name"), "file"));
        CommandResult in = docker({"cp", hostPath("tree/name"), "cp-clash:/tmp/"});
        QVERIFY2(in.exitCode == 0, describe(in));
        // A file named like the directory now in /tmp.
        in = docker({"cp", hostPath("name"), "cp-clash:/tmp/"});
        QVERIFY2(in.exitCode != 0, describe(in));
        QVERIFY2(in.err.contains("cannot overwrite directory"), describe(in));
        // A directory onto a file.
        in = docker({"cp", hostPath("tree/name"), "cp-clash:/etc/passwd"});
        QVERIFY2(in.exitCode != 0, describe(in));
        QVERIFY2(in.err.contains("cannot copy directory"), describe(in));
    }

    void throughBindMount() {
        QVERIFY(QDir().mkpath(hostPath("bind")));
        QVERIFY(runSleeping("cp-bind", {"-v", hostPath("bind") + ":/mnt/data"}));
        QVERIFY(writeFile(hostPath("in.txt"), "into the bind"));
        CommandResult in = docker({"cp", hostPath("in.txt"), "cp-bind:/mnt/data/"});
        QVERIFY2(in.exitCode == 0, describe(in));
        QCOMPARE(readFile(hostPath("bind/in.txt")), QByteArray("into the bind"));

        QVERIFY(QDir().mkpath(hostPath("readonly")));
        CommandResult readOnly =
            docker({"run", "-d", "--name", "cp-bind-ro", "-v", hostPath("readonly") + ":/mnt/ro:ro",
                    "busybox", "sleep", "3600"});
        QVERIFY2(readOnly.exitCode == 0, describe(readOnly));
        in = docker({"cp", hostPath("in.txt"), "cp-bind-ro:/mnt/ro/"});
        QVERIFY2(in.exitCode != 0, describe(in));
        QVERIFY2(in.err.contains("mounted volume is marked read-only"), describe(in));
        QVERIFY(!QFileInfo::exists(hostPath("readonly/in.txt")));

        CommandResult stopped = docker({"stop", "-t", "1", "cp-bind"});
        QVERIFY2(stopped.exitCode == 0, describe(stopped));
        QVERIFY(writeFile(hostPath("bind/host.txt"), "from the host"));
        CommandResult out = docker({"cp", "cp-bind:/mnt/data/host.txt", hostPath("out.txt")});
        QVERIFY2(out.exitCode == 0, describe(out));
        QCOMPARE(readFile(hostPath("out.txt")), QByteArray("from the host"));
    }

    // A copy onto a read-only file bind, named as the file or as its directory, is rejected
    // with Docker's message, and the bind stays mounted and read-only.
    void readOnlyFileBindKept() {
        QVERIFY(writeFile(hostPath("config.yaml"), "key: value\n"));
        QVERIFY(
            runSleeping("cp-ro-file", {"-v", hostPath("config.yaml") + ":/app/config.yaml:ro"}));
        QVERIFY(writeFile(hostPath("other.txt"), "replaced\n"));
        QVERIFY(writeTestFile(hostPath("new/config.yaml"), "replaced\n"));

        const QStringList copies[] = {
            {hostPath("other.txt"), "cp-ro-file:/app/config.yaml"},
            {hostPath("new/config.yaml"), "cp-ro-file:/app/"},
        };
        for (const QStringList& copy : copies) {
            CommandResult in = docker(QStringList{"cp"} + copy);
            QVERIFY2(in.exitCode != 0, describe(in));
            QVERIFY2(in.err.contains("mounted volume is marked read-only"), describe(in));
        }

        QCOMPARE(readFile(hostPath("config.yaml")), QByteArray("key: value\n"));
        QVERIFY(hasMountPoint("cp-ro-file", "/app/config.yaml"));
        CommandResult append =
            docker({"exec", "cp-ro-file", "sh", "-c", "echo x >> /app/config.yaml"});
        QVERIFY2(append.exitCode != 0, describe(append));
        CommandResult read = docker({"exec", "cp-ro-file", "cat", "/app/config.yaml"});
        QVERIFY2(read.exitCode == 0, describe(read));
        QCOMPARE(read.out, QByteArray("key: value\n"));
    }

    // Docker cannot replace a writable file bind either, because moby's go-archive removes
    // the existing file first and that fails with EBUSY on a mount point. So the copy is
    // rejected, and the bind still connects the container to the host file.
    void writableFileBindKept() {
        QVERIFY(writeFile(hostPath("config.yaml"), "key: value\n"));
        QVERIFY(runSleeping("cp-rw-file", {"-v", hostPath("config.yaml") + ":/app/config.yaml"}));
        QVERIFY(writeFile(hostPath("other.txt"), "replaced\n"));
        QVERIFY(writeTestFile(hostPath("new/config.yaml"), "replaced\n"));

        const QStringList copies[] = {
            {hostPath("other.txt"), "cp-rw-file:/app/config.yaml"},
            {hostPath("new/config.yaml"), "cp-rw-file:/app/"},
        };
        for (const QStringList& copy : copies) {
            CommandResult in = docker(QStringList{"cp"} + copy);
            QVERIFY2(in.exitCode != 0, describe(in));
            QVERIFY2(in.err.contains("\"/app/config.yaml\" because it is a mount point"),
                     describe(in));
        }

        QCOMPARE(readFile(hostPath("config.yaml")), QByteArray("key: value\n"));
        QVERIFY(hasMountPoint("cp-rw-file", "/app/config.yaml"));
        CommandResult append =
            docker({"exec", "cp-rw-file", "sh", "-c", "echo appended >> /app/config.yaml"});
        QVERIFY2(append.exitCode == 0, describe(append));
        QCOMPARE(readFile(hostPath("config.yaml")), QByteArray("key: value\nappended\n"));
    }

    // A directory copied onto a directory bind merges into it when the bind is writable and
    // is rejected when it is read-only. A file never takes the place of either bind.
    void directoryBindAsEntry() {
        QVERIFY(writeTestFile(hostPath("readonly/kept.txt"), "kept"));
        QVERIFY(QDir().mkpath(hostPath("writable")));
        QVERIFY(runSleeping("cp-dir-bind", {"-v", hostPath("readonly") + ":/mnt/ro:ro", "-v",
                                            hostPath("writable") + ":/mnt/rw"}));
        QVERIFY(writeTestFile(hostPath("payload/ro/new.txt"), "new"));
        QVERIFY(writeTestFile(hostPath("payload/rw/new.txt"), "new"));
        QVERIFY(writeTestFile(hostPath("files/rw"), "a file named like the bind"));

        CommandResult in = docker({"cp", hostPath("payload/ro"), "cp-dir-bind:/mnt/"});
        QVERIFY2(in.exitCode != 0, describe(in));
        QVERIFY2(in.err.contains("mounted volume is marked read-only"), describe(in));
        in = docker({"cp", hostPath("payload/rw"), "cp-dir-bind:/mnt/ro/"});
        QVERIFY2(in.exitCode != 0, describe(in));
        QVERIFY2(in.err.contains("mounted volume is marked read-only"), describe(in));
        in = docker({"cp", hostPath("payload") + "/.", "cp-dir-bind:/mnt/"});
        QVERIFY2(in.exitCode != 0, describe(in));
        QVERIFY2(in.err.contains("mounted volume is marked read-only"), describe(in));
        QCOMPARE(QDir(hostPath("readonly")).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
                 QStringList({"kept.txt"}));
        QCOMPARE(readFile(hostPath("readonly/kept.txt")), QByteArray("kept"));

        in = docker({"cp", hostPath("payload/rw"), "cp-dir-bind:/mnt/"});
        QVERIFY2(in.exitCode == 0, describe(in));
        QCOMPARE(readFile(hostPath("writable/new.txt")), QByteArray("new"));

        in = docker({"cp", hostPath("files/rw"), "cp-dir-bind:/mnt/"});
        QVERIFY2(in.exitCode != 0, describe(in));
        QVERIFY(QFileInfo(hostPath("writable")).isDir());
        QCOMPARE(readFile(hostPath("writable/new.txt")), QByteArray("new"));

        QVERIFY(hasMountPoint("cp-dir-bind", "/mnt/ro"));
        QVERIFY(hasMountPoint("cp-dir-bind", "/mnt/rw"));
        CommandResult read = docker({"exec", "cp-dir-bind", "cat", "/mnt/rw/new.txt"});
        QVERIFY2(read.exitCode == 0, describe(read));
        QCOMPARE(read.out, QByteArray("new"));
    }

    // A stopped container's binds and volumes are mounted for the copy: a file reaches a
    // named volume, and a copy onto a file bind is rejected instead of writing a file that
    // the bind hides once the container starts.
    void stoppedContainerMounts() {
        QVERIFY(writeFile(hostPath("single.txt"), "host single\n"));
        QVERIFY(writeFile(hostPath("single-ro.txt"), "host read-only\n"));
        QVERIFY(writeFile(hostPath("other.txt"), "replaced\n"));
        QVERIFY(writeFile(hostPath("in.txt"), "into the volume\n"));
        CommandResult volume = docker({"volume", "create", "cp-stopped-volume"});
        QVERIFY2(volume.exitCode == 0, describe(volume));
        CommandResult created = docker({"create", "--name", "cp-stopped-mounts", "-v",
                                        hostPath("single.txt") + ":/etc/single.txt", "-v",
                                        hostPath("single-ro.txt") + ":/etc/single-ro.txt:ro", "-v",
                                        "cp-stopped-volume:/data", "busybox", "cat",
                                        "/etc/single.txt", "/etc/single-ro.txt", "/data/in.txt"});
        QVERIFY2(created.exitCode == 0, describe(created));

        CommandResult in =
            docker({"cp", hostPath("other.txt"), "cp-stopped-mounts:/etc/single.txt"});
        QVERIFY2(in.exitCode != 0, describe(in));
        QVERIFY2(in.err.contains("\"/etc/single.txt\" because it is a mount point"), describe(in));
        in = docker({"cp", hostPath("other.txt"), "cp-stopped-mounts:/etc/single-ro.txt"});
        QVERIFY2(in.exitCode != 0, describe(in));
        QVERIFY2(in.err.contains("mounted volume is marked read-only"), describe(in));
        in = docker({"cp", hostPath("in.txt"), "cp-stopped-mounts:/data/"});
        QVERIFY2(in.exitCode == 0, describe(in));

        QCOMPARE(readFile(hostPath("single.txt")), QByteArray("host single\n"));
        QCOMPARE(readFile(hostPath("single-ro.txt")), QByteArray("host read-only\n"));
        QString upper = daemon_.dataRoot() + "/containers/" +
                        text(docker({"inspect", "-f", "{{.Id}}", "cp-stopped-mounts"}).out) +
                        "/upper";
        QVERIFY(readFile(upper + "/etc/single.txt") != QByteArray("replaced\n"));
        QVERIFY(!QFileInfo::exists(upper + "/data/in.txt"));
        CommandResult mountpoint =
            docker({"volume", "inspect", "-f", "{{.Mountpoint}}", "cp-stopped-volume"});
        QVERIFY2(mountpoint.exitCode == 0, describe(mountpoint));
        QCOMPARE(readFile(text(mountpoint.out) + "/in.txt"), QByteArray("into the volume\n"));
        QCOMPARE(startAndRead("cp-stopped-mounts"),
                 QByteArray("host single\nhost read-only\ninto the volume\n"));

        CommandResult removed = docker({"rm", "cp-stopped-mounts"});
        QVERIFY2(removed.exitCode == 0, describe(removed));
        volume = docker({"volume", "rm", "cp-stopped-volume"});
        QVERIFY2(volume.exitCode == 0, describe(volume));
    }

    // A symlink to "/" inside the container leads to the container's root, never the
    // host's, for reads and for writes, on a running and on a stopped container.
    void symlinkEscapeStaysInside() {
        QString marker = hostPath("host-secret.txt");
        QVERIFY(writeFile(marker, "host secret"));
        QString script = QString("ln -s / /tmp/to-root; ln -s %1 /tmp/to-marker; "
                                 "ln -s ../../../../../../.. /tmp/up; sleep 3600")
                             .arg(marker);
        CommandResult run =
            docker({"run", "-d", "--name", "cp-escape", "busybox", "sh", "-c", script});
        QVERIFY2(run.exitCode == 0, describe(run));
        QTRY_COMPARE_WITH_TIMEOUT(
            daemon_.request("HEAD", "/v1.43/containers/cp-escape/archive?path=/tmp/up").status, 200,
            10000);

        QString name =
            QString("escape-%1").arg(QRandomGenerator::global()->generate(), 8, 16, QChar('0'));
        QVERIFY(writeFile(hostPath(name), "written through a link"));
        for (const char* via : {"/tmp/to-root/", "/tmp/up/tmp/"}) {
            CommandResult in = docker({"cp", hostPath(name), QString("cp-escape:") + via});
            QVERIFY2(in.exitCode == 0, describe(in));
        }
        QVERIFY(!QFileInfo::exists("/" + name));
        QVERIFY(!QFileInfo::exists("/tmp/" + name));
        CommandResult out = docker({"cp", "cp-escape:/" + name, hostPath("check1")});
        QVERIFY2(out.exitCode == 0, describe(out));
        out = docker({"cp", "cp-escape:/tmp/" + name, hostPath("check2")});
        QVERIFY2(out.exitCode == 0, describe(out));

        // Reading the host's file through an absolute link finds nothing in the container.
        CommandResult secret = docker({"cp", "-L", "cp-escape:/tmp/to-marker", hostPath("s1")});
        QVERIFY2(secret.exitCode != 0, describe(secret));
        QVERIFY(!QFileInfo::exists(hostPath("s1")));
        QString viaUp = "cp-escape:/tmp/up" + marker;
        secret = docker({"cp", viaUp, hostPath("s2")});
        QVERIFY2(secret.exitCode != 0, describe(secret));

        CommandResult stopped = docker({"stop", "-t", "1", "cp-escape"});
        QVERIFY2(stopped.exitCode == 0, describe(stopped));
        secret = docker({"cp", viaUp, hostPath("s3")});
        QVERIFY2(secret.exitCode != 0, describe(secret));
        CommandResult in = docker({"cp", hostPath(name), "cp-escape:/tmp/to-root/etc/"});
        QVERIFY2(in.exitCode == 0, describe(in));
        QVERIFY(!QFileInfo::exists("/etc/" + name));
        QCOMPARE(readFile(marker), QByteArray("host secret"));
    }

    // Docker rejects entries and links that climb out of the destination with "../".
    void tarWithParentEntriesRejected() {
        QVERIFY(runSleeping("cp-dotdot"));
        CommandResult created = docker({"inspect", "-f", "{{.Id}}", "cp-dotdot"});
        QString upper = daemon_.dataRoot() + "/containers/" + text(created.out) + "/upper";
        struct Case {
            const char* label;
            QByteArray archive;
            const char* message;
        };
        HttpResult victim = daemon_.request("PUT", "/v1.43/containers/cp-dotdot/archive?path=/tmp",
                                            ustarEntry("victim", '0', "kept") + endOfArchive());
        QVERIFY2(victim.status == 200, victim.body);
        const Case cases[] = {
            {"file", ustarEntry("../../../../../escaped.txt", '0', "x"), "is outside of"},
            {"nested", ustarEntry("ok/../../escaped.txt", '0', "x"), "is outside of"},
            {"symlink", ustarEntry("link", '2', {}, "../../../escaped"), "invalid symlink"},
            {"symlink over a file", ustarEntry("victim", '2', {}, "../../escaped"),
             "invalid symlink"},
            {"hardlink", ustarEntry("hard", '1', {}, "../etc/passwd"), "invalid hardlink"},
        };
        for (const Case& c : cases) {
            HttpResult put = daemon_.request("PUT", "/v1.43/containers/cp-dotdot/archive?path=/tmp",
                                             c.archive + endOfArchive());
            QVERIFY2(put.status == 400,
                     qPrintable(
                         QString("%1: %2 %3").arg(c.label).arg(put.status).arg(QString(put.body))));
            QVERIFY2(put.body.contains(c.message), put.body);
        }
        QVERIFY(!QFileInfo::exists(upper + "/escaped.txt"));
        QVERIFY(!QFileInfo::exists(upper + "/tmp/link"));
        QCOMPARE(readFile(upper + "/tmp/victim"), QByteArray("kept"));
        QVERIFY(!QFileInfo::exists(daemon_.dataRoot() + "/escaped.txt"));
        QVERIFY(!QFileInfo::exists(daemon_.dataRoot() + "/containers/escaped.txt"));
        HttpResult head = daemon_.request("HEAD", "/v1.43/containers/cp-dotdot/archive?path="
                                                  "/escaped.txt");
        QCOMPARE(head.status, 404);
    }

    // The project's client does what the studio's Files tab needs: stat, list, download
    // and upload, with progress.
    void clientCopiesBothWays() {
        QVERIFY(runSleeping("cp-client"));
        berth::client::Client client(
            berth::client::Endpoint::unixSocket(daemon_.socketPath().toStdString()));
        QVERIFY(QDir().mkpath(hostPath("up/sub")));
        QVERIFY(writeFile(hostPath("up/a.txt"), "alpha"));
        QVERIFY(writeFile(hostPath("up/sub/b.txt"), "beta"));

        uint64_t sentTotal = 0;
        auto uploaded = client.uploadToContainer("cp-client", hostPath("up").toStdString(), "/tmp",
                                                 [&](uint64_t sent, uint64_t total) {
                                                     QCOMPARE(sent <= total, true);
                                                     sentTotal = sent;
                                                 });
        QVERIFY2(uploaded, uploaded ? "" : uploaded.error().message.c_str());
        QVERIFY(sentTotal > 0);

        auto stat = client.statContainerPath("cp-client", "/tmp/up");
        QVERIFY2(stat, stat ? "" : stat.error().message.c_str());
        QCOMPARE(QString::fromStdString(stat->name), QString("up"));
        QVERIFY(stat->isDirectory());

        auto listed = client.listContainerDirectory("cp-client", "/tmp/up");
        QVERIFY2(listed, listed ? "" : listed.error().message.c_str());
        QStringList names;
        for (const auto& entry : *listed) {
            names << QString::fromStdString(entry.name);
        }
        names.sort();
        QCOMPARE(names, QStringList({"a.txt", "sub"}));

        QVERIFY(QDir().mkpath(hostPath("down")));
        uint64_t receivedTotal = 0;
        auto downloaded =
            client.downloadFromContainer("cp-client", "/tmp/up", hostPath("down").toStdString(),
                                         [&](uint64_t received) { receivedTotal = received; });
        QVERIFY2(downloaded, downloaded ? "" : downloaded.error().message.c_str());
        QVERIFY(receivedTotal > 0);
        QCOMPARE(treeDigest(hostPath("down/up")), treeDigest(hostPath("up")));

        auto missing = client.statContainerPath("cp-client", "/nope");
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, berth::ErrorKind::NotFound);
    }

    void largeTreeRoundTrip() {
        QVERIFY(runSleeping("cp-large"));
        QVERIFY(QDir().mkpath(hostPath("data50")));
        for (int i = 0; i < 50; ++i) {
            QByteArray block(1 << 20, '\0');
            QRandomGenerator::global()->fillRange(reinterpret_cast<quint32*>(block.data()),
                                                  block.size() / 4);
            QVERIFY(writeFile(hostPath(QString("data50/f%1").arg(i)), block));
        }
        CommandResult in = docker({"cp", hostPath("data50"), "cp-large:/tmp/"}, 120000);
        QVERIFY2(in.exitCode == 0, describe(in));
        CommandResult out = docker({"cp", "cp-large:/tmp/data50", hostPath("back50")}, 120000);
        QVERIFY2(out.exitCode == 0, describe(out));
        QCOMPARE(treeDigest(hostPath("back50")), treeDigest(hostPath("data50")));
    }
};

QTEST_GUILESS_MAIN(TestApiDockerCp)
#include "tst_api_docker_cp.moc"
