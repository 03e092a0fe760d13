// The Dockerfile studio's build panel against a real berthd: a RUN step's output appears
// in the panel's log while the step still runs.

#include "api/berthd_fixture.h"
#include "dockerfile/buildpanel.h"
#include "engineconnection.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace berth;
using namespace berth::studio;

class StudioBuildOutputTest : public QObject {
    Q_OBJECT

private:
    BerthdFixture berthd_;
    std::unique_ptr<EngineConnection> connection_;

private slots:
    void initTestCase() {
        if (QString missing = BerthdFixture::missingPrerequisite(); !missing.isEmpty()) {
            QSKIP(qPrintable(missing));
        }
        QString error = berthd_.startWithBusybox("busybox");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        connection_ = std::make_unique<EngineConnection>(
            client::Endpoint::unixSocket(berthd_.socketPath().toStdString()));
    }

    void cleanupTestCase() {
        connection_.reset();
        QStringList problems = berthd_.stop();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    // The words come from a variable, so that the "Step" line, which shows the command,
    // does not contain them.
    void runOutputShowsWhileStepRuns() {
        const QString dockerfile = "FROM busybox\n"
                                   "RUN word=panel; echo \"$word-one\"; sleep 5; "
                                   "echo \"$word-two\"\n";
        QTemporaryDir context;
        QFile file(context.filePath("Dockerfile"));
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(dockerfile.toUtf8()) > 0);
        file.close();

        BuildPanel panel;
        panel.setConnection(connection_.get());
        panel.setContext(context.path(), "Dockerfile");
        panel.setDockerfileText(dockerfile);
        panel.tagsEdit()->setText("panel-live:v1");
        QSignalSpy finished(&panel, &BuildPanel::buildFinished);
        panel.buildButton()->click();

        QDeadlineTimer deadline(60000);
        while (!panel.log()->toPlainText().contains("panel-one") && finished.isEmpty() &&
               !deadline.hasExpired()) {
            QTest::qWait(50);
        }
        const QString early = panel.log()->toPlainText();
        QVERIFY2(early.contains("panel-one"), qPrintable(early));
        QVERIFY2(!early.contains("panel-two"), qPrintable(early));
        QVERIFY(panel.isBuilding());

        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().first().toBool(), true);
        QVERIFY2(panel.log()->toPlainText().contains("panel-two"),
                 qPrintable(panel.log()->toPlainText()));
    }
};

QTEST_MAIN(StudioBuildOutputTest)
#include "tst_studio_build_output.moc"
