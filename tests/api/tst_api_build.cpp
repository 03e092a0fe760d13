// docker build (the classic builder protocol) through the stock docker CLI against a
// private berthd: each instruction, the layer cache, .dockerignore, multi-stage builds and
// failed builds.

#include "busybox_test_case.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

namespace {

QString text(const QByteArray& bytes) {
    return QString::fromUtf8(bytes).trimmed();
}

} // namespace

class TestApiBuild : public BusyboxTestCase {
    Q_OBJECT

private:
    CommandResult build(const QString& contextDir, const QStringList& flags) {
        return daemon_.docker(QStringList{"build"} + flags + QStringList{contextDir}, {}, 120000);
    }

    // The sorted names of every volume.
    QStringList volumeNames() {
        CommandResult listed = daemon_.docker({"volume", "ls", "-q"});
        if (listed.exitCode != 0) {
            return {QString::fromUtf8(describe(listed))};
        }
        QStringList names = text(listed.out).split('\n', Qt::SkipEmptyParts);
        names.sort();
        return names;
    }

    QJsonObject imageConfig(const QString& image) {
        CommandResult result = daemon_.docker({"image", "inspect", image});
        return QJsonDocument::fromJson(result.out).array().first().toObject()["Config"].toObject();
    }

private slots:
    // The CLI picks the classic builder from the ping's Builder-Version header, with no
    // DOCKER_BUILDKIT in the environment.
    void buildAppliesEachInstruction() {
        auto context = makeFileTree({
            {"Dockerfile", "FROM busybox\n"
                           "LABEL maintainer=\"devops\" stage=test\n"
                           "ENV GREETING=hello TARGET=world\n"
                           "ARG SUFFIX=!\n"
                           "WORKDIR /app\n"
                           "COPY hello.txt ./\n"
                           "COPY tree/ /app/tree/\n"
                           "COPY --chown=7:8 --chmod=600 hello.txt /owned.txt\n"
                           "COPY hello.txt /etc\n"
                           "RUN echo \"$GREETING $TARGET$SUFFIX\" > greeting.txt && "
                           "rm /var/www/index.html\n"
                           "EXPOSE 80 53/udp\n"
                           "VOLUME /data\n"
                           "USER 0\n"
                           "STOPSIGNAL SIGINT\n"
                           "ENTRYPOINT [\"sh\", \"-c\"]\n"
                           "CMD [\"cat /app/greeting.txt\"]\n"},
            {"hello.txt", "hello file\n"},
            {"tree/a/b.txt", "deep\n"},
        });
        QVERIFY(context);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        QVERIFY(!env.contains("DOCKER_BUILDKIT"));
        CommandResult built = build(context->path(), {"-t", "each:v1"});
        QVERIFY2(built.exitCode == 0, describe(built));
        QVERIFY2(built.out.contains("Step 16/16 : CMD"), describe(built));
        QVERIFY2(built.out.contains("Successfully tagged each:v1"), describe(built));

        QCOMPARE(daemon_.runOutput({"each:v1"}), QString("hello world!"));
        QCOMPARE(daemon_.runOutput({"--entrypoint", "cat", "each:v1", "/app/hello.txt"}),
                 QString("hello file"));
        QCOMPARE(daemon_.runOutput({"--entrypoint", "cat", "each:v1", "/app/tree/a/b.txt"}),
                 QString("deep"));
        QCOMPARE(daemon_.runOutput({"each:v1", "stat -c '%u:%g %a' /owned.txt"}),
                 QString("7:8 600"));
        QCOMPARE(daemon_.runOutput({"each:v1", "ls /var/www | wc -l"}), QString("0"));
        QCOMPARE(daemon_.runOutput(
                     {"each:v1", "cat /etc/hello.txt && test -f /etc/passwd && echo kept"}),
                 QString("hello file\nkept"));
        QCOMPARE(daemon_.runOutput({"each:v1", "pwd"}), QString("/app"));

        QJsonObject config = imageConfig("each:v1");
        QVERIFY(config["ExposedPorts"].toObject().contains("80/tcp"));
        QVERIFY(config["ExposedPorts"].toObject().contains("53/udp"));
        QVERIFY(config["Volumes"].toObject().contains("/data"));
        QCOMPARE(config["Labels"].toObject()["stage"].toString(), QString("test"));
        QCOMPARE(config["Labels"].toObject()["maintainer"].toString(), QString("devops"));
        QCOMPARE(config["StopSignal"].toString(), QString("SIGINT"));
        QCOMPARE(config["WorkingDir"].toString(), QString("/app"));
        QCOMPARE(config["User"].toString(), QString("0"));
        QVERIFY(config["Env"].toArray().contains(QJsonValue("GREETING=hello")));
        QVERIFY2(!QJsonDocument(config).toJson().contains("SUFFIX"),
                 "a build arg must not stay in the image's environment");
    }

