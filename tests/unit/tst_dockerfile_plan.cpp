// The plan is what the studio shows beside each line and what the builder's cache keys
// build on, so the effective state after every instruction must match what Docker's
// builder would put in the image config.

#include "dockerfile/dump.h"

#include <QTest>

using namespace berth::dockerfile;

namespace {

const char* const kMultiStage = R"(ARG BASE=alpine
ARG VERSION=3.19
FROM ${BASE}:${VERSION} AS build
ARG VERSION
ENV APP=/app VERSION_COPY=$VERSION
WORKDIR $APP
WORKDIR src
RUN make
FROM build AS test
ARG MODE=debug
ENV MODE=release
USER tester:staff
RUN ./test --mode=$MODE
FROM scratch
ARG BASE
COPY --from=build /app/src/bin /bin
COPY --from=0 /etc/passwd /etc/passwd
LABEL org.opencontainers.image.title="demo app" base=${BASE:-none}
EXPOSE 8080/tcp 53/udp
VOLUME ["/data"]
SHELL ["/bin/bash", "-c"]
CMD serve --port 8080
ENTRYPOINT ["/bin/app"]
STOPSIGNAL SIGINT
ONBUILD RUN echo child
)";

std::string stateOf(const PlanStep& step) {
    return test::dumpState(step.state).dump();
}

// JSON text in one canonical form, so QCOMPARE shows both sides on a mismatch.
QString json(const char* text) {
    return QString::fromStdString(nlohmann::ordered_json::parse(text).dump());
}

QString stateField(const PlanStep& step, const char* field) {
    return QString::fromStdString(test::dumpState(step.state)[field].dump());
}

} // namespace

class TestDockerfilePlan : public QObject {
    Q_OBJECT

private slots:
    void stagesAndBuildOrder() {
        const Analysis analysis = analyze(kMultiStage);
        const Plan& plan = analysis.plan;
        QCOMPARE(plan.stages.size(), 3u);
        QCOMPARE(plan.stages[0].base, std::string("alpine:3.19"));
        QCOMPARE(plan.stages[0].baseKind, BaseKind::Image);
        QCOMPARE(plan.stages[1].baseKind, BaseKind::Stage);
        QCOMPARE(plan.stages[1].baseStage, std::optional<std::size_t>(0));
        QCOMPARE(plan.stages[2].baseKind, BaseKind::Scratch);
        QCOMPARE(plan.stages[2].copiesFrom, (std::vector<std::size_t>{0}));
        QCOMPARE(plan.target, std::optional<std::size_t>(2));
        // The test stage is not needed by the last stage, so it is not built.
        QCOMPARE(plan.buildOrder, (std::vector<std::size_t>{0, 2}));
    }

    void targetSelectsStageAndDependencies() {
        PlanOptions options;
        options.target = "TEST";
        const Analysis analysis = analyze(kMultiStage, options);
        QCOMPARE(analysis.plan.target, std::optional<std::size_t>(1));
        QCOMPARE(analysis.plan.buildOrder, (std::vector<std::size_t>{0, 1}));
    }

    void unknownTargetIsAnError() {
        PlanOptions options;
        options.target = "nope";
        const Analysis analysis = analyze(kMultiStage, options);
        QVERIFY(!analysis.plan.target);
        QVERIFY(hasErrors(analysis.diagnostics));
    }

    void buildArgsOverrideDefaults() {
        PlanOptions options;
        options.buildArgs = {{"VERSION", "3.20"}, {"HTTP_PROXY", "http://127.0.0.1:3128"}};
        const Analysis analysis = analyze(kMultiStage, options);
        QCOMPARE(analysis.plan.stages[0].base, std::string("alpine:3.20"));
        const PlanStep& run = analysis.plan.stages[0].steps[5];
        QCOMPARE(QString::fromStdString(run.text), QString("RUN make"));
        QCOMPARE(run.buildArgs,
                 (NameValues{{"VERSION", "3.20"}, {"HTTP_PROXY", "http://127.0.0.1:3128"}}));
    }

    // Each row is the state after one instruction of the first stage.
    void effectiveStateOfBuildStage() {
        const Analysis analysis = analyze(kMultiStage);
        const auto& steps = analysis.plan.stages[0].steps;
        QCOMPARE(steps.size(), 6u);
        QCOMPARE(QString::fromStdString(steps[0].text), QString("FROM alpine:3.19"));
        QCOMPARE(steps[0].kind, StepKind::Base);
        // ARG without a default takes the value of the global ARG of the same name.
        QCOMPARE(stateField(steps[1], "args"), json(R"([{"name":"VERSION","value":"3.19"}])"));
        QCOMPARE(QString::fromStdString(steps[2].text), QString("ENV APP=/app VERSION_COPY=3.19"));
        QCOMPARE(stateField(steps[2], "env"), json(R"([["APP","/app"],["VERSION_COPY","3.19"]])"));
        QCOMPARE(steps[3].state.workdir, std::string("/app"));
        QCOMPARE(steps[3].kind, StepKind::Filesystem);
        QCOMPARE(steps[4].state.workdir, std::string("/app/src"));
    }

