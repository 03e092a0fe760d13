#include "shim/json_log.h"

#include "runtime/json_text.h"

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
    }
}

} // namespace berth::runtime
