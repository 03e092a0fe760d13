#include "container/json_log.h"

#include "common/time.h"

#include <nlohmann/json.hpp>

namespace berth::container {

std::optional<LogEntry> parseJsonLogLine(std::string_view line) {
    auto object = nlohmann::json::parse(line, nullptr, false);
    if (object.is_discarded() || !object.is_object()) {
        return std::nullopt;
    }
    auto log = object.find("log");
    auto stream = object.find("stream");
    if (log == object.end() || !log->is_string()) {
        return std::nullopt;
    }
    LogEntry entry;
    entry.text = log->get<std::string>();
    entry.stream =
        stream != object.end() && stream->is_string() ? stream->get<std::string>() : "stdout";
    if (auto time = object.find("time"); time != object.end() && time->is_string()) {
        entry.timeNano = parseRfc3339(time->get<std::string>()).value_or(0);
    }
    return entry;
}

} // namespace berth::container