    void addExtractsLocalArchive() {
        auto context = makeFileTree({{"Dockerfile", "FROM busybox\n"
                                                    "ADD src.tar.gz /usr/local/src/\n"
                                                    "COPY src.tar.gz /kept/\n"}});
        QVERIFY(context);
        QVERIFY(writeTestFile(context->filePath("tree/app-1.0/configure"), "#!/bin/sh\necho ok\n"));
        QProcess tar;
        tar.start("tar", {"-czf", context->filePath("src.tar.gz"), "-C", context->filePath("tree"),
                          "app-1.0"});
        QVERIFY(tar.waitForFinished(10000) && tar.exitCode() == 0);
        QVERIFY(QDir(context->filePath("tree")).removeRecursively());

        CommandResult built = build(context->path(), {"-t", "added:v1"});
        QVERIFY2(built.exitCode == 0, describe(built));
        QCOMPARE(daemon_.runOutput({"added:v1", "cat", "/usr/local/src/app-1.0/configure"}),
                 QString("#!/bin/sh\necho ok"));
        QCOMPARE(daemon_.runOutput({"added:v1", "ls", "/kept"}), QString("src.tar.gz"));
    }

    // Building the same 20 steps again takes every step from the cache.
    void rebuildHitsCacheEveryStep() {
        QByteArray dockerfile = "FROM busybox\nCOPY small.txt /small.txt\n";
        for (int i = 0; i < 9; ++i) {
            dockerfile += QByteArray("ENV STEP") + QByteArray::number(i) + "=" +
                          QByteArray::number(i) + "\nRUN echo " + QByteArray::number(i) +
                          " >> /steps.txt\n";
        }
        auto context = makeFileTree({{"Dockerfile", dockerfile}, {"small.txt", "small\n"}});
        QVERIFY(context);
        CommandResult first = build(context->path(), {"-t", "twenty:v1"});
        QVERIFY2(first.exitCode == 0, describe(first));
        QVERIFY2(first.out.contains("Step 20/20"), describe(first));

        CommandResult second = build(context->path(), {"-t", "twenty:v2"});
        QVERIFY2(second.exitCode == 0, describe(second));
        QCOMPARE(second.out.count("Using cache"), 19);
        QCOMPARE(imageConfig("twenty:v1"), imageConfig("twenty:v2"));
        CommandResult ids = daemon_.docker({"images", "-q", "twenty"});
        QCOMPARE(text(ids.out).split('\n').removeDuplicates(), 1);
    }

    // A changed source file invalidates its COPY and every later step, but not earlier ones.
    void changedFileInvalidatesLaterSteps() {
        auto context = makeFileTree({{"Dockerfile", "FROM busybox\nRUN echo a > /a\n"
                                                    "COPY f.txt /f.txt\nRUN cat /f.txt > /g\n"},
                                     {"f.txt", "one\n"}});
        QVERIFY(context);
        QVERIFY(build(context->path(), {"-t", "inval:v1"}).exitCode == 0);
        QVERIFY(writeTestFile(context->filePath("f.txt"), "two\n"));
        CommandResult rebuilt = build(context->path(), {"-t", "inval:v2"});
        QVERIFY2(rebuilt.exitCode == 0, describe(rebuilt));
        QCOMPARE(rebuilt.out.count("Using cache"), 1);
        QCOMPARE(daemon_.runOutput({"inval:v2", "cat", "/g"}), QString("two"));

        CommandResult noCache = build(context->path(), {"--no-cache", "-t", "inval:v3"});
        QVERIFY2(noCache.exitCode == 0, describe(noCache));
        QCOMPARE(noCache.out.count("Using cache"), 0);
    }

