// Unit tests of engine/common: errors, time formatting, hashing, atomic files.

#include <QTemporaryDir>
#include <QTest>

#include "common/error.h"
#include "common/fs.h"
#include "common/sha256.h"
#include "common/time.h"

using namespace berth;

class TestCommon : public QObject {
    Q_OBJECT

private slots:
    void errorContextPrefixesStep() {
        Error error = fail(ErrorKind::NotFound, "No such image: x").error();
        Error wrapped = error.context("create container");
        QCOMPARE(wrapped.message, std::string("create container: No such image: x"));
        QCOMPARE(wrapped.kind, ErrorKind::NotFound);
    }

    void errnoErrorNamesActionAndReason() {
        Error error = failErrno("open /nowhere", ENOENT).error();
        QCOMPARE(error.message, std::string("open /nowhere: No such file or directory"));
        QCOMPARE(error.errnum, ENOENT);
    }

    void rfc3339RoundTrip_data() {
        QTest::addColumn<qint64>("nanoseconds");
        QTest::newRow("epoch") << qint64(0);
        QTest::newRow("with fraction") << qint64(1796417368123456789);
        QTest::newRow("whole second") << qint64(1796417368000000000);
    }
    void rfc3339RoundTrip() {
        QFETCH(qint64, nanoseconds);
        std::string text = formatRfc3339Nano(nanoseconds);
        auto parsed = parseRfc3339(text);
        QVERIFY2(parsed.has_value(), text.c_str());
        QCOMPARE(qint64(*parsed), nanoseconds);
    }

    void rfc3339ParsesOffsetsAndShortFractions() {
        QCOMPARE(parseRfc3339("1970-01-01T01:00:00+01:00").value_or(-1), int64_t(0));
        QCOMPARE(parseRfc3339("1970-01-01T00:00:01.5Z").value_or(-1), int64_t(1'500'000'000));
        QVERIFY(!parseRfc3339("yesterday").has_value());
        QVERIFY(!parseRfc3339("1970-01-01T00:00:00").has_value());
    }

    void sha256MatchesKnownDigest() {
        QCOMPARE(sha256Hex("abc"),
                 std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(sha256Hex(""),
                 std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }

    void randomIdsAreHexAndDistinct() {
        std::string a = randomHexId();
        std::string b = randomHexId();
        QCOMPARE(a.size(), size_t(64));
        QVERIFY(a.find_first_not_of("0123456789abcdef") == std::string::npos);
        QVERIFY(a != b);
    }

    void atomicWriteReplacesContent() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        std::filesystem::path file = dir.filePath("state.json").toStdString();
        QVERIFY(fs::writeFileAtomic(file, "first").has_value());
        QVERIFY(fs::writeFileAtomic(file, "second").has_value());
        auto content = fs::readFile(file);
        QVERIFY(content.has_value());
        QCOMPARE(*content, std::string("second"));
    }

    void readingMissingFileIsNotFound() {
        auto content = fs::readFile("/nonexistent/berth-test");
        QVERIFY(!content.has_value());
        QCOMPARE(content.error().kind, ErrorKind::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestCommon)
#include "tst_common.moc"
