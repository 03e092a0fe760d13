// The Debian package in a clean Debian 12 root: builds berth_<version>_amd64.deb with cpack
// from this build tree and checks it with lintian, makes a minbase root with debootstrap,
// installs the package there with apt (which fetches its dependencies from the mirror apt
// on this machine uses), and checks that the files land, that the berth group exists, that
// every shared library resolves, that berth.socket was enabled and that berthd --version
// runs. Needs root, debootstrap and the mirror; it skips itself otherwise. The root and its
// /proc mount are removed at the end, also when a check fails.

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace {

constexpr int kDebootstrapMs = 15 * 60 * 1000;
constexpr int kAptMs = 15 * 60 * 1000;
constexpr int kCommandMs = 60 * 1000;

struct Outcome {
    int exitCode = -1;
    QByteArray output;
};

Outcome runCommand(const QString& program, const QStringList& arguments, int timeoutMs,
                   const QString& workingDir = {}) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    if (!workingDir.isEmpty()) {
        process.setWorkingDirectory(workingDir);
    }
    process.start(program, arguments);
    Outcome outcome;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        outcome.output = "timed out after " + QByteArray::number(timeoutMs / 1000) + " s\n";
    }
    outcome.output += process.readAll();
    if (process.exitStatus() == QProcess::NormalExit) {
        outcome.exitCode = process.exitCode();
    }
    return outcome;
}

// The last lines of a command's output, for the message of a failed check.
QByteArray tail(const QByteArray& output) {
    const QList<QByteArray> lines = output.split('\n');
    return lines.mid(qMax(0, lines.size() - 30)).join('\n');
}

// The mirror in this machine's apt sources, as make-debian-rootfs.sh finds it.
QString aptMirror() {
    QFile sources(QStringLiteral("/etc/apt/sources.list.d/debian.sources"));
    if (sources.open(QIODevice::ReadOnly)) {
        const QRegularExpression uris(QStringLiteral("^URIs:\\s*(\\S+)"),
                                      QRegularExpression::MultilineOption);
        const auto match = uris.match(QString::fromUtf8(sources.readAll()));
        if (match.hasMatch()) {
            return match.captured(1);
        }
    }
    QFile list(QStringLiteral("/etc/apt/sources.list"));
    if (list.open(QIODevice::ReadOnly)) {
        const QRegularExpression deb(QStringLiteral("^deb\\s+(\\S+)\\s+bookworm"),
                                     QRegularExpression::MultilineOption);
        const auto match = deb.match(QString::fromUtf8(list.readAll()));
        if (match.hasMatch()) {
            return match.captured(1);
        }
    }
    return {};
}

} // namespace

class PackageInstallTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void packageBuilds();
    void lintianFindsNoErrors();
    void packageInstallsInCleanRoot();
    void filesLand_data();
    void filesLand();
    void berthGroupCreated();
    void librariesResolve();
    void berthdVersionRuns();
    void serviceStartsInstalledBerthd();
    void socketEnabledByHelper();

private:
    [[nodiscard]] Outcome inRoot(const QStringList& command, int timeoutMs = kCommandMs) const;
    [[nodiscard]] QString rootPath(const QString& path) const { return root_ + path; }

    std::unique_ptr<QTemporaryDir> dir_;
    QString root_;
    QString deb_;
    QString mirror_;
    bool procMounted_ = false;
    bool installed_ = false;
};

void PackageInstallTest::initTestCase() {
    if (::geteuid() != 0) {
        QSKIP("debootstrap and chroot need root");
    }
    if (QStandardPaths::findExecutable(QStringLiteral("debootstrap")).isEmpty() ||
        QStandardPaths::findExecutable(QStringLiteral("cpack")).isEmpty()) {
        QSKIP("debootstrap or cpack is not installed (packaging/setup.sh deps installs them)");
    }
    mirror_ = aptMirror();
    if (mirror_.isEmpty()) {
        QSKIP("no Debian mirror in this machine's apt sources");
    }
    dir_ = std::make_unique<QTemporaryDir>(QStringLiteral("/var/tmp/berth-deb-XXXXXX"));
    QVERIFY(dir_->isValid());
    root_ = dir_->filePath(QStringLiteral("root"));
    // lintian, cpack and debootstrap leave temporary files behind; keep them in dir_.
    const QString scratch = dir_->filePath(QStringLiteral("tmp"));
    QVERIFY(QDir().mkpath(scratch));
    qputenv("TMPDIR", QFile::encodeName(scratch));
}

