#pragma once

// A tar diff produced on a writer thread and read through a pipe by the store, so a layer
// is never staged as a whole file. A failed writer turns the end of the stream into its
// error, so a half-written layer is never stored.

#include "common/error.h"
#include "common/unique_fd.h"
#include "image/input.h"

#include <functional>
#include <memory>
#include <thread>

namespace berth::image {

class DiffStream final {
public:
    // writeTar writes the whole tar to the fd it is given and returns.
    [[nodiscard]] static Result<std::unique_ptr<DiffStream>>
    start(std::function<Result<void>(int fd)> writeTar);

    // Closes the read end, which ends a writer blocked on a full pipe (EPIPE), and joins it.
    ~DiffStream();
    DiffStream(const DiffStream&) = delete;
    DiffStream& operator=(const DiffStream&) = delete;

    // The function the store reads with; valid while this object lives.
    [[nodiscard]] ReadFunction reader();

private:
    explicit DiffStream(UniqueFd readEnd)
        : readEnd_(std::move(readEnd)) {}
    void finish();

    UniqueFd readEnd_;
    std::thread writer_;
    Result<void> written_;
};

} // namespace berth::image
