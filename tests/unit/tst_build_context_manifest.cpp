// The build context manifest that plans send in place of the tar. The client's manifest
// of a directory gives COPY the same sources and checksums as the directory itself, also
// through symlinked directories. The client reads again only the files that changed, and
// a kept manifest only the paths marked changed. Once the engine keeps a manifest, the
// client sends only the Dockerfile on it. The engine applies .dockerignore to a manifest
// and rejects a malformed one.

#include "build/context.h"
#include "build/context_manifest.h"
#include "build/source_tree.h"
#include "client/client.h"
#include "client/context_manifest.h"
#include "common/scope_guard.h"
#include "common/sha256.h"
#include "fake_engine_server.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>

using namespace berth;

namespace {

using nlohmann::json;

bool writeFile(const QString& path, const QByteArray& content, int mode = 0644) {
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) < 0) {
        return false;
    }
    file.close();
    return ::chmod(QFile::encodeName(path).constData(), mode_t(mode)) == 0;
}

// Puts a file's modification time in the past, where the digest cache trusts it.
bool ageFile(const QString& path, int secondsAgo) {
    QFile file(path);
    return file.open(QIODevice::ReadWrite) &&
           file.setFileTime(QDateTime::currentDateTime().addSecs(-secondsAgo),
                            QFileDevice::FileModificationTime);
}

std::unique_ptr<build::ContextManifest> manifestOf(const client::BuildContextSource& source,
                                                   client::ContextDigestCache& cache) {
    auto text = client::contextManifestJson(source, cache);
    if (!text) {
        qWarning("manifest: %s", text.error().message.c_str());
        return nullptr;
    }
    auto manifest = build::ContextManifest::parse(*text);
    if (!manifest) {
        qWarning("parse: %s", manifest.error().message.c_str());
        return nullptr;
    }
    return std::move(*manifest);
}

// The resolved paths and the checksum of sources in tree, or the error text.
QString copyKey(const build::SourceTree& tree, const std::vector<std::string>& sources) {
    auto resolved = build::resolveSources(tree, sources);
    if (!resolved) {
        return "error: " + QString::fromStdString(resolved.error().message);
    }
    auto checksum = build::checksumSources(tree, {}, *resolved);
    if (!checksum) {
        return "error: " + QString::fromStdString(checksum.error().message);
    }
    QStringList paths;
    for (const auto& path : *resolved) {
        paths << QString::fromStdString(path);
    }
    return paths.join(',') + " " + QString::fromStdString(*checksum);
}

json fileJson(const std::string& path, unsigned mode, const std::string& digest = {}) {
    json file = {{"Path", path}, {"Mode", mode}};
    if (!digest.empty()) {
        file["Digest"] = digest;
    }
    return file;
}

const std::string kDigest = "sha256:" + std::string(64, 'a');

} // namespace

class TestBuildContextManifest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir context_;

