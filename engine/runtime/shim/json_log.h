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

class JsonLogWriter final {
public:
    static constexpr size_t kMaxPartialLine = 16 * 1024;

    JsonLogWriter() = default;
    explicit JsonLogWriter(UniqueFd file)
        : file_(std::move(file)) {}

    void append(OutputStream stream, std::string_view bytes);
    void flush(OutputStream stream);

private:
    void writeEntry(OutputStream stream, std::string_view line);

    UniqueFd file_;
    std::string partial_[2];
};

} // namespace berth::runtime
