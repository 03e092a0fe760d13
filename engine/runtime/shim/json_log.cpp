#include "shim/json_log.h"

#include "runtime/json_text.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace berth::runtime {

namespace {

// "2026-12-04T20:49:28.123456789Z"; written here rather than with fmt to keep the shim small.
std::string currentTimeRfc3339Nano() {
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    tm utc{};
    ::gmtime_r(&now.tv_sec, &utc);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%09ldZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, now.tv_nsec);
    return text;
}

} // namespace

JsonLogWriter::JsonLogWriter(UniqueFd file, LogRotation rotation)
    : file_(std::move(file))
    , rotation_(std::move(rotation)) {
    struct stat info {};
    if (file_ && ::fstat(file_.get(), &info) == 0) {
        size_ = info.st_size;
    }
}

// Readers (docker logs) read path.N … path.1 and then path; a reader that follows the log
// notices the new inode at path and reopens it.
void JsonLogWriter::rotate() {
    if (rotation_.maxFiles <= 1) {
        if (::ftruncate(file_.get(), 0) == 0) {
            size_ = 0;
        }
        return;
    }
    const std::string& path = rotation_.path;
    for (int index = rotation_.maxFiles - 1; index > 1; --index) {
        std::string older = path + "." + std::to_string(index - 1);
        (void)::rename(older.c_str(), (path + "." + std::to_string(index)).c_str());
    }
    if (::rename(path.c_str(), (path + ".1").c_str()) != 0) {
        return; // the log keeps growing rather than losing lines
    }
    UniqueFd reopened(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640));
    if (reopened) {
        file_ = std::move(reopened);
        size_ = 0;
    }
}

void JsonLogWriter::append(OutputStream stream, std::string_view bytes) {
    std::string& partial = partial_[int(stream) - 1];
    while (!bytes.empty()) {
        size_t newline = bytes.find('\n');
        if (newline == std::string_view::npos) {
            partial.append(bytes);
            if (partial.size() >= kMaxPartialLine) {
                flush(stream);
            }
            return;
        }
        if (partial.empty()) {
            writeEntry(stream, bytes.substr(0, newline + 1));
        } else {
            partial.append(bytes.substr(0, newline + 1));
            writeEntry(stream, partial);
            partial.clear();
        }
        bytes.remove_prefix(newline + 1);
    }
}

void JsonLogWriter::flush(OutputStream stream) {
    std::string& partial = partial_[int(stream) - 1];
    if (!partial.empty()) {
        writeEntry(stream, partial);
        partial.clear();
    }
}

void JsonLogWriter::writeEntry(OutputStream stream, std::string_view line) {
    if (!file_) {
        return;
    }
    std::string entry = "{\"log\":";
    appendJsonString(entry, line);
    entry += stream == OutputStream::Stdout ? ",\"stream\":\"stdout\",\"time\":\""
                                            : ",\"stream\":\"stderr\",\"time\":\"";
    entry += currentTimeRfc3339Nano();
    entry += "\"}\n";
    if (rotation_.maxSize > 0 && size_ > 0 &&
        size_ + static_cast<long long>(entry.size()) > rotation_.maxSize) {
        rotate();
    }
    // One write per entry with O_APPEND keeps entries whole for concurrent readers.
    size_t written = 0;
    while (written < entry.size()) {
        ssize_t n = ::write(file_.get(), entry.data() + written, entry.size() - written);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return; // a full disk loses log lines, never the container
        }
        written += size_t(n);
        size_ += n;
    }
}

} // namespace berth::runtime
