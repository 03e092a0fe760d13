#include "container/events.h"

#include "common/time.h"

#include <algorithm>

namespace berth::container {

std::optional<Event> EventBus::Subscription::next(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!ready_.wait_for(lock, timeout, [this] { return !queue_.empty(); })) {
        return std::nullopt;
    }
    Event event = std::move(queue_.front());
    queue_.pop_front();
    return event;
}

void EventBus::publish(Event event) {
    if (event.timeNano == 0) {
        event.timeNano = nowNanoseconds();
    }
    std::lock_guard lock(mutex_);
    history_.push_back(event);
    if (history_.size() > kHistorySize) {
        history_.pop_front();
    }
    for (const auto& subscriber : subscribers_) {
        {
            std::lock_guard queueLock(subscriber->mutex_);
            subscriber->queue_.push_back(event);
        }
        subscriber->ready_.notify_one();
    }
}

std::pair<std::vector<Event>, std::shared_ptr<EventBus::Subscription>>
EventBus::subscribe(int64_t sinceNano) {
    std::lock_guard lock(mutex_);
    std::vector<Event> past;
    for (const Event& event : history_) {
        if (event.timeNano >= sinceNano) {
            past.push_back(event);
        }
    }
    auto subscription = std::make_shared<Subscription>();
    subscribers_.push_back(subscription);
    return {std::move(past), subscription};
}

void EventBus::unsubscribe(const std::shared_ptr<Subscription>& subscription) {
    std::lock_guard lock(mutex_);
    std::erase(subscribers_, subscription);
}

} // namespace berth::container
