#include "shim/json_log.h"

#include "common/time.h"
#include "runtime/json_text.h"

#include <unistd.h>

#include <cerrno>

namespace berth::runtime {

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
    entry += formatRfc3339Nano(nowNanoseconds());
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
