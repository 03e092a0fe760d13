// The docker run line: parsing pasted lines into a RunSpec, writing them back, and the
// checks the Run dialog shows beside its fields.

#include "runline.h"

#include <QTest>

using namespace berth;
using namespace berth::studio;

using Words = std::vector<std::string>;
Q_DECLARE_METATYPE(RunSpec)
Q_DECLARE_METATYPE(Words)

namespace {

RunSpec imageSpec(std::string image, Words command = {}) {
    RunSpec spec;
    spec.image = std::move(image);
    spec.command = std::move(command);
    return spec;
}

} // namespace

class RunLineTest : public QObject {
    Q_OBJECT

private slots:
    void splitWords_data();
    void splitWords();
    void parse_data();
    void parse();
    void parseRejects_data();
    void parseRejects();
    void formatRoundTrips_data();
    void formatRoundTrips();
    void formatQuotes();
    void validate_data();
    void validate();
};

void RunLineTest::splitWords_data() {
    QTest::addColumn<QString>("line");
    QTest::addColumn<Words>("words");
    QTest::newRow("plain words") << "a b  c" << Words{"a", "b", "c"};
    QTest::newRow("single quotes keep everything")
        << R"('a "b" \c' d)" << Words{R"(a "b" \c)", "d"};
    QTest::newRow("double quotes unescape") << R"("a \"b\" \$x")" << Words{R"(a "b" $x)"};
    QTest::newRow("backslash escapes a space") << R"(a\ b c)" << Words{"a b", "c"};
    QTest::newRow("quotes join a word") << R"(x'y'"z")" << Words{"xyz"};
    QTest::newRow("empty quoted word") << "a '' b" << Words{"a", "", "b"};
    QTest::newRow("line continuation")
        << "docker run \\\n  -d busybox" << Words{"docker", "run", "-d", "busybox"};
}

void RunLineTest::splitWords() {
    QFETCH(QString, line);
    QFETCH(Words, words);
    auto split = splitShellWords(line.toStdString());
    QVERIFY2(split.has_value(), split ? "" : split.error().message.c_str());
    QCOMPARE(*split, words);
}

