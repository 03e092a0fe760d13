// The image store as the daemon uses it. Imports in every compression, and safe extraction
// that leaves nothing behind on bad input. Overlay whiteouts, Docker's tag and removal
// rules, history, commits on top of a parent, and a store that reopens as it was.

#include "common/scope_guard.h"
#include "common/sha256.h"
#include "common/unique_fd.h"
#include "image/api_json.h"
#include "image/store.h"
#include "tst_image_tar.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace berth;
using namespace berth::image;
namespace stdfs = std::filesystem;

namespace {

using NoContainers = std::optional<std::string>;
const auto kNoContainer = [](const std::string&) { return NoContainers(); };

QString shell(const QString& command) {
    QProcess process;
    process.start("bash", {"-c", "set -euo pipefail; " + command});
    process.waitForFinished(120'000);
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        qWarning("command failed: %s\n%s", qPrintable(command),
                 process.readAllStandardError().constData());
        return {};
    }
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

void writeBytes(const QString& path, const std::string& bytes) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes.data(), qint64(bytes.size())), qint64(bytes.size()));
}

Result<Image> importFile(Store& store, const QString& path, ImportOptions options = {}) {
    UniqueFd fd(::open(path.toLocal8Bit().constData(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        return failSys("open test input");
    }
    return store.importTar(fd.get(), options);
}

Result<Image> importBytes(Store& store, const QTemporaryDir& work, const std::string& bytes,
                          ImportOptions options = {}) {
    QString path = work.filePath("input.tar");
    QFile file(path);
    file.open(QIODevice::WriteOnly | QIODevice::Truncate);
    file.write(bytes.data(), qint64(bytes.size()));
    file.close();
    return importFile(store, path, std::move(options));
}

Reference imageRef(const std::string& text) {
    return parseReference(text).value();
}

std::vector<std::string> entriesOf(const stdfs::path& dir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : stdfs::directory_iterator(dir, ec)) {
        names.push_back(entry.path().filename().string());
    }
    std::ranges::sort(names);
    return names;
}

// A store with no trace of any import: no layer, link, image, tag or staging dir.
bool storeIsEmpty(const stdfs::path& root) {
    bool empty = entriesOf(root / "layers").empty() && entriesOf(root / "l").empty() &&
                 entriesOf(root / "tmp").empty() && entriesOf(root / "images/retained").empty() &&
                 entriesOf(root / "images") == std::vector<std::string>{"retained"};
    QFile tags(QString::fromStdString((root / "repositories.json").string()));
    if (tags.open(QIODevice::ReadOnly)) {
        empty = empty && tags.readAll() == "{}";
    }
    return empty;
}

std::string layerPath(Store& store, const Image& image, size_t fromTop = 0) {
    auto dirs = store.layerDirs(image);
    return dirs ? stdfs::canonical(dirs->at(fromTop)).string() : std::string();
}

// Each image gets different content, so a different id.
std::string uniqueTar(int n) {
    return TarBuilder().file("n.txt", std::to_string(n)).bytes();
}

} // namespace

class TestImageStore : public QObject {
    Q_OBJECT

    QTemporaryDir inputs_;
    QString busyboxTar_;
    QString busyboxSha_;

private slots:
    void initTestCase() {
        QVERIFY(inputs_.isValid());
        busyboxTar_ = inputs_.filePath("busybox.tar");
        QString script = qEnvironmentVariable("BERTH_TEST_SUPPORT") + "/make-busybox-rootfs.sh";
        QVERIFY(!shell(QString("%1 %2 && echo ok").arg(script, busyboxTar_)).isEmpty());
        busyboxSha_ = shell("sha256sum " + busyboxTar_ + " | cut -d' ' -f1");
        QCOMPARE(busyboxSha_.size(), 64);
        QString tar = busyboxTar_;
        QVERIFY(!shell(QString("gzip -c %1 > %1.gz && bzip2 -c %1 > %1.bz2 && xz -c %1 > %1.xz "
                               "&& zstd -q -c %1 > %1.zst && echo ok")
                           .arg(tar))
                     .isEmpty());
    }