    // docker builder prune clears the cache, so the next build runs every step again. docker
    // system prune, which prunes the build cache too, succeeds.
    void builderPruneForgetsCache() {
        auto context = makeFileTree({{"Dockerfile", "FROM busybox\nRUN echo a > /a\n"}});
        QVERIFY(context);
        QVERIFY(build(context->path(), {"-t", "pruned:v1"}).exitCode == 0);
        CommandResult cached = build(context->path(), {"-t", "pruned:v1"});
        QCOMPARE(cached.out.count("Using cache"), 1);

        CommandResult pruned = daemon_.docker({"builder", "prune", "-f"});
        QVERIFY2(pruned.exitCode == 0, describe(pruned));
        CommandResult rebuilt = build(context->path(), {"-t", "pruned:v2"});
        QVERIFY2(rebuilt.exitCode == 0, describe(rebuilt));
        QCOMPARE(rebuilt.out.count("Using cache"), 0);

        CommandResult system = daemon_.docker({"system", "prune", "-f"});
        QVERIFY2(system.exitCode == 0, describe(system));
        QCOMPARE(daemon_.runOutput({"pruned:v2", "cat", "/a"}), QString("a"));
    }

    void dockerignoreExcludesFiles() {
        auto context = makeFileTree({{"Dockerfile", "FROM busybox\nCOPY . /ctx/\n"},
                                     {".dockerignore", "secret*\n!secret-ok\n**/*.log\n"},
                                     {"keep.txt", "k"},
                                     {"secret-key", "s"},
                                     {"secret-ok", "o"},
                                     {"sub/deep/trace.log", "l"},
                                     {"sub/deep/note.txt", "n"}});
        QVERIFY(context);
        CommandResult built = build(context->path(), {"-t", "ignored:v1"});
        QVERIFY2(built.exitCode == 0, describe(built));
        QString listing = daemon_.runOutput({"ignored:v1", "find", "/ctx", "-type", "f"});
        QVERIFY2(listing.contains("/ctx/keep.txt"), qPrintable(listing));
        QVERIFY2(listing.contains("/ctx/secret-ok"), qPrintable(listing));
        QVERIFY2(listing.contains("/ctx/sub/deep/note.txt"), qPrintable(listing));
        QVERIFY2(!listing.contains("secret-key"), qPrintable(listing));
        QVERIFY2(!listing.contains("trace.log"), qPrintable(listing));

        auto excluded = makeFileTree({{"Dockerfile", "FROM busybox\nCOPY secret-key /\n"},
                                      {".dockerignore", "secret*\n"},
                                      {"secret-key", "s"}});
        CommandResult refused = build(excluded->path(), {"-t", "ignored:v2"});
        QVERIFY(refused.exitCode != 0);
        QVERIFY2(refused.err.contains("excluded by .dockerignore"), describe(refused));
    }

    void multiStageCopiesFromStage() {
        auto context = makeFileTree(
            {{"Dockerfile", "FROM busybox AS builder\nRUN mkdir /out && echo built > /out/app\n"
                            "FROM busybox AS unused\nRUN exit 7\n"
                            "FROM busybox\nCOPY --from=builder /out/app /usr/bin/app\n"
                            "CMD [\"cat\", \"/usr/bin/app\"]\n"}});
        QVERIFY(context);
        CommandResult built = build(context->path(), {"-t", "multi:v1"});
        QVERIFY2(built.exitCode == 0, describe(built));
        QCOMPARE(daemon_.runOutput({"multi:v1"}), QString("built"));

        CommandResult target = build(context->path(), {"--target", "builder", "-t", "multi:b"});
        QVERIFY2(target.exitCode == 0, describe(target));
        QCOMPARE(daemon_.runOutput({"multi:b", "cat", "/out/app"}), QString("built"));
        QVERIFY(imageConfig("multi:b")["Cmd"].toArray() != QJsonArray({"cat", "/usr/bin/app"}));
    }

    // A file deleted by a later step stays in the earlier layer and is hidden by a whiteout.
    void deletedFileIsHidden() {
        auto context = makeFileTree({{"Dockerfile", "FROM busybox\n"
                                                    "RUN head -c 100000 /dev/zero > /big\n"
                                                    "RUN rm /big /etc/group\n"}});
        QVERIFY(context);
        QVERIFY(build(context->path(), {"-t", "hidden:v1"}).exitCode == 0);
        QCOMPARE(daemon_.runOutput({"hidden:v1", "sh", "-c", "test -e /big; echo $?"}),
                 QString("1"));
        QCOMPARE(daemon_.runOutput({"hidden:v1", "sh", "-c", "test -e /etc/group; echo $?"}),
                 QString("1"));
        CommandResult history = daemon_.docker({"history", "hidden:v1"});
        QVERIFY2(history.out.contains("100kB"), describe(history));
    }

