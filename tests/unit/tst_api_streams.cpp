// Unit tests of the attach and logs byte streams: multiplexed frames, detach keys, the
// filters parameter and the human-readable container status.

#include "api/container_json.h"
#include "api/filters.h"
#include "api/stream_io.h"

#include <QTest>

using namespace berth;
using namespace berth::api;

class TestApiStreams : public QObject {
    Q_OBJECT

private slots:
    void frameHeader() {
        std::string frame = encodeFrame(StreamKind::Stderr, "hi\n");
        QCOMPARE(frame.size(), size_t(11));
        QCOMPARE(int(frame[0]), 2);
        QCOMPARE(frame.substr(1, 3), std::string(3, '\0'));
        QCOMPARE(int(frame[7]), 3);
        QCOMPARE(frame.substr(8), std::string("hi\n"));
    }

    void frameLengthIsBigEndian() {
        std::string data(0x10203, 'x');
        std::string frame = encodeFrame(StreamKind::Stdout, data);
        QCOMPARE(int(frame[0]), 1);
        QCOMPARE(int(uint8_t(frame[5])), 0x01);
        QCOMPARE(int(uint8_t(frame[6])), 0x02);
        QCOMPARE(int(uint8_t(frame[7])), 0x03);
    }

    void detachKeys_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("default") << "" << QByteArray("\x10\x11");
        QTest::newRow("ctrl-a then x") << "ctrl-a,x" << QByteArray("\x01x");
        QTest::newRow("ctrl-[") << "ctrl-[" << QByteArray("\x1b");
    }
    void detachKeys() {
        QFETCH(QString, text);
        QFETCH(QByteArray, bytes);
        auto keys = parseDetachKeys(text.toStdString());
        QVERIFY(keys.has_value());
        QCOMPARE(QByteArray::fromStdString(*keys), bytes);
    }

    void detachKeysRejectsWords() {
        auto keys = parseDetachKeys("ctrl-p,quit");
        QVERIFY(!keys.has_value());
        QCOMPARE(keys.error().message, std::string("invalid detach keys (ctrl-p,quit) provided"));
    }

    void filtersBothForms() {
        auto modern = parseFilters(R"({"name":{"web":true},"status":{"running":true}})");
        QVERIFY(modern.has_value());
        QCOMPARE(modern->at("name"), std::vector<std::string>{"web"});
        QCOMPARE(modern->at("status"), std::vector<std::string>{"running"});
        auto old = parseFilters(R"({"label":["a=b","c"]})");
        QVERIFY(old.has_value());
        QCOMPARE(old->at("label").size(), size_t(2));
        QVERIFY(!parseFilters("[1]").has_value());
    }

    void labelFilters() {
        std::map<std::string, std::string> labels{{"a", "b"}, {"c", ""}};
        QVERIFY(labelsMatch({"a=b"}, labels));
        QVERIFY(labelsMatch({"a", "c"}, labels));
        QVERIFY(!labelsMatch({"a=x"}, labels));
        QVERIFY(!labelsMatch({"missing"}, labels));
    }

    void humanDurations_data() {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("under a second") << qint64(0) << "Less than a second";
        QTest::newRow("one second") << qint64(1) << "1 second";
        QTest::newRow("seconds") << qint64(42) << "42 seconds";
        QTest::newRow("a minute") << qint64(90) << "About a minute";
        QTest::newRow("minutes") << qint64(5 * 60) << "5 minutes";
        QTest::newRow("an hour") << qint64(3600 + 60) << "About an hour";
        QTest::newRow("hours") << qint64(5 * 3600) << "5 hours";
        QTest::newRow("days") << qint64(3 * 86400) << "3 days";
    }
    void humanDurations() {
        QFETCH(qint64, seconds);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(humanDuration(seconds * 1'000'000'000)), text);
    }
};

QTEST_GUILESS_MAIN(TestApiStreams)
#include "tst_api_streams.moc"
