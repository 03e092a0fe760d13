// The Dockerfile studio's layer preview and build panel against a real berthd: rows
// follow the text one debounce after typing, an edit marks its step and the later ones
// at once, a changed context file marks its COPY and reaches the engine's plan, a build
// from the panel lists its image, and an engine without the plan endpoint leaves the
// parsed rows with cache status unavailable.

#include "api/berthd_fixture.h"
#include "dockerfile/buildpanel.h"
#include "dockerfile/dockerfileeditor.h"
#include "dockerfile/dockerfilepage.h"
#include "dockerfile/dockerfilestudio.h"
#include "dockerfile/layerpreview.h"
#include "dockerfile/previewplanner.h"
#include "dockerfile/previewsteps.h"
#include "dockerfile/stepdetails.h"
#include "engineconnection.h"
#include "imagesmodel.h"
#include "unit/fake_engine_server.h"

#include <QCheckBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <sys/stat.h>

using namespace berth;
using namespace berth::studio;

namespace {

constexpr int kStepMs = 60000;
constexpr int kDebounceMs = 250;

bool writeFile(const QString& path, const QByteArray& content, int mode = 0644) {
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) < 0) {
        return false;
    }
    file.close();
    return ::chmod(QFile::encodeName(path).constData(), mode_t(mode)) == 0;
}

const QString kDockerfile = "FROM busybox\n"
                            "ENV GREETING=hello\n"
                            "RUN echo one > /one\n"
                            "COPY data.txt /srv/data.txt\n"
                            "RUN echo two > /two\n"
                            "CMD [\"cat\", \"/srv/data.txt\"]\n";

} // namespace

class StudioLayerPreviewTest : public QObject {
    Q_OBJECT

private:
    BerthdFixture berthd_;
    std::unique_ptr<EngineConnection> connection_;
    std::unique_ptr<LayerPreview> preview_;
    QTemporaryDir context_;

    PreviewPlanner* planner() { return preview_->planner(); }

    CacheState stateOf(int row) {
        const PreviewStep* step = planner()->model()->step(row);
        return step ? step->cache : CacheState::Pending;
    }

    // Sets the text and waits for the engine's plan to be applied.
    bool planText(const QString& text) {
        QSignalSpy planned(planner(), &PreviewPlanner::planned);
        planner()->setText(text);
        return planned.wait(kStepMs);
    }

    QString buildFromPanel(const QString& tag) {
        BuildPanel panel;
        panel.setConnection(connection_.get());
        panel.setContext(context_.path(), "Dockerfile");
        panel.setDockerfileText(kDockerfile);
        panel.tagsEdit()->setText(tag);
        QSignalSpy finished(&panel, &BuildPanel::buildFinished);
        panel.buildButton()->click();
        if (!finished.wait(kStepMs * 2)) {
            return "the build did not finish";
        }
        if (!finished.first().first().toBool()) {
            return panel.log()->toPlainText();
        }
        return {};
    }

private slots:
    void initTestCase() {
        if (QString missing = BerthdFixture::missingPrerequisite(); !missing.isEmpty()) {
            QSKIP(qPrintable(missing));
        }
        QString error = berthd_.startWithBusybox("busybox");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(writeFile(context_.filePath("Dockerfile"), kDockerfile.toUtf8()));
        QVERIFY(writeFile(context_.filePath("data.txt"), "first version\n"));

        connection_ = std::make_unique<EngineConnection>(
            client::Endpoint::unixSocket(berthd_.socketPath().toStdString()));
        preview_ = std::make_unique<LayerPreview>();
        preview_->setConnection(connection_.get());
        planner()->setDebounceInterval(kDebounceMs);
        planner()->setContext(context_.path(), "Dockerfile");
        preview_->resize(900, 700);
        preview_->show();
    }

