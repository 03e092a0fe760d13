#pragma once

// Deletes the host ends of veth pairs on a thread of its own, after their containers have
// exited. Deleting a network device makes the kernel wait for RCU callbacks (24 to 40 ms
// for `ip link del` of a veth on Linux 6.18 with a build running), and nothing in a
// container's exit has to wait for that. The container's namespace is gone or going, and
// the kernel would remove the pair with it anyway. A teardown's afterDelete step (the
// bridge releases the address there) runs once the link is gone, so the address is never
// handed out while the old link is still on the bridge.
//
// The thread has its own route netlink socket, so that starts, which create veths on the
// bridge's socket, never queue behind a deletion.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace berth::network {

// When BridgeNetwork::disconnect() deletes a container's veth pair: at once, or, once the
// container's process has exited, on the LinkTeardown thread.
enum class Teardown { Now, AfterExit };

class LinkTeardown final {
public:
    // afterDelete(containerId) runs after a queued link is deleted, on the teardown thread
    // or on the thread that calls take().
    explicit LinkTeardown(std::function<void(const std::string&)> afterDelete);
    ~LinkTeardown(); // finishes every queued teardown, then joins the thread

    LinkTeardown(const LinkTeardown&) = delete;
    LinkTeardown& operator=(const LinkTeardown&) = delete;

    // Queues the deletion of linkName, the host end of containerId's veth pair.
    void enqueue(std::string containerId, std::string linkName);

    // Takes containerId's queued teardown back, so that the caller does it at once (before
    // the same container connects again). Waits while the thread is doing it. Returns the
    // link name to delete, or "" when nothing is left to do.
    [[nodiscard]] std::string take(std::string_view containerId);

    // Waits until every queued teardown is done.
    void drain();

private:
    struct Job {
        std::string containerId;
        std::string linkName;
    };

    void run();

    std::function<void(const std::string&)> afterDelete_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Job> queue_; // guarded by mutex_
    std::string running_;   // the container id being torn down, guarded by mutex_
    bool stopping_ = false; // guarded by mutex_
    std::thread thread_;    // started by the first enqueue()
};

} // namespace berth::network
