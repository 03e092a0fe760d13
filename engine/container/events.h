#pragma once

// The engine's event stream (GET /events): container and image lifecycle events. Keeps
// the most recent events for "since" queries and hands new ones to every subscriber.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace berth::container {

struct Event {
    std::string type;   // "container", "image"
    std::string action; // "create", "start", "die", ...
    std::string actorId;
    std::map<std::string, std::string> attributes; // name, image, exitCode, ...
    int64_t timeNano = 0;
};

class EventBus final {
public:
    class Subscription final {
    public:
        // Waits up to timeout for the next event; nullopt when none came.
        [[nodiscard]] std::optional<Event> next(std::chrono::milliseconds timeout);

    private:
        friend class EventBus;
        std::mutex mutex_;
        std::condition_variable ready_;
        std::deque<Event> queue_;
    };

    // Stamps the time when the event has none, keeps it, and queues it for subscribers.
    void publish(Event event);

    // Past events from sinceNano on, and a subscription for the ones after them (taken
    // atomically, so none is lost or repeated).
    [[nodiscard]] std::pair<std::vector<Event>, std::shared_ptr<Subscription>>
    subscribe(int64_t sinceNano);

    void unsubscribe(const std::shared_ptr<Subscription>& subscription);

private:
    static constexpr size_t kHistorySize = 1024;
    std::mutex mutex_;
    std::deque<Event> history_;
    std::vector<std::shared_ptr<Subscription>> subscribers_;
};

} // namespace berth::container