    void cleanupTestCase() {
        preview_.reset();
        connection_.reset();
        QStringList problems = berthd_.stop();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    // The rows come from parsing as soon as the debounce fires, before the engine responds.
    void typingUpdatesRows() {
        QSignalSpy parsed(planner(), &PreviewPlanner::parsed);
        QElapsedTimer timer;
        timer.start();
        planner()->setText("FROM busybox\nRUN echo a\n");
        QCOMPARE(planner()->model()->rowCount(), 0);
        QVERIFY(parsed.wait(kDebounceMs * 4));
        QVERIFY(timer.elapsed() >= kDebounceMs);
        QVERIFY2(timer.elapsed() < kDebounceMs + 200, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(planner()->model()->rowCount(), 2);
        QCOMPARE(planner()->model()->step(1)->line, 2);

        QSignalSpy planned(planner(), &PreviewPlanner::planned);
        QVERIFY(planned.wait(kStepMs));
        QCOMPARE(stateOf(0), CacheState::Hit);
        QCOMPARE(stateOf(1), CacheState::Rebuild);
        QVERIFY(planner()->cacheStatusAvailable());
    }

    // A build from the panel finishes, and the Images page's model lists the new tag.
    void buildFromPanelListsImage() {
        QString error = buildFromPanel("studio-built:v1");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        ImagesModel images;
        images.setConnection(connection_.get());
        QSignalSpy loaded(&images, &ImagesModel::loaded);
        images.reload();
        QVERIFY(loaded.wait(kStepMs));
        QVERIFY(images.rowOfReference("studio-built:v1") >= 0);
    }

    // After the build every step is a hit; editing step 3 turns steps 3.. into "would
    // rebuild" before the engine responds, and the engine confirms it.
    void editMarksLaterSteps() {
        QVERIFY(planText(kDockerfile));
        for (int row = 0; row < 6; ++row) {
            QCOMPARE(stateOf(row), CacheState::Hit);
        }
        QString edited = kDockerfile;
        edited.replace("echo one", "echo ONE");
        planner()->setText(edited);
        QCOMPARE(stateOf(0), CacheState::Hit);
        QCOMPARE(stateOf(1), CacheState::Hit);
        for (int row = 2; row < 6; ++row) {
            QCOMPARE(stateOf(row), CacheState::Invalidated);
        }
        QSignalSpy planned(planner(), &PreviewPlanner::planned);
        QVERIFY(planned.wait(kStepMs));
        QCOMPARE(stateOf(1), CacheState::Hit);
        for (int row = 2; row < 6; ++row) {
            QCOMPARE(stateOf(row), CacheState::Rebuild);
        }
        QVERIFY(planText(kDockerfile));
        QCOMPARE(stateOf(5), CacheState::Hit);
    }

    // The COPY step's layer shows its file as added, in the layer and in the merged tree.
    void copyLayerShowsFiles() {
        preview_->selectLine(4);
        StepDetails* details = preview_->details();
        details->tabs()->setCurrentIndex(1);
        QList<QTreeWidgetItem*> found =
            details->fileTree()->findItems("data.txt", Qt::MatchRecursive | Qt::MatchExactly);
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first()->text(1), QString("added"));
        details->mergedToggle()->setChecked(true);
        QCOMPARE(
            details->fileTree()->findItems("one", Qt::MatchRecursive | Qt::MatchExactly).size(), 1);

        details->mergedToggle()->setChecked(false);
    }

    // Writing a file that a COPY reads marks that COPY and the steps after it.
    void contextFileMarksCopy() {
        QVERIFY(writeFile(context_.filePath("data.txt"), "second version\n"));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(3), CacheState::Invalidated, 5000);
        QCOMPARE(stateOf(2), CacheState::Hit);
        QCOMPARE(stateOf(4), CacheState::Invalidated);
        QSignalSpy planned(planner(), &PreviewPlanner::planned);
        QVERIFY(planned.wait(kStepMs));
        QCOMPARE(stateOf(3), CacheState::Rebuild);
    }