void RunLineTest::parse_data() {
    QTest::addColumn<QString>("line");
    QTest::addColumn<RunSpec>("spec");
    QTest::addColumn<Words>("unplaced");

    QTest::newRow("image only") << "docker run busybox" << imageSpec("busybox") << Words{};
    QTest::newRow("without docker run")
        << "busybox sleep 300" << imageSpec("busybox", {"sleep", "300"}) << Words{};
    QTest::newRow("docker container run")
        << "docker container run busybox" << imageSpec("busybox") << Words{};

    RunSpec named = imageSpec("busybox");
    named.name = "web";
    QTest::newRow("--name x") << "docker run --name web busybox" << named << Words{};
    QTest::newRow("--name=x") << "docker run --name=web busybox" << named << Words{};

    RunSpec itd = imageSpec("busybox", {"sh"});
    itd.interactive = itd.tty = itd.detach = true;
    QTest::newRow("combined -itd") << "docker run -itd busybox sh" << itd << Words{};
    QTest::newRow("separate -i -t -d") << "docker run -i -t -d busybox sh" << itd << Words{};
    QTest::newRow("long bool flags")
        << "docker run --interactive --tty=true --detach busybox sh" << itd << Words{};

    RunSpec env = imageSpec("busybox", {"env"});
    env.env = {"A=b", "C=d e", "F"};
    QTest::newRow("-e forms") << R"(docker run -e A=b --env "C=d e" --env=F busybox env)" << env
                              << Words{};
    RunSpec glued = imageSpec("busybox");
    glued.env = {"A=b"};
    glued.interactive = true;
    QTest::newRow("-ie glued value") << "docker run -ieA=b busybox" << glued << Words{};

    RunSpec removed = imageSpec("busybox", {"true"});
    removed.remove = true;
    QTest::newRow("--rm") << "docker run --rm busybox true" << removed << Words{};
    RunSpec notRemoved = imageSpec("busybox", {"true"});
    QTest::newRow("--rm=false") << "docker run --rm=false busybox true" << notRemoved << Words{};

    RunSpec restart = imageSpec("busybox");
    restart.restartPolicy = "on-failure";
    restart.maxRetries = 3;
    QTest::newRow("--restart on-failure:3")
        << "docker run --restart on-failure:3 busybox" << restart << Words{};
    RunSpec always = imageSpec("busybox");
    always.restartPolicy = "always";
    QTest::newRow("--restart=always") << "docker run --restart=always busybox" << always << Words{};

    RunSpec entry = imageSpec("busybox", {"-c", "echo hi"});
    entry.entrypoint = "/bin/sh";
    QTest::newRow("--entrypoint") << "docker run --entrypoint /bin/sh busybox -c 'echo hi'" << entry
                                  << Words{};
    RunSpec resetEntry = imageSpec("busybox");
    resetEntry.entrypoint = "";
    QTest::newRow("--entrypoint empty resets")
        << "docker run --entrypoint '' busybox" << resetEntry << Words{};

    RunSpec where = imageSpec("busybox", {"pwd"});
    where.workdir = "/tmp";
    where.user = "1000:1000";
    where.hostname = "box";
    QTest::newRow("-w -u -h") << "docker run -w /tmp -u 1000:1000 -h box busybox pwd" << where
                              << Words{};
    QTest::newRow("--workdir --user --hostname")
        << "docker run --workdir=/tmp --user 1000:1000 --hostname=box busybox pwd" << where
        << Words{};

    RunSpec published = imageSpec("busybox");
    published.ports = {{"", "8080", "80", "tcp"}};
    QTest::newRow("unknown value flags are listed with their value")
        << "docker run -p 8080:80 --cap-add NET_ADMIN --dns 10.0.0.1 busybox" << published
        << Words{"--cap-add NET_ADMIN", "--dns 10.0.0.1"};
    RunSpec linked = imageSpec("busybox");
    linked.links = {"db_service:database_alias", "cache"};
    QTest::newRow("--link with and without an alias")
        << "docker run --link db_service:database_alias --link=cache busybox" << linked << Words{};

    RunSpec mapped = imageSpec("busybox");
    mapped.volumes = {{"/srv/app", "/app_data", false, false},
                      {"data", "/var/lib/db", true, false},
                      {"", "/scratch", false, false}};
    mapped.volumesFrom = {{"store", ""}, {"logs", "ro"}};
    QTest::newRow("-v binds, named and anonymous volumes, --volumes-from")
        << "docker run -v /srv/app:/app_data --volume=data:/var/lib/db:ro -v /scratch "
           "--volumes-from store --volumes-from=logs:ro busybox"
        << mapped << Words{};
    QTest::newRow("a volume mode the dialog cannot show is listed")
        << "docker run -v /data:/data:z busybox" << imageSpec("busybox")
        << Words{"-v /data:/data:z"};
    QTest::newRow("unknown bool flag is listed")
        << "docker run --privileged --init busybox" << imageSpec("busybox")
        << Words{"--privileged", "--init"};
    QTest::newRow("unknown flag with inline value")
        << "docker run --shm-size=64m busybox" << imageSpec("busybox") << Words{"--shm-size 64m"};
    RunSpec labelled = imageSpec("busybox");
    labelled.labels = {"tier=front", "note=has space"};
    QTest::newRow("-l and --label")
        << R"(docker run -l tier=front --label "note=has space" busybox)" << labelled << Words{};
    // Resource and health flags without a place in the dialog still take their value, so the
    // value never becomes the image.
    QTest::newRow("unplaced resource flags")
        << "docker run --memory-reservation 100m --cpu-quota 50000 --oom-score-adj 10 "
           "--health-interval 5s --dns-search example.test busybox sleep 1"
        << imageSpec("busybox", {"sleep", "1"})
        << Words{"--memory-reservation 100m", "--cpu-quota 50000", "--oom-score-adj 10",
                 "--health-interval 5s", "--dns-search example.test"};
    RunSpec limited = imageSpec("busybox");
    limited.resources = {512 * kMebibyte, -1, 1'500'000'000, 512, 100};
    QTest::newRow("resource limits")
        << "docker run -m=512m --memory-swap -1 --cpus 1.5 -c512 --pids-limit 100 busybox"
        << limited << Words{};
    RunSpec unitLimits = imageSpec("busybox");
    unitLimits.resources.memoryBytes = 1536 * kMebibyte;
    unitLimits.resources.memorySwapBytes = 4096 * kMebibyte;
    QTest::newRow("memory units in any case")
        << "docker run --memory 1.5GB --memory-swap 4g busybox" << unitLimits << Words{};
    RunSpec unlimitedPids = imageSpec("busybox");
    QTest::newRow("pids limit -1 is no limit")
        << "docker run --pids-limit -1 busybox" << unlimitedPids << Words{};
    QTest::newRow("limits finer than the dialog shows are listed")
        << "docker run --memory 1000k --cpus 0.001 busybox" << imageSpec("busybox")
        << Words{"--memory 1000k", "--cpus 0.001"};
    QTest::newRow("-- ends the options") << "docker run -- busybox --not-a-flag"
                                         << imageSpec("busybox", {"--not-a-flag"}) << Words{};
    QTest::newRow("flags after the image belong to the command")
        << "docker run busybox ls -la --color" << imageSpec("busybox", {"ls", "-la", "--color"})
        << Words{};
    QTest::newRow("registry image with tag")
        << "docker run localhost:5000/team/app:1.2 run"
        << imageSpec("localhost:5000/team/app:1.2", {"run"}) << Words{};
}

void RunLineTest::parse() {
    QFETCH(QString, line);
    QFETCH(RunSpec, spec);
    QFETCH(Words, unplaced);
    auto parsed = parseRunLine(line.toStdString());
    QVERIFY2(parsed.has_value(), parsed ? "" : parsed.error().message.c_str());
    QCOMPARE(parsed->spec.image, spec.image);
    QCOMPARE(parsed->spec.command, spec.command);
    QCOMPARE(parsed->spec.name, spec.name);
    QCOMPARE(parsed->spec.env, spec.env);
    QCOMPARE(parsed->spec.entrypoint, spec.entrypoint);
    QCOMPARE(parsed->spec.restartPolicy, spec.restartPolicy);
    QCOMPARE(parsed->spec.maxRetries, spec.maxRetries);
    QCOMPARE(parsed->spec.workdir, spec.workdir);
    QCOMPARE(parsed->spec.user, spec.user);
    QCOMPARE(parsed->spec.hostname, spec.hostname);
    QCOMPARE(parsed->spec.interactive, spec.interactive);
    QCOMPARE(parsed->spec.tty, spec.tty);
    QCOMPARE(parsed->spec.detach, spec.detach);
    QCOMPARE(parsed->spec.remove, spec.remove);
    QVERIFY(parsed->spec == spec);
    QCOMPARE(parsed->unplaced, unplaced);
}

void RunLineTest::parseRejects_data() {
    QTest::addColumn<QString>("line");
    QTest::newRow("no image") << "docker run -d";
    QTest::newRow("empty line") << "";
    QTest::newRow("flag missing its value") << "docker run --name";
    QTest::newRow("unterminated quote") << "docker run 'busybox";
    QTest::newRow("unknown restart policy") << "docker run --restart sometimes busybox";
    QTest::newRow("retries on always") << "docker run --restart always:3 busybox";
    QTest::newRow("retries not a number") << "docker run --restart on-failure:x busybox";
    QTest::newRow("bad bool value") << "docker run --rm=maybe busybox";
    QTest::newRow("memory not a size") << "docker run --memory lots busybox";
    QTest::newRow("memory with unknown unit") << "docker run --memory 5x busybox";
    QTest::newRow("negative memory") << "docker run --memory -5m busybox";
    QTest::newRow("cpus not a number") << "docker run --cpus many busybox";
    QTest::newRow("pids limit not a number") << "docker run --pids-limit 1e3 busybox";
}

void RunLineTest::parseRejects() {
    QFETCH(QString, line);
    auto parsed = parseRunLine(line.toStdString());
    QVERIFY(!parsed.has_value());
    QCOMPARE(parsed.error().kind, ErrorKind::InvalidArgument);
    QVERIFY(!parsed.error().message.empty());
}

// What the dialog shows must paste back into the same dialog state.
void RunLineTest::formatRoundTrips_data() {
    QTest::addColumn<RunSpec>("spec");
    QTest::addColumn<QString>("line");
    RunSpec full = imageSpec("busybox", {"sh", "-c", "echo 'hi there'"});
    full.name = "web";
    full.detach = full.interactive = full.tty = full.remove = true;
    full.env = {"A=b c", "EMPTY="};
    full.workdir = "/tmp";
    full.user = "nobody";
    full.hostname = "box";
    full.restartPolicy = "on-failure";
    full.maxRetries = 3;
    full.entrypoint = "";
    QTest::newRow("every field")
        << full
        << R"(docker run -d -it --rm --name web -e 'A=b c' -e EMPTY= -w /tmp -u nobody )"
           R"(--hostname box --restart on-failure:3 --entrypoint '' busybox sh -c 'echo '\''hi there'\''')";
    QTest::newRow("image only") << imageSpec("busybox") << "docker run busybox";
    RunSpec interactiveOnly = imageSpec("busybox");
    interactiveOnly.interactive = true;
    QTest::newRow("interactive only") << interactiveOnly << "docker run -i busybox";
    RunSpec volumes = imageSpec("busybox");
    volumes.volumes = {{"/home/me/my dir", "/data", true, false}, {"", "/cache", false, false}};
    volumes.volumesFrom = {{"store", "ro"}};
    QTest::newRow("volumes and --volumes-from")
        << volumes
        << "docker run -v '/home/me/my dir:/data:ro' -v /cache --volumes-from store:ro busybox";
    RunSpec links = imageSpec("busybox");
    links.links = {"db_service:database_alias"};
    QTest::newRow("--link") << links << "docker run --link db_service:database_alias busybox";
    RunSpec limits = imageSpec("busybox");
    limits.resources = {1024 * kMebibyte, 3072 * kMebibyte, 250'000'000, 256, 50};
    QTest::newRow("resource limits")
        << limits
        << "docker run --memory 1g --memory-swap 3g --cpus 0.25 --cpu-shares 256 "
           "--pids-limit 50 busybox";
}

void RunLineTest::formatRoundTrips() {
    QFETCH(RunSpec, spec);
    QFETCH(QString, line);
    const std::string formatted = formatRunLine(spec);
    QCOMPARE(QString::fromStdString(formatted), line);
    auto parsed = parseRunLine(formatted);
    QVERIFY2(parsed.has_value(), parsed ? "" : parsed.error().message.c_str());
    QVERIFY(parsed->spec == spec);
    QVERIFY(parsed->unplaced.empty());
}

void RunLineTest::formatQuotes() {
    QCOMPARE(quoteShellWord("plain-word_1.2:3/x"), std::string("plain-word_1.2:3/x"));
    QCOMPARE(quoteShellWord(""), std::string("''"));
    QCOMPARE(quoteShellWord("a b"), std::string("'a b'"));
    QCOMPARE(quoteShellWord("$HOME"), std::string("'$HOME'"));
    QCOMPARE(quoteShellWord("it's"), std::string("'it'\\''s'"));
    QCOMPARE(formatRunLine(RunSpec{}), std::string("docker run IMAGE"));
}

void RunLineTest::validate_data() {
    QTest::addColumn<RunSpec>("spec");
    QTest::addColumn<QList<int>>("problems");
    QTest::newRow("valid") << imageSpec("busybox:latest") << QList<int>{};
    QTest::newRow("empty image") << imageSpec("") << QList<int>{int(RunProblem::MissingImage)};
    QTest::newRow("upper-case image")
        << imageSpec("BusyBox") << QList<int>{int(RunProblem::InvalidImage)};
    QTest::newRow("image with a space")
        << imageSpec("busy box") << QList<int>{int(RunProblem::InvalidImage)};
    QTest::newRow("image with empty tag")
        << imageSpec("busybox:") << QList<int>{int(RunProblem::InvalidImage)};
    QTest::newRow("registry host may have upper case")
        << imageSpec("Registry.Local:5000/app") << QList<int>{};
    RunSpec badName = imageSpec("busybox");
    badName.name = "-web";
    QTest::newRow("name starting with a dash")
        << badName << QList<int>{int(RunProblem::InvalidName)};
    RunSpec shortName = imageSpec("busybox");
    shortName.name = "w";
    QTest::newRow("one-letter name") << shortName << QList<int>{int(RunProblem::InvalidName)};
    RunSpec slashName = imageSpec("busybox");
    slashName.name = "my/web";
    QTest::newRow("name with a slash") << slashName << QList<int>{int(RunProblem::InvalidName)};
    RunSpec badEnv = imageSpec("busybox");
    badEnv.env = {"=x"};
    QTest::newRow("env without a key") << badEnv << QList<int>{int(RunProblem::InvalidEnv)};
    RunSpec retries = imageSpec("busybox");
    retries.restartPolicy = "always";
    retries.maxRetries = 2;
    QTest::newRow("retries without on-failure")
        << retries << QList<int>{int(RunProblem::InvalidRestartRetries)};
}

void RunLineTest::validate() {
    QFETCH(RunSpec, spec);
    QFETCH(QList<int>, problems);
    QList<int> found;
    for (const RunProblem problem : validateRunSpec(spec)) {
        found.append(int(problem));
    }
    QCOMPARE(found, problems);
}

QTEST_GUILESS_MAIN(RunLineTest)
#include "tst_runline_parse.moc"
