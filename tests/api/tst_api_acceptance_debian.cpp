// The long acceptance run: a Debian 12 minbase made with debootstrap is imported as an OS
// template tarball, the way a user would import one, and used with the stock docker CLI.

#include "berthd_fixture.h"
#include "tmux_session.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

class TestApiAcceptanceDebian : public QObject {
    Q_OBJECT

private:
    BerthdFixture daemon_;
    QTemporaryDir work_;

    QString dockerCommand(const QString& args) const {
        return QString("env DOCKER_HOST=unix://%1 DOCKER_CONFIG=%2 docker %3")
            .arg(daemon_.socketPath(), daemon_.dockerConfigDir(), args);
    }

private slots:
    void initTestCase() {
        if (::geteuid() != 0) {
            QSKIP("acceptance tests run containers and need root");
        }
        for (const char* tool : {"docker", "debootstrap", "tmux"}) {
            if (QStandardPaths::findExecutable(tool).isEmpty()) {
                QSKIP(qPrintable(QString("%1 is not installed").arg(tool)));
            }
        }
        QVERIFY(work_.isValid());
        QString error = daemon_.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void cleanup() {
        QStringList problems = daemon_.removeAllContainers();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void cleanupTestCase() {
        QStringList problems = daemon_.stop();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void importDebootstrapTarball() {
        QString tarball = work_.filePath("debian-12-minbase.tar.gz");
        QProcess make;
        make.start(qEnvironmentVariable("BERTH_TEST_SUPPORT") + "/make-debian-rootfs.sh",
                   {tarball});
        QVERIFY(make.waitForFinished(15 * 60 * 1000));
        QVERIFY2(make.exitCode() == 0, make.readAllStandardError().constData());

        CommandResult imported = daemon_.docker({"import", tarball, "--", "debian:12"}, {}, 120000);
        QVERIFY2(imported.exitCode == 0, describe(imported));
        QVERIFY2(imported.out.startsWith("sha256:"), describe(imported));

        CommandResult images = daemon_.docker({"images", "--format", "{{.Repository}}:{{.Tag}}"});
        QVERIFY2(images.out.contains("debian:12"), describe(images));
    }

    void osReleaseNamesBookworm() {
        CommandResult run = daemon_.docker({"run", "--rm", "debian:12", "cat", "/etc/os-release"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QVERIFY2(run.out.contains("VERSION_CODENAME=bookworm"), describe(run));
    }

    void interactiveBashTakesInput() {
        TmuxSession session(dockerCommand("run -it --name debian-shell debian:12 bash") +
                                "; echo EXIT=$?; sleep 30",
                            "debian");
        QVERIFY2(session.waitFor("root@"), qPrintable(session.capture()));
        session.sendKeys({"echo bash-$((6*7)) $BASH_VERSION", "Enter"});
        QVERIFY2(session.waitFor("bash-42 5.2"), qPrintable(session.capture()));
        session.sendKeys({"cat /etc/debian_version", "Enter"});
        QVERIFY2(session.waitFor("12."), qPrintable(session.capture()));
        session.sendKeys({"exit 5", "Enter"});
        QVERIFY2(session.waitFor("EXIT=5"), qPrintable(session.capture()));
    }

    void packageToolsWork() {
        CommandResult run = daemon_.docker(
            {"run", "--rm", "debian:12", "sh", "-c", "dpkg-query -W -f='${Status}' bash"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QCOMPARE(QString::fromUtf8(run.out).trimmed(), QString("install ok installed"));
    }
};

QTEST_GUILESS_MAIN(TestApiAcceptanceDebian)
#include "tst_api_acceptance_debian.moc"
