// Unit tests of the legacy --link environment variables, against what Docker sets.

#include <QTest>

#include "network/link_env.h"

using namespace berth::network;

class TestNetworkLinkEnv : public QObject {
    Q_OBJECT

private slots:
    void linkVariables_data() {
        QTest::addColumn<QString>("alias");
        QTest::addColumn<QStringList>("ports");
        QTest::addColumn<QStringList>("targetEnv");
        QTest::addColumn<QStringList>("expected");

        QTest::newRow("one tcp port")
            << "database_alias" << QStringList{"80/tcp"} << QStringList{}
            << QStringList{"DATABASE_ALIAS_PORT=tcp://172.17.0.2:80",
                           "DATABASE_ALIAS_PORT_80_TCP=tcp://172.17.0.2:80",
                           "DATABASE_ALIAS_PORT_80_TCP_ADDR=172.17.0.2",
                           "DATABASE_ALIAS_PORT_80_TCP_PORT=80",
                           "DATABASE_ALIAS_PORT_80_TCP_PROTO=tcp",
                           "DATABASE_ALIAS_NAME=/web_client/database_alias"};

        QTest::newRow("no ports, dash in alias, target env filtered")
            << "my-db" << QStringList{}
            << QStringList{"PATH=/bin", "HOME=/root", "HOSTNAME=x", "MYSQL_USER=app", "EMPTY="}
            << QStringList{"MY_DB_NAME=/web_client/my-db", "MY_DB_ENV_MYSQL_USER=app",
                           "MY_DB_ENV_EMPTY="};

        QTest::newRow("lowest port first, tcp before udp")
            << "db" << QStringList{"5432/tcp", "53/udp", "53/tcp"} << QStringList{}
            << QStringList{
                   "DB_PORT=tcp://172.17.0.2:53",      "DB_PORT_53_TCP=tcp://172.17.0.2:53",
                   "DB_PORT_53_TCP_ADDR=172.17.0.2",   "DB_PORT_53_TCP_PORT=53",
                   "DB_PORT_53_TCP_PROTO=tcp",         "DB_PORT_53_UDP=udp://172.17.0.2:53",
                   "DB_PORT_53_UDP_ADDR=172.17.0.2",   "DB_PORT_53_UDP_PORT=53",
                   "DB_PORT_53_UDP_PROTO=udp",         "DB_PORT_5432_TCP=tcp://172.17.0.2:5432",
                   "DB_PORT_5432_TCP_ADDR=172.17.0.2", "DB_PORT_5432_TCP_PORT=5432",
                   "DB_PORT_5432_TCP_PROTO=tcp",       "DB_NAME=/web_client/db"};

        QTest::newRow("consecutive ports also described as a range")
            << "web" << QStringList{"8001/tcp", "8000/tcp"} << QStringList{}
            << QStringList{"WEB_PORT=tcp://172.17.0.2:8000",
                           "WEB_PORT_8000_TCP_START=tcp://172.17.0.2:8000",
                           "WEB_PORT_8000_TCP_ADDR=172.17.0.2",
                           "WEB_PORT_8000_TCP_PORT_START=8000",
                           "WEB_PORT_8000_TCP_PORT_END=8001",
                           "WEB_PORT_8000_TCP_PROTO=tcp",
                           "WEB_PORT_8000_TCP=tcp://172.17.0.2:8000",
                           "WEB_PORT_8000_TCP_ADDR=172.17.0.2",
                           "WEB_PORT_8000_TCP_PORT=8000",
                           "WEB_PORT_8000_TCP_PROTO=tcp",
                           "WEB_PORT_8001_TCP=tcp://172.17.0.2:8001",
                           "WEB_PORT_8001_TCP_ADDR=172.17.0.2",
                           "WEB_PORT_8001_TCP_PORT=8001",
                           "WEB_PORT_8001_TCP_PROTO=tcp",
                           "WEB_NAME=/web_client/web"};
    }
    void linkVariables() {
        QFETCH(QString, alias);
        QFETCH(QStringList, ports);
        QFETCH(QStringList, targetEnv);
        QFETCH(QStringList, expected);

        LinkTarget target{"/web_client", alias.toStdString(), "172.17.0.2", {}, {}};
        for (const QString& port : ports) {
            auto parsed = parseExposedPort(port.toStdString());
            QVERIFY(parsed.has_value());
            target.exposedPorts.push_back(parsed->front());
        }
        for (const QString& entry : targetEnv) {
            target.env.push_back(entry.toStdString());
        }
        QStringList actual;
        for (const std::string& entry : linkEnvironment(target)) {
            actual << QString::fromStdString(entry);
        }
        QCOMPARE(actual, expected);
    }

    void linkerNameWithoutSlash() {
        LinkTarget target{"web", "db", "10.0.0.2", {}, {}};
        std::vector<std::string> env = linkEnvironment(target);
        QCOMPARE(env.size(), size_t(1));
        QCOMPARE(env.front(), std::string("DB_NAME=/web/db"));
    }
};

QTEST_GUILESS_MAIN(TestNetworkLinkEnv)
#include "tst_network_link_env.moc"