    // Files edited, added and removed in a copied directory reach the engine's plan
    // through the watcher and the kept manifest: the COPY would rebuild, and is cached
    // again once the directory is back as it was built.
    void copiedDirectoryFollowsChanges() {
        const QString one = context_.filePath("assets/a/one.txt");
        QVERIFY(writeFile(one, "one\n"));
        const QString text = "FROM busybox\nCOPY assets /assets\n";
        QVERIFY(writeFile(context_.filePath("Dockerfile.assets"), text.toUtf8()));
        CommandResult built = berthd_.docker(
            {"build", "-q", "-f", context_.filePath("Dockerfile.assets"), context_.path()}, {},
            kStepMs * 2);
        QVERIFY2(built.exitCode == 0, describe(built).constData());
        QVERIFY(planText(text));
        QCOMPARE(stateOf(1), CacheState::Hit);

        QVERIFY(writeFile(one, "ONE\n"));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(1), CacheState::Rebuild, kStepMs);
        QVERIFY(writeFile(one, "one\n"));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(1), CacheState::Hit, kStepMs);

        const QString added = context_.filePath("assets/a/b/added.txt");
        QVERIFY(writeFile(added, "added\n"));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(1), CacheState::Rebuild, kStepMs);
        QVERIFY(QDir(context_.filePath("assets/a/b")).removeRecursively());
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(1), CacheState::Hit, kStepMs);

        QVERIFY(writeFile(one, "one\n", 0755));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(1), CacheState::Rebuild, kStepMs);
        QVERIFY(writeFile(one, "one\n", 0644));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(1), CacheState::Hit, kStepMs);
    }

    // The configs that the rows build from the engine's ConfigChanges are those of a plan
    // that carries each step's whole Config.
    void configChangesMatchWholeConfigs() {
        const QString text = "FROM busybox\n"
                             "ENV A=1 B=2\n"
                             "LABEL one=1\n"
                             "ENV A=3\n"
                             "LABEL one=2 two=2\n"
                             "WORKDIR /srv\n"
                             "USER daemon\n"
                             "EXPOSE 80\n"
                             "VOLUME /data\n"
                             "ENTRYPOINT [\"env\"]\n"
                             "CMD [\"sh\"]\n";
        QVERIFY(planText(text));
        client::Client client(client::Endpoint::unixSocket(berthd_.socketPath().toStdString()));
        client::BuildRequest request;
        request.context.directory = context_.path().toStdString();
        request.context.dockerfileText = text.toStdString();
        auto whole = client.planBuild(request);
        QVERIFY2(whole, whole ? "" : whole.error().message.c_str());
        QVERIFY(!whole->dump().contains("ConfigChanges"));
        std::vector<PreviewStep> expected = parseSteps(text, CacheState::Pending);
        applyPlan(expected,
                  QJsonDocument::fromJson(QByteArray::fromStdString(whole->dump())).object());

        QCOMPARE(planner()->model()->rowCount(), int(expected.size()));
        for (int row = 0; row < int(expected.size()); ++row) {
            const StepConfig& config = planner()->model()->step(row)->config;
            const StepConfig& wanted = expected[std::size_t(row)].config;
            QCOMPARE(config.env, wanted.env);
            QCOMPARE(config.labels, wanted.labels);
            QCOMPARE(config.workdir, wanted.workdir);
            QCOMPARE(config.user, wanted.user);
            QCOMPARE(config.exposedPorts, wanted.exposedPorts);
            QCOMPARE(config.volumes, wanted.volumes);
            QCOMPARE(config.entrypoint, wanted.entrypoint);
            QCOMPARE(config.cmd, wanted.cmd);
        }
        const StepConfig& last = planner()->model()->step(10)->config;
        QVERIFY(last.env.contains(qMakePair(QString("A"), QString("3"))));
        QVERIFY(last.labels.contains(qMakePair(QString("two"), QString("2"))));
    }

    // The page with the preview and the build panel in its preview area: opening the
    // context fills the rows, and a failed build step marks its line in the editor.
    void pageShowsPreviewAndFailedLine() {
        DockerfilePage page;
        page.setUnsavedChangesPrompt([](const QString&) { return QMessageBox::Discard; });
        DockerfileStudio studio(&page, nullptr);
        studio.preview()->planner()->setDebounceInterval(kDebounceMs);
        QVERIFY(writeFile(context_.filePath("data.txt"), "first version\n"));
        QSignalSpy planned(studio.preview()->planner(), &PreviewPlanner::planned);
        QVERIFY(page.openFolder(context_.path()));
        studio.setConnection(connection_.get());
        page.resize(1400, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_VERIFY_WITH_TIMEOUT(!planned.isEmpty(), kStepMs);
        QTRY_COMPARE_WITH_TIMEOUT(studio.preview()->planner()->model()->rowCount(), 6, kStepMs);
        QTRY_COMPARE_WITH_TIMEOUT(studio.preview()->planner()->model()->step(5)->cache,
                                  CacheState::Hit, kStepMs);
        QCOMPARE(studio.buildPanel()->contextEdit()->text(), context_.path());

        const QString shots = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
        if (!shots.isEmpty()) {
            page.showLine(4, QString());
            studio.preview()->selectLine(4);
            QTest::qWait(300);
            QVERIFY(page.grab().save(shots + "/studio-dockerfile-preview.png"));
            studio.preview()->details()->tabs()->setCurrentIndex(1);
            QTest::qWait(100);
            QVERIFY(studio.preview()->grab().save(shots + "/studio-layer-files.png"));
        }

        page.editor()->setText("FROM busybox\nRUN true\nRUN exit 3\n");
        QSignalSpy finished(studio.buildPanel(), &BuildPanel::buildFinished);
        studio.buildPanel()->buildButton()->click();
        QVERIFY(finished.wait(kStepMs));
        QCOMPARE(finished.first().first().toBool(), false);
        QCOMPARE(page.editor()->markedLine(), 3);
        QVERIFY(studio.buildPanel()->log()->toPlainText().contains("non-zero code: 3"));
    }

    // Against an engine that returns 404 for the plan route, as Docker does, the rows
    // keep what parsing tells and the status says the cache status is unavailable.
    void noPlanEndpointParsesOnly() {
        QTemporaryDir socketDir;
        const std::string socket = socketDir.filePath("fake.sock").toStdString();
        test::FakeEngineServer server(socket, [](const test::FakeRequest& request) {
            if (request.target == "/_ping") {
                return test::FakeResponse::raw(200, "text/plain", "OK", "Api-Version: 1.43\r\n");
            }
            return test::FakeResponse::json(404, R"({"message":"page not found"})");
        });
        EngineConnection docker(client::Endpoint::unixSocket(socket));
        LayerPreview preview;
        preview.setConnection(&docker);
        preview.planner()->setContext(context_.path(), "Dockerfile");
        QSignalSpy available(preview.planner(), &PreviewPlanner::cacheStatusAvailabilityChanged);
        QSignalSpy planned(preview.planner(), &PreviewPlanner::planned);
        preview.planner()->setText(kDockerfile);
        QVERIFY(planned.wait(kStepMs));
        QCOMPARE(available.size(), 1);
        QCOMPARE(available.first().first().toBool(), false);
        QCOMPARE(preview.planner()->model()->rowCount(), 6);
        QCOMPARE(preview.planner()->model()->step(2)->kind, StepKind::Layer);
        QCOMPARE(preview.planner()->model()->step(1)->kind, StepKind::Config);
        QCOMPARE(preview.planner()->model()->step(2)->cache, CacheState::Unavailable);
        QVERIFY2(preview.statusText().contains("unavailable"), qPrintable(preview.statusText()));
    }
};

QTEST_MAIN(StudioLayerPreviewTest)
#include "tst_studio_layer_preview.moc"