    // ONBUILD triggers run at the start of a build FROM the image, once: the child keeps
    // no triggers, so a grandchild does not run them again.
    void onbuildRunsOnceInChild() {
        auto parent = makeFileTree({{"Dockerfile", "FROM busybox\n"
                                                   "ONBUILD COPY trigger.txt /trigger.txt\n"
                                                   "ONBUILD RUN echo ran >> /runs.log\n"}});
        QVERIFY(parent);
        CommandResult builtParent = build(parent->path(), {"-t", "onbuild-parent:v1"});
        QVERIFY2(builtParent.exitCode == 0, describe(builtParent));
        QCOMPARE(imageConfig("onbuild-parent:v1")["OnBuild"].toArray().size(), 2);

        auto child = makeFileTree({{"Dockerfile", "FROM onbuild-parent:v1\nENV CHILD=1\n"},
                                   {"trigger.txt", "from the child context"}});
        QVERIFY(child);
        CommandResult builtChild = build(child->path(), {"-t", "onbuild-child:v1"});
        QVERIFY2(builtChild.exitCode == 0, describe(builtChild));
        QVERIFY2(builtChild.out.contains("Executing 2 build triggers"), describe(builtChild));
        QCOMPARE(daemon_.runOutput({"onbuild-child:v1", "cat", "/trigger.txt"}),
                 QString("from the child context"));
        QCOMPARE(daemon_.runOutput({"onbuild-child:v1", "cat", "/runs.log"}), QString("ran"));
        QVERIFY(imageConfig("onbuild-child:v1")["OnBuild"].toArray().isEmpty());

        auto grandchild = makeFileTree({{"Dockerfile", "FROM onbuild-child:v1\n"
                                                       "RUN echo grandchild >> /runs.log\n"}});
        QVERIFY(grandchild);
        CommandResult builtGrandchild = build(grandchild->path(), {"-t", "onbuild-grand:v1"});
        QVERIFY2(builtGrandchild.exitCode == 0, describe(builtGrandchild));
        QCOMPARE(daemon_.runOutput({"onbuild-grand:v1", "cat", "/runs.log"}),
                 QString("ran\ngrandchild"));
    }

    // RUN after VOLUME, directly and as an ONBUILD trigger, creates an anonymous volume
    // for each intermediate container, and its removal takes the volume with it. A named
    // volume of the user's and its content stay.
    void runAfterVolumeLeavesNoVolume() {
        CommandResult created = daemon_.docker({"volume", "create", "build-kept"});
        QVERIFY2(created.exitCode == 0, describe(created));
        QCOMPARE(daemon_.runOutput({"-v", "build-kept:/kept", "busybox", "sh", "-c",
                                    "echo kept > /kept/file && cat /kept/file"}),
                 QString("kept"));
        QStringList before = volumeNames();
        QVERIFY(before.contains("build-kept"));

        auto direct =
            makeFileTree({{"Dockerfile", "FROM busybox\nVOLUME /vol\nRUN echo a\nRUN echo b\n"}});
        QVERIFY(direct);
        CommandResult built = build(direct->path(), {"-q", "-t", "volleak:1"});
        QVERIFY2(built.exitCode == 0, describe(built));
        QCOMPARE(volumeNames(), before);

        auto parent = makeFileTree({{"Dockerfile", "FROM busybox\nVOLUME /vol\n"
                                                   "ONBUILD RUN echo trigger\n"}});
        QVERIFY(parent);
        built = build(parent->path(), {"-q", "-t", "volleak-parent:1"});
        QVERIFY2(built.exitCode == 0, describe(built));
        auto child = makeFileTree({{"Dockerfile", "FROM volleak-parent:1\nRUN echo child\n"}});
        QVERIFY(child);
        built = build(child->path(), {"-q", "-t", "volleak-child:1"});
        QVERIFY2(built.exitCode == 0, describe(built));
        QCOMPARE(volumeNames(), before);

        auto failing = makeFileTree(
            {{"Dockerfile", "FROM busybox\nVOLUME /vol\nRUN echo failing && exit 4\n"}});
        QVERIFY(failing);
        built = build(failing->path(), {"-q", "-t", "volleak-failed:1"});
        QVERIFY2(built.exitCode != 0, describe(built));
        QCOMPARE(volumeNames(), before);

        QCOMPARE(daemon_.runOutput({"-v", "build-kept:/kept", "busybox", "cat", "/kept/file"}),
                 QString("kept"));
        CommandResult removed = daemon_.docker({"volume", "rm", "build-kept"});
        QVERIFY2(removed.exitCode == 0, describe(removed));
    }

