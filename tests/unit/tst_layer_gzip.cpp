// The gzip blob docker push uploads: whatever the tar holds, gunzip gives it back byte for
// byte, the digest and size describe the file written, and the same tar gives the same blob
// however it arrives in chunks. Blocks of random bytes are stored, text is compressed.

#include "common/sha256.h"
#include "image/layer_gzip.h"

#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>
#include <zlib.h>

#include <random>
#include <string>
#include <vector>

using namespace berth;
using namespace berth::image;

Q_DECLARE_METATYPE(std::string)
Q_DECLARE_METATYPE(std::vector<size_t>)

namespace {

std::string randomBytes(size_t size, uint64_t seed) {
    std::mt19937_64 generator(seed);
    std::string bytes(size, '\0');
    for (char& c : bytes) {
        c = char(generator() & 0xff);
    }
    return bytes;
}

std::string textBytes(size_t size) {
    std::string text;
    for (int line = 0; text.size() < size; ++line) {
        text += "line " + std::to_string(line) + " of a configuration file, key = value\n";
    }
    text.resize(size);
    return text;
}

// Words of 2 to 9 letters from a vocabulary of 2000, in random order: text with less
// repetition than textBytes, as prose has.
std::string proseBytes(size_t size, uint64_t seed) {
    std::mt19937_64 generator(seed);
    std::vector<std::string> words(2000);
    for (std::string& word : words) {
        word.resize(2 + generator() % 8);
        for (char& c : word) {
            c = char('a' + generator() % 26);
        }
    }
    std::string prose;
    while (prose.size() < size) {
        prose += words[generator() % words.size()];
        prose += ' ';
    }
    prose.resize(size);
    return prose;
}

// Compresses input, handing it to the writer in chunks of the given sizes in turn.
Result<GzipBlob> compress(const QTemporaryDir& directory, const std::string& input,
                          const std::vector<size_t>& chunks) {
    auto writeTar = [&](const std::function<Result<void>(std::string_view)>& sink) {
        std::string_view rest = input;
        for (size_t i = 0; !rest.empty(); ++i) {
            size_t size = std::min(rest.size(), chunks[i % chunks.size()]);
            if (auto written = sink(rest.substr(0, size)); !written) {
                return written;
            }
            rest.remove_prefix(size);
        }
        return Result<void>();
    };
    return compressToGzipFile(directory.path().toStdString(), writeTar, {});
}

std::string readFile(int fd) {
    std::string bytes;
    char buffer[65536];
    for (off_t offset = 0;;) {
        ssize_t n = ::pread(fd, buffer, sizeof buffer, offset);
        if (n <= 0) {
            return bytes;
        }
        bytes.append(buffer, size_t(n));
        offset += n;
    }
}

// The bytes gunzip gives for blob, or "(gunzip failed)".
std::string gunzip(const std::string& blob) {
    z_stream stream{};
    if (inflateInit2(&stream, 15 + 16) != Z_OK) {
        return "(gunzip failed)";
    }
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(blob.data()));
    stream.avail_in = uInt(blob.size());
    std::string output;
    char buffer[65536];
    int status = Z_OK;
    while (status == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        status = inflate(&stream, Z_NO_FLUSH);
        output.append(buffer, sizeof buffer - stream.avail_out);
    }
    bool complete = status == Z_STREAM_END && stream.avail_in == 0;
    inflateEnd(&stream);
    return complete ? output : "(gunzip failed)";
}

} // namespace

class TestLayerGzip : public QObject {
    Q_OBJECT

private slots:
    void roundTrip_data() {
        QTest::addColumn<std::string>("input");
        QTest::addColumn<std::vector<size_t>>("chunks");
        std::vector<size_t> whole{size_t(1) << 30};
        std::vector<size_t> uneven{1, 511, 512, 70'000, 3};
        QTest::newRow("empty") << std::string() << whole;
        QTest::newRow("short text") << textBytes(100) << whole;
        QTest::newRow("text") << textBytes(1 << 20) << uneven;
        QTest::newRow("random") << randomBytes(1 << 20, 1) << uneven;
        std::string mixed = textBytes(300'000) + randomBytes(500'000, 2) + textBytes(200'000) +
                            randomBytes(3000, 3);
        QTest::newRow("text and random") << mixed << uneven;
        QTest::newRow("text and random, whole") << mixed << whole;
    }

    void roundTrip() {
        QFETCH(std::string, input);
        QFETCH(std::vector<size_t>, chunks);
        QTemporaryDir directory;
        auto blob = compress(directory, input, chunks);
        QVERIFY2(blob, blob ? "" : blob.error().message.c_str());
        std::string written = readFile(blob->file.get());
        QCOMPARE(blob->size, int64_t(written.size()));
        QCOMPARE(blob->digest, digestOf(sha256Hex(written)));
        QVERIFY(gunzip(written) == input);
        // The file is unnamed: nothing is left in the directory.
        QVERIFY(QDir(directory.path()).isEmpty());
    }

    // The blocks are cut from the tar itself, not from the chunks it arrives in.
    void sameBlobHoweverChunked() {
        std::string input = textBytes(150'000) + randomBytes(400'000, 4) + textBytes(90'000);
        QTemporaryDir directory;
        auto whole = compress(directory, input, {input.size()});
        auto byteWise = compress(directory, input, {1, 4096, 777});
        QVERIFY(whole && byteWise);
        QCOMPARE(byteWise->digest, whole->digest);
        QCOMPARE(byteWise->size, whole->size);
    }

    void textShrinksRandomStaysTheSameSize() {
        QTemporaryDir directory;
        std::string text = textBytes(1 << 20);
        std::string random = randomBytes(1 << 20, 5);
        auto blob = compress(directory, text + random, {65536});
        QVERIFY(blob);
        // Stored blocks cost 5 bytes each; the text compresses to well under a tenth.
        QVERIFY2(blob->size < int64_t(random.size() + text.size() / 10),
                 std::to_string(blob->size).c_str());
        QVERIFY(blob->size > int64_t(random.size()));
    }

    void incompressibleBlocks() {
        QVERIFY(looksIncompressible(randomBytes(65536, 6)));
        QVERIFY(!looksIncompressible(textBytes(65536)));
        QVERIFY(!looksIncompressible(std::string(65536, '\0')));
        std::string text = proseBytes(1 << 21, 7);
        QVERIFY(!looksIncompressible(text.substr(0, 65536)));
        // Deflated prose is as dense as random bytes.
        std::string deflated(compressBound(uLong(text.size())), '\0');
        uLongf size = uLongf(deflated.size());
        QCOMPARE(compress2(reinterpret_cast<Bytef*>(deflated.data()), &size,
                           reinterpret_cast<const Bytef*>(text.data()), uLong(text.size()), 6),
                 Z_OK);
        deflated.resize(size);
        QVERIFY(deflated.size() > 65536);
        QVERIFY(looksIncompressible(deflated.substr(0, 65536)));
    }
};

QTEST_GUILESS_MAIN(TestLayerGzip)
#include "tst_layer_gzip.moc"
