#include "daemon/recovery.h"

#include "common/fs.h"
#include "common/log.h"

#include <filesystem>

namespace berth::daemon {

RecoveryReport recoverContainers(container::Manager& manager) {
    RecoveryReport report;
    std::error_code ec;
    for (const auto& item : std::filesystem::directory_iterator(manager.containersDir(), ec)) {
        if (!item.is_directory()) {
            continue;
        }
        if (!std::filesystem::exists(item.path() / "config.v2.json")) {
            // A create that crashed before its first save: nothing refers to it.
            log::warning("removing {}: a container directory without config.v2.json",
                         item.path().string());
            (void)fs::removeTree(item.path());
            continue;
        }
        auto container = container::load(item.path());
        if (!container) {
            log::warning("skipping container {}: {}", item.path().filename().string(),
                         container.error().message);
            ++report.unreadable;
            continue;
        }
        ++report.loaded;
        manager.restore(std::move(*container));
    }
    report.running = manager.counts().running;
    if (ec) {
        log::warning("list {}: {}", manager.containersDir().string(), ec.message());
    }
    return report;
}

} // namespace berth::daemon