    // The plan endpoint computes each step's cache status without running anything: all
    // misses before a build, all hits after it, and a changed file turns its COPY and the
    // steps after it back into misses.
    void planShowsCacheStatus() {
        auto context =
            makeFileTree({{"Dockerfile", "FROM busybox\nENV MODE=plan\nWORKDIR /srv\n"
                                         "COPY data.txt ./\nRUN cat data.txt > copy.txt\n"
                                         "CMD [\"cat\", \"copy.txt\"]\n"},
                          {"data.txt", "planned\n"}});
        QVERIFY(context);
        auto plan = [&]() {
            QProcess tar;
            tar.start("tar", {"-C", context->path(), "-cf", "-", "."});
            tar.waitForFinished(10000);
            HttpResult result =
                daemon_.request("POST", "/berth/build/plan", tar.readAllStandardOutput());
            return QJsonDocument::fromJson(result.body).object()["Steps"].toArray();
        };

        QByteArray imagesBefore = daemon_.docker({"images", "-aq"}).out;
        QJsonArray before = plan();
        QCOMPARE(daemon_.docker({"images", "-aq"}).out, imagesBefore);
        QCOMPARE(before.size(), 6);
        QCOMPARE(before[0].toObject()["Kind"].toString(), QString("base"));
        QCOMPARE(before[3].toObject()["Kind"].toString(), QString("filesystem"));
        QCOMPARE(before[1].toObject()["Kind"].toString(), QString("metadata"));
        QCOMPARE(before[3].toObject()["Range"].toObject()["Start"].toObject()["Line"].toInt(), 4);
        for (int i = 1; i < before.size(); ++i) {
            QVERIFY2(!before[i].toObject()["Cached"].toBool(), qPrintable(QString::number(i)));
        }
        QCOMPARE(before[5].toObject()["Config"].toObject()["WorkingDir"].toString(),
                 QString("/srv"));

        CommandResult built = build(context->path(), {"-t", "planned:v1"});
        QVERIFY2(built.exitCode == 0, describe(built));
        QJsonArray after = plan();
        for (int i = 1; i < after.size(); ++i) {
            QVERIFY2(after[i].toObject()["Cached"].toBool(), qPrintable(QString::number(i)));
        }
        QCOMPARE(after[3].toObject()["LayerSize"].toInt(), 8);
        QString finalId = after[5].toObject()["ImageId"].toString();
        CommandResult inspect =
            daemon_.docker({"image", "inspect", "--format", "{{.Id}}", "planned:v1"});
        QCOMPARE(finalId, text(inspect.out));

        QVERIFY(writeTestFile(context->filePath("data.txt"), "changed\n"));
        QJsonArray changed = plan();
        QVERIFY(changed[2].toObject()["Cached"].toBool());
        QVERIFY(!changed[3].toObject()["Cached"].toBool());
        QVERIFY(!changed[4].toObject()["Cached"].toBool());
        QCOMPARE(changed[4].toObject()["CacheKey"].toString(), QString());
    }

    void failedRunTagsNothing() {
        auto context = makeFileTree({{"Dockerfile", "FROM busybox\nRUN echo before\n"
                                                    "RUN echo failing && exit 3\n"}});
        QVERIFY(context);
        CommandResult built = build(context->path(), {"-t", "failed:v1"});
        QVERIFY(built.exitCode != 0);
        QVERIFY2(built.err.contains("returned a non-zero code: 3"), describe(built));
        QVERIFY2(built.out.contains("failing"), describe(built));
        QVERIFY(daemon_.docker({"image", "inspect", "failed:v1"}).exitCode != 0);
        QCOMPARE(text(daemon_.docker({"ps", "-aq"}).out), QString());
    }

