#include "image/background_hasher.h"

#include <span>

namespace berth::image {

BackgroundHasher::BackgroundHasher()
    : thread_([this] { run(); }) {}

BackgroundHasher::~BackgroundHasher() {
    {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return !busy_; });
        stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

void BackgroundHasher::submit(const void* data, size_t size) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return !busy_; });
    data_ = data;
    size_ = size;
    busy_ = true;
    lock.unlock();
    changed_.notify_all();
}

void BackgroundHasher::waitIdle() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return !busy_; });
}

std::string BackgroundHasher::finish() {
    waitIdle();
    return hasher_.finishHex();
}

void BackgroundHasher::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        changed_.wait(lock, [this] { return busy_ || stopping_; });
        if (!busy_) {
            return;
        }
        lock.unlock();
        hasher_.update(std::span(static_cast<const std::byte*>(data_), size_));
        lock.lock();
        busy_ = false;
        changed_.notify_all();
    }
}

} // namespace berth::image
