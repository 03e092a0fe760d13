// Registries and archives for the client: pull, push, login, a repository's tags, save,
// load and export. Pull, push and load stream Docker's JSON progress messages. Save and
// export write the engine's tar to a file that appears only once it is complete.

#include "client/client.h"
#include "client/json_lines.h"
#include "common/scope_guard.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

namespace berth::client {

namespace {

// Passes each message of a progress stream on and keeps the first "error" message, which
// the engine sends in place of a status once the 200 header is out.
class ProgressMessages final {
public:
    explicit ProgressMessages(const ProgressCallback& onMessage)
        : onMessage_(onMessage) {}

    bool feed(std::string_view bytes) {
        auto fed = splitter_.feed(bytes, [this](const Json& message) { return handle(message); });
        if (!fed) {
            streamError_ = fed.error().message;
            return false;
        }
        return *fed;
    }

    // Handles a last message sent without a newline.
    void finish() {
        if (streamError_.empty() && !splitter_.rest().empty()) {
            Json last = Json::parse(splitter_.rest(), nullptr, false);
            if (last.is_object()) {
                handle(last);
            }
        }
    }

    [[nodiscard]] const std::string& error() const { return streamError_; }

private:
    bool handle(const Json& message) {
        if (auto error = message.find("error"); error != message.end() && error->is_string()) {
            streamError_ = error->get<std::string>();
            return false;
        }
        if (onMessage_) {
            onMessage_(message);
        }
        return true;
    }

    const ProgressCallback& onMessage_;
    JsonLineSplitter splitter_;
    std::string streamError_;
};

// "name:tag" as fromImage and tag: a colon after the last slash starts the tag, "@" the
// digest, and a name with neither is "latest" as in the docker CLI.
std::pair<std::string, std::string> splitPullReference(std::string_view reference) {
    if (size_t at = reference.find('@'); at != std::string_view::npos) {
        return {std::string(reference.substr(0, at)), std::string(reference.substr(at + 1))};
    }
    size_t colon = reference.rfind(':');
    size_t slash = reference.rfind('/');
    if (colon == std::string_view::npos || (slash != std::string_view::npos && colon < slash)) {
        return {std::string(reference), "latest"};
    }
    return {std::string(reference.substr(0, colon)), std::string(reference.substr(colon + 1))};
}

bool writeAll(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written <= 0) {
            return false;
        }
        bytes.remove_prefix(size_t(written));
    }
    return true;
}

// A file written under a temporary name beside its destination and renamed into place by
// commit(). Until then the destructor removes it, so a failed or cancelled download never
// leaves a partial file at the destination.
class PendingFile final {
public:
    [[nodiscard]] static Result<PendingFile> create(const std::string& destination) {
        PendingFile file;
        file.destination_ = destination;
        file.temporary_ = destination + ".XXXXXX";
        file.fd_ = UniqueFd(::mkostemp(file.temporary_.data(), O_CLOEXEC));
        if (!file.fd_) {
            file.temporary_.clear();
            return failSys(fmt::format("create a temporary file beside {}", destination));
        }
        ::fchmod(file.fd_.get(), 0644);
        return file;
    }

    PendingFile() = default;
    PendingFile(PendingFile&& other) noexcept
        : destination_(std::move(other.destination_))
        , temporary_(std::exchange(other.temporary_, {}))
        , fd_(std::move(other.fd_)) {}
    PendingFile& operator=(PendingFile&&) = delete;
    ~PendingFile() {
        if (!temporary_.empty()) {
            ::unlink(temporary_.c_str());
        }
    }

    [[nodiscard]] int fd() const { return fd_.get(); }

    [[nodiscard]] Result<void> commit() {
        if (::fsync(fd_.get()) != 0) {
            return failSys(fmt::format("write {}", temporary_));
        }
        if (::rename(temporary_.c_str(), destination_.c_str()) != 0) {
            return failSys(fmt::format("rename {} to {}", temporary_, destination_));
        }
        temporary_.clear();
        return {};
    }

private:
    std::string destination_;
    std::string temporary_; // empty once renamed
    UniqueFd fd_;
};

} // namespace

Result<void> Client::pullImage(std::string_view reference, const std::string& registryAuth,
                               const ProgressCallback& onMessage, CancelToken* cancel) {
    auto [name, tag] = splitPullReference(reference);
    return streamProgress(
        "POST", fmt::format("/images/create?fromImage={}&tag={}", urlEncode(name), urlEncode(tag)),
        registryAuth, onMessage, cancel, fmt::format("pull {}", reference));
}

Result<void> Client::pushImage(std::string_view name, std::string_view tag,
                               const std::string& registryAuth, const ProgressCallback& onMessage,
                               CancelToken* cancel) {
    std::string target = fmt::format("/images/{}/push", name);
    if (!tag.empty()) {
        target += "?tag=" + urlEncode(tag);
    }
    return streamProgress("POST", target, registryAuth, onMessage, cancel,
                          fmt::format("push {}", name));
}

Result<void> Client::streamProgress(const std::string& method, std::string_view path,
                                    const std::string& registryAuth,
                                    const ProgressCallback& onMessage, CancelToken* cancel,
                                    const std::string& action) {
    auto prefix = versionPrefix();
    if (!prefix) {
        return std::unexpected(prefix.error());
    }
    HttpRequest request;
    request.method = method;
    request.target = *prefix + std::string(path);
    if (!registryAuth.empty()) {
        request.headers.emplace_back("X-Registry-Auth", registryAuth);
    }
    ProgressMessages messages(onMessage);
    auto response = transport_.stream(
        request, callDeadline(), [&](std::string_view bytes) { return messages.feed(bytes); },
        cancel);
    if (!response) {
        return std::unexpected(response.error().context(action));
    }
    if (response->status >= 300) {
        return std::unexpected(responseError(*response));
    }
    messages.finish();
    if (!messages.error().empty()) {
        return fail(ErrorKind::System, messages.error());
    }
    return {};
}

