// An import streams: the daemon's memory must not grow with the size of the archive, or a
// large base image would exhaust it. The archive comes through a pipe, as from
// `docker import -`, so nothing can seek or map it.

#include "common/unique_fd.h"
#include "image/store.h"

#include <QTemporaryDir>
#include <QTest>

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <thread>

using namespace berth;
using namespace berth::image;

namespace {

constexpr int64_t kMiB = 1 << 20;

// Writes a tar of fileCount files of fileSize bytes each to fd, then closes it.
void writeGeneratedTar(UniqueFd fd, int fileCount, int64_t fileSize) {
    archive* writer = archive_write_new();
    archive_write_set_format_pax_restricted(writer);
    archive_write_open_fd(writer, fd.get());
    std::vector<char> chunk(kMiB);
    for (int i = 0; i < fileCount; ++i) {
        archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, ("data/file" + std::to_string(i)).c_str());
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_perm(entry, 0644);
        archive_entry_set_size(entry, fileSize);
        archive_write_header(writer, entry);
        archive_entry_free(entry);
        for (int64_t written = 0; written < fileSize; written += kMiB) {
            std::fill(chunk.begin(), chunk.end(), char('a' + (written / kMiB + i) % 26));
            if (archive_write_data(writer, chunk.data(), chunk.size()) < 0) {
                break;
            }
        }
    }
    archive_write_close(writer);
    archive_write_free(writer);
}

// Peak resident set size of this process in KiB, since the last reset.
int64_t peakRssKiB() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with("VmHWM:")) {
            return std::stoll(line.substr(6));
        }
    }
    return -1;
}

void resetPeakRss() {
    std::ofstream("/proc/self/clear_refs") << "5";
}

// Imports a generated archive through a pipe and returns the peak RSS growth in KiB.
int64_t importGenerated(Store& store, int fileCount, int64_t fileSize, int64_t& imageSize) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        return -1;
    }
    UniqueFd readEnd(fds[0]);
    std::thread writer(writeGeneratedTar, UniqueFd(fds[1]), fileCount, fileSize);
    resetPeakRss();
    int64_t before = peakRssKiB();
    auto image = store.importTar(readEnd.get(), {});
    int64_t peak = peakRssKiB();
    readEnd.reset();
    writer.join();
    if (!image) {
        qWarning("import failed: %s", image.error().message.c_str());
        return -1;
    }
    imageSize = image->size;
    auto removed = store.remove(image->id, true,
                                [](const std::string&) { return std::optional<std::string>(); });
    return removed ? peak - before : -1;
}

} // namespace

class TestImageImportMemory : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { std::signal(SIGPIPE, SIG_IGN); }

    void memoryStaysFlatWithArchiveSize() {
        QTemporaryDir root;
        auto store = Store::open(root.path().toStdString()).value();

        // A first import warms up allocator arenas and the hashing thread's stack.
        int64_t size = 0;
        QVERIFY(importGenerated(*store, 2, 16 * kMiB, size) >= 0);

        int64_t smallGrowth = importGenerated(*store, 2, 16 * kMiB, size);
        QVERIFY(smallGrowth >= 0);
        QCOMPARE(size, 32 * kMiB);
        int64_t largeGrowth = importGenerated(*store, 16, 48 * kMiB, size);
        QVERIFY(largeGrowth >= 0);
        QCOMPARE(size, 768 * kMiB);
        qInfo("peak RSS growth: %lld KiB for 32 MiB, %lld KiB for 768 MiB",
              static_cast<long long>(smallGrowth), static_cast<long long>(largeGrowth));
        // 24 times the data may cost at most 4 MiB more: buffers, not data.
        QVERIFY2(largeGrowth <= smallGrowth + 4096,
                 qPrintable(QString("grew %1 KiB").arg(largeGrowth)));
    }
};

QTEST_GUILESS_MAIN(TestImageImportMemory)
#include "tst_image_import_memory.moc"