private slots:
    void initTestCase() {
        QVERIFY(context_.isValid());
        QVERIFY(writeFile(context_.filePath("Dockerfile"), "FROM scratch\nCOPY . /\n"));
        QVERIFY(writeFile(context_.filePath("app/main.c"), "int main(void) { return 0; }\n"));
        QVERIFY(writeFile(context_.filePath("app/run.sh"), "#!/bin/sh\nexec ./main\n", 0755));
        QVERIFY(writeFile(context_.filePath("app/.hidden"), "secret"));
        QVERIFY(writeFile(context_.filePath("app/lib/util.c"), "void util(void) {}\n", 0600));
        QVERIFY(writeFile(context_.filePath("app.txt"), "beside the directory"));
        QVERIFY(writeFile(context_.filePath("notes-1.md"), "one"));
        QVERIFY(writeFile(context_.filePath("notes-2.md"), "two"));
        QVERIFY(writeFile(context_.filePath("odd/quote\"and\\back\tslash.txt"), "escaped"));
        QVERIFY(writeFile(context_.filePath("odd/\u00fcml\u00e4ut.txt"), "utf-8"));
        QVERIFY(QDir(context_.path()).mkpath("empty"));
        QVERIFY(QFile::link("app/main.c", context_.filePath("latest")));
        QVERIFY(QFile::link("app/lib", context_.filePath("liblink")));
        QVERIFY(QFile::link("..", context_.filePath("app/up")));
        QVERIFY(QFile::link("loop", context_.filePath("loop")));
    }

    void copyKeyMatchesDisk_data() {
        QTest::addColumn<QStringList>("sources");
        QTest::newRow("one file") << QStringList{"app/main.c"};
        QTest::newRow("a file with a leading slash") << QStringList{"/app/run.sh"};
        QTest::newRow("a directory with hidden files") << QStringList{"app"};
        QTest::newRow("a directory with a trailing slash") << QStringList{"app/"};
        QTest::newRow("the whole context") << QStringList{"."};
        QTest::newRow("an empty directory") << QStringList{"empty"};
        QTest::newRow("a symlink") << QStringList{"latest"};
        QTest::newRow("a pattern") << QStringList{"notes-*.md"};
        QTest::newRow("a pattern in a directory") << QStringList{"app/*"};
        QTest::newRow("a pattern for hidden files") << QStringList{"app/.*"};
        QTest::newRow("several sources") << QStringList{"notes-2.md", "app/lib", "app.txt"};
        QTest::newRow("names to escape in JSON") << QStringList{"odd"};
        QTest::newRow("a missing file") << QStringList{"missing.txt"};
        QTest::newRow("a pattern without matches") << QStringList{"*.rs"};
        QTest::newRow("a path outside") << QStringList{"../etc/passwd"};
        QTest::newRow("a file through a symlinked directory") << QStringList{"liblink/util.c"};
        QTest::newRow("a pattern in a symlinked directory") << QStringList{"liblink/*.c"};
        QTest::newRow("a pattern through a symlinked directory") << QStringList{"*/util.c"};
        QTest::newRow("a symlink to the parent") << QStringList{"app/up/notes-1.md"};
        QTest::newRow("a directory below a symlink") << QStringList{"app/up/app/lib"};
        QTest::newRow("a symlink loop") << QStringList{"loop/x"};
    }

    // The rule that a plan from a manifest finds the cache that a build from the files
    // filled: both give a COPY the same sources and checksum.
    void copyKeyMatchesDisk() {
        QFETCH(QStringList, sources);
        std::vector<std::string> words;
        for (const QString& source : sources) {
            words.push_back(source.toStdString());
        }
        client::ContextDigestCache cache;
        auto manifest = manifestOf({context_.path().toStdString(), "Dockerfile", {}}, cache);
        QVERIFY(manifest);
        const QString fromDisk = copyKey(build::DiskTree(context_.path().toStdString()), words);
        const QString fromManifest = copyKey(*manifest, words);
        QCOMPARE(fromManifest, fromDisk);
    }

    // A change of content, mode or name changes the key; a new modification time alone
    // does not.
    void copyKeyFollowsContent() {
        QTemporaryDir context;
        QVERIFY(writeFile(context.filePath("data/a.txt"), "alpha"));
        client::ContextDigestCache cache;
        const client::BuildContextSource source{context.path().toStdString(), "Dockerfile", {}};
        auto keyNow = [&] {
            auto manifest = manifestOf(source, cache);
            return manifest ? copyKey(*manifest, {"data"}) : QString("no manifest");
        };
        const QString first = keyNow();
        QVERIFY(ageFile(context.filePath("data/a.txt"), 3600));
        QCOMPARE(keyNow(), first);
        QVERIFY(writeFile(context.filePath("data/a.txt"), "ALPHA"));
        const QString changed = keyNow();
        QVERIFY(changed != first);
        QVERIFY(writeFile(context.filePath("data/a.txt"), "ALPHA", 0755));
        QVERIFY(keyNow() != changed);
    }

    // JSON carries only UTF-8, so a context with another file name cannot be a manifest:
    // the client sends the tar then.
    void nonUtf8NameRejected() {
        QTemporaryDir context;
        const QByteArray name = QFile::encodeName(context.path()) + "/latin1-\xe9.txt";
        FILE* file = std::fopen(name.constData(), "w");
        QVERIFY(file != nullptr);
        std::fclose(file);
        // QTemporaryDir cannot remove a name that is not UTF-8, so the test removes it.
        ScopeGuard removeFile([&name] { ::unlink(name.constData()); });
        client::ContextDigestCache cache;
        auto text =
            client::contextManifestJson({context.path().toStdString(), "Dockerfile", {}}, cache);
        QVERIFY(!text);
        QCOMPARE(text.error().kind, ErrorKind::InvalidArgument);
    }

    // The digest cache reads a file again only when its size, modification time or inode
    // changed.
    void onlyChangedFilesHashed() {
        QTemporaryDir context;
        for (int i = 0; i < 20; ++i) {
            const QString path = context.filePath(QString("files/f%1.txt").arg(i));
            QVERIFY(writeFile(path, QByteArray::number(i)));
            QVERIFY(ageFile(path, 3600));
        }
        client::ContextDigestCache cache;
        const client::BuildContextSource source{context.path().toStdString(), "Dockerfile", {}};
        QVERIFY(client::contextManifestJson(source, cache));
        QCOMPARE(cache.filesHashed(), std::size_t(20));
        QVERIFY(client::contextManifestJson(source, cache));
        QCOMPARE(cache.filesHashed(), std::size_t(20));

        const QString edited = context.filePath("files/f7.txt");
        QVERIFY(writeFile(edited, "seven"));
        QVERIFY(ageFile(edited, 60));
        auto text = client::contextManifestJson(source, cache);
        QVERIFY(text);
        QCOMPARE(cache.filesHashed(), std::size_t(21));
        const std::string expected = "sha256:" + std::string(sha256Hex("seven"));
        QVERIFY2(text->find(expected) != std::string::npos, text->c_str());
    }

    // A file written less than two seconds ago may change again within the same
    // modification-time tick, so its digest is not kept.
    void recentFileHashedAgain() {
        QTemporaryDir context;
        QVERIFY(writeFile(context.filePath("fresh.txt"), "fresh"));
        client::ContextDigestCache cache;
        const client::BuildContextSource source{context.path().toStdString(), "Dockerfile", {}};
        QVERIFY(client::contextManifestJson(source, cache));
        QVERIFY(client::contextManifestJson(source, cache));
        QCOMPARE(cache.filesHashed(), std::size_t(2));
    }

    // A kept manifest reads only the paths marked changed, and then lists the same files
    // as a new walk of the directory.
    void keptManifestReadsMarkedPaths() {
        QTemporaryDir context;
        for (int i = 0; i < 20; ++i) {
            const QString path = context.filePath(QString("files/f%1.txt").arg(i));
            QVERIFY(writeFile(path, QByteArray::number(i)));
            QVERIFY(ageFile(path, 3600));
        }
        const client::BuildContextSource source{context.path().toStdString(), "Dockerfile", {}};
        client::ContextManifestCache kept;
        QVERIFY(kept.manifestJson(source));
        QCOMPARE(kept.fullWalks(), std::size_t(1));
        QCOMPARE(kept.digests().filesHashed(), std::size_t(20));

        const QString edited = context.filePath("files/f7.txt");
        QVERIFY(writeFile(edited, "seven"));
        QVERIFY(ageFile(edited, 60));
        const std::string sevenDigest = "sha256:" + std::string(sha256Hex("seven"));
        auto unmarked = kept.manifestJson(source);
        QVERIFY(unmarked);
        QVERIFY2(unmarked->find(sevenDigest) == std::string::npos, unmarked->c_str());

        kept.markChanged("files/f7.txt");
        QVERIFY(writeFile(context.filePath("files/new/added.txt"), "added"));
        kept.markChanged("files/new");
        QVERIFY(QFile::remove(context.filePath("files/f3.txt")));
        kept.markChanged("files/f3.txt");
        auto marked = kept.manifestJson(source);
        QVERIFY(marked);
        QCOMPARE(kept.fullWalks(), std::size_t(1));
        QCOMPARE(kept.digests().filesHashed(), std::size_t(22));
        QVERIFY2(marked->find(sevenDigest) != std::string::npos, marked->c_str());
        QVERIFY2(marked->find("files/new/added.txt") != std::string::npos, marked->c_str());
        QVERIFY2(marked->find("files/f3.txt") == std::string::npos, marked->c_str());

        // The directory files/ has a new modification time, which no cache key reads.
        auto withoutTimes = [](const std::string& text) {
            json body = json::parse(text);
            for (auto& file : body["Files"]) {
                file.erase("ModTime");
            }
            return QString::fromStdString(body.dump());
        };
        client::ContextDigestCache fresh;
        auto walked = client::contextManifestJson(source, fresh);
        QVERIFY(walked);
        QCOMPARE(withoutTimes(*marked), withoutTimes(*walked));
    }

    // A new .dockerignore, the editor's text in place of the saved Dockerfile, a change
    // of the context's root and markAllChanged make the kept manifest walk the whole
    // directory again.
    void keptManifestWalksAgain() {
        QTemporaryDir context;
        QVERIFY(writeFile(context.filePath("Dockerfile"), "FROM scratch\n"));
        QVERIFY(writeFile(context.filePath("logs/a.log"), "log"));
        QVERIFY(writeFile(context.filePath("src/a.c"), "code"));
        client::BuildContextSource source{context.path().toStdString(), "Dockerfile", {}};
        client::ContextManifestCache kept;
        QVERIFY(kept.manifestJson(source));
        QCOMPARE(kept.fullWalks(), std::size_t(1));

        QVERIFY(writeFile(context.filePath(".dockerignore"), "logs\n"));
        kept.markChanged(".dockerignore");
        auto ignored = kept.manifestJson(source);
        QVERIFY(ignored);
        QCOMPARE(kept.fullWalks(), std::size_t(2));
        QVERIFY2(ignored->find("logs/a.log") == std::string::npos, ignored->c_str());

        source.dockerfileText = "FROM scratch\nCOPY src /src\n";
        QVERIFY(kept.manifestJson(source));
        QCOMPARE(kept.fullWalks(), std::size_t(3));
        QVERIFY(kept.manifestJson(source));
        QCOMPARE(kept.fullWalks(), std::size_t(3));

        kept.markChanged(".");
        QVERIFY(kept.manifestJson(source));
        QCOMPARE(kept.fullWalks(), std::size_t(4));
        kept.markAllChanged();
        QVERIFY(kept.manifestJson(source));
        QCOMPARE(kept.fullWalks(), std::size_t(5));
    }

    // The editor's unsaved text replaces the saved Dockerfile, with the mode and owner the
    // tar gives it, and carries its content for the engine.
    void editorTextReplacesDockerfile() {
        client::ContextDigestCache cache;
        const std::string text = "FROM scratch\nCOPY app /app\n";
        auto json =
            client::contextManifestJson({context_.path().toStdString(), "Dockerfile", text}, cache);
        QVERIFY(json);
        const auto files = json::parse(*json)["Files"];
        int found = 0;
        for (const auto& file : files) {
            if (file["Path"] == "Dockerfile") {
                ++found;
                QCOMPARE(file["Content"].get<std::string>(), text);
                QCOMPARE(file["Mode"].get<unsigned>(), unsigned(S_IFREG | 0644));
                QCOMPARE(file["Uid"].get<unsigned>(), 0U);
            }
        }
        QCOMPARE(found, 1);
    }

    // The engine drops what .dockerignore excludes, but keeps the Dockerfile and the
    // ignore file themselves.
    void ignoredFilesLeaveManifest() {
        QTemporaryDir context;
        QVERIFY(writeFile(context.filePath("Dockerfile"), "FROM scratch\n"));
        QVERIFY(writeFile(context.filePath(".dockerignore"), "build\n*.log\nDockerfile\n"));
        QVERIFY(writeFile(context.filePath("build/out.o"), "object"));
        QVERIFY(writeFile(context.filePath("src/a.log"), "log"));
        QVERIFY(writeFile(context.filePath("run.log"), "log"));
        QVERIFY(writeFile(context.filePath("src/a.c"), "code"));
        client::ContextDigestCache cache;
        auto text =
            client::contextManifestJson({context.path().toStdString(), "Dockerfile", {}}, cache);
        QVERIFY(text);
        // The client leaves ignored files out already; add them back to see the engine's
        // own filtering.
        json body = json::parse(*text);
        body["Files"].push_back(fileJson("build", S_IFDIR | 0755));
        body["Files"].push_back(fileJson("build/out.o", S_IFREG | 0644, kDigest));
        body["Files"].push_back(fileJson("run.log", S_IFREG | 0644, kDigest));
        auto manifest = build::ContextManifest::parse(body.dump());
        QVERIFY2(manifest, manifest ? "" : manifest.error().message.c_str());
        QTemporaryDir scratch;
        auto buildContext =
            build::BuildContext::fromManifest(std::move(*manifest), scratch.path().toStdString());
        QVERIFY(buildContext);
        auto dockerfile = (*buildContext)->loadDockerfile("Dockerfile");
        QVERIFY2(dockerfile, dockerfile ? "" : dockerfile.error().message.c_str());
        QCOMPARE(*dockerfile, std::string("FROM scratch\n"));
        const build::SourceTree& tree = (*buildContext)->sources();
        QVERIFY(tree.entry("src/a.c"));
        QVERIFY(tree.entry(".dockerignore"));
        QVERIFY(tree.entry("Dockerfile"));
        QVERIFY(!tree.entry("build"));
        QVERIFY(!tree.entry("build/out.o"));
        QVERIFY(!tree.entry("run.log"));
        QVERIFY(tree.entry("src/a.log")); // patterns start at the context's root
    }

    // A manifest on a base has the base's files, with the files it lists replacing or
    // added to them, and leaves the base as it was. An unknown base is NotFound.
    void manifestOnBase() {
        auto regular = [](const std::string& path, const std::string& content) {
            json file = fileJson(path, S_IFREG | 0644, "sha256:" + sha256Hex(content));
            file["Size"] = content.size();
            file["Content"] = content;
            return file;
        };
        const json whole = {{"Files", json::array({regular("Dockerfile", "FROM scratch\n"),
                                                   regular("src/a.txt", "alpha")})}};
        auto parsedBase = build::ContextManifest::parse(whole.dump());
        QVERIFY(parsedBase);
        std::shared_ptr<const build::ContextManifest> base = std::move(*parsedBase);
        const std::string baseDigest = "sha256:" + std::string(64, 'b');
        auto findBase = [&](const std::string& digest) {
            return digest == baseDigest ? base : nullptr;
        };

        const json onBase = {
            {"BaseManifest", baseDigest},
            {"Files", json::array({regular("Dockerfile", "FROM scratch\nCOPY src /src\n"),
                                   regular("src/b.txt", "beta")})}};
        auto manifest = build::ContextManifest::parse(onBase.dump(), findBase);
        QVERIFY2(manifest, manifest ? "" : manifest.error().message.c_str());
        QCOMPARE((*manifest)->content("Dockerfile"),
                 std::optional<std::string>("FROM scratch\nCOPY src /src\n"));
        QVERIFY((*manifest)->entry("src/a.txt"));
        QVERIFY((*manifest)->entry("src/b.txt"));
        auto names = (*manifest)->childNames("src");
        QVERIFY(names);
        QCOMPARE(*names, (std::vector<std::string>{"a.txt", "b.txt"}));
        QCOMPARE(base->content("Dockerfile"), std::optional<std::string>("FROM scratch\n"));
        QVERIFY(!base->entry("src/b.txt"));

        json unknown = onBase;
        unknown["BaseManifest"] = "sha256:" + std::string(64, 'c');
        auto missing = build::ContextManifest::parse(unknown.dump(), findBase);
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, ErrorKind::NotFound);
        auto noLookup = build::ContextManifest::parse(onBase.dump());
        QVERIFY(!noLookup);
        QCOMPARE(noLookup.error().kind, ErrorKind::NotFound);
    }

    // The client sends the whole manifest until the engine names it, then only the
    // editor's Dockerfile on that base, and the whole manifest again after a change or
    // when the engine no longer has the base.
    void clientSendsManifestOnBase() {
        QTemporaryDir context;
        QVERIFY(writeFile(context.filePath("data/a.txt"), "alpha"));
        const std::string digest = "sha256:" + std::string(64, 'd');
        std::atomic<bool> baseKept = true;
        const QString socket = context.filePath("engine.sock");
        test::FakeEngineServer engine(socket.toStdString(), [&](const test::FakeRequest& request) {
            if (request.body.starts_with("{\"BaseManifest\"") && !baseKept) {
                return test::FakeResponse::json(404, R"({"message":"base manifest not found"})");
            }
            return test::FakeResponse::json(200, R"({"Steps":[]})",
                                            "Berth-Manifest-Digest: " + digest + "\r\n");
        });
        QVERIFY(engine.listening());
        client::Client client(client::Endpoint::unixSocket(socket.toStdString()));
        client::BuildRequest request;
        request.context.directory = context.path().toStdString();
        request.manifestCache = std::make_shared<client::ContextManifestCache>();
        auto plan = [&](const std::string& text) {
            request.context.dockerfileText = text;
            return bool(client.planBuildText(request));
        };
        auto bodyOf = [&](std::size_t index) {
            const auto requests = engine.requests();
            return index < requests.size() ? requests[index].body : std::string();
        };

        QVERIFY(plan("FROM scratch\n"));
        QVERIFY(!bodyOf(0).starts_with("{\"BaseManifest\""));
        QVERIFY(bodyOf(0).find("data/a.txt") != std::string::npos);

        QVERIFY(plan("FROM scratch\nCOPY data /data\n"));
        QVERIFY2(bodyOf(1).starts_with("{\"BaseManifest\":\"" + digest + "\""), bodyOf(1).c_str());
        QVERIFY(bodyOf(1).find("data/a.txt") == std::string::npos);
        QVERIFY(bodyOf(1).find("COPY data /data") != std::string::npos);

        QVERIFY(writeFile(context.filePath("data/a.txt"), "ALPHA"));
        request.manifestCache->markChanged("data/a.txt");
        QVERIFY(plan("FROM scratch\nCOPY data /data\n"));
        QVERIFY(!bodyOf(2).starts_with("{\"BaseManifest\""));
        QVERIFY(plan("FROM scratch\nCOPY data /data\n"));
        QVERIFY(bodyOf(3).starts_with("{\"BaseManifest\""));

        baseKept = false;
        QVERIFY(plan("FROM scratch\nCOPY data /data\n"));
        QCOMPARE(engine.requests().size(), std::size_t(6));
        QVERIFY(bodyOf(4).starts_with("{\"BaseManifest\""));
        QVERIFY(!bodyOf(5).starts_with("{\"BaseManifest\""));
        QVERIFY(bodyOf(5).find("data/a.txt") != std::string::npos);
    }

    void malformedManifestRejected_data() {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("message");
        auto filesOf = [](const json& file) {
            return QString::fromStdString(json{{"Files", json::array({file})}}.dump());
        };
        QTest::newRow("not an object") << "[]"
                                       << "Files array";
        QTest::newRow("a path outside")
            << filesOf(fileJson("../x", S_IFREG | 0644, kDigest)) << "relative";
        QTest::newRow("an absolute path")
            << filesOf(fileJson("/x", S_IFREG | 0644, kDigest)) << "relative";
        QTest::newRow("a doubled slash")
            << filesOf(fileJson("a//b", S_IFREG | 0644, kDigest)) << "relative";
        QTest::newRow("no mode") << filesOf(json{{"Path", "a"}}) << "Mode";
        QTest::newRow("a file without digest")
            << filesOf(fileJson("a", S_IFREG | 0644)) << "Digest";
        QTest::newRow("a symlink without target")
            << filesOf(fileJson("a", S_IFLNK | 0777)) << "Linkname";
        json wrongContent = fileJson("a", S_IFREG | 0644, kDigest);
        wrongContent["Content"] = "text";
        wrongContent["Size"] = 4;
        QTest::newRow("content unlike its digest") << filesOf(wrongContent) << "Content";
    }

    void malformedManifestRejected() {
        QFETCH(QString, body);
        QFETCH(QString, message);
        auto manifest = build::ContextManifest::parse(body.toStdString());
        QVERIFY(!manifest);
        QCOMPARE(manifest.error().kind, ErrorKind::InvalidArgument);
        QVERIFY2(QString::fromStdString(manifest.error().message).contains(message),
                 manifest.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestBuildContextManifest)
#include "tst_build_context_manifest.moc"
