#include "client/cancel_token.h"

#include <sys/eventfd.h>
#include <unistd.h>

namespace berth::client {

CancelToken::CancelToken()
    : event_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

void CancelToken::cancel() {
    if (cancelled_.exchange(true)) {
        return;
    }
    if (event_.valid()) {
        const uint64_t one = 1;
        // A full counter (EAGAIN) still leaves the fd readable, which is all that matters.
        [[maybe_unused]] const ssize_t written = ::write(event_.get(), &one, sizeof one);
    }
}

} // namespace berth::client