    void importsEveryCompression_data() {
        QTest::addColumn<QString>("suffix");
        QTest::newRow("plain tar") << "";
        QTest::newRow("gzip") << ".gz";
        QTest::newRow("bzip2") << ".bz2";
        QTest::newRow("xz") << ".xz";
        QTest::newRow("zstd") << ".zst";
    }
    void importsEveryCompression() {
        QFETCH(QString, suffix);
        QTemporaryDir root;
        auto store = Store::open(root.path().toStdString()).value();
        ImportOptions options;
        options.reference = imageRef("localhost/busybox");
        auto image = importFile(*store, busyboxTar_ + suffix, options);
        QVERIFY2(image.has_value(), image ? "" : image.error().message.c_str());

        QCOMPARE(image->config.diffIds.size(), size_t(1));
        QCOMPARE(QString::fromStdString(image->config.diffIds[0]), "sha256:" + busyboxSha_);
        QCOMPARE(image->repoTags, std::vector<std::string>{"localhost/busybox:latest"});
        QVERIFY(image->size > 500'000);

        stdfs::path layer = layerPath(*store, *image);
        struct stat st {};
        QCOMPARE(::lstat((layer / "bin/busybox").c_str(), &st), 0);
        QVERIFY(S_ISREG(st.st_mode));
        QCOMPARE(st.st_mode & 07777, mode_t(0755));
        QCOMPARE(::lstat((layer / "tmp").c_str(), &st), 0);
        QCOMPARE(st.st_mode & 07777, mode_t(01777));
        QCOMPARE(st.st_mtime, time_t(0));
        QCOMPARE(stdfs::read_symlink(layer / "bin/sh").string(), std::string("/bin/busybox"));
        QCOMPARE(shell(QString("cmp %1/bin/busybox %2 && echo same")
                           .arg(QString::fromStdString(layer.string()),
                                qEnvironmentVariable("BUSYBOX", "/bin/busybox"))),
                 QString("same"));
        QVERIFY(entriesOf(root.path().toStdString() + "/tmp").empty());
    }

    void unpackedBusyboxRuns() {
        QTemporaryDir root;
        auto store = Store::open(root.path().toStdString()).value();
        auto image = importFile(*store, busyboxTar_ + ".zst");
        QVERIFY2(image.has_value(), image ? "" : image.error().message.c_str());
        QString layer = QString::fromStdString(layerPath(*store, *image));
        // Symlinked applets, modes and /etc/passwd must all have survived the unpacking.
        QCOMPARE(shell("chroot " + layer + " /bin/sh -c 'id -un; ls /var/www'"),
                 QString("root\nindex.html"));
    }

    void importsGnuTarFeatures_data() {
        QTest::addColumn<QString>("format");
        QTest::newRow("gnu format") << "gnu";
        QTest::newRow("posix format") << "posix";
    }
    void importsGnuTarFeatures() {
        QFETCH(QString, format);
        QTemporaryDir tree;
        QTemporaryDir work;
        QString longName = QString("d/") + QString(60, 'x') + "/" + QString(60, 'y') + "/" +
                           QString(60, 'z') + ".txt";
        QString tar = work.filePath("features.tar");
        QVERIFY(!shell(QString("cd %1 && mkdir -p $(dirname %2) && echo long > %2 && "
                               "echo data > file && ln file hardlink && mkfifo fifo && "
                               "ln -s file link && truncate -s 10M sparse && "
                               "printf tail | dd of=sparse bs=1 seek=5000000 conv=notrunc "
                               "status=none && tar --format=%3 --sparse --numeric-owner -cf %4 . "
                               "&& echo ok")
                           .arg(tree.path(), longName, format, tar))
                     .isEmpty());

        QTemporaryDir root;
        auto store = Store::open(root.path().toStdString()).value();
        auto image = importFile(*store, tar);
        QVERIFY2(image.has_value(), image ? "" : image.error().message.c_str());
        stdfs::path layer = layerPath(*store, *image);

        QVERIFY(stdfs::is_regular_file(layer / longName.toStdString()));
        struct stat file {};
        struct stat link {};
        QCOMPARE(::lstat((layer / "file").c_str(), &file), 0);
        QCOMPARE(::lstat((layer / "hardlink").c_str(), &link), 0);
        QCOMPARE(link.st_ino, file.st_ino);
        QCOMPARE(::lstat((layer / "fifo").c_str(), &file), 0);
        QVERIFY(S_ISFIFO(file.st_mode));
        QCOMPARE(stdfs::read_symlink(layer / "link").string(), std::string("file"));
        QCOMPARE(stdfs::file_size(layer / "sparse"), uintmax_t(10 << 20));
        QCOMPARE(shell(QString("cmp %1/sparse %2/sparse && echo same")
                           .arg(QString::fromStdString(layer.string()), tree.path())),
                 QString("same"));
    }

    void importReadsFromFunction() {
        QTemporaryDir root;
        auto store = Store::open(root.path().toStdString()).value();
        QFile input(busyboxTar_ + ".gz");
        QVERIFY(input.open(QIODevice::ReadOnly));
        QByteArray bytes = input.readAll();
        // Odd chunk sizes, as an HTTP body arrives.
        qsizetype offset = 0;
        size_t call = 0;
        auto read = [&](std::span<char> buffer) -> Result<size_t> {
            size_t size = std::min({buffer.size(), size_t(1 + (call++ * 7919) % 70000),
                                    size_t(bytes.size() - offset)});
            std::memcpy(buffer.data(), bytes.constData() + offset, size);
            offset += qsizetype(size);
            return size;
        };
        auto image = store->importTar(read, {});
        QVERIFY2(image.has_value(), image ? "" : image.error().message.c_str());
        QCOMPARE(QString::fromStdString(image->config.diffIds.at(0)), "sha256:" + busyboxSha_);
        QVERIFY(call > 10);
    }

    void failingReadLeavesNothing() {
        QTemporaryDir root;
        auto store = Store::open(root.path().toStdString()).value();
        QFile input(busyboxTar_);
        QVERIFY(input.open(QIODevice::ReadOnly));
        auto read = [&](std::span<char> buffer) -> Result<size_t> {
            if (input.pos() > 1'000'000) {
                return fail(ErrorKind::System, "read request body: connection reset by peer");
            }
            return size_t(
                input.read(buffer.data(), qint64(std::min(buffer.size(), size_t(65536)))));
        };
        auto image = store->importTar(read, {});
        QVERIFY(!image.has_value());
        QVERIFY2(image.error().message.find("connection reset by peer") != std::string::npos,
                 image.error().message.c_str());
        QVERIFY(storeIsEmpty(root.path().toStdString()));
    }

    void importRecordsMessageAndChanges() {
        QTemporaryDir root;
        auto store = Store::open(root.path().toStdString()).value();
        ImportOptions options;
        options.message = "from a tarball";
        options.changes = {R"(CMD ["sh"])", "ENV A=b", "EXPOSE 80"};
        int64_t lastProgress = 0;
        options.progress = [&](int64_t consumed) { lastProgress = consumed; };
        auto image = importFile(*store, busyboxTar_, options);
        QVERIFY2(image.has_value(), image ? "" : image.error().message.c_str());
        QCOMPARE(lastProgress, int64_t(QFileInfo(busyboxTar_).size()));
        QCOMPARE(image->config.comment, std::string("from a tarball"));
        QCOMPARE(image->config.config.cmd, std::optional(std::vector<std::string>{"sh"}));
        QCOMPARE(image->config.config.env, std::vector<std::string>{"A=b"});
        QCOMPARE(image->config.history.size(), size_t(1));
        QCOMPARE(image->config.history[0].comment, std::string("from a tarball"));
        QVERIFY(image->config.history[0].createdBy.empty());
        QVERIFY(image->repoTags.empty());
    }

    void invalidChangeRejectsImport() {
        QTemporaryDir root;
        auto store = Store::open(root.path().toStdString()).value();
        ImportOptions options;
        options.changes = {"RUN rm -rf /"};
        auto image = importFile(*store, busyboxTar_, options);
        QVERIFY(!image.has_value());
        QCOMPARE(image.error().kind, ErrorKind::InvalidArgument);
        QVERIFY(storeIsEmpty(root.path().toStdString()));
    }

    void rejectsBadInput_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("message");

        QTest::newRow("not an archive")
            << QByteArray("hello, this is not a tar file at all\n").repeated(40)
            << "invalid tar header";
        QFile busybox(busyboxTar_);
        busybox.open(QIODevice::ReadOnly);
        QByteArray whole = busybox.readAll();
        QTest::newRow("truncated in file data") << whole.left(whole.size() / 2) << "runcated";
        for (const char* suffix : {".gz", ".xz", ".zst", ".bz2"}) {
            QFile compressed(busyboxTar_ + suffix);
            compressed.open(QIODevice::ReadOnly);
            QByteArray data = compressed.readAll();
            QTest::addRow("truncated %s", suffix) << data.left(data.size() / 2) << "runcated";
        }

        auto bytes = [](TarBuilder& builder) { return QByteArray::fromStdString(builder.bytes()); };
        TarBuilder dotDot;
        dotDot.file("ok.txt", "fine").file("a/../../escape.txt", "bad");
        QTest::newRow("entry with ..") << bytes(dotDot) << "tar entry \"a/../../escape.txt\"";
        TarBuilder absolute;
        absolute.file("/etc/evil.conf", "bad");
        QTest::newRow("absolute entry") << bytes(absolute) << "tar entry \"/etc/evil.conf\"";
        TarBuilder symlinkEscape;
        symlinkEscape.symlink("evil", "/etc").file("evil/passwd", "root::0:0::/:/bin/sh\n");
        QTest::newRow("write through symlink")
            << bytes(symlinkEscape) << "tar entry \"evil/passwd\"";
        TarBuilder relativeEscape;
        relativeEscape.directory("d").symlink("d/up", "../../..").file("d/up/x", "bad");
        QTest::newRow("write through relative symlink")
            << bytes(relativeEscape) << "tar entry \"d/up/x\"";
        TarBuilder hardlinkOut;
        hardlinkOut.hardlink("passwd", "../../../../etc/passwd");
        QTest::newRow("hard link outside") << bytes(hardlinkOut) << "tar entry \"passwd\"";
        TarBuilder hardlinkAbsolute;
        hardlinkAbsolute.hardlink("shadow", "/etc/shadow");
        QTest::newRow("hard link to absolute path") << bytes(hardlinkAbsolute) << "absolute path";
        TarBuilder hardlinkMissing;
        hardlinkMissing.hardlink("copy", "nowhere");
        QTest::newRow("hard link to missing entry")
            << bytes(hardlinkMissing) << "is not inside the layer";
        TarBuilder hardlinkViaSymlink;
        hardlinkViaSymlink.symlink("etc", "/etc").hardlink("passwd", "etc/passwd");
        QTest::newRow("hard link through symlink")
            << bytes(hardlinkViaSymlink) << "is not inside the layer";
    }
    void rejectsBadInput() {
        QFETCH(QByteArray, input);
        QFETCH(QString, message);
        QTemporaryDir root;
        QTemporaryDir work;
        auto store = Store::open(root.path().toStdString()).value();
        ImportOptions options;
        options.reference = imageRef("bad:input");
        auto image = importBytes(*store, work, input.toStdString(), options);
        QVERIFY(!image.has_value());
        QVERIFY2(QString::fromStdString(image.error().message).contains(message),
                 image.error().message.c_str());
        QVERIFY(storeIsEmpty(root.path().toStdString()));
        QVERIFY(store->list().empty());
        QVERIFY(!store->resolve("bad:input").has_value());
        QVERIFY(!QFile::exists("/etc/evil.conf"));
        QVERIFY(!QFile::exists(QDir::cleanPath(root.path() + "/../escape.txt")));
    }