    void derivedStageInheritsAndEnvWinsOverArg() {
        const Analysis analysis = analyze(kMultiStage);
        const auto& steps = analysis.plan.stages[1].steps;
        QCOMPARE(steps[0].state.workdir, std::string("/app/src"));
        QCOMPARE(steps[0].state.env.size(), 2u);
        QVERIFY(steps[0].state.args.empty());
        QCOMPARE(steps[3].state.user, std::string("tester:staff"));
        // RUN is not expanded by the builder: the shell sees $MODE, which ENV sets.
        QCOMPARE(QString::fromStdString(steps[4].text), QString("RUN ./test --mode=$MODE"));
        const NameValues env = steps[4].state.env;
        QCOMPARE(env.back(), (std::pair<std::string, std::string>{"MODE", "release"}));
    }

    void effectiveStateOfFinalStage() {
        const Analysis analysis = analyze(kMultiStage);
        const auto& steps = analysis.plan.stages[2].steps;
        QCOMPARE(steps.size(), 12u);
        QCOMPARE(QString::fromStdString(steps[2].text),
                 QString("COPY --from=build /app/src/bin /bin"));
        QCOMPARE(QString::fromStdString(steps[4].text),
                 QString("LABEL org.opencontainers.image.title=demo app base=alpine"));
        const auto expected = json(R"({
            "env": [], "workdir": "", "user": "", "shell": ["/bin/bash", "-c"],
            "cmd": ["/bin/bash", "-c", "serve --port 8080"],
            "entrypoint": ["/bin/app"],
            "exposedPorts": ["8080/tcp", "53/udp"],
            "volumes": ["/data"],
            "labels": [["org.opencontainers.image.title", "demo app"], ["base", "alpine"]],
            "args": [{"name": "BASE", "value": "alpine"}],
            "onbuild": ["RUN echo child"],
            "stopSignal": "SIGINT"
        })");
        QCOMPARE(json(stateOf(steps.back()).c_str()), expected);
        QCOMPARE(steps[10].state.stopSignal, std::string("SIGINT"));
        // CMD came before ENTRYPOINT in the same stage, so ENTRYPOINT keeps it.
        QVERIFY(steps[9].state.cmd.has_value());
    }

    void entrypointDropsInheritedCmd() {
        const Analysis analysis = analyze("FROM a AS base\nCMD [\"x\"]\nFROM base\n"
                                          "ENTRYPOINT [\"y\"]\n");
        const auto& steps = analysis.plan.stages[1].steps;
        QVERIFY(steps[0].state.cmd.has_value());
        QVERIFY(!steps[1].state.cmd.has_value());
    }

    void baseStageTriggersAreInherited() {
        const Analysis analysis = analyze("FROM a AS base\nONBUILD RUN x\nFROM base\n");
        QCOMPARE(analysis.plan.stages[1].inheritedTriggers, (std::vector<std::string>{"RUN x"}));
        QVERIFY(analysis.plan.stages[1].steps[0].state.onbuild.empty());
    }

    // Several assignments in one ENV see only the values from before it.
    void envAssignmentsSeeEarlierValues() {
        const Analysis analysis = analyze("FROM a\nENV A=1\nENV A=2 B=$A\n");
        const NameValues& env = analysis.plan.stages[0].steps[2].state.env;
        QCOMPARE(env, (NameValues{{"A", "2"}, {"B", "1"}}));
    }

    void globalArgIsHiddenInsideStage() {
        const Analysis analysis = analyze("ARG V=1\nFROM a\nRUN echo\nLABEL v=$V\n");
        const auto& steps = analysis.plan.stages[0].steps;
        QCOMPARE(steps[2].state.labels, (NameValues{{"v", ""}}));
        QCOMPARE(steps[2].undefinedVariables, (std::vector<std::string>{"V"}));
    }

    void copyFromUnknownIndexIsAnError() {
        const Analysis analysis = analyze("FROM a\nCOPY --from=3 /x /y\n");
        QVERIFY(hasErrors(analysis.diagnostics));
        QCOMPARE(analysis.plan.diagnostics.front().range.start.line, 2);
    }

    void copyFromImageIsRecorded() {
        const Analysis analysis = analyze("FROM a\nCOPY --from=busybox:1.36 /bin/sh /sh\n");
        QCOMPARE(analysis.plan.stages[0].copiesFromImages,
                 (std::vector<std::string>{"busybox:1.36"}));
    }

    void invalidPortIsAnError() {
        const Analysis analysis = analyze("FROM a\nEXPOSE 99999\n");
        QVERIFY(hasErrors(analysis.diagnostics));
    }

    void healthcheckConfig() {
        const Analysis analysis =
            analyze("FROM a\nHEALTHCHECK --interval=1m30s --retries=3 CMD curl -f localhost\n");
        const auto& health = analysis.plan.stages[0].steps[1].state.healthcheck;
        QVERIFY(health.has_value());
        QCOMPARE(health->test, (std::vector<std::string>{"CMD-SHELL", "curl -f localhost"}));
        QCOMPARE(health->interval, std::optional(std::chrono::nanoseconds(90'000'000'000)));
        QCOMPARE(health->retries, std::optional(3));
    }

    // The builder stores ONBUILD triggers as text and parses them again in the child build.
    void parsesStoredTrigger() {
        auto trigger = parseTrigger("COPY --chown=app . /src");
        QVERIFY(trigger.has_value());
        QCOMPARE(QString::fromStdString(trigger->instruction), QString("copy"));
        QCOMPARE(trigger->as<CopyInstruction>()->destination.text, std::string("/src"));
    }

    void rejectsInvalidTrigger_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("FROM is no trigger") << "FROM alpine";
        QTest::newRow("unknown instruction") << "FETCH x";
        QTest::newRow("two instructions") << "RUN a\nRUN b";
    }
    void rejectsInvalidTrigger() {
        QFETCH(QString, text);
        auto trigger = parseTrigger(text.toStdString());
        QVERIFY(!trigger.has_value());
        QCOMPARE(trigger.error().kind, berth::ErrorKind::InvalidArgument);
    }

    // The first Dockerfile of the walkthrough: a package-manager install. Its RUN keeps
    // apt-get's package lists in the layer, which hadolint's DL3009 reports: only that is
    // found.
    void walkthroughCaseOneFindsOnlyAptLists() {
        const Analysis analysis = analyze(R"(FROM ubuntu:22.04
LABEL maintainer="devops"
COPY sources.list /etc/apt/sources.list
RUN apt-get update && apt-get install -y apache2
EXPOSE 80
CMD ["apachectl", "-D", "FOREGROUND"]
)");
        QCOMPARE(analysis.diagnostics.size(), 1u);
        const Diagnostic& lists = analysis.diagnostics.front();
        QCOMPARE(QString::fromStdString(lists.rule), QString("AptGetListsNotCleaned"));
        QCOMPARE(lists.range, (Range{{4, 4}, {4, 11}}));
        const auto& steps = analysis.plan.stages[0].steps;
        QCOMPARE(steps.size(), 6u);
        QCOMPARE(steps.back().state.cmd,
                 std::optional(std::vector<std::string>{"apachectl", "-D", "FOREGROUND"}));
        QCOMPARE(steps.back().state.exposedPorts, std::vector<std::string>{"80/tcp"});
        QCOMPARE(steps.back().state.labels, (NameValues{{"maintainer", "devops"}}));
    }

    // The second one compiles nginx from a tarball. Its long RUN is continued over lines and
    // changes directory with cd, which hadolint's DL3003 reports: only that is found.
    void walkthroughCaseTwoFindsOnlyCd() {
        const Analysis analysis = analyze(R"(FROM centos:7
LABEL maintainer="devops"
ADD nginx-1.25.0.tar.gz /usr/local/src/
COPY CentOS-Base.repo /etc/yum.repos.d/
RUN yum -y install pcre-devel zlib-devel openssl-devel gcc gcc-c++ make && \
    useradd -M -s /sbin/nologin nginx && \
    cd /usr/local/src/nginx-1.25.0 && \
    ./configure --prefix=/usr/local/nginx --user=nginx --group=nginx --with-http_stub_status_module && \
    make && make install
EXPOSE 80
CMD ["/usr/local/nginx/sbin/nginx", "-g", "daemon off;"]
)");
        QCOMPARE(analysis.diagnostics.size(), 1u);
        const Diagnostic& cd = analysis.diagnostics.front();
        QCOMPARE(QString::fromStdString(cd.rule), QString("CdInsteadOfWorkdir"));
        QCOMPARE(cd.severity, Severity::Warning);
        QCOMPARE(cd.range, (Range{{7, 4}, {7, 6}}));
        QVERIFY(!hasErrors(analysis.diagnostics));
        const auto& steps = analysis.plan.stages[0].steps;
        QCOMPARE(steps.size(), 7u);
        QCOMPARE(steps[4].range.start.line, 5);
        QCOMPARE(steps[4].range.end.line, 9);
        QCOMPARE(steps[4].kind, StepKind::Filesystem);
        QCOMPARE(QString::fromStdString(steps[2].text),
                 QString("ADD nginx-1.25.0.tar.gz /usr/local/src/"));
        QCOMPARE(steps.back().state.cmd, std::optional(std::vector<std::string>{
                                             "/usr/local/nginx/sbin/nginx", "-g", "daemon off;"}));
    }
};

QTEST_GUILESS_MAIN(TestDockerfilePlan)
#include "tst_dockerfile_plan.moc"
