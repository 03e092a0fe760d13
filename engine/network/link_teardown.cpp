#include "network/link_teardown.h"

#include "common/log.h"
#include "network/netlink.h"

#include <algorithm>
#include <optional>

namespace berth::network {

LinkTeardown::LinkTeardown(std::function<void(const std::string&)> afterDelete)
    : afterDelete_(std::move(afterDelete)) {}

LinkTeardown::~LinkTeardown() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void LinkTeardown::enqueue(std::string containerId, std::string linkName) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back({std::move(containerId), std::move(linkName)});
        if (!thread_.joinable()) {
            thread_ = std::thread([this] { run(); });
        }
    }
    changed_.notify_all();
}

std::string LinkTeardown::take(std::string_view containerId) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return running_ != containerId; });
    auto queued = std::ranges::find(queue_, containerId, &Job::containerId);
    if (queued == queue_.end()) {
        return {};
    }
    std::string linkName = std::move(queued->linkName);
    queue_.erase(queued);
    return linkName;
}

void LinkTeardown::drain() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return queue_.empty() && running_.empty(); });
}

void LinkTeardown::run() {
    // Opened by this thread, so in the daemon's namespace, and used by no other thread.
    std::optional<NetlinkSocket> socket;
    std::unique_lock lock(mutex_);
    while (true) {
        changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) {
            return; // stopping, with nothing left to do
        }
        Job job = std::move(queue_.front());
        queue_.pop_front();
        running_ = job.containerId;
        lock.unlock();

        if (!socket) {
            if (auto opened = NetlinkSocket::open()) {
                socket.emplace(std::move(*opened));
            } else {
                log::warning("container {}: {}", job.containerId.substr(0, 12),
                             opened.error().message);
            }
        }
        // Without a socket the link stays until the kernel removes it with the
        // container's namespace; the address is released all the same.
        if (socket) {
            if (auto deleted = socket->deleteLink(job.linkName); !deleted) {
                log::warning("container {}: {}", job.containerId.substr(0, 12),
                             deleted.error().message);
            }
        }
        afterDelete_(job.containerId);

        lock.lock();
        running_.clear();
        changed_.notify_all();
    }
}

} // namespace berth::network
