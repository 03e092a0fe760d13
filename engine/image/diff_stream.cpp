// DiffStream: a writer thread, a pipe, and a reader that reports the writer's error.

#include "image/diff_stream.h"

#include <fcntl.h>
#include <unistd.h>

namespace berth::image {

Result<std::unique_ptr<DiffStream>>
DiffStream::start(std::function<Result<void>(int fd)> writeTar) {
    int ends[2] = {-1, -1};
    if (::pipe2(ends, O_CLOEXEC) != 0) {
        return failSys("create a pipe for a layer tar");
    }
    auto stream = std::unique_ptr<DiffStream>(new DiffStream(UniqueFd(ends[0])));
    stream->writer_ = std::thread(
        [stream = stream.get(), writeTar = std::move(writeTar), writeEnd = UniqueFd(ends[1])] {
            stream->written_ = writeTar(writeEnd.get());
        });
    return stream;
}

DiffStream::~DiffStream() {
    readEnd_.reset();
    finish();
}

ReadFunction DiffStream::reader() {
    return [this, read = readFromFd(readEnd_.get())](std::span<char> buffer) -> Result<size_t> {
        auto count = read(buffer);
        if (count && *count == 0) {
            finish();
            if (!written_) {
                return std::unexpected(written_.error());
            }
        }
        return count;
    };
}

void DiffStream::finish() {
    if (writer_.joinable()) {
        writer_.join();
    }
}

} // namespace berth::image
