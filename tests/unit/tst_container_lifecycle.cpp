// The pure rules of the container lifecycle: docker update's checks, json-file log options,
// the --details prefix, and how health probe results become a health status.

#include "container/health.h"
#include "container/log_files.h"
#include "container/log_options.h"
#include "container/update_request.h"

#include <QTest>

using namespace berth::container;

namespace {

constexpr int64_t kSecond = 1'000'000'000;

HealthProbeResult probe(int64_t start, int exitCode) {
    return HealthProbeResult{start, start + kSecond / 10, exitCode, "output"};
}

} // namespace

class TestContainerLifecycle final : public QObject {
    Q_OBJECT

private slots:
    void byteSizes_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("bytes");
        QTest::newRow("plain bytes") << "100" << qint64(100);
        QTest::newRow("kilobytes") << "2k" << qint64(2048);
        QTest::newRow("megabytes with B") << "10MB" << qint64(10 << 20);
        QTest::newRow("mebibytes") << "1MiB" << qint64(1 << 20);
        QTest::newRow("fraction of a gigabyte") << "1.5g" << qint64(1536LL << 20);
        QTest::newRow("unknown unit") << "10x" << qint64(-1);
        QTest::newRow("no number") << "m" << qint64(-1);
    }

    void byteSizes() {
        QFETCH(QString, text);
        QFETCH(qint64, bytes);
        auto parsed = parseByteSize(text.toStdString());
        QCOMPARE(parsed ? qint64(*parsed) : qint64(-1), bytes);
    }

    void logOptionsGiveRotationLimits() {
        auto limits = parseLogOptions("json-file", {{"max-size", "1m"}, {"max-file", "3"}});
        QVERIFY(limits);
        QCOMPARE(limits->maxSize, int64_t(1 << 20));
        QCOMPARE(limits->maxFiles, 3);
    }

    void logOptionsRejectBadValues_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown option") << "colour"
                                        << "red"
                                        << "unknown log opt 'colour'";
        QTest::newRow("size without number") << "max-size"
                                             << "big"
                                             << "invalid size: 'big'";
        QTest::newRow("no files") << "max-file"
                                  << "0"
                                  << "max-file cannot be less than 1";
        QTest::newRow("files without size") << "max-file"
                                            << "3"
                                            << "together with max-size";
    }

    void logOptionsRejectBadValues() {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, message);
        auto limits = parseLogOptions("json-file", {{key.toStdString(), value.toStdString()}});
        QVERIFY(!limits);
        QVERIFY2(QString::fromStdString(limits.error().message).contains(message),
                 limits.error().message.c_str());
    }

    void logOptionsOfOtherDriversPass() { QVERIFY(parseLogOptions("none", {{"colour", "red"}})); }

    void defaultLogOptionsDoNotOverride() {
        std::map<std::string, std::string> options{{"max-size", "1m"}};
        mergeDefaultLogOptions(options, {{"max-size", "10m"}, {"max-file", "2"}});
        QCOMPARE(options.at("max-size"), std::string("1m"));
        QCOMPARE(options.at("max-file"), std::string("2"));
    }

    void detailsPrefixSortsAndEscapes() {
        std::string prefix = logDetailsPrefix({{"labels", "team,missing"}, {"env", "MODE"}},
                                              {{"team", "core a&b"}}, {"MODE=fast", "OTHER=1"});
        QCOMPARE(prefix, std::string("MODE=fast,team=core+a%26b"));
    }

    void updateAppliesGivenFieldsOnly() {
        HostConfig host;
        host.memory = 32 << 20;
        host.memorySwap = 64 << 20;
        host.cpuShares = 1024;
        UpdateRequest request;
        request.memory = 48 << 20;
        request.pidsLimit = 0;
        request.restartPolicy = RestartPolicy{"always", 0};
        auto changed = applyUpdate(host, request, 2);
        QVERIFY(changed);
        QCOMPARE(host.memory, int64_t(48 << 20));
        QCOMPARE(host.memorySwap, int64_t(64 << 20));
        QCOMPARE(host.cpuShares, int64_t(1024));
        QVERIFY(!host.pidsLimit);
        QCOMPARE(host.restartPolicy.name, std::string("always"));
        QCOMPARE(changed->memoryBytes, int64_t(48 << 20));
        QCOMPARE(changed->cpuShares, int64_t(0));
        QCOMPARE(changed->pidsLimit, int64_t(-1));
    }

    void updateRejectsConflicts_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("message");
        QTest::newRow("memory above swap") << "memory"
                                           << "smaller than already set memoryswap";
        QTest::newRow("cpus after a quota") << "cpus"
                                            << "Nano CPUs cannot be updated";
        QTest::newRow("restart with --rm") << "restart"
                                           << "AutoRemove is enabled";
    }

    void updateRejectsConflicts() {
        QFETCH(QString, kind);
        QFETCH(QString, message);
        HostConfig host;
        host.memory = 32 << 20;
        host.memorySwap = 64 << 20;
        host.cpuQuota = 50000;
        host.autoRemove = true;
        UpdateRequest request;
        if (kind == "memory") {
            request.memory = 128 << 20;
        } else if (kind == "cpus") {
            request.nanoCpus = kSecond;
        } else {
            request.restartPolicy = RestartPolicy{"always", 0};
        }
        HostConfig before = host;
        auto changed = applyUpdate(host, request, 2);
        QVERIFY(!changed);
        QVERIFY2(QString::fromStdString(changed.error().message).contains(message),
                 changed.error().message.c_str());
        QCOMPARE(host.memory, before.memory);
    }

    void decodeUpdateRejectsWrongTypes() {
        auto decoded = decodeUpdateRequest(nlohmann::json{{"Memory", "lots"}});
        QVERIFY(!decoded);
        QVERIFY(QString::fromStdString(decoded.error().message).contains("Memory"));
        auto policy = decodeUpdateRequest(
            nlohmann::json{{"RestartPolicy", {{"Name", "on-failure"}, {"MaximumRetryCount", 4}}},
                           {"PidsLimit", 10}});
        QVERIFY(policy);
        QCOMPARE(policy->restartPolicy->maximumRetryCount, 4);
        QCOMPARE(*policy->pidsLimit, int64_t(10));
    }

    void healthSettingsFromTests() {
        auto shell = healthSettingsOf(
            {{"Test", {"CMD-SHELL", "curl -f localhost"}}, {"Interval", 2 * kSecond}});
        QVERIFY(shell);
        QCOMPARE(shell->command, (std::vector<std::string>{"/bin/sh", "-c", "curl -f localhost"}));
        QCOMPARE(shell->interval, 2 * kSecond);
        QCOMPARE(shell->timeout, kDefaultHealthTimeout);
        QCOMPARE(shell->retries, kDefaultHealthRetries);
        auto exec = healthSettingsOf({{"Test", {"CMD", "true", "x"}}});
        QVERIFY(exec);
        QCOMPARE(exec->command, (std::vector<std::string>{"true", "x"}));
        QVERIFY(!healthSettingsOf({{"Test", {"NONE"}}}));
        QVERIFY(!healthSettingsOf(nullptr));
    }

    void healthMergeTakesImageFields() {
        nlohmann::json image = {{"Test", {"CMD", "true"}}, {"Interval", kSecond}, {"Retries", 5}};
        nlohmann::json merged = mergeHealthcheck({{"Interval", 3 * kSecond}}, image);
        QVERIFY(merged["Test"] == image["Test"]);
        QCOMPARE(merged["Interval"].get<int64_t>(), 3 * kSecond);
        QCOMPARE(merged["Retries"].get<int>(), 5);
        nlohmann::json disabled = mergeHealthcheck({{"Test", {"NONE"}}}, image);
        QVERIFY(!healthSettingsOf(disabled));
    }

    void healthTurnsUnhealthyAfterRetries() {
        HealthSettings settings;
        settings.retries = 2;
        HealthState state;
        QVERIFY(recordProbeResult(state, probe(kSecond, 0), settings, 0));
        QCOMPARE(state.status, std::string("healthy"));
        QVERIFY(!recordProbeResult(state, probe(2 * kSecond, 1), settings, 0));
        QCOMPARE(state.failingStreak, 1);
        QVERIFY(recordProbeResult(state, probe(3 * kSecond, 1), settings, 0));
        QCOMPARE(state.status, std::string("unhealthy"));
        QVERIFY(recordProbeResult(state, probe(4 * kSecond, 0), settings, 0));
        QCOMPARE(state.failingStreak, 0);
    }

    void healthIgnoresFailuresInStartPeriod() {
        HealthSettings settings;
        settings.retries = 1;
        settings.startPeriod = 10 * kSecond;
        HealthState state;
        QVERIFY(!recordProbeResult(state, probe(5 * kSecond, 1), settings, 0));
        QCOMPARE(state.status, std::string("starting"));
        QCOMPARE(state.failingStreak, 0);
        QCOMPARE(nextProbeDelay(state, settings, 0, 5 * kSecond), settings.startInterval);
        QVERIFY(recordProbeResult(state, probe(11 * kSecond, 1), settings, 0));
        QCOMPARE(state.status, std::string("unhealthy"));
        QCOMPARE(nextProbeDelay(state, settings, 0, 11 * kSecond), settings.interval);
    }

    void healthKeepsLastFiveResults() {
        HealthSettings settings;
        HealthState state;
        for (int i = 0; i < 8; ++i) {
            HealthProbeResult result = probe(i * kSecond, 0);
            result.output = std::string(kHealthOutputLimit + 10, 'x');
            recordProbeResult(state, result, settings, 0);
        }
        QCOMPARE(state.log.size(), kHealthLogEntries);
        QCOMPARE(state.log.front().start, 3 * kSecond);
        QCOMPARE(state.log.back().output.size(), kHealthOutputLimit);
        HealthState copy = healthStateFromJson(toJson(state));
        QCOMPARE(copy.log.size(), kHealthLogEntries);
        QCOMPARE(copy.log.back().start, 7 * kSecond);
    }
};

QTEST_GUILESS_MAIN(TestContainerLifecycle)
#include "tst_container_lifecycle.moc"
