#pragma once

// Splits a stream of newline-separated JSON objects, as /events, stats and progress streams
// send them, into parsed objects.

#include "client/types.h"
#include "common/error.h"

#include <string>
#include <string_view>

namespace berth::client {

class JsonLineSplitter final {
public:
    // Calls onObject per complete line; returns false once onObject returned false.
    template <class F> Result<bool> feed(std::string_view bytes, F&& onObject) {
        pending_.append(bytes);
        size_t start = 0;
        for (size_t end; (end = pending_.find('\n', start)) != std::string::npos; start = end + 1) {
            const std::string_view line(pending_.data() + start, end - start);
            if (line.find_first_not_of(" \r\t") == std::string_view::npos) {
                continue;
            }
            Json object = Json::parse(line, nullptr, false);
            if (object.is_discarded()) {
                return fail(ErrorKind::System, "read stream: the engine sent invalid JSON");
            }
            if (!onObject(object)) {
                pending_.erase(0, end + 1);
                return false;
            }
        }
        pending_.erase(0, start);
        return true;
    }

    // The bytes after the last newline: a final object sent without one.
    [[nodiscard]] const std::string& rest() const { return pending_; }

private:
    std::string pending_;
};

} // namespace berth::client
