// A layer's tar written again from the store (for docker save and push) must be the
// imported tar byte for byte, since its sha256 is the diff id the image config lists.

#include "common/sha256.h"
#include "common/unique_fd.h"
#include "image/store.h"
#include "tst_image_tar.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>

#include <filesystem>

using namespace berth;
using namespace berth::image;
namespace stdfs = std::filesystem;

namespace {

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

std::string readAll(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    QByteArray bytes = file.readAll();
    return std::string(bytes.constData(), size_t(bytes.size()));
}

Result<Image> importFile(Store& store, const QString& path) {
    UniqueFd fd(::open(path.toLocal8Bit().constData(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        return failSys("open test input");
    }
    return store.importTar(fd.get(), {});
}

Result<std::string> layerTar(const Store& store, const std::string& diffId) {
    std::string out;
    auto written = store.writeLayerTar(diffId, [&out](std::string_view bytes) -> Result<void> {
        out.append(bytes);
        return {};
    });
    if (!written) {
        return std::unexpected(written.error());
    }
    if (*written != int64_t(out.size())) {
        return fail(ErrorKind::System, "writeLayerTar returned a wrong size");
    }
    return out;
}

} // namespace

class TestImageLayerTar : public QObject {
    Q_OBJECT

    QTemporaryDir work_;

private slots:
    void initTestCase() { QVERIFY(work_.isValid()); }

    void rewrittenTarIsIdentical_data() {
        QTest::addColumn<QString>("kind");
        QTest::newRow("busybox rootfs") << "busybox";
        QTest::newRow("GNU tar, gnu format: long names, links, sparse file") << "gnu";
        QTest::newRow("GNU tar, posix format: pax headers") << "posix";
        QTest::newRow("libarchive: whiteouts, empty files, hard link") << "builder";
        QTest::newRow("gzip-compressed input") << "gzip";
        QTest::newRow("zeros after the end-of-archive marker") << "padded";
    }

    // Import, then write the layer again: the bytes equal the uncompressed input.
    void rewrittenTarIsIdentical() {
        QFETCH(QString, kind);
        QTemporaryDir tree;
        QString tar = work_.filePath(kind + ".tar");
        QString input = tar;
        if (kind == "busybox") {
            QString script = qEnvironmentVariable("BERTH_TEST_SUPPORT") + "/make-busybox-rootfs.sh";
            QVERIFY(!shell(QString("%1 %2 && echo ok").arg(script, tar)).isEmpty());
        } else if (kind == "gnu" || kind == "posix" || kind == "gzip") {
            QString format = kind == "gzip" ? "posix" : kind;
            QString longName = "d/" + QString(80, 'x') + "/" + QString(80, 'y') + ".txt";
            QVERIFY(!shell(QString("cd %1 && mkdir -p $(dirname %2) && echo long > %2 && "
                                   "echo data > file && ln file hardlink && ln -s file link && "
                                   "truncate -s 3M sparse && printf tail | dd of=sparse bs=1 "
                                   "seek=2000000 conv=notrunc status=none && : > empty && "
                                   "tar --format=%3 --sparse --numeric-owner -cf %4 . && echo ok")
                               .arg(tree.path(), longName, format, tar))
                         .isEmpty());
            if (kind == "gzip") {
                input = tar + ".gz";
                QVERIFY(!shell(QString("gzip -c %1 > %2 && echo ok").arg(tar, input)).isEmpty());
            }
        } else if (kind == "builder" || kind == "padded") {
            std::string bytes = TarBuilder()
                                    .directory("etc")
                                    .file("etc/config", "value\n")
                                    .file("etc/empty", "")
                                    .file(".wh.removed", "")
                                    .directory("opaque")
                                    .file("opaque/.wh..wh..opq", "")
                                    .hardlink("etc/config-link", "etc/config")
                                    .file(std::string(150, 'n'), "long name\n")
                                    .bytes();
            if (kind == "padded") {
                bytes += std::string(10240, '\0');
            }
            QFile file(tar);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QCOMPARE(file.write(bytes.data(), qint64(bytes.size())), qint64(bytes.size()));
        }
        std::string original = readAll(tar);
        QVERIFY(!original.empty());

        QTemporaryDir root;
        auto store = Store::open(root.path().toStdString()).value();
        auto image = importFile(*store, input);
        QVERIFY2(image.has_value(), image ? "" : image.error().message.c_str());
        const std::string& diffId = image->config.diffIds.at(0);
        QCOMPARE(diffId, digestOf(sha256Hex(original)));

        auto size = store->layerTarSize(diffId);
        QVERIFY2(size.has_value(), size ? "" : size.error().message.c_str());
        QCOMPARE(*size, int64_t(original.size()));
        auto rewritten = layerTar(*store, diffId);
        QVERIFY2(rewritten.has_value(), rewritten ? "" : rewritten.error().message.c_str());
        QCOMPARE(rewritten->size(), original.size());
        QVERIFY(*rewritten == original);

        // The record keeps headers only: file data is read back from the unpacked layer.
        if (kind == "busybox") {
            stdfs::path record =
                stdfs::path(root.path().toStdString()) / "layers" / diffId.substr(7) / "tar-split";
            QVERIFY(stdfs::file_size(record) < original.size() / 4);
        }
    }

    // A tar that contains data for one path twice cannot be rebuilt from the directory: the
    // import works, and save names the problem instead of writing a wrong tar.
    void duplicatePathCannotBeRewritten() {
        std::string bytes =
            TarBuilder().file("twice.txt", "first\n").file("twice.txt", "second\n").bytes();
        QString tar = work_.filePath("twice.tar");
        QFile file(tar);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(bytes.data(), qint64(bytes.size())), qint64(bytes.size()));
        file.close();

        QTemporaryDir root;
        auto store = Store::open(root.path().toStdString()).value();
        auto image = importFile(*store, tar);
        QVERIFY2(image.has_value(), image ? "" : image.error().message.c_str());
        auto rewritten = layerTar(*store, image->config.diffIds.at(0));
        QVERIFY(!rewritten.has_value());
        QCOMPARE(rewritten.error().kind, ErrorKind::Unsupported);
        QVERIFY2(rewritten.error().message.find("no record of its original tar") !=
                     std::string::npos,
                 rewritten.error().message.c_str());
    }

    // A layer file changed on disk after import is detected by the digest check.
    void changedLayerFileIsDetected() {
        std::string bytes = TarBuilder().file("data.txt", "original\n").bytes();
        QString tar = work_.filePath("changed.tar");
        QFile file(tar);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(bytes.data(), qint64(bytes.size())), qint64(bytes.size()));
        file.close();

        QTemporaryDir root;
        auto store = Store::open(root.path().toStdString()).value();
        auto image = importFile(*store, tar);
        QVERIFY(image.has_value());
        const std::string& diffId = image->config.diffIds.at(0);
        QFile data(QString::fromStdString((stdfs::path(root.path().toStdString()) / "layers" /
                                           diffId.substr(7) / "diff" / "data.txt")
                                              .string()));
        QVERIFY(data.open(QIODevice::WriteOnly));
        QCOMPARE(data.write("ORIGINAL\n"), qint64(9));
        data.close();
        auto rewritten = layerTar(*store, diffId);
        QVERIFY(!rewritten.has_value());
        QVERIFY2(rewritten.error().message.find("changed") != std::string::npos,
                 rewritten.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestImageLayerTar)
#include "tst_image_layer_tar.moc"
