// POST /berth/build/plan through the project's client: the cache status of each step, the
// cached layers' files, age and wasted bytes, ONBUILD triggers of the base image, a plan
// that never downloads an ADD URL, plans from a manifest of the context agreeing with
// builds from its tar, and plans on a manifest the engine keeps.

#include "berthd_fixture.h"
#include "client/client.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <thread>

namespace {

using berth::client::BuildRequest;
using berth::client::Json;

bool writeFile(const QString& path, const QByteArray& content) {
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) >= 0;
}

QString statusOf(const Json& plan, std::size_t step) {
    return QString::fromStdString(plan["Steps"][step].value("CacheStatus", ""));
}

// The entry for path in a step's layer changes, or null.
Json changeOf(const Json& plan, std::size_t step, const std::string& path) {
    const Json& stepEntry = plan["Steps"][step];
    if (!stepEntry.contains("Layer")) {
        return nullptr;
    }
    for (const Json& change : stepEntry["Layer"]["Changes"]) {
        if (change.value("Path", "") == path) {
            return change;
        }
    }
    return nullptr;
}

} // namespace

class TestApiBuildPlan : public QObject {
    Q_OBJECT

private:
    BerthdFixture daemon_;
    std::unique_ptr<berth::client::Client> client_;

    BuildRequest request(const QTemporaryDir& context, const QString& dockerfileText = {}) {
        BuildRequest request;
        request.context.directory = context.path().toStdString();
        if (!dockerfileText.isEmpty()) {
            request.context.dockerfile = ".berth-editor.Dockerfile";
            request.context.dockerfileText = dockerfileText.toStdString();
        }
        return request;
    }

    QString build(const QTemporaryDir& context, const QString& tag) {
        BuildRequest build = request(context);
        build.tags = {tag.toStdString()};
        auto built = client_->buildImage(build, {});
        return built ? QString() : QString::fromStdString(built.error().message);
    }

    // Builds from the tar and returns, per step, whether the build took it from the cache
    // ("hit") or ran it ("rebuild"), or the error.
    QStringList buildStatuses(const QTemporaryDir& context) {
        QStringList statuses;
        auto built = client_->buildImage(request(context), [&](const Json& message) {
            const QString text = QString::fromStdString(message.value("stream", ""));
            if (text.startsWith("Step ")) {
                statuses << "rebuild";
            } else if (text.contains("Using cache") && !statuses.isEmpty()) {
                statuses.last() = "hit";
            }
        });
        if (!built) {
            return {"error: " + QString::fromStdString(built.error().message)};
        }
        return statuses;
    }

    QStringList planStatuses(const Json& plan) {
        QStringList statuses;
        for (const Json& step : plan["Steps"]) {
            statuses << QString::fromStdString(step.value("CacheStatus", ""));
        }
        return statuses;
    }

private slots:
    void initTestCase() {
        if (QString missing = BerthdFixture::missingPrerequisite(); !missing.isEmpty()) {
            QSKIP(qPrintable(missing));
        }
        QString error = daemon_.startWithBusybox();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        client_ = std::make_unique<berth::client::Client>(
            berth::client::Endpoint::unixSocket(daemon_.socketPath().toStdString()));
    }

