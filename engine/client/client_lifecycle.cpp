// Container lifecycle calls beyond run and stop: pause, rename, update, commit, top, stats,
// prune.

#include "client/client.h"
#include "client/json_lines.h"

#include <fmt/format.h>

namespace berth::client {

namespace {

Result<void> noContent(Result<HttpResponse> response) {
    return response ? Result<void>() : std::unexpected(response.error());
}

std::vector<std::string> stringArray(const Json& object, const char* key) {
    std::vector<std::string> out;
    if (!object.is_object() || !object.contains(key) || !object[key].is_array()) {
        return out;
    }
    for (const Json& item : object[key]) {
        if (item.is_string()) {
            out.push_back(item.get<std::string>());
        }
    }
    return out;
}

// Docker responds to prunes with {"<Kind>Deleted": [...], "SpaceReclaimed": N}; images list
// {"Untagged": ...} and {"Deleted": ...} objects instead of strings.
PruneResult decodePrune(const Json& answer, const char* listKey) {
    PruneResult result;
    if (!answer.is_object()) {
        return result;
    }
    if (const auto list = answer.find(listKey); list != answer.end() && list->is_array()) {
        for (const Json& item : *list) {
            if (item.is_string()) {
                result.deleted.push_back(item.get<std::string>());
            } else if (item.is_object() && item.contains("Deleted") &&
                       item["Deleted"].is_string()) {
                result.deleted.push_back(item["Deleted"].get<std::string>());
            }
        }
    }
    const auto reclaimed = answer.find("SpaceReclaimed");
    if (reclaimed != answer.end() && reclaimed->is_number()) {
        result.spaceReclaimed = reclaimed->get<int64_t>();
    }
    return result;
}

} // namespace

Result<void> Client::pauseContainer(std::string_view id) {
    return noContent(call("POST", fmt::format("/containers/{}/pause", urlEncode(id))));
}

Result<void> Client::unpauseContainer(std::string_view id) {
    return noContent(call("POST", fmt::format("/containers/{}/unpause", urlEncode(id))));
}

Result<void> Client::renameContainer(std::string_view id, std::string_view newName) {
    return noContent(call(
        "POST", fmt::format("/containers/{}/rename?name={}", urlEncode(id), urlEncode(newName))));
}

Result<std::string> Client::commitContainer(const CommitRequest& request) {
    std::string target = "/commit?container=" + urlEncode(request.container);
    if (!request.repository.empty()) {
        target += "&repo=" + urlEncode(request.repository);
    }
    if (!request.tag.empty()) {
        target += "&tag=" + urlEncode(request.tag);
    }
    if (!request.comment.empty()) {
        target += "&comment=" + urlEncode(request.comment);
    }
    if (!request.author.empty()) {
        target += "&author=" + urlEncode(request.author);
    }
    for (const std::string& change : request.changes) {
        target += "&changes=" + urlEncode(change);
    }
    target += request.pause ? "&pause=1" : "&pause=0";
    auto body = callJson("POST", target, "{}");
    if (!body) {
        return std::unexpected(body.error());
    }
    if (!body->is_object() || !(*body)["Id"].is_string()) {
        return std::unexpected(
            Error{ErrorKind::System, "the engine's commit response has no image Id"});
    }
    return (*body)["Id"].get<std::string>();
}

Result<std::vector<std::string>> Client::updateContainer(std::string_view id,
                                                         const ContainerUpdate& update) {
    Json body = Json::object();
    if (update.memoryBytes) {
        body["Memory"] = *update.memoryBytes;
    }
    if (update.memorySwapBytes) {
        body["MemorySwap"] = *update.memorySwapBytes;
    }
    if (update.nanoCpus) {
        body["NanoCpus"] = *update.nanoCpus;
    }
    if (update.pidsLimit) {
        body["PidsLimit"] = *update.pidsLimit;
    }
    if (update.restartPolicy) {
        body["RestartPolicy"] = {{"Name", *update.restartPolicy},
                                 {"MaximumRetryCount", update.maximumRetryCount}};
    }
    auto answer =
        callJson("POST", fmt::format("/containers/{}/update", urlEncode(id)), body.dump());
    if (!answer) {
        return std::unexpected(answer.error());
    }
    return stringArray(*answer, "Warnings");
}

Result<TopResult> Client::topContainer(std::string_view id, std::string_view psArgs) {
    std::string path = fmt::format("/containers/{}/top", urlEncode(id));
    if (!psArgs.empty()) {
        path += "?ps_args=" + urlEncode(psArgs);
    }
    auto answer = callJson("GET", path);
    if (!answer) {
        return std::unexpected(answer.error());
    }
    TopResult top;
    top.titles = stringArray(*answer, "Titles");
    if (const auto rows = answer->find("Processes"); rows != answer->end() && rows->is_array()) {
        for (const Json& row : *rows) {
            std::vector<std::string> cells;
            if (row.is_array()) {
                for (const Json& cell : row) {
                    cells.push_back(cell.is_string() ? cell.get<std::string>() : cell.dump());
                }
            }
            top.processes.push_back(std::move(cells));
        }
    }
    return top;
}

Result<Json> Client::containerStats(std::string_view id, bool oneShot) {
    return callJson("GET", fmt::format("/containers/{}/stats?stream=0&one-shot={}", urlEncode(id),
                                       oneShot ? "1" : "0"));
}

Result<void> Client::streamContainerStats(std::string_view id,
                                          const std::function<bool(const Json&)>& onSample,
                                          CancelToken& cancel) {
    auto prefix = versionPrefix();
    if (!prefix) {
        return std::unexpected(prefix.error());
    }
    HttpRequest request;
    request.target = fmt::format("{}/containers/{}/stats?stream=1", *prefix, urlEncode(id));
    JsonLineSplitter splitter;
    Result<bool> splitResult = true;
    auto response = transport_.stream(
        request, callDeadline(),
        [&](std::string_view bytes) {
            splitResult = splitter.feed(bytes, onSample);
            return splitResult.has_value() && *splitResult;
        },
        &cancel);
    if (!response) {
        if (response.error().kind == ErrorKind::Cancelled) {
            return {};
        }
        return std::unexpected(response.error().context(fmt::format("stream stats of {}", id)));
    }
    if (response->status >= 300) {
        return std::unexpected(responseError(*response));
    }
    if (!splitResult) {
        return std::unexpected(splitResult.error());
    }
    return {};
}

Result<PruneResult> Client::pruneContainers(std::string_view filters) {
    std::string path = "/containers/prune";
    if (!filters.empty()) {
        path += "?filters=" + urlEncode(filters);
    }
    auto answer = callJson("POST", path);
    if (!answer) {
        return std::unexpected(answer.error());
    }
    return decodePrune(*answer, "ContainersDeleted");
}

Result<PruneResult> Client::pruneImages(bool all) {
    // Without the filter Docker removes only dangling images.
    const std::string filter = all ? R"({"dangling":["false"]})" : R"({"dangling":["true"]})";
    auto answer = callJson("POST", "/images/prune?filters=" + urlEncode(filter));
    if (!answer) {
        return std::unexpected(answer.error());
    }
    return decodePrune(*answer, "ImagesDeleted");
}

Result<PruneResult> Client::pruneBuildCache(bool all) {
    auto answer = callJson("POST", fmt::format("/build/prune?all={}", all ? "1" : "0"));
    if (!answer) {
        return std::unexpected(answer.error());
    }
    return decodePrune(*answer, "CachesDeleted");
}

} // namespace berth::client
