// docker cp for the client: stat, list, download and upload through
// /containers/{id}/archive.

#include "client/archive_files.h"
#include "client/client.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

namespace berth::client {

namespace {

// An unnamed temporary file, gone when its descriptor closes.
Result<UniqueFd> makeTemporaryFile() {
    std::string directory = std::filesystem::temp_directory_path().string();
    UniqueFd fd(::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
    if (!fd) {
        return failSys(fmt::format("create a temporary file in {}", directory));
    }
    return fd;
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

std::string archiveTarget(std::string_view prefix, std::string_view id, std::string_view path) {
    return fmt::format("{}/containers/{}/archive?path={}", prefix, urlEncode(id), urlEncode(path));
}

} // namespace

Result<std::vector<ContainerChange>> Client::containerChanges(std::string_view id) {
    auto json = callJson("GET", fmt::format("/containers/{}/changes", urlEncode(id)));
    if (!json) {
        return std::unexpected(json.error());
    }
    std::vector<ContainerChange> changes;
    if (!json->is_array()) {
        return changes; // Docker returns null when nothing changed
    }
    for (const Json& item : *json) {
        int kind = item.value("Kind", 0);
        if (kind < 0 || kind > 2) {
            continue;
        }
        changes.push_back({item.value("Path", std::string()), ContainerChange::Kind(kind)});
    }
    return changes;
}

Result<ContainerPathStat> Client::statContainerPath(std::string_view id, std::string_view path) {
    auto response =
        call("HEAD", fmt::format("/containers/{}/archive?path={}", urlEncode(id), urlEncode(path)));
    if (!response) {
        Error error = response.error();
        // A HEAD response has no body, so the engine's message is lost. Name the missing path.
        if (error.kind == ErrorKind::NotFound) {
            error.message = fmt::format("Could not find the file {} in container {}", path, id);
        }
        return std::unexpected(error);
    }
    return decodePathStat(response->header("x-docker-container-path-stat"));
}

Result<std::vector<ContainerPathStat>>
Client::listContainerDirectory(std::string_view id, std::string_view path, CancelToken* cancel) {
    auto file = makeTemporaryFile();
    if (!file) {
        return std::unexpected(file.error());
    }
    std::string directory(path);
    if (!directory.ends_with('/')) {
        directory += '/';
    }
    auto downloaded = downloadArchive(id, directory, file->get(), nullptr, cancel);
    if (!downloaded) {
        return std::unexpected(downloaded.error());
    }
    return listTopLevel(file->get());
}

Result<void> Client::downloadFromContainer(std::string_view id, std::string_view path,
                                           const std::string& hostDirectory,
                                           const std::function<void(uint64_t)>& received,
                                           CancelToken* cancel) {
    auto file = makeTemporaryFile();
    if (!file) {
        return std::unexpected(file.error());
    }
    auto downloaded = downloadArchive(id, path, file->get(), received, cancel);
    if (!downloaded) {
        return std::unexpected(downloaded.error());
    }
    return unpackToHost(file->get(), hostDirectory);
}

Result<void> Client::downloadArchive(std::string_view id, std::string_view path, int fd,
                                     const std::function<void(uint64_t)>& received,
                                     CancelToken* cancel) {
    auto prefix = versionPrefix();
    if (!prefix) {
        return std::unexpected(prefix.error());
    }
    HttpRequest request;
    request.target = archiveTarget(*prefix, id, path);
    uint64_t total = 0;
    bool writeFailed = false;
    auto response = transport_.stream(
        request, callDeadline(),
        [&](std::string_view bytes) {
            if (!writeAll(fd, bytes)) {
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
        return std::unexpected(response.error().context(fmt::format("copy {} from {}", path, id)));
    }
    if (response->status >= 300) {
        return std::unexpected(responseError(*response));
    }
    if (writeFailed) {
        return failSys(fmt::format("save {} from {} to a temporary file", path, id));
    }
    if (::lseek(fd, 0, SEEK_SET) != 0) {
        return failSys("rewind the downloaded archive");
    }
    return {};
}

Result<void> Client::uploadToContainer(std::string_view id, const std::string& hostPath,
                                       std::string_view directory, const ImportProgress& progress,
                                       CancelToken* cancel) {
    auto file = makeTemporaryFile();
    if (!file) {
        return std::unexpected(file.error());
    }
    if (auto packed = packHostPath(hostPath, file->get()); !packed) {
        return packed;
    }
    struct stat info {};
    if (::fstat(file->get(), &info) != 0 || ::lseek(file->get(), 0, SEEK_SET) != 0) {
        return failSys(fmt::format("rewind the archive of {}", hostPath));
    }
    auto prefix = versionPrefix();
    if (!prefix) {
        return std::unexpected(prefix.error());
    }
    HttpRequest request;
    request.method = "PUT";
    request.contentType = "application/x-tar";
    request.target = archiveTarget(*prefix, id, directory) + "&noOverwriteDirNonDir=true";
    const auto size = uint64_t(info.st_size);
    auto response = transport_.upload(
        request, file->get(), size,
        [&](uint64_t sent) {
            if (progress) {
                progress(sent, size);
            }
        },
        [](std::string_view) { return true; }, cancel);
    if (!response) {
        return std::unexpected(
            response.error().context(fmt::format("copy {} to {}:{}", hostPath, id, directory)));
    }
    if (response->status >= 300) {
        return std::unexpected(responseError(*response));
    }
    return {};
}

} // namespace berth::client
