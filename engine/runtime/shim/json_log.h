#pragma once

// Docker's json-file log: one object per line,
// {"log":"text\n","stream":"stdout","time":"2026-12-04T20:49:28.123456789Z"}.
// Output is split at newlines. A line without its newline waits for the rest until it
// reaches kMaxPartialLine bytes or the stream ends, and is then written as it is.

#include "common/unique_fd.h"

#include <string>
#include <string_view>

namespace berth::runtime {

enum class OutputStream { Stdout = 1, Stderr = 2 };

// Docker's max-size and max-file: past maxSize bytes the log is renamed to path.1 (older
// files move up to path.2, …), keeping maxFiles files in all; with maxFiles 1 the log is
// emptied instead.
struct LogRotation {
    std::string path;
    long long maxSize = 0; // 0 = never rotate
    int maxFiles = 1;
};

class JsonLogWriter final {
public:
    static constexpr size_t kMaxPartialLine = 16 * 1024;

    JsonLogWriter() = default;
    JsonLogWriter(UniqueFd file, LogRotation rotation);

    void append(OutputStream stream, std::string_view bytes);
    void flush(OutputStream stream);

private:
    void writeEntry(OutputStream stream, std::string_view line);
    void rotate();

    UniqueFd file_;
    LogRotation rotation_;
    long long size_ = 0; // bytes in the current file
    std::string partial_[2];
};

} // namespace berth::runtime
