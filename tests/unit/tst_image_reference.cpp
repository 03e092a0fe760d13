// Image references must parse, normalise and fail exactly as Docker's do, because users
// type the same names into both engines and scripts compare the output.

#include "image/reference.h"

#include <QTest>

using namespace berth;
using namespace berth::image;

class TestImageReference : public QObject {
    Q_OBJECT

private slots:
    void parsesValidReference_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("tag");
        QTest::addColumn<QString>("digest");
        QTest::addColumn<QString>("str");

        const QString digest = "sha256:" + QString(64, 'a');
        QTest::newRow("bare name gets latest") << "busybox"
                                               << "busybox"
                                               << "latest"
                                               << ""
                                               << "busybox:latest";
        QTest::newRow("name and tag") << "busybox:1.36"
                                      << "busybox"
                                      << "1.36"
                                      << ""
                                      << "busybox:1.36";
        QTest::newRow("user repository") << "user/app:v1"
                                         << "user/app"
                                         << "v1"
                                         << ""
                                         << "user/app:v1";
        QTest::newRow("docker.io library is shortened") << "docker.io/library/busybox"
                                                        << "busybox"
                                                        << "latest"
                                                        << ""
                                                        << "busybox:latest";
        QTest::newRow("index.docker.io is shortened") << "index.docker.io/library/busybox:1"
                                                      << "busybox"
                                                      << "1"
                                                      << ""
                                                      << "busybox:1";
        QTest::newRow("docker.io user repository is shortened") << "docker.io/user/app"
                                                                << "user/app"
                                                                << "latest"
                                                                << ""
                                                                << "user/app:latest";
        QTest::newRow("localhost registry") << "localhost/anchor-busybox"
                                            << "localhost/anchor-busybox"
                                            << "latest"
                                            << ""
                                            << "localhost/anchor-busybox:latest";
        QTest::newRow("registry with port and tag") << "registry:5000/team/app:2.0"
                                                    << "registry:5000/team/app"
                                                    << "2.0"
                                                    << ""
                                                    << "registry:5000/team/app:2.0";
        QTest::newRow("registry with port and no tag") << "registry.example.com:5000/app"
                                                       << "registry.example.com:5000/app"
                                                       << "latest"
                                                       << ""
                                                       << "registry.example.com:5000/app:latest";
        QTest::newRow("separators dot underscore double underscore dashes")
            << "a.b_c__d---e"
            << "a.b_c__d---e"
            << "latest"
            << ""
            << "a.b_c__d---e:latest";
        QTest::newRow("tag with dots dashes underscores") << "app:_v1.2-rc_3"
                                                          << "app"
                                                          << "_v1.2-rc_3"
                                                          << ""
                                                          << "app:_v1.2-rc_3";
        QTest::newRow("tag of 128 characters")
            << "app:" + QString(128, 'x') << "app" << QString(128, 'x') << ""
            << "app:" + QString(128, 'x');
        QTest::newRow("digest only") << "app@" + digest << "app"
                                     << "" << digest << "app@" + digest;
        QTest::newRow("tag and digest") << "app:v1@" + digest << "app"
                                        << "v1" << digest << "app:v1@" + digest;
        QTest::newRow("upper case registry host") << "Registry.Example.com/app"
                                                  << "Registry.Example.com/app"
                                                  << "latest"
                                                  << ""
                                                  << "Registry.Example.com/app:latest";
    }
    void parsesValidReference() {
        QFETCH(QString, text);
        QFETCH(QString, name);
        QFETCH(QString, tag);
        QFETCH(QString, digest);
        QFETCH(QString, str);
        auto reference = parseReference(text.toStdString());
        QVERIFY2(reference.has_value(), reference ? "" : reference.error().message.c_str());
        QCOMPARE(QString::fromStdString(reference->name), name);
        QCOMPARE(QString::fromStdString(reference->tag), tag);
        QCOMPARE(QString::fromStdString(reference->digest), digest);
        QCOMPARE(QString::fromStdString(reference->str()), str);
    }

    void rejectsInvalidReference_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");

        const QString invalid = "invalid reference format";
        QTest::newRow("empty") << "" << invalid;
        QTest::newRow("upper case name")
            << "Busybox"
            << "invalid reference format: repository name (library/Busybox) must be lowercase";
        QTest::newRow("upper case path after registry")
            << "localhost/App"
            << "invalid reference format: repository name (App) must be lowercase";
        QTest::newRow("empty tag") << "busybox:" << invalid;
        QTest::newRow("tag starting with dash") << "busybox:-x" << invalid;
        QTest::newRow("tag of 129 characters") << "app:" + QString(129, 'x') << invalid;
        QTest::newRow("tag with slash-free invalid char") << "app:v1!" << invalid;
        QTest::newRow("leading separator") << "-app" << invalid;
        QTest::newRow("trailing separator") << "app-" << invalid;
        QTest::newRow("triple underscore") << "a___b" << invalid;
        QTest::newRow("dot dot separator") << "a..b" << invalid;
        QTest::newRow("empty path component") << "user//app" << invalid;
        QTest::newRow("trailing slash") << "app/" << invalid;
        QTest::newRow("space") << "bad name" << invalid;
        QTest::newRow("short digest") << "app@sha256:abc" << invalid;
        QTest::newRow("non-numeric port") << "registry:port/app" << invalid;
        QTest::newRow("64 hex digits as a name")
            << QString(64, 'a')
            << "invalid repository name (" + QString(64, 'a') +
                   "), cannot specify 64-byte hexadecimal strings";
    }
    void rejectsInvalidReference() {
        QFETCH(QString, text);
        QFETCH(QString, message);
        auto reference = parseReference(text.toStdString());
        QVERIFY(!reference.has_value());
        QCOMPARE(reference.error().kind, ErrorKind::InvalidArgument);
        QCOMPARE(QString::fromStdString(reference.error().message), message);
    }

    void repoTagCombinesQueryParameters() {
        auto plain = parseRepoTag("localhost/app", "v2");
        QVERIFY(plain.has_value());
        QCOMPARE(plain->str(), std::string("localhost/app:v2"));

        auto noTag = parseRepoTag("busybox:1.36", "");
        QVERIFY(noTag.has_value());
        QCOMPARE(noTag->str(), std::string("busybox:1.36"));

        std::string digest = "sha256:" + std::string(64, 'b');
        auto digested = parseRepoTag("app", digest);
        QVERIFY(digested.has_value());
        QCOMPARE(digested->digest, digest);
        QVERIFY(digested->tag.empty());

        auto badTag = parseRepoTag("app", "no good");
        QVERIFY(!badTag.has_value());
        QCOMPARE(badTag.error().message, std::string("invalid reference format"));
    }
};

QTEST_GUILESS_MAIN(TestImageReference)
#include "tst_image_reference.moc"
