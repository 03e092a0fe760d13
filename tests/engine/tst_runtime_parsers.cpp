// The runtime's pure parts: user resolution from passwd/group text, PATH lookup wording,
// environment completion and the JSON string escaping of log lines.

#include "runtime/environment.h"
#include "runtime/exec_lookup.h"
#include "runtime/json_text.h"
#include "runtime/user.h"

#include <QtTest>

using namespace berth::runtime;

namespace {

const char* kPasswd = "root:x:0:0:root:/root:/bin/sh\n"
                      "# a comment\n"
                      "www-data:x:33:33:www-data:/var/www:/bin/false\n"
                      "alice:x:1000:1000::/home/alice:/bin/sh\n";
const char* kGroup = "root:x:0:\n"
                     "www-data:x:33:\n"
                     "alice:x:1000:\n"
                     "audio:x:29:alice,bob\n"
                     "video:x:44:bob\n";

} // namespace

class RuntimeParsersTest : public QObject {
    Q_OBJECT

private slots:
    void resolveUser_data() {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<uint>("uid");
        QTest::addColumn<uint>("gid");
        QTest::addColumn<QString>("home");
        QTest::addColumn<int>("supplementaryCount");
        QTest::newRow("empty is root") << "" << 0u << 0u << "/root" << 0;
        QTest::newRow("name") << "www-data" << 33u << 33u << "/var/www" << 0;
        QTest::newRow("name with member groups") << "alice" << 1000u << 1000u << "/home/alice" << 1;
        QTest::newRow("uid listed in passwd") << "33" << 33u << 33u << "/var/www" << 0;
        QTest::newRow("uid not listed") << "4242" << 4242u << 0u << "/" << 0;
        QTest::newRow("uid and gid") << "1000:1000" << 1000u << 1000u << "/home/alice" << 0;
        QTest::newRow("name and group name") << "alice:video" << 1000u << 44u << "/home/alice" << 0;
        QTest::newRow("uid and group name") << "5:audio" << 5u << 29u << "/" << 0;
    }
    void resolveUser() {
        QFETCH(QString, spec);
        QFETCH(uint, uid);
        QFETCH(uint, gid);
        QFETCH(QString, home);
        QFETCH(int, supplementaryCount);
        auto user = berth::runtime::resolveUser(spec.toStdString(), kPasswd, kGroup);
        QVERIFY2(user.has_value(), user ? "" : user.error().message.c_str());
        QCOMPARE(uint(user->uid), uid);
        QCOMPARE(uint(user->gid), gid);
        QCOMPARE(QString::fromStdString(user->home), home);
        QCOMPARE(int(user->supplementaryGroups.size()), supplementaryCount);
    }

    void unknownUserUsesDockerWording() {
        auto user = berth::runtime::resolveUser("nosuch", kPasswd, kGroup);
        QVERIFY(!user.has_value());
        QCOMPARE(user.error().message,
                 std::string("unable to find user nosuch: no matching entries in passwd file"));
    }

    void unknownGroupUsesDockerWording() {
        auto user = berth::runtime::resolveUser("alice:nosuch", kPasswd, kGroup);
        QVERIFY(!user.has_value());
        QCOMPARE(user.error().message,
                 std::string("unable to find group nosuch: no matching entries in group file"));
    }

    void lookupFindsExecutableInPath() {
        auto found = lookupExecutable("sh", "/nonexistent:/bin:/usr/bin");
        QVERIFY(found.has_value());
        QVERIFY(QString::fromStdString(*found).endsWith("/sh"));
    }

    void lookupMissingCommandIs127() {
        auto found = lookupExecutable("nosuch-berth-command", "/bin:/usr/bin");
        QVERIFY(!found.has_value());
        QCOMPARE(found.error().exitCode, 127);
        QCOMPARE(found.error().message,
                 std::string("exec: \"nosuch-berth-command\": executable file not found in $PATH"));
    }

    void lookupNonExecutablePathIs126() {
        auto found = lookupExecutable("/etc/passwd", "/bin");
        QVERIFY(!found.has_value());
        QCOMPARE(found.error().exitCode, 126);
        QCOMPARE(found.error().message, std::string("exec: \"/etc/passwd\": permission denied"));
    }

    void environmentGetsDockerDefaults() {
        auto env = completeEnvironment({"FOO=bar"}, "box", true, "/root");
        QCOMPARE(environmentValue(env, "PATH"), std::string(kDefaultPath));
        QCOMPARE(environmentValue(env, "HOSTNAME"), std::string("box"));
        QCOMPARE(environmentValue(env, "TERM"), std::string("xterm"));
        QCOMPARE(environmentValue(env, "HOME"), std::string("/root"));
        QCOMPARE(environmentValue(env, "FOO"), std::string("bar"));
    }

    void environmentKeepsGivenValues() {
        auto env = completeEnvironment({"PATH=/x", "HOME=/h", "TERM=vt100"}, "box", true, "/root");
        QCOMPARE(environmentValue(env, "PATH"), std::string("/x"));
        QCOMPARE(environmentValue(env, "HOME"), std::string("/h"));
        QCOMPARE(environmentValue(env, "TERM"), std::string("vt100"));
        QCOMPARE(env.size(), size_t(4));
    }

    void jsonStringEscapesLikeGo() {
        std::string out;
        appendJsonString(out, "a\"b\\c\n<&>\x01\xff\xc3\xa9");
        QCOMPARE(out, std::string("\"a\\\"b\\\\c\\n\\u003c\\u0026\\u003e\\u0001\\ufffd\xc3\xa9\""));
    }
};

QTEST_GUILESS_MAIN(RuntimeParsersTest)
#include "tst_runtime_parsers.moc"