Result<std::string> Client::login(const RegistryLogin& login) {
    Json body = {{"username", login.username},
                 {"password", login.password},
                 {"serveraddress", login.serverAddress}};
    auto answer = callJson("POST", "/auth", body.dump());
    if (!answer) {
        return std::unexpected(answer.error());
    }
    return answer->value("Status", std::string());
}

Result<std::vector<std::string>> Client::registryTags(std::string_view reference,
                                                      const std::string& registryAuth) {
    // Berth's own route, so it has no API version prefix.
    HttpRequest request;
    request.target = "/berth/registry/tags?reference=" + urlEncode(reference);
    if (!registryAuth.empty()) {
        request.headers.emplace_back("X-Registry-Auth", registryAuth);
    }
    auto response = transport_.exchange(request, callDeadline());
    if (!response) {
        return std::unexpected(response.error().context(fmt::format("list tags of {}", reference)));
    }
    if (response->status >= 300) {
        return std::unexpected(responseError(*response));
    }
    Json answer = Json::parse(response->body, nullptr, false);
    std::vector<std::string> tags;
    if (!answer.is_object() || !answer.contains("Tags") || !answer["Tags"].is_array()) {
        return fail(ErrorKind::System,
                    fmt::format("list tags of {}: the engine sent no tag list", reference));
    }
    for (const Json& tag : answer["Tags"]) {
        if (tag.is_string()) {
            tags.push_back(tag.get<std::string>());
        }
    }
    return tags;
}

Result<void> Client::saveImages(const std::vector<std::string>& names, const std::string& path,
                                const std::function<void(uint64_t)>& received,
                                CancelToken* cancel) {
    std::string query;
    for (const std::string& name : names) {
        query += (query.empty() ? "?names=" : "&names=") + urlEncode(name);
    }
    return downloadToFile("/images/get" + query, path, received, cancel,
                          fmt::format("save {} image(s) to {}", names.size(), path));
}

Result<void> Client::exportContainer(std::string_view id, const std::string& path,
                                     const std::function<void(uint64_t)>& received,
                                     CancelToken* cancel) {
    return downloadToFile(fmt::format("/containers/{}/export", urlEncode(id)), path, received,
                          cancel, fmt::format("export container {} to {}", id, path));
}

Result<void> Client::downloadToFile(std::string_view path, const std::string& destination,
                                    const std::function<void(uint64_t)>& received,
                                    CancelToken* cancel, const std::string& action) {
    auto prefix = versionPrefix();
    if (!prefix) {
        return std::unexpected(prefix.error());
    }
    auto file = PendingFile::create(destination);
    if (!file) {
        return std::unexpected(file.error().context(action));
    }
    HttpRequest request;
    request.target = *prefix + std::string(path);
    uint64_t total = 0;
    bool writeFailed = false;
    auto response = transport_.stream(
        request, callDeadline(),
        [&](std::string_view bytes) {
            if (!writeAll(file->fd(), bytes)) {
                writeFailed = true;
                return false;
            }
            total += bytes.size();
            if (received) {
                received(total);
            }
            return true;
        },
        cancel);
    if (!response) {
        return std::unexpected(response.error().context(action));
    }
    if (response->status >= 300) {
        return std::unexpected(responseError(*response));
    }
    if (writeFailed) {
        return failSys(action);
    }
    if (auto committed = file->commit(); !committed) {
        return std::unexpected(committed.error().context(action));
    }
    return {};
}

Result<std::vector<std::string>> Client::loadImages(const std::string& path,
                                                    const ImportProgress& progress,
                                                    const ProgressCallback& onMessage,
                                                    CancelToken* cancel) {
    UniqueFd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!file) {
        return failSys(fmt::format("open {}", path));
    }
    struct stat status {};
    if (::fstat(file.get(), &status) < 0) {
        return failSys(fmt::format("stat {}", path));
    }
    const auto size = static_cast<uint64_t>(status.st_size);
    auto prefix = versionPrefix();
    if (!prefix) {
        return std::unexpected(prefix.error());
    }
    HttpRequest request;
    request.method = "POST";
    request.contentType = "application/x-tar";
    request.target = *prefix + "/images/load";
    // The "stream" messages are the "Loaded image: name:tag" lines.
    std::vector<std::string> loaded;
    ProgressCallback collect = [&](const Json& message) {
        if (auto text = message.find("stream"); text != message.end() && text->is_string()) {
            std::string line = text->get<std::string>();
            while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
                line.pop_back();
            }
            if (!line.empty()) {
                loaded.push_back(line);
            }
        }
        if (onMessage) {
            onMessage(message);
        }
    };
    ProgressMessages messages(collect);
    auto response = transport_.upload(
        request, file.get(), size,
        [&](uint64_t sent) {
            if (progress) {
                progress(sent, size);
            }
        },
        [&](std::string_view bytes) { return messages.feed(bytes); }, cancel);
    if (!response) {
        return std::unexpected(response.error().context(fmt::format("load {}", path)));
    }
    if (response->status >= 300) {
        return std::unexpected(responseError(*response));
    }
    messages.finish();
    if (!messages.error().empty()) {
        return fail(ErrorKind::System, messages.error());
    }
    return loaded;
}

} // namespace berth::client