void PackageInstallTest::cleanupTestCase() {
    if (procMounted_ &&
        ::umount2(QFile::encodeName(rootPath("/proc")).constData(), MNT_DETACH) != 0) {
        // Removing the root recursively would walk into the mounted /proc.
        dir_->setAutoRemove(false);
        QFAIL(qPrintable(
            QStringLiteral("unmount %1: %2; the root stays at %3")
                .arg(rootPath("/proc"), QString::fromLocal8Bit(strerror(errno)), root_)));
    }
    procMounted_ = false;
    dir_.reset();
}

Outcome PackageInstallTest::inRoot(const QStringList& command, int timeoutMs) const {
    return runCommand(QStringLiteral("chroot"), QStringList{root_} + command, timeoutMs);
}

void PackageInstallTest::packageBuilds() {
    const QString buildDir = QStringLiteral(BERTH_BUILD_DIR);
    const QString outputDir = dir_->filePath(QStringLiteral("deb"));
    const Outcome built =
        runCommand(QStringLiteral("cpack"),
                   {QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("-B"), outputDir},
                   kCommandMs * 10, buildDir);
    QVERIFY2(built.exitCode == 0, tail(built.output).constData());
    deb_ = outputDir + QStringLiteral("/berth_%1_amd64.deb").arg(QStringLiteral(BERTH_VERSION));
    QVERIFY2(QFile::exists(deb_), tail(built.output).constData());

    const Outcome fields =
        runCommand(QStringLiteral("dpkg-deb"),
                   {QStringLiteral("--field"), deb_, QStringLiteral("Depends")}, kCommandMs);
    QCOMPARE(fields.exitCode, 0);
    // dpkg-shlibdeps wrote the library packages; adduser is named by hand.
    QVERIFY2(fields.output.contains("libqt6widgets6"), fields.output.constData());
    QVERIFY2(fields.output.contains("libc6"), fields.output.constData());
    QVERIFY2(fields.output.contains("adduser"), fields.output.constData());
}

void PackageInstallTest::lintianFindsNoErrors() {
    QVERIFY(!deb_.isEmpty());
    if (QStandardPaths::findExecutable(QStringLiteral("lintian")).isEmpty()) {
        QSKIP("lintian is not installed (packaging/setup.sh deps installs it)");
    }
    const Outcome checked =
        runCommand(QStringLiteral("lintian"),
                   {QStringLiteral("--fail-on"), QStringLiteral("error"), deb_}, kCommandMs * 5);
    QVERIFY2(checked.exitCode == 0, checked.output.constData());
}

void PackageInstallTest::packageInstallsInCleanRoot() {
    QVERIFY(!deb_.isEmpty());
    const Outcome bootstrapped = runCommand(
        QStringLiteral("debootstrap"),
        {QStringLiteral("--variant=minbase"), QStringLiteral("bookworm"), root_, mirror_},
        kDebootstrapMs);
    QVERIFY2(bootstrapped.exitCode == 0, tail(bootstrapped.output).constData());

    QVERIFY(QDir().mkpath(rootPath("/proc")));
    QCOMPARE(::mount("proc", QFile::encodeName(rootPath("/proc")).constData(), "proc",
                     MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr),
             0);
    procMounted_ = true;
    // No service may start inside the root (policy-rc.d, as Debian's build chroots do).
    QFile policy(rootPath("/usr/sbin/policy-rc.d"));
    QVERIFY(policy.open(QIODevice::WriteOnly));
    policy.write("#!/bin/sh\nexit 101\n");
    policy.close();
    QVERIFY(policy.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                  QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                  QFileDevice::ExeOther));
    QVERIFY(QFile::copy(deb_, rootPath("/tmp/berth.deb")));

    const Outcome update = inRoot({QStringLiteral("apt-get"), QStringLiteral("update")}, kAptMs);
    QVERIFY2(update.exitCode == 0, tail(update.output).constData());
    const Outcome install =
        inRoot({QStringLiteral("env"), QStringLiteral("DEBIAN_FRONTEND=noninteractive"),
                QStringLiteral("apt-get"), QStringLiteral("install"), QStringLiteral("-y"),
                QStringLiteral("--no-install-recommends"), QStringLiteral("/tmp/berth.deb")},
               kAptMs);
    QVERIFY2(install.exitCode == 0, tail(install.output).constData());
    installed_ = true;
}

