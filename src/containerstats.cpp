#include "containerstats.h"

#include <QDateTime>
#include <QString>

namespace berth::studio {

namespace {

using client::Json;

int64_t integer(const Json& object, const char* key) {
    if (!object.is_object()) {
        return 0;
    }
    const auto it = object.find(key);
    return it != object.end() && it->is_number() ? it->get<int64_t>() : 0;
}

const Json& member(const Json& object, const char* key) {
    static const Json kNull;
    if (!object.is_object()) {
        return kNull;
    }
    const auto it = object.find(key);
    return it != object.end() ? *it : kNull;
}

double cpuPercent(const Json& sample) {
    const Json& now = member(sample, "cpu_stats");
    const Json& before = member(sample, "precpu_stats");
    const double cpuDelta = double(integer(member(now, "cpu_usage"), "total_usage")) -
                            double(integer(member(before, "cpu_usage"), "total_usage"));
    const double systemDelta =
        double(integer(now, "system_cpu_usage")) - double(integer(before, "system_cpu_usage"));
    int64_t onlineCpus = integer(now, "online_cpus");
    if (onlineCpus == 0) {
        // Older engines send only the per-CPU list.
        const Json& perCpu = member(member(now, "cpu_usage"), "percpu_usage");
        onlineCpus = perCpu.is_array() ? int64_t(perCpu.size()) : 0;
    }
    if (cpuDelta <= 0 || systemDelta <= 0) {
        return 0;
    }
    return cpuDelta / systemDelta * double(onlineCpus) * 100.0;
}

int64_t memoryWithoutCache(const Json& memory) {
    const int64_t usage = integer(memory, "usage");
    const Json& stats = member(memory, "stats");
    for (const char* key : {"total_inactive_file", "inactive_file"}) {
        if (stats.is_object() && stats.contains(key) && stats[key].is_number()) {
            const int64_t inactive = stats[key].get<int64_t>();
            return inactive < usage ? usage - inactive : usage;
        }
    }
    return usage;
}

void addBlockIo(const Json& blkio, StatsFigures& figures) {
    const Json& entries = member(blkio, "io_service_bytes_recursive");
    if (!entries.is_array()) {
        return;
    }
    for (const Json& entry : entries) {
        const QString op = QString::fromStdString(entry.value("op", "")).toLower();
        if (op == QLatin1String("read")) {
            figures.blockRead += integer(entry, "value");
        } else if (op == QLatin1String("write")) {
            figures.blockWrite += integer(entry, "value");
        }
    }
}

} // namespace

StatsFigures computeStatsFigures(const client::Json& sample) {
    StatsFigures figures;
    figures.cpuPercent = cpuPercent(sample);

    const Json& memory = member(sample, "memory_stats");
    figures.memoryUsage = memoryWithoutCache(memory);
    figures.memoryLimit = integer(memory, "limit");
    if (figures.memoryLimit > 0) {
        figures.memoryPercent = double(figures.memoryUsage) / double(figures.memoryLimit) * 100.0;
    }

    if (const Json& networks = member(sample, "networks"); networks.is_object()) {
        for (const auto& [name, counters] : networks.items()) {
            figures.networkRx += integer(counters, "rx_bytes");
            figures.networkTx += integer(counters, "tx_bytes");
        }
    }
    addBlockIo(member(sample, "blkio_stats"), figures);
    figures.pids = integer(member(sample, "pids_stats"), "current");

    if (const Json& read = member(sample, "read"); read.is_string()) {
        const QDateTime time = QDateTime::fromString(
            QString::fromStdString(read.get<std::string>()), Qt::ISODateWithMs);
        if (time.isValid() && time.toSecsSinceEpoch() > 0) {
            figures.readNano = time.toMSecsSinceEpoch() * 1'000'000;
        }
    }
    return figures;
}

} // namespace berth::studio