    void cleanup() {
        QStringList problems = daemon_.removeAllContainers();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void cleanupTestCase() {
        client_.reset();
        QStringList problems = daemon_.stop();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    // Before a build every step after FROM would rebuild; after it every step is a hit
    // with its layer's size, the time it ran and the files it added.
    void cacheHitAfterBuild() {
        QTemporaryDir context;
        QVERIFY(writeFile(context.filePath("Dockerfile"),
                          "FROM busybox\nENV MODE=plan\nCOPY data.txt /srv/data.txt\n"
                          "RUN echo ran > /srv/ran.txt\n"));
        QVERIFY(writeFile(context.filePath("data.txt"), "twelve bytes"));

        auto before = client_->planBuild(request(context));
        QVERIFY2(before, before ? "" : before.error().message.c_str());
        QCOMPARE((*before)["Steps"].size(), std::size_t(4));
        QCOMPARE(statusOf(*before, 0), QString("hit"));
        for (std::size_t i = 1; i < 4; ++i) {
            QCOMPARE(statusOf(*before, i), QString("rebuild"));
        }

        QString error = build(context, "plan-hit:v1");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        auto after = client_->planBuild(request(context));
        QVERIFY(after);
        for (std::size_t i = 1; i < 4; ++i) {
            QCOMPARE(statusOf(*after, i), QString("hit"));
        }
        const Json& copy = (*after)["Steps"][2];
        QVERIFY(copy.contains("LastRun"));
        QVERIFY(copy["LayerSize"].get<int64_t>() >= 12);
        Json added = changeOf(*after, 2, "/srv/data.txt");
        QVERIFY2(!added.is_null(), copy.dump().c_str());
        QCOMPARE(QString::fromStdString(added["Kind"]), QString("added"));
        QCOMPARE(added["Size"].get<int64_t>(), int64_t(12));
        Json ran = changeOf(*after, 3, "/srv/ran.txt");
        QVERIFY2(!ran.is_null(), (*after)["Steps"][3].dump().c_str());
        QCOMPARE(QString::fromStdString(changeOf(*after, 3, "/srv")["Kind"]), QString("modified"));
    }

    void manifestPlanAgreesWithBuild_data() {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QStringList>("expected");
        const QStringList allHit{"hit", "hit", "hit"};
        QTest::newRow("nothing changed") << "none" << allHit;
        QTest::newRow("a file touched") << "touch" << allHit;
        QTest::newRow("an ignored file changed") << "ignored" << allHit;
        QTest::newRow("same size, new content")
            << "content" << QStringList{"hit", "rebuild", "rebuild"};
        QTest::newRow("a mode changed") << "mode" << QStringList{"hit", "rebuild", "rebuild"};
        QTest::newRow("a file added") << "added" << QStringList{"hit", "rebuild", "rebuild"};
        QTest::newRow("a symlink retargeted") << "symlink" << QStringList{"hit", "hit", "rebuild"};
        QTest::newRow("the second COPY's file") << "top" << QStringList{"hit", "hit", "rebuild"};
    }

    // The rule that a plan from a manifest of the context finds the cache as a build from
    // its tar does: after each change, the plan's hits are the steps the build takes from
    // the cache.
    void manifestPlanAgreesWithBuild() {
        QFETCH(QString, change);
        QFETCH(QStringList, expected);
        QTemporaryDir context;
        QVERIFY(writeFile(context.filePath("Dockerfile"),
                          "FROM busybox\nCOPY src /src\nCOPY top.txt link /top/\n"));
        QVERIFY(writeFile(context.filePath(".dockerignore"), "src/*.log\n"));
        QVERIFY(writeFile(context.filePath("src/a.txt"), "alpha"));
        QVERIFY(writeFile(context.filePath("src/deep/b.txt"), "beta"));
        QVERIFY(writeFile(context.filePath("src/skip.log"), "skipped"));
        QVERIFY(writeFile(context.filePath("top.txt"), "top"));
        QVERIFY(writeFile(context.filePath("other.txt"), "other"));
        QVERIFY(QFile::link("src/a.txt", context.filePath("link")));
        QCOMPARE(buildStatuses(context).size(), 3);

        if (change == "touch") {
            QFile file(context.filePath("src/a.txt"));
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.setFileTime(QDateTime::currentDateTime().addSecs(-7200),
                                     QFileDevice::FileModificationTime));
        } else if (change == "ignored") {
            QVERIFY(writeFile(context.filePath("src/skip.log"), "changed, and longer"));
        } else if (change == "content") {
            QVERIFY(writeFile(context.filePath("src/a.txt"), "ALPHA"));
        } else if (change == "mode") {
            QVERIFY(QFile::setPermissions(context.filePath("src/deep/b.txt"),
                                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        } else if (change == "added") {
            QVERIFY(writeFile(context.filePath("src/deep/new.txt"), "new"));
        } else if (change == "symlink") {
            QVERIFY(QFile::remove(context.filePath("link")));
            QVERIFY(QFile::link("src/deep/b.txt", context.filePath("link")));
        } else if (change == "top") {
            QVERIFY(writeFile(context.filePath("top.txt"), "TOP"));
        }

        auto plan = client_->planBuild(request(context));
        QVERIFY2(plan, plan ? "" : plan.error().message.c_str());
        const QStringList planned = planStatuses(*plan);
        QCOMPARE(planned, expected);
        // The build stream marks no FROM as taken from the cache.
        QCOMPARE(buildStatuses(context), QStringList{"rebuild"} + planned.mid(1));
    }

    // The tar form of the plan, for clients without manifests, gives the same statuses.
    void tarPlanMatchesManifestPlan() {
        QTemporaryDir context;
        QVERIFY(writeFile(context.filePath("Dockerfile"),
                          "FROM busybox\nCOPY data /data\nRUN echo ran > /ran.txt\n"));
        QVERIFY(writeFile(context.filePath("data/one.txt"), "one"));
        QString error = build(context, "plan-tar:v1");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(writeFile(context.filePath("data/two.txt"), "two"));
        BuildRequest tar = request(context);
        tar.planWithTar = true;
        auto fromTar = client_->planBuild(tar);
        QVERIFY2(fromTar, fromTar ? "" : fromTar.error().message.c_str());
        auto fromManifest = client_->planBuild(request(context));
        QVERIFY(fromManifest);
        QCOMPARE(planStatuses(*fromTar), (QStringList{"hit", "rebuild", "rebuild"}));
        QCOMPARE(planStatuses(*fromManifest), planStatuses(*fromTar));
        const std::string manifestKey = (*fromManifest)["Steps"][1].value("CacheKey", "");
        QVERIFY(!manifestKey.empty());
        QCOMPARE(manifestKey, (*fromTar)["Steps"][1].value("CacheKey", ""));
    }

    // Plans with a kept manifest send the editor's text on the engine's copy of the
    // manifest, follow a changed file once it is marked, and still plan after a restart
    // of the engine, which loses the copy.
    void keptManifestPlans() {
        QTemporaryDir context;
        const QString text = "FROM busybox\nCOPY data /data\n";
        QVERIFY(writeFile(context.filePath("Dockerfile"), text.toUtf8()));
        QVERIFY(writeFile(context.filePath("data/one.txt"), "one"));
        QString error = build(context, "plan-kept:v1");
        QVERIFY2(error.isEmpty(), qPrintable(error));

        BuildRequest kept = request(context, text);
        kept.manifestCache = std::make_shared<berth::client::ContextManifestCache>();
        auto first = client_->planBuild(kept);
        QVERIFY2(first, first ? "" : first.error().message.c_str());
        QCOMPARE(planStatuses(*first), (QStringList{"hit", "hit"}));

        kept.context.dockerfileText = (text + "RUN true\n").toStdString();
        auto edited = client_->planBuild(kept);
        QVERIFY2(edited, edited ? "" : edited.error().message.c_str());
        QCOMPARE(planStatuses(*edited), (QStringList{"hit", "hit", "rebuild"}));

        QVERIFY(writeFile(context.filePath("data/one.txt"), "ONE"));
        kept.manifestCache->markChanged("data/one.txt");
        auto changed = client_->planBuild(kept);
        QVERIFY2(changed, changed ? "" : changed.error().message.c_str());
        QCOMPARE(planStatuses(*changed), (QStringList{"hit", "rebuild", "rebuild"}));

        error = daemon_.killAndRestart();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        auto restarted = client_->planBuild(kept);
        QVERIFY2(restarted, restarted ? "" : restarted.error().message.c_str());
        QCOMPARE(planStatuses(*restarted), (QStringList{"hit", "rebuild", "rebuild"}));

        const HttpResult unknown = daemon_.request("POST", "/berth/build/plan",
                                                   R"({"BaseManifest":"sha256:)" +
                                                       QByteArray(64, '0') + R"(","Files":[]})");
        QCOMPARE(unknown.status, 404);
        QVERIFY2(unknown.body.contains("send the whole manifest"), unknown.body.constData());
    }

    // An edit of step 3 in the editor's unsaved text keeps the steps above it as hits and
    // turns it and every later step into "rebuild".
    void editedStepRebuilds() {
        QTemporaryDir context;
        const QString text = "FROM busybox\nRUN echo one > /one\nRUN echo two > /two\n"
                             "RUN echo three > /three\n";
        QVERIFY(writeFile(context.filePath("Dockerfile"), text.toUtf8()));
        QString error = build(context, "plan-edit:v1");
        QVERIFY2(error.isEmpty(), qPrintable(error));

        QString edited = text;
        edited.replace("echo two", "echo TWO");
        auto plan = client_->planBuild(request(context, edited));
        QVERIFY(plan);
        QCOMPARE(statusOf(*plan, 1), QString("hit"));
        QCOMPARE(statusOf(*plan, 2), QString("rebuild"));
        QCOMPARE(statusOf(*plan, 3), QString("rebuild"));
        QCOMPARE((*plan)["Steps"][2]["Range"]["Start"]["Line"].get<int>(), 3);
    }

    // A file written by one step and deleted by a later one is wasted in the first layer,
    // and the efficiency lists that step's line first.
    void wasteOfDeletedFile() {
        QTemporaryDir context;
        QVERIFY(writeFile(context.filePath("Dockerfile"),
                          "FROM busybox\nRUN head -c 10000 /dev/zero > /big\n"
                          "RUN echo small > /small\nRUN rm /big\n"));
        QString error = build(context, "plan-waste:v1");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        auto plan = client_->planBuild(request(context));
        QVERIFY(plan);
        QCOMPARE((*plan)["Steps"][1]["WastedBytes"].get<int64_t>(), int64_t(10000));
        QCOMPARE((*plan)["Steps"][2]["WastedBytes"].get<int64_t>(), int64_t(0));
        Json deleted = changeOf(*plan, 3, "/big");
        QVERIFY2(!deleted.is_null(), (*plan)["Steps"][3].dump().c_str());
        QCOMPARE(QString::fromStdString(deleted["Kind"]), QString("deleted"));
        QCOMPARE(deleted["Size"].get<int64_t>(), int64_t(10000));
        const Json& efficiency = (*plan)["Efficiency"];
        QCOMPARE(efficiency["WastedBytes"].get<int64_t>(), int64_t(10000));
        QCOMPARE(efficiency["Lines"][0]["Line"].get<int>(), 2);
    }

    // The rule that waste counts the stage's whole image as dive does: a file of the base
    // image's layer that the Dockerfile deletes is wasted, on the FROM line.
    void wasteInBaseImage() {
        QTemporaryDir base;
        QVERIFY(writeFile(base.filePath("Dockerfile"),
                          "FROM busybox\nRUN head -c 20000 /dev/zero > /base.bin\n"));
        QString error = build(base, "plan-waste-base:v1");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QTemporaryDir context;
        QVERIFY(writeFile(context.filePath("Dockerfile"),
                          "FROM plan-waste-base:v1\nRUN head -c 3000 /dev/zero > /own.bin\n"
                          "RUN rm /base.bin /own.bin\n"));
        error = build(context, "plan-waste-child:v1");
        QVERIFY2(error.isEmpty(), qPrintable(error));

        auto plan = client_->planBuild(request(context));
        QVERIFY2(plan, plan ? "" : plan.error().message.c_str());
        QCOMPARE((*plan)["Steps"][0]["WastedBytes"].get<int64_t>(), int64_t(20000));
        QCOMPARE((*plan)["Steps"][1]["WastedBytes"].get<int64_t>(), int64_t(3000));
        QCOMPARE((*plan)["Steps"][2]["WastedBytes"].get<int64_t>(), int64_t(0));
        const Json& efficiency = (*plan)["Efficiency"];
        QCOMPARE(efficiency["WastedBytes"].get<int64_t>(), int64_t(23000));
        QCOMPARE(efficiency["Lines"][0]["Line"].get<int>(), 1);
        QCOMPARE(efficiency["Lines"][0]["WastedBytes"].get<int64_t>(), int64_t(20000));
        QCOMPARE(efficiency["Lines"][1]["Line"].get<int>(), 2);
        // The base's busybox binary and the two files are held; the score counts them all.
        const int64_t imageBytes = efficiency["ImageBytes"].get<int64_t>();
        QVERIFY2(imageBytes > 23000, efficiency.dump().c_str());
        QCOMPARE(efficiency["Score"].get<double>(), 1.0 - 23000.0 / double(imageBytes));
        QCOMPARE(efficiency["Stages"].size(), std::size_t(1));
        QCOMPARE(efficiency["Stages"][0]["WastedBytes"].get<int64_t>(), int64_t(23000));
    }

    // The base image's ONBUILD triggers are planned as the build runs them, so the steps
    // after FROM hit the cache after a build.
    void onbuildTriggersPlanned() {
        QTemporaryDir parent;
        QVERIFY(writeFile(parent.filePath("Dockerfile"),
                          "FROM busybox\nONBUILD RUN echo triggered > /trigger.txt\n"));
        QString error = build(parent, "plan-onbuild:v1");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QTemporaryDir child;
        QVERIFY(writeFile(child.filePath("Dockerfile"),
                          "FROM plan-onbuild:v1\nRUN echo child > /child.txt\n"));
        error = build(child, "plan-onbuild-child:v1");
        QVERIFY2(error.isEmpty(), qPrintable(error));

        auto plan = client_->planBuild(request(child));
        QVERIFY(plan);
        const Json& from = (*plan)["Steps"][0];
        QVERIFY2(from.contains("Triggers"), from.dump().c_str());
        QCOMPARE(from["Triggers"].size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(from["Triggers"][0]["CacheStatus"]), QString("hit"));
        QCOMPARE(statusOf(*plan, 1), QString("hit"));
    }

    // Plans of a tar share a kept copy of the context, so a file removed from the context must
    // leave it: the COPY that matched it would rebuild.
    void removedFileLeavesPlanContext() {
        QTemporaryDir context;
        QVERIFY(writeFile(context.filePath("Dockerfile"), "FROM busybox\nCOPY *.txt /t/\n"));
        QVERIFY(writeFile(context.filePath("a.txt"), "a"));
        QVERIFY(writeFile(context.filePath("b.txt"), "b"));
        QString error = build(context, "plan-removed:v1");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        BuildRequest tar = request(context);
        tar.planWithTar = true;
        auto before = client_->planBuild(tar);
        QVERIFY(before);
        QCOMPARE(statusOf(*before, 1), QString("hit"));

        QVERIFY(QFile::remove(context.filePath("b.txt")));
        auto after = client_->planBuild(tar);
        QVERIFY(after);
        QCOMPARE(statusOf(*after, 1), QString("rebuild"));
        QVERIFY(!QFileInfo::exists(daemon_.dataRoot() + "/build/plan-context/b.txt"));
    }

    // ADD from a URL is "unknown" in a plan, and planning it opens no connection.
    void addUrlNotDownloaded() {
        QTemporaryDir context;
        QVERIFY(writeFile(context.filePath("Dockerfile"),
                          "FROM busybox\nADD http://127.0.0.1:9/never.txt /never.txt\n"
                          "RUN true\n"));
        QElapsedTimer timer;
        timer.start();
        auto plan = client_->planBuild(request(context));
        QVERIFY2(plan, plan ? "" : plan.error().message.c_str());
        QVERIFY(timer.elapsed() < 5000);
        QCOMPARE(statusOf(*plan, 1), QString("unknown"));
        QVERIFY(QString::fromStdString((*plan)["Steps"][1].value("Error", ""))
                    .contains("does not download"));
        QCOMPARE(statusOf(*plan, 2), QString("unknown"));
    }

    // A base image the engine does not have makes every step unknown, not a failed plan.
    void missingBaseIsUnknown() {
        QTemporaryDir context;
        QVERIFY(writeFile(context.filePath("Dockerfile"), "FROM nosuch:v9\nRUN true\n"));
        auto plan = client_->planBuild(request(context));
        QVERIFY2(plan, plan ? "" : plan.error().message.c_str());
        QCOMPARE(statusOf(*plan, 0), QString("unknown"));
        QCOMPARE(statusOf(*plan, 1), QString("unknown"));
    }

    // Cancelling a build closes its connection: the engine stops the RUN step, removes its
    // container and tags nothing.
    void cancelStopsBuild() {
        QTemporaryDir context;
        QVERIFY(writeFile(context.filePath("Dockerfile"),
                          "FROM busybox\nRUN echo started && sleep 60\n"));
        BuildRequest build = request(context);
        build.tags = {"plan-cancel:v1"};
        berth::client::CancelToken cancel;
        std::atomic<bool> running = false;
        std::atomic<bool> finished = false;
        std::string error;
        std::thread worker([&] {
            auto built = client_->buildImage(
                build,
                [&](const Json& message) {
                    if (message.value("stream", "").find("Running in") != std::string::npos) {
                        running = true;
                    }
                },
                &cancel);
            error = built ? std::string() : built.error().message;
            finished = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(running.load(), 20000);
        QVERIFY(!daemon_.docker({"ps", "-q"}).out.trimmed().isEmpty());
        cancel.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(finished.load(), 10000);
        worker.join();
        QVERIFY(!error.empty());

        QTRY_VERIFY_WITH_TIMEOUT(daemon_.docker({"ps", "-aq"}).out.trimmed().isEmpty(), 10000);
        QVERIFY(daemon_.docker({"image", "inspect", "plan-cancel:v1"}).exitCode != 0);
    }
};

QTEST_GUILESS_MAIN(TestApiBuildPlan)
#include "tst_api_build_plan.moc"
