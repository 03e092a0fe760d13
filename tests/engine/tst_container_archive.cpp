// The pieces of docker cp below the API: container path rules, Docker's path stat, and
// the tar writer and extractor on a plain directory used as the container's root.

#include "container/path_stat.h"
#include "container/scoped_path.h"
#include "container/tar_extractor.h"
#include "container/tar_tree_writer.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <span>
#include <string>

using namespace berth;
using namespace berth::container;

namespace {

bool writeFile(const QString& path, const QByteArray& content) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

// A read function over bytes, returning them in pieces of at most 700 bytes, as a
// socket would.
image::ReadFunction readFrom(const std::string& bytes) {
    auto offset = std::make_shared<size_t>(0);
    return [&bytes, offset](std::span<char> buffer) -> Result<size_t> {
        size_t count = std::min({buffer.size(), bytes.size() - *offset, size_t(700)});
        std::copy_n(bytes.data() + *offset, count, buffer.data());
        *offset += count;
        return count;
    };
}

} // namespace

class TestContainerArchive : public QObject {
    Q_OBJECT

private slots:
    void cleanAbsolutePath_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("root") << "/"
                              << "/";
        QTest::newRow("relative") << "etc/passwd"
                                  << "/etc/passwd";
        QTest::newRow("dot and slashes") << "//a/./b//"
                                         << "/a/b";
        QTest::newRow("parent inside") << "/a/b/../c"
                                       << "/a/c";
        QTest::newRow("parent above root") << "/../../etc"
                                           << "/etc";
    }
    void cleanAbsolutePath() {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(container::cleanAbsolutePath(input.toStdString())),
                 expected);
    }

    void baseAndParentOfPaths() {
        QCOMPARE(baseName("/"), std::string("/"));
        QCOMPARE(baseName("/etc/passwd"), std::string("passwd"));
        QCOMPARE(parentPath("/etc/passwd"), std::string("/etc"));
        QCOMPARE(parentPath("/etc"), std::string("/"));
        QCOMPARE(parentPath("/"), std::string("/"));
    }

    // The docker CLI decodes these bits with Go's io/fs.FileMode.
    void goFileModeBits() {
        QCOMPARE(goFileMode(S_IFREG | 0644), uint32_t(0644));
        QCOMPARE(goFileMode(S_IFDIR | 0755), uint32_t(0x80000000u | 0755));
        QCOMPARE(goFileMode(S_IFLNK | 0777), uint32_t(0x08000000u | 0777));
        QCOMPARE(goFileMode(S_IFCHR | 0666), uint32_t(0x04000000u | 0x00200000u | 0666));
        QCOMPARE(goFileMode(S_IFREG | S_ISUID | 0755), uint32_t(0x00800000u | 0755));
        QCOMPARE(goFileMode(S_IFDIR | S_ISVTX | 0777), uint32_t(0x80000000u | 0x00100000u | 0777));
    }

    void pathStatHeaderIsBase64Json() {
        PathStat stat;
        stat.name = "passwd";
        stat.size = 12;
        stat.mode = 0644;
        stat.mtime = 0;
        QByteArray decoded =
            QByteArray::fromBase64(QByteArray::fromStdString(encodePathStatHeader(stat)));
        QCOMPARE(decoded,
                 QByteArray(R"({"linkTarget":"","mode":420,"mtime":)"
                            R"("1970-01-01T00:00:00.000000000Z","name":"passwd","size":12})"));
    }

    // Links that point at "/" or climb with ".." stay inside the root.
    void symlinksResolveInsideRoot() {
        QTemporaryDir root;
        QVERIFY(QDir(root.path()).mkpath("etc/sub"));
        QVERIFY(QFile::link("/", root.filePath("to-root")));
        QVERIFY(QFile::link("../../../../..", root.filePath("etc/sub/up")));
        QVERIFY(QFile::link("/etc/sub", root.filePath("abs")));
        UniqueFd rootFd(::open(QFile::encodeName(root.path()).constData(), O_PATH | O_DIRECTORY));
        QVERIFY(rootFd.valid());

        auto viaRoot = resolveInScope(rootFd.get(), "/to-root/etc", true);
        QVERIFY(viaRoot);
        QCOMPARE(*viaRoot, std::string("/etc"));
        auto viaUp = resolveInScope(rootFd.get(), "/etc/sub/up/etc", true);
        QVERIFY(viaUp);
        QCOMPARE(*viaUp, std::string("/etc"));
        auto notFollowed = resolveInScope(rootFd.get(), "/abs", false);
        QVERIFY(notFollowed);
        QCOMPARE(*notFollowed, std::string("/abs"));
        auto followed = resolveInScope(rootFd.get(), "/abs", true);
        QVERIFY(followed);
        QCOMPARE(*followed, std::string("/etc/sub"));

        auto opened = openInRoot(rootFd.get(), "/etc/sub/up/etc", O_PATH | O_DIRECTORY);
        QVERIFY(opened);
        struct stat inside {};
        struct stat expected {};
        QVERIFY(::fstat(opened->get(), &inside) == 0);
        QVERIFY(::stat(QFile::encodeName(root.filePath("etc")).constData(), &expected) == 0);
        QCOMPARE(inside.st_ino, expected.st_ino);
    }

    void treeRoundTripsThroughTar() {
        QTemporaryDir source;
        QVERIFY(QDir(source.path()).mkpath("data/sub"));
        QVERIFY(writeFile(source.filePath("data/a.txt"), "alpha"));
        QVERIFY(writeFile(source.filePath("data/sub/b.txt"), QByteArray(100000, 'b')));
        QVERIFY(QFile::link("a.txt", source.filePath("data/link")));
        QVERIFY(::link(QFile::encodeName(source.filePath("data/a.txt")).constData(),
                       QFile::encodeName(source.filePath("data/hard")).constData()) == 0);
        UniqueFd sourceFd(
            ::open(QFile::encodeName(source.path()).constData(), O_PATH | O_DIRECTORY));

        std::string tar;
        auto written = writeTarTree(sourceFd.get(), "/data", "copy", [&](std::string_view bytes) {
            tar.append(bytes);
            return Result<void>();
        });
        QVERIFY2(written, written ? "" : written.error().message.c_str());

        QTemporaryDir target;
        UniqueFd targetFd(
            ::open(QFile::encodeName(target.path()).constData(), O_PATH | O_DIRECTORY));
        auto extracted = extractTar(targetFd.get(), "/", {}, readFrom(tar));
        QVERIFY2(extracted, extracted ? "" : extracted.error().message.c_str());

        QCOMPARE(readFile(target.filePath("copy/a.txt")), QByteArray("alpha"));
        QCOMPARE(readFile(target.filePath("copy/sub/b.txt")), QByteArray(100000, 'b'));
        QCOMPARE(QFileInfo(target.filePath("copy/link")).symLinkTarget(),
                 target.filePath("copy/a.txt"));
        struct stat first {};
        struct stat second {};
        QVERIFY(::stat(QFile::encodeName(target.filePath("copy/a.txt")).constData(), &first) == 0);
        QVERIFY(::stat(QFile::encodeName(target.filePath("copy/hard")).constData(), &second) == 0);
        QCOMPARE(first.st_ino, second.st_ino);
    }

    void noOverwriteDirectoryWithFile() {
        QTemporaryDir source;
        QVERIFY(writeFile(source.filePath("name"), "file"));
        UniqueFd sourceFd(
            ::open(QFile::encodeName(source.path()).constData(), O_PATH | O_DIRECTORY));
        std::string tar;
        auto written = writeTarTree(sourceFd.get(), "/name", "name", [&](std::string_view bytes) {
            tar.append(bytes);
            return Result<void>();
        });
        QVERIFY(written);

        QTemporaryDir target;
        QVERIFY(QDir(target.path()).mkpath("name/inside"));
        UniqueFd targetFd(
            ::open(QFile::encodeName(target.path()).constData(), O_PATH | O_DIRECTORY));
        ExtractOptions options;
        options.noOverwriteDirNonDir = true;
        auto refused = extractTar(targetFd.get(), "/", options, readFrom(tar));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.find("cannot overwrite directory") != std::string::npos,
                 refused.error().message.c_str());
        QVERIFY(QFileInfo(target.filePath("name/inside")).isDir());

        auto replaced = extractTar(targetFd.get(), "/", {}, readFrom(tar));
        QVERIFY2(replaced, replaced ? "" : replaced.error().message.c_str());
        QCOMPARE(readFile(target.filePath("name")), QByteArray("file"));
    }
};

QTEST_GUILESS_MAIN(TestContainerArchive)
#include "tst_container_archive.moc"