    // A context entry that climbs out with "../" is rejected before anything is written.
    void contextEntryOutsideIsRejected() {
        QTemporaryDir dir;
        QVERIFY(writeTestFile(dir.filePath("evil"), "x"));
        QVERIFY(writeTestFile(dir.filePath("Dockerfile"), "FROM busybox\n"));
        QProcess tar;
        tar.start("tar", {"-cf", "-", "-C", dir.path(), "Dockerfile", "--transform",
                          "s,^evil,../evil,", "evil"});
        QVERIFY(tar.waitForFinished(10000) && tar.exitCode() == 0);
        QByteArray archive = tar.readAllStandardOutput();
        QVERIFY(archive.contains("../evil"));

        HttpResult result = daemon_.request("POST", "/build?t=evil:v1", archive);
        QCOMPARE(result.status, 400);
        QVERIFY2(result.body.contains("outside the context"), result.body.constData());
        QVERIFY(!QFileInfo::exists(daemon_.dataRoot() + "/build/evil"));
        QVERIFY(!QFileInfo::exists(daemon_.dataRoot() + "/build/contexts/../evil"));
        QVERIFY(daemon_.docker({"image", "inspect", "evil:v1"}).exitCode != 0);
    }

    void badDockerfileNamesLine() {
        auto context = makeFileTree({{"Dockerfile", "FROM busybox\nRUNN echo\n"}});
        QVERIFY(context);
        CommandResult built = build(context->path(), {"-t", "bad:v1"});
        QVERIFY(built.exitCode != 0);
        QVERIFY2(built.err.contains("line 2"), describe(built));
    }

    // The busybox form of a package install: COPY of a sources file, a RUN that installs,
    // EXPOSE and an exec-form CMD.
    void packageInstallCase() {
        auto context = makeFileTree(
            {{"Dockerfile", "FROM busybox\nLABEL maintainer=\"devops\"\n"
                            "COPY sources.list /etc/apt/sources.list\n"
                            "RUN mkdir -p /var/www/html && "
                            "echo \"installed from $(cat /etc/apt/sources.list)\" > "
                            "/var/www/html/index.html\n"
                            "EXPOSE 80\nCMD [\"httpd\", \"-f\", \"-p\", \"80\", \"-h\", "
                            "\"/var/www/html\"]\n"},
             {"sources.list", "local-mirror"}});
        QVERIFY(context);
        CommandResult built = build(context->path(), {"-t", "apache_server:v1"});
        QVERIFY2(built.exitCode == 0, describe(built));
        QCOMPARE(daemon_.runOutput({"apache_server:v1", "cat", "/var/www/html/index.html"}),
                 QString("installed from local-mirror"));
        QJsonArray cmd = imageConfig("apache_server:v1")["Cmd"].toArray();
        QCOMPARE(cmd.first().toString(), QString("httpd"));
    }

    // File names are bytes: a symlink whose target is UTF-8, as ca-certificates makes, and
    // a name that is not UTF-8 both survive the commit of a RUN step.
    void nonAsciiNamesSurviveCommit() {
        auto context =
            makeFileTree({{"Dockerfile", "FROM busybox\n"
                                         "RUN ln -s 'F\xC5\x91t\xC3\xA1ny.pem' /cert.0 && "
                                         "touch \"$(printf '/raw\\377')\"\n"}});
        QVERIFY(context);
        CommandResult built = build(context->path(), {"-t", "names:v1"});
        QVERIFY2(built.exitCode == 0, describe(built));
        QCOMPARE(daemon_.runOutput({"names:v1", "readlink", "/cert.0"}),
                 QString::fromUtf8("F\xC5\x91t\xC3\xA1ny.pem"));
        QCOMPARE(daemon_.runOutput({"names:v1", "sh", "-c", "ls / | grep -c raw"}), QString("1"));

        // QTemporaryDir cannot remove a name that is not UTF-8, so berthd removes the layer.
        CommandResult removed = daemon_.docker({"rmi", "names:v1"});
        QVERIFY2(removed.exitCode == 0, describe(removed));
    }
};

QTEST_GUILESS_MAIN(TestApiBuild)
#include "tst_api_build.moc"
