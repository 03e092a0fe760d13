// The registry tag list's pagination: the next page named in a Link header.

#include "image/registry_tags.h"

#include <QTest>

using namespace berth::image;

class TestRegistryTags : public QObject {
    Q_OBJECT

private slots:
    void nextPageOfLinkHeader_data() {
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("target");
        QTest::newRow("relative next") << R"(</v2/app/tags/list?last=b&n=2>; rel="next")"
                                       << "/v2/app/tags/list?last=b&n=2";
        QTest::newRow("absolute next") << R"(<https://r.example/v2/a/tags/list?last=x>; rel="next")"
                                       << "https://r.example/v2/a/tags/list?last=x";
        QTest::newRow("next after another link")
            << R"(</v2/a/tags/list?n=1>; rel="first", </v2/a/tags/list?last=c>; rel="next")"
            << "/v2/a/tags/list?last=c";
        QTest::newRow("no next") << R"(</v2/a/tags/list?n=1>; rel="first")"
                                 << "";
        QTest::newRow("empty") << ""
                               << "";
        QTest::newRow("malformed") << R"(rel="next")"
                                   << "";
    }

    void nextPageOfLinkHeader() {
        QFETCH(QString, header);
        QFETCH(QString, target);
        QCOMPARE(QString::fromStdString(nextPageTarget(header.toStdString())), target);
    }
};

QTEST_GUILESS_MAIN(TestRegistryTags)
#include "tst_registry_tags.moc"
