#pragma once

// Cancels a blocking client call from another thread. The call polls this token's eventfd
// beside its socket, so cancel() wakes it at once instead of at its next timeout.

#include "common/unique_fd.h"

#include <atomic>

namespace berth::client {

class CancelToken final {
public:
    CancelToken();
    CancelToken(const CancelToken&) = delete;
    CancelToken& operator=(const CancelToken&) = delete;

    // Thread-safe and idempotent.
    void cancel();
    [[nodiscard]] bool cancelled() const { return cancelled_.load(); }

    // Readable once cancel() was called; -1 if the eventfd could not be made, in which case
    // calls see the cancellation at their next poll timeout.
    [[nodiscard]] int fd() const { return event_.get(); }

private:
    UniqueFd event_;
    std::atomic<bool> cancelled_{false};
};

} // namespace berth::client