    void notArchiveMessageIsClear() {
        QTemporaryDir root;
        QTemporaryDir work;
        auto store = Store::open(root.path().toStdString()).value();
        auto image = importBytes(*store, work, std::string(2048, 'x'));
        QVERIFY(!image.has_value());
        QCOMPARE(image.error().kind, ErrorKind::InvalidArgument);
        QCOMPARE(image.error().message,
                 std::string("import image: invalid tar header: the input is not a tar archive "
                             "(plain or compressed with gzip, bzip2, xz or zstd)"));
    }

    void emptyInputImportsEmptyLayer_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("no bytes at all") << QByteArray();
        QTest::newRow("only the end-of-archive blocks") << QByteArray(1024, '\0');
    }
    void emptyInputImportsEmptyLayer() {
        QFETCH(QByteArray, input);
        QTemporaryDir root;
        QTemporaryDir work;
        auto store = Store::open(root.path().toStdString()).value();
        auto image = importBytes(*store, work, input.toStdString());
        QVERIFY2(image.has_value(), image ? "" : image.error().message.c_str());
        QCOMPARE(image->size, int64_t(0));
        QCOMPARE(image->config.diffIds.at(0), "sha256:" + sha256Hex(input.toStdString()));
        QVERIFY(entriesOf(layerPath(*store, *image)).empty());
    }

    void foreignPlatformIsRejected() {
        QTemporaryDir root;
        auto store = Store::open(root.path().toStdString()).value();
        ImportOptions options;
        options.platformOs = "windows";
        auto image = importFile(*store, busyboxTar_, options);
        QVERIFY(!image.has_value());
        QCOMPARE(image.error().kind, ErrorKind::InvalidArgument);
        QVERIFY(storeIsEmpty(root.path().toStdString()));
    }

    void cancelledImportLeavesNothing() {
        QTemporaryDir root;
        auto store = Store::open(root.path().toStdString()).value();
        std::atomic<bool> cancelled{true};
        ImportOptions options;
        options.cancelled = &cancelled;
        auto image = importFile(*store, busyboxTar_, options);
        QVERIFY(!image.has_value());
        QCOMPARE(image.error().kind, ErrorKind::Cancelled);
        QVERIFY(storeIsEmpty(root.path().toStdString()));
    }

    void keepsMetadataOfEntries() {
        QTemporaryDir root;
        QTemporaryDir work;
        auto store = Store::open(root.path().toStdString()).value();
        TarBuilder tar;
        tar.directory("srv", {.mode = 0750, .uid = 33, .gid = 33, .mtime = 1'500'000'000})
            .file("srv/tool", "#!/bin/sh\n",
                  {.mode = 04755,
                   .uid = 1234,
                   .gid = 5678,
                   .mtime = 1'600'000'000,
                   .xattrs = {{"user.origin", "test"}}})
            .hardlink("srv/tool-link", "srv/tool")
            .symlink("srv/current", "tool")
            .device("dev/null", AE_IFCHR, 1, 3, {.mode = 0666})
            .device("run/fifo", AE_IFIFO, 0, 0, {.mode = 0620, .uid = 7});
        auto image = importBytes(*store, work, tar.bytes());
        QVERIFY2(image.has_value(), image ? "" : image.error().message.c_str());
        stdfs::path layer = layerPath(*store, *image);

        struct stat st {};
        QCOMPARE(::lstat((layer / "srv/tool").c_str(), &st), 0);
        QCOMPARE(st.st_mode & 07777, mode_t(04755));
        QCOMPARE(st.st_uid, uid_t(1234));
        QCOMPARE(st.st_gid, gid_t(5678));
        QCOMPARE(st.st_mtime, time_t(1'600'000'000));
        ino_t inode = st.st_ino;
        char value[16] = {};
        QCOMPARE(::lgetxattr((layer / "srv/tool").c_str(), "user.origin", value, sizeof value),
                 ssize_t(4));
        QCOMPARE(std::string(value), std::string("test"));

        QCOMPARE(::lstat((layer / "srv/tool-link").c_str(), &st), 0);
        QCOMPARE(st.st_ino, inode);
        QCOMPARE(stdfs::read_symlink(layer / "srv/current").string(), std::string("tool"));

        QCOMPARE(::lstat((layer / "srv").c_str(), &st), 0);
        QCOMPARE(st.st_mode & 07777, mode_t(0750));
        QCOMPARE(st.st_uid, uid_t(33));
        QCOMPARE(st.st_mtime, time_t(1'500'000'000));

        QCOMPARE(::lstat((layer / "dev/null").c_str(), &st), 0);
        QVERIFY(S_ISCHR(st.st_mode));
        QCOMPARE(st.st_rdev, makedev(1, 3));
        QCOMPARE(st.st_mode & 07777, mode_t(0666));
        QCOMPARE(::lstat((layer / "run/fifo").c_str(), &st), 0);
        QVERIFY(S_ISFIFO(st.st_mode));
        QCOMPARE(st.st_mode & 07777, mode_t(0620));
        QCOMPARE(st.st_uid, uid_t(7));
        // Parents missing from the archive are made with 0755.
        QCOMPARE(::lstat((layer / "run").c_str(), &st), 0);
        QCOMPARE(st.st_mode & 07777, mode_t(0755));
    }

    void laterEntryReplacesEarlier() {
        QTemporaryDir root;
        QTemporaryDir work;
        auto store = Store::open(root.path().toStdString()).value();
        TarBuilder tar;
        tar.directory("a")
            .file("a/inner", "x")
            .file("a", "now a file")
            .symlink("b", "/x")
            .file("b", "file over symlink");
        auto image = importBytes(*store, work, tar.bytes());
        QVERIFY2(image.has_value(), image ? "" : image.error().message.c_str());
        stdfs::path layer = layerPath(*store, *image);
        QVERIFY(stdfs::is_regular_file(stdfs::symlink_status(layer / "a")));
        QVERIFY(stdfs::is_regular_file(stdfs::symlink_status(layer / "b")));
    }

    void whiteoutsBecomeOverlayWhiteouts() {
        QTemporaryDir root;
        QTemporaryDir work;
        auto store = Store::open(root.path().toStdString()).value();
        TarBuilder tar;
        tar.directory("etc")
            .file("etc/.wh.motd", "")
            .directory("var/cache")
            .file("var/cache/.wh..wh..opq", "")
            .file("var/cache/new", "kept")
            .directory(".wh..wh.plnk")
            .file(".wh..wh.plnk/123.456", "aufs hard link store")
            .file(".wh..wh.aufs", "");
        auto image = importBytes(*store, work, tar.bytes());
        QVERIFY2(image.has_value(), image ? "" : image.error().message.c_str());
        stdfs::path layer = layerPath(*store, *image);

        struct stat st {};
        QCOMPARE(::lstat((layer / "etc/motd").c_str(), &st), 0);
        QVERIFY(S_ISCHR(st.st_mode));
        QCOMPARE(st.st_rdev, makedev(0, 0));
        QVERIFY(!stdfs::exists(stdfs::symlink_status(layer / "etc/.wh.motd")));
        char value[4] = {};
        QCOMPARE(::lgetxattr((layer / "var/cache").c_str(), "trusted.overlay.opaque", value,
                             sizeof value),
                 ssize_t(1));
        QCOMPARE(value[0], 'y');
        QVERIFY(!stdfs::exists(stdfs::symlink_status(layer / "var/cache/.wh..wh..opq")));
        QVERIFY(stdfs::is_regular_file(layer / "var/cache/new"));
        // aufs bookkeeping entries are neither files nor whiteouts.
        std::vector<std::string> top{"etc", "var"};
        QCOMPARE(entriesOf(layer), top);
    }

    void overlayXattrsFromArchiveAreDropped() {
        QTemporaryDir root;
        QTemporaryDir work;
        auto store = Store::open(root.path().toStdString()).value();
        TarBuilder tar;
        tar.directory("d", {.mode = 0755, .xattrs = {{"trusted.overlay.redirect", "/etc"}}});
        auto image = importBytes(*store, work, tar.bytes());
        QVERIFY2(image.has_value(), image ? "" : image.error().message.c_str());
        char value[16];
        QCOMPARE(::lgetxattr((layerPath(*store, *image) + "/d").c_str(), "trusted.overlay.redirect",
                             value, sizeof value),
                 ssize_t(-1));
    }

    void sameLayerIsSharedAndKeptUntilLastImage() {
        QTemporaryDir root;
        auto store = Store::open(root.path().toStdString()).value();
        ImportOptions first;
        first.reference = imageRef("one");
        first.changes = {"USER a"};
        ImportOptions second;
        second.reference = imageRef("two");
        second.changes = {"USER b"};
        auto a = importFile(*store, busyboxTar_, first);
        auto b = importFile(*store, busyboxTar_, second);
        QVERIFY(a.has_value() && b.has_value());
        QVERIFY(a->id != b->id);
        QCOMPARE(entriesOf(root.path().toStdString() + "/layers").size(), size_t(1));
        QCOMPARE(layerPath(*store, *a), layerPath(*store, *b));

        auto removed = store->remove("one", false, kNoContainer);
        QVERIFY(removed.has_value());
        QCOMPARE(entriesOf(root.path().toStdString() + "/layers").size(), size_t(1));
        removed = store->remove("two", false, kNoContainer);
        QVERIFY(removed.has_value());
        QVERIFY(storeIsEmpty(root.path().toStdString()));
    }

    void concurrentImportsShareOneLayer() {
        QTemporaryDir root;
        auto store = Store::open(root.path().toStdString()).value();
        std::vector<Result<Image>> results(4, fail(ErrorKind::System, "not run"));
        std::vector<std::thread> threads;
        for (size_t i = 0; i < results.size(); ++i) {
            threads.emplace_back([&, i] {
                ImportOptions options;
                options.reference = imageRef("same:" + std::to_string(i));
                options.changes = {"USER u" + std::to_string(i)};
                results[i] = importFile(*store, busyboxTar_, options);
            });
        }
        for (auto& thread : threads) {
            thread.join();
        }
        for (const auto& result : results) {
            QVERIFY2(result.has_value(), result ? "" : result.error().message.c_str());
        }
        QCOMPARE(store->list().size(), results.size());
        QCOMPARE(entriesOf(root.path().toStdString() + "/layers").size(), size_t(1));
        QCOMPARE(entriesOf(root.path().toStdString() + "/l").size(), size_t(1));
        QVERIFY(entriesOf(root.path().toStdString() + "/tmp").empty());
    }

    void resolveAcceptsEveryForm() {
        QTemporaryDir root;
        QTemporaryDir work;
        auto store = Store::open(root.path().toStdString()).value();
        ImportOptions options;
        options.reference = imageRef("localhost/app:v1");
        auto image = importBytes(*store, work, uniqueTar(0), options);
        QVERIFY(image.has_value());
        std::string hex = image->id.substr(7);
        for (const std::string& text : {std::string("localhost/app:v1"), image->id, hex,
                                        hex.substr(0, 12), "sha256:" + hex.substr(0, 5)}) {
            auto found = store->resolve(text);
            QVERIFY2(found.has_value(), text.c_str());
            QCOMPARE(found->id, image->id);
        }
        auto missing = store->resolve("localhost/app");
        QVERIFY(!missing.has_value());
        QCOMPARE(missing.error().kind, ErrorKind::NotFound);
        QCOMPARE(missing.error().message, std::string("No such image: localhost/app:latest"));
        auto missingId = store->resolve("sha256:" + std::string(64, '0'));
        QCOMPARE(missingId.error().message, "No such image: sha256:" + std::string(64, '0'));
    }

    void ambiguousPrefixIsAnError() {
        QTemporaryDir root;
        QTemporaryDir work;
        auto store = Store::open(root.path().toStdString()).value();
        // Seventeen ids cannot all start with different hex digits.
        std::map<char, int> byFirstDigit;
        for (int i = 0; i < 17; ++i) {
            auto image = importBytes(*store, work, uniqueTar(i));
            QVERIFY(image.has_value());
            ++byFirstDigit[image->id[7]];
        }
        auto shared = std::ranges::find_if(byFirstDigit, [](auto& e) { return e.second > 1; });
        QVERIFY(shared != byFirstDigit.end());
        auto found = store->resolve(std::string(1, shared->first));
        QVERIFY(!found.has_value());
        QCOMPARE(found.error().kind, ErrorKind::InvalidArgument);
        QVERIFY(found.error().message.find("ambiguous") != std::string::npos);
        QCOMPARE(store->list().size(), size_t(17));
    }

    void tagMovesNameToNewImage() {
        QTemporaryDir root;
        QTemporaryDir work;
        auto store = Store::open(root.path().toStdString()).value();
        ImportOptions options;
        options.reference = imageRef("app:v1");
        auto first = importBytes(*store, work, uniqueTar(1), options);
        options.reference = imageRef("app:v2");
        auto second = importBytes(*store, work, uniqueTar(2), options);
        QVERIFY(first.has_value() && second.has_value());

        QVERIFY(store->tag("app:v2", imageRef("app:latest")).has_value());
        QVERIFY(store->tag(first->id, imageRef("app:latest")).has_value());
        QCOMPARE(store->resolve("app").value().id, first->id);
        auto firstNow = store->resolve("app:v1").value();
        std::vector<std::string> expected{"app:latest", "app:v1"};
        QCOMPARE(firstNow.repoTags, expected);
        QVERIFY(firstNow.lastTagTime > 0);
        QCOMPARE(store->resolve("app:v2").value().repoTags, std::vector<std::string>{"app:v2"});

        auto missing = store->tag("nothere", imageRef("x"));
        QVERIFY(!missing.has_value());
        QCOMPARE(missing.error().message, std::string("No such image: nothere:latest"));
    }

    void removeOfSharedTagOnlyUntags() {
        QTemporaryDir root;
        QTemporaryDir work;
        auto store = Store::open(root.path().toStdString()).value();
        ImportOptions options;
        options.reference = imageRef("app:v1");
        auto image = importBytes(*store, work, uniqueTar(3), options);
        QVERIFY(image.has_value());
        QVERIFY(store->tag("app:v1", imageRef("other:v1")).has_value());

        auto removed = store->remove("app:v1", false, kNoContainer);
        QVERIFY(removed.has_value());
        QCOMPARE(removed->size(), size_t(1));
        QCOMPARE(removed->at(0).untagged, std::string("app:v1"));
        QVERIFY(removed->at(0).deleted.empty());
        QCOMPARE(store->resolve(image->id).value().repoTags, std::vector<std::string>{"other:v1"});

        removed = store->remove("other:v1", false, kNoContainer);
        QVERIFY(removed.has_value());
        QCOMPARE(removed->at(0).untagged, std::string("other:v1"));
        QCOMPARE(removed->at(1).deleted, image->id);
        QCOMPARE(removed->back().deleted, image->config.diffIds[0]);
        QVERIFY(storeIsEmpty(root.path().toStdString()));
    }

    void removeByIdWithTwoTagsNeedsForce() {
        QTemporaryDir root;
        QTemporaryDir work;
        auto store = Store::open(root.path().toStdString()).value();
        ImportOptions options;
        options.reference = imageRef("app:v1");
        auto image = importBytes(*store, work, uniqueTar(4), options);
        QVERIFY(image.has_value());
        QVERIFY(store->tag("app:v1", imageRef("app:v2")).has_value());

        std::string shortId = image->id.substr(7, 12);
        auto refused = store->remove(shortId, false, kNoContainer);
        QVERIFY(!refused.has_value());
        QCOMPARE(refused.error().kind, ErrorKind::Conflict);
        QCOMPARE(refused.error().message,
                 "conflict: unable to delete " + shortId +
                     " (must be forced) - image is referenced in multiple repositories");
        QCOMPARE(store->resolve(image->id).value().repoTags.size(), size_t(2));

        auto removed = store->remove(shortId, true, kNoContainer);
        QVERIFY(removed.has_value());
        QCOMPARE(removed->at(0).untagged, std::string("app:v1"));
        QCOMPARE(removed->at(1).untagged, std::string("app:v2"));
        QCOMPARE(removed->at(2).deleted, image->id);
        QVERIFY(storeIsEmpty(root.path().toStdString()));
    }

    // A digest reference resolves, survives a reopen, and goes with the last tag of its
    // repository. An id with a tag and digests of one repository needs no force.
    void digestReferencesFollowDockerRules() {
        QTemporaryDir root;
        QTemporaryDir work;
        stdfs::path rootPath = root.path().toStdString();
        auto store = Store::open(rootPath).value();
        ImportOptions options;
        options.reference = imageRef("localhost:5000/app:v1");
        auto image = importBytes(*store, work, uniqueTar(6), options);
        QVERIFY(image.has_value());
        std::string digest = "sha256:" + std::string(64, 'a');
        std::string pinned = "localhost:5000/app@" + digest;
        QVERIFY(store->addRepoDigest(imageRef(pinned), image->id).has_value());
        QCOMPARE(store->resolve(pinned).value().id, image->id);
        QCOMPARE(store->resolve("localhost:5000/app:v1@" + digest).value().id, image->id);
        QCOMPARE(store->resolve(image->id).value().repoDigests, std::vector<std::string>{pinned});
        auto unknown = store->resolve("localhost:5000/app@sha256:" + std::string(64, 'b'));
        QVERIFY(!unknown.has_value());
        QCOMPARE(unknown.error().kind, ErrorKind::NotFound);

        store.reset();
        store = Store::open(rootPath).value();
        QCOMPARE(store->resolve(image->id).value().repoDigests, std::vector<std::string>{pinned});

        // Removing the digest reference leaves the tag and the image.
        auto untagged = store->remove(pinned, false, kNoContainer);
        QVERIFY(untagged.has_value());
        QCOMPARE(untagged->size(), size_t(1));
        QCOMPARE(untagged->at(0).untagged, pinned);
        QCOMPARE(store->resolve("localhost:5000/app:v1").value().id, image->id);

        // Removing the last tag takes the repository's digest references and the image.
        QVERIFY(store->addRepoDigest(imageRef(pinned), image->id).has_value());
        auto removed = store->remove("localhost:5000/app:v1", false, kNoContainer);
        QVERIFY(removed.has_value());
        QCOMPARE(removed->at(0).untagged, std::string("localhost:5000/app:v1"));
        QCOMPARE(removed->at(1).untagged, pinned);
        QCOMPARE(removed->at(2).deleted, image->id);
        QVERIFY(!store->resolve(pinned).has_value());

        // By id, one tag plus digests of the same repository go without force.
        options.reference = imageRef("localhost:5000/app:v2");
        auto second = importBytes(*store, work, uniqueTar(7), options);
        QVERIFY(second.has_value());
        QVERIFY(store->addRepoDigest(imageRef(pinned), second->id).has_value());
        auto byId = store->remove(second->id, false, kNoContainer);
        QVERIFY2(byId.has_value(), byId ? "" : byId.error().message.c_str());
        QCOMPARE(byId->at(0).untagged, std::string("localhost:5000/app:v2"));
        QCOMPARE(byId->at(1).untagged, pinned);
        QCOMPARE(byId->at(2).deleted, second->id);
        QVERIFY(storeIsEmpty(rootPath));
    }

    void removeByIdWithOneTagUntagsAndDeletes() {
        QTemporaryDir root;
        QTemporaryDir work;
        auto store = Store::open(root.path().toStdString()).value();
        ImportOptions options;
        options.reference = imageRef("app:v1");
        auto image = importBytes(*store, work, uniqueTar(5), options);
        auto removed = store->remove(image->id, false, kNoContainer);
        QVERIFY(removed.has_value());
        QCOMPARE(removed->at(0).untagged, std::string("app:v1"));
        QCOMPARE(removed->at(1).deleted, image->id);
        QVERIFY(storeIsEmpty(root.path().toStdString()));
    }

    void removeOfImageInUseIsConflict() {
        QTemporaryDir root;
        QTemporaryDir work;
        auto store = Store::open(root.path().toStdString()).value();
        ImportOptions options;
        options.reference = imageRef("x");
        auto image = importBytes(*store, work, uniqueTar(6), options);
        QVERIFY(image.has_value());
        std::string container(64, 'c');
        auto used = [&](const std::string& id) {
            return id == image->id ? std::optional(container) : NoContainers();
        };

        auto refused = store->remove("x", false, used);
        QVERIFY(!refused.has_value());
        QCOMPARE(refused.error().kind, ErrorKind::Conflict);
        QCOMPARE(refused.error().message,
                 "conflict: unable to remove repository reference \"x\" (must force) - "
                 "container cccccccccccc is using its referenced image " +
                     image->id.substr(7, 12));
        QVERIFY(store->resolve("x").has_value());

        auto byId = store->remove(image->id, false, used);
        QVERIFY(!byId.has_value());
        QCOMPARE(byId.error().kind, ErrorKind::Conflict);

        // Forced: the image goes, but the container keeps its layers.
        auto forced = store->remove("x", true, used);
        QVERIFY(forced.has_value());
        QCOMPARE(forced->back().deleted, image->id);
        QVERIFY(store->list().empty());
        QVERIFY(!store->resolve("x").has_value());
        auto kept = store->resolve(image->id);
        QVERIFY(kept.has_value());
        QVERIFY(stdfs::exists(layerPath(*store, *kept)));

        // Once no container uses it, the next removal clears it.
        auto other = importBytes(*store, work, uniqueTar(7));
        QVERIFY(store->remove(other->id, false, kNoContainer).has_value());
        QVERIFY(!store->resolve(image->id).has_value());
        QVERIFY(storeIsEmpty(root.path().toStdString()));
    }

    void createFromDiffStacksLayerAndHistory() {
        QTemporaryDir root;
        QTemporaryDir work;
        auto store = Store::open(root.path().toStdString()).value();
        TarBuilder base;
        base.directory("etc").file("etc/motd", "hello\n").file("etc/keep", "kept\n");
        ImportOptions options;
        options.reference = imageRef("base:1");
        options.message = "base layer";
        auto parent = importBytes(*store, work, base.bytes(), options);
        QVERIFY(parent.has_value());

        TarBuilder diff;
        diff.directory("etc").file("etc/.wh.motd", "").file("etc/added", "new\n");
        QString diffPath = work.filePath("diff.tar");
        writeBytes(diffPath, diff.bytes());
        UniqueFd diffFd(::open(diffPath.toLocal8Bit().constData(), O_RDONLY | O_CLOEXEC));
        ImageConfig config;
        config.config = parent->config.config;
        config.config.cmd = std::vector<std::string>{"sh"};
        config.author = "Admin";
        config.comment = "Added a file";
        auto child = store->createFromDiff(parent->id, diffFd.get(), config, imageRef("child:v1"));
        QVERIFY2(child.has_value(), child ? "" : child.error().message.c_str());
        QCOMPARE(child->config.parent, parent->id);
        QCOMPARE(child->config.diffIds.size(), size_t(2));
        QCOMPARE(child->config.diffIds[0], parent->config.diffIds[0]);

        auto dirs = store->layerDirs(*child).value();
        QCOMPARE(dirs.size(), size_t(2));
        QVERIFY(qsizetype(dirs[0].string().size()) < root.path().size() + 16);
        QVERIFY(stdfs::exists(dirs[0] / "etc/added"));
        QVERIFY(stdfs::exists(dirs[1] / "etc/motd"));

        // What a container would see: overlayfs of both layers.
        QTemporaryDir mountPoint;
        std::string lower = dirs[0].string() + ":" + dirs[1].string();
        QCOMPARE(::mount("overlay", mountPoint.path().toLocal8Bit().constData(), "overlay",
                         MS_RDONLY, ("lowerdir=" + lower).c_str()),
                 0);
        ScopeGuard unmount([&] { ::umount2(mountPoint.path().toLocal8Bit().constData(), 0); });
        QVERIFY(!QFile::exists(mountPoint.filePath("etc/motd")));
        QVERIFY(QFile::exists(mountPoint.filePath("etc/keep")));
        QVERIFY(QFile::exists(mountPoint.filePath("etc/added")));

        auto history = store->history("child:v1");
        QVERIFY(history.has_value());
        QCOMPARE(history->size(), size_t(2));
        QCOMPARE(history->at(0).id, child->id);
        QCOMPARE(history->at(0).comment, std::string("Added a file"));
        QCOMPARE(history->at(0).tags, std::vector<std::string>{"child:v1"});
        QCOMPARE(history->at(1).id, parent->id);
        QCOMPARE(history->at(1).comment, std::string("base layer"));
        QCOMPARE(history->at(1).tags, std::vector<std::string>{"base:1"});
        QVERIFY(history->at(1).size > 0);

        auto refused = store->remove("base:1", false, kNoContainer);
        QVERIFY(refused.has_value());
        QCOMPARE(refused->size(), size_t(1));
        QVERIFY(store->resolve(parent->id).has_value());
        auto byId = store->remove(parent->id, true, kNoContainer);
        QVERIFY(!byId.has_value());
        QVERIFY(byId.error().message.find("image has dependent child images") != std::string::npos);

        // Removing the child prunes the untagged parent and every layer.
        auto removed = store->remove("child:v1", false, kNoContainer);
        QVERIFY(removed.has_value());
        QCOMPARE(removed->at(1).deleted, child->id);
        QCOMPARE(removed->at(2).deleted, parent->id);
        unmount.dismiss();
        QCOMPARE(::umount2(mountPoint.path().toLocal8Bit().constData(), 0), 0);
        QVERIFY(store->remove("child:v1", false, kNoContainer).has_value() == false);
    }

    void metadataOnlyStepAddsNoLayer() {
        QTemporaryDir root;
        QTemporaryDir work;
        auto store = Store::open(root.path().toStdString()).value();
        auto parent = importBytes(*store, work, uniqueTar(8));
        ImageConfig config;
        config.config.env = {"A=b"};
        auto child = store->createFromDiff(parent->id, -1, config, std::nullopt);
        QVERIFY(child.has_value());
        QCOMPARE(child->config.diffIds, parent->config.diffIds);
        QVERIFY(child->config.history.back().emptyLayer);
        auto history = store->history(child->id).value();
        QCOMPARE(history.at(0).size, int64_t(0));
    }

    void reopenSeesSameImagesAndDropsLeftovers() {
        QTemporaryDir root;
        QTemporaryDir work;
        stdfs::path rootPath = root.path().toStdString();
        Image image;
        {
            auto store = Store::open(rootPath).value();
            ImportOptions options;
            options.reference = imageRef("kept:1");
            image = importFile(*store, busyboxTar_, options).value();
            QVERIFY(store->tag("kept:1", imageRef("kept:2")).has_value());
        }
        // What a crash in the middle of an import leaves.
        stdfs::create_directories(rootPath / "tmp/layer-0123456789abcdef/diff/bin");
        stdfs::create_directory_symlink("../layers/dead/diff", rootPath / "l/DEADLINK00");
        std::ofstream(rootPath / "repositories.json.tmp4242") << "{";

        auto store = Store::open(rootPath).value();
        auto images = store->list();
        QCOMPARE(images.size(), size_t(1));
        QCOMPARE(images[0].id, image.id);
        std::vector<std::string> tags{"kept:1", "kept:2"};
        QCOMPARE(images[0].repoTags, tags);
        QCOMPARE(images[0].size, image.size);
        QCOMPARE(images[0].config.diffIds, image.config.diffIds);
        QVERIFY(entriesOf(rootPath / "tmp").empty());
        QCOMPARE(entriesOf(rootPath / "l").size(), size_t(1));
        QVERIFY(!stdfs::exists(rootPath / "repositories.json.tmp4242"));
        QVERIFY(stdfs::exists(layerPath(*store, images[0]) + "/bin/busybox"));
    }

    void apiJsonHasDockerShape() {
        QTemporaryDir root;
        auto store = Store::open(root.path().toStdString()).value();
        ImportOptions options;
        options.reference = imageRef("api:1");
        options.message = "imported";
        options.changes = {"LABEL a=b", "EXPOSE 80"};
        auto image = importFile(*store, busyboxTar_, options).value();

        auto summary = imageSummaryJson(image);
        QCOMPARE(summary["Id"].get<std::string>(), image.id);
        QVERIFY(summary["Created"].is_number_integer());
        QCOMPARE(summary["SharedSize"].get<int>(), -1);
        QCOMPARE(summary["Containers"].get<int>(), -1);
        QCOMPARE(summary["RepoTags"][0].get<std::string>(), std::string("api:1"));
        QVERIFY(summary["RepoDigests"].is_array());
        QCOMPARE(summary["Labels"]["a"].get<std::string>(), std::string("b"));

        auto inspect = imageInspectJson(image, store->layerDirs(image).value());
        QVERIFY(inspect["Created"].get<std::string>().ends_with("Z"));
        QCOMPARE(inspect["Comment"].get<std::string>(), std::string("imported"));
        QCOMPARE(inspect["GraphDriver"]["Name"].get<std::string>(), std::string("overlay2"));
        QCOMPARE(inspect["RootFS"]["Type"].get<std::string>(), std::string("layers"));
        QCOMPARE(inspect["RootFS"]["Layers"][0].get<std::string>(), image.config.diffIds[0]);
        QVERIFY(inspect["Config"]["ExposedPorts"].contains("80/tcp"));
        QVERIFY(inspect["Config"]["Env"].is_null());
        QVERIFY(inspect["Metadata"]["LastTagTime"].get<std::string>() != "0001-01-01T00:00:00Z");
        QCOMPARE(inspect["Os"].get<std::string>(), std::string("linux"));

        auto history = historyJson(store->history("api:1").value());
        QCOMPARE(history.size(), size_t(1));
        QCOMPARE(history[0]["Id"].get<std::string>(), image.id);
        QCOMPARE(history[0]["CreatedBy"].get<std::string>(), std::string());
        QCOMPARE(history[0]["Comment"].get<std::string>(), std::string("imported"));
        QVERIFY(history[0]["Size"].get<int64_t>() > 0);
    }
};

QTEST_GUILESS_MAIN(TestImageStore)
#include "tst_image_store.moc"
