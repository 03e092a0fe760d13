// Unit tests of request routing: the /v1.xx prefix, the supported version range, query
// decoding and route matching.

#include "api/error_status.h"
#include "api/router.h"

#include <QTest>

using namespace berth;
using namespace berth::api;

class TestApiRouter : public QObject {
    Q_OBJECT

private slots:
    void versionPrefix_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("version");
        QTest::addColumn<QString>("rest");
        QTest::newRow("versioned") << "/v1.43/containers/json"
                                   << "1.43"
                                   << "/containers/json";
        QTest::newRow("old version") << "/v1.24/_ping"
                                     << "1.24"
                                     << "/_ping";
        QTest::newRow("no prefix") << "/containers/json"
                                   << ""
                                   << "/containers/json";
        QTest::newRow("prefix only") << "/v1.43"
                                     << "1.43"
                                     << "/";
        QTest::newRow("v without number") << "/version"
                                          << ""
                                          << "/version";
        QTest::newRow("name starting with v") << "/v1x/json"
                                              << ""
                                              << "/v1x/json";
    }
    void versionPrefix() {
        QFETCH(QString, path);
        QFETCH(QString, version);
        QFETCH(QString, rest);
        VersionedPath split = splitVersionPrefix(path.toStdString());
        QCOMPARE(QString::fromStdString(split.version), version);
        QCOMPARE(QString::fromStdString(split.path), rest);
    }

    void versionRange_data() {
        QTest::addColumn<QString>("version");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<QString>("message");
        QTest::newRow("current") << "1.43" << true << "";
        QTest::newRow("minimum") << "1.24" << true << "";
        QTest::newRow("none given") << "" << true << "";
        QTest::newRow("too old") << "1.23" << false
                                 << "client version 1.23 is too old. Minimum supported API "
                                    "version is 1.24, please upgrade your client to a newer "
                                    "version";
        QTest::newRow("too new") << "1.44" << false
                                 << "client version 1.44 is too new. Maximum supported API "
                                    "version is 1.43";
        QTest::newRow("single digit minor is old") << "1.9" << false
                                                   << "client version 1.9 is too old. Minimum "
                                                      "supported API version is 1.24, please "
                                                      "upgrade your client to a newer version";
    }
    void versionRange() {
        QFETCH(QString, version);
        QFETCH(bool, accepted);
        QFETCH(QString, message);
        auto checked = checkApiVersion(version.toStdString());
        QCOMPARE(checked.has_value(), accepted);
        if (!accepted) {
            QCOMPARE(QString::fromStdString(checked.error().message), message);
            QCOMPARE(statusFor(checked.error().kind), 400);
        }
    }

    void queryDecoding() {
        auto query = parseQuery("fromSrc=-&repo=localhost%2Fapp&tag=v1&changes=CMD+%5B%22sh%22%5D"
                                "&changes=ENV%20A%3Db&all");
        QVERIFY(query.has_value());
        QCOMPARE(query->find("repo")->second, std::string("localhost/app"));
        QCOMPARE(query->find("fromSrc")->second, std::string("-"));
        QCOMPARE(query->count("changes"), size_t(2));
        auto changes = query->equal_range("changes");
        QCOMPARE(changes.first->second, std::string("CMD [\"sh\"]"));
        QCOMPARE(std::next(changes.first)->second, std::string("ENV A=b"));
        QCOMPARE(query->find("all")->second, std::string());
    }

    void queryRejectsBadEscape() {
        auto query = parseQuery("name=%zz");
        QVERIFY(!query.has_value());
        QCOMPARE(query.error().kind, ErrorKind::InvalidArgument);
        QVERIFY(!parseQuery("name=%4").has_value());
    }

    void queryBoolForms_data() {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("expected");
        QTest::newRow("one") << "1" << true;
        QTest::newRow("true") << "true" << true;
        QTest::newRow("True") << "True" << true;
        QTest::newRow("zero") << "0" << false;
        QTest::newRow("false") << "false" << false;
        QTest::newRow("empty") << "" << false;
    }
    void queryBoolForms() {
        QFETCH(QString, value);
        QFETCH(bool, expected);
        Request request;
        request.query.emplace("force", value.toStdString());
        QCOMPARE(request.queryBool("force"), expected);
        QCOMPARE(request.queryBool("absent", true), true);
    }

    void routeMatchesParameters() {
        Router router;
        int called = 0;
        router.add("GET", "/containers/{id}/json", [&](Request&, ResponseWriter&) { called = 1; });
        router.add("DELETE", "/containers/{id}", [&](Request&, ResponseWriter&) { called = 2; });
        auto match = router.match("GET", "/containers/abc123/json");
        QVERIFY(match.handler);
        QCOMPARE(match.params["id"], std::string("abc123"));
        auto removal = router.match("DELETE", "/containers/x");
        QVERIFY(removal.handler);
        QCOMPARE(removal.params["id"], std::string("x"));
    }

    void routeRestParameterTakesSlashes() {
        Router router;
        router.add("GET", "/images/{name*}/json", [](Request&, ResponseWriter&) {});
        router.add("DELETE", "/images/{name*}", [](Request&, ResponseWriter&) {});
        auto match = router.match("GET", "/images/localhost/team/app:v1/json");
        QVERIFY(match.handler);
        QCOMPARE(match.params["name"], std::string("localhost/team/app:v1"));
        auto removal = router.match("DELETE", "/images/registry:5000/app");
        QVERIFY(removal.handler);
        QCOMPARE(removal.params["name"], std::string("registry:5000/app"));
        QVERIFY(!router.match("GET", "/images/json").handler);
    }

    void routeWrongMethodIsKnownPath() {
        Router router;
        router.add("POST", "/containers/{id}/start", [](Request&, ResponseWriter&) {});
        auto match = router.match("GET", "/containers/x/start");
        QVERIFY(!match.handler);
        QVERIFY(match.pathKnown);
        auto unknown = router.match("GET", "/nowhere");
        QVERIFY(!unknown.handler);
        QVERIFY(!unknown.pathKnown);
    }

    void headUsesGetRoute() {
        Router router;
        router.add("GET", "/version", [](Request&, ResponseWriter&) {});
        QVERIFY(router.match("HEAD", "/version").handler);
    }

    void errorKindStatus_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::newRow("not found") << int(ErrorKind::NotFound) << 404;
        QTest::newRow("invalid argument") << int(ErrorKind::InvalidArgument) << 400;
        QTest::newRow("conflict") << int(ErrorKind::Conflict) << 409;
        QTest::newRow("invalid state") << int(ErrorKind::InvalidState) << 409;
        QTest::newRow("unsupported") << int(ErrorKind::Unsupported) << 501;
        QTest::newRow("unauthorized") << int(ErrorKind::Unauthorized) << 401;
        QTest::newRow("system") << int(ErrorKind::System) << 500;
        QTest::newRow("cancelled") << int(ErrorKind::Cancelled) << 500;
    }
    void errorKindStatus() {
        QFETCH(int, kind);
        QFETCH(int, status);
        QCOMPARE(statusFor(ErrorKind(kind)), status);
    }
};

QTEST_GUILESS_MAIN(TestApiRouter)
#include "tst_api_router.moc"