void PackageInstallTest::filesLand_data() {
    QTest::addColumn<QString>("path");
    const QStringList paths = {
        QStringLiteral("/usr/bin/berthd"),
        QStringLiteral("/usr/bin/berth-studio"),
        QStringLiteral("/usr/libexec/berth/berth-shim"),
        QStringLiteral("/usr/libexec/berth/berth-exec"),
        QStringLiteral("/usr/libexec/berth/berth-shim-setup.so"),
        QStringLiteral("/usr/libexec/berth/berth-init"),
        QStringLiteral("/lib/systemd/system/berth.socket"),
        QStringLiteral("/lib/systemd/system/berth.service"),
        QStringLiteral("/usr/share/applications/berth-studio.desktop"),
        QStringLiteral("/usr/share/metainfo/berth-studio.metainfo.xml"),
        QStringLiteral("/usr/share/icons/hicolor/scalable/apps/berth-studio.svg"),
        QStringLiteral("/usr/share/icons/hicolor/16x16/apps/berth-studio.png"),
        QStringLiteral("/usr/share/icons/hicolor/48x48/apps/berth-studio.png"),
        QStringLiteral("/usr/share/icons/hicolor/256x256/apps/berth-studio.png"),
        QStringLiteral("/usr/share/man/man8/berthd.8.gz"),
        QStringLiteral("/usr/share/man/man1/berth-studio.1.gz"),
        QStringLiteral("/usr/share/bash-completion/completions/berthd"),
        QStringLiteral("/usr/share/doc/berth/copyright"),
        QStringLiteral("/usr/share/doc/berth/LICENSE"),
    };
    for (const QString& path : paths) {
        QTest::newRow(qPrintable(path)) << path;
    }
}

void PackageInstallTest::filesLand() {
    QFETCH(QString, path);
    QVERIFY2(installed_, "the package was not installed");
    QVERIFY2(QFileInfo::exists(rootPath(path)), qPrintable(path + " is missing"));
}

void PackageInstallTest::berthGroupCreated() {
    QVERIFY2(installed_, "the package was not installed");
    const Outcome group =
        inRoot({QStringLiteral("getent"), QStringLiteral("group"), QStringLiteral("berth")});
    QVERIFY2(group.exitCode == 0, group.output.constData());
    QVERIFY(group.output.startsWith("berth:"));
}

// Depends came from dpkg-shlibdeps: with it right, apt brought every library the programs
// link. berth-exec and berth-init are static, so ldd has nothing to resolve for them.
void PackageInstallTest::librariesResolve() {
    QVERIFY2(installed_, "the package was not installed");
    for (const QString& program :
         {QStringLiteral("/usr/bin/berthd"), QStringLiteral("/usr/bin/berth-studio"),
          QStringLiteral("/usr/libexec/berth/berth-shim")}) {
        const Outcome linked = inRoot({QStringLiteral("ldd"), program});
        QVERIFY2(linked.exitCode == 0, linked.output.constData());
        QVERIFY2(!linked.output.contains("not found"),
                 qPrintable(program + ":\n" + QString::fromUtf8(linked.output)));
    }
}

void PackageInstallTest::berthdVersionRuns() {
    QVERIFY2(installed_, "the package was not installed");
    const Outcome version = inRoot({QStringLiteral("berthd"), QStringLiteral("--version")});
    QVERIFY2(version.exitCode == 0, version.output.constData());
    QCOMPARE(version.output.trimmed(), QByteArray("berthd version ") + QByteArray(BERTH_VERSION));
}

void PackageInstallTest::serviceStartsInstalledBerthd() {
    QVERIFY2(installed_, "the package was not installed");
    QFile unit(rootPath("/lib/systemd/system/berth.service"));
    QVERIFY(unit.open(QIODevice::ReadOnly));
    const QByteArray text = unit.readAll();
    QVERIFY2(text.contains("ExecStart=/usr/bin/berthd -H fd://"), text.constData());
    QFile socket(rootPath("/lib/systemd/system/berth.socket"));
    QVERIFY(socket.open(QIODevice::ReadOnly));
    const QByteArray socketText = socket.readAll();
    QVERIFY(socketText.contains("ListenStream=/run/berth/berth.sock"));
    QVERIFY(socketText.contains("SocketGroup=berth"));
    QVERIFY(socketText.contains("SocketMode=0660"));
}

// postinst enabled berth.socket through deb-systemd-helper, which works without a running
// systemd: the symlink of its WantedBy= target and the helper's state file are there.
void PackageInstallTest::socketEnabledByHelper() {
    QVERIFY2(installed_, "the package was not installed");
    const Outcome link =
        inRoot({QStringLiteral("readlink"),
                QStringLiteral("/etc/systemd/system/sockets.target.wants/berth.socket")});
    QVERIFY2(link.exitCode == 0, link.output.constData());
    QCOMPARE(link.output.trimmed(), QByteArray("/lib/systemd/system/berth.socket"));
    // The helper records what it enabled, so that a purge can remove exactly that.
    QVERIFY(QFileInfo::exists(
        rootPath("/var/lib/systemd/deb-systemd-helper-enabled/berth.socket.dsh-also")));
}

QTEST_GUILESS_MAIN(PackageInstallTest)
#include "tst_package_install_debian.moc"
