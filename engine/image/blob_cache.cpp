#include "image/blob_cache.h"

#include "common/fs.h"
#include "common/log.h"
#include "common/sha256.h"
#include "common/unique_fd.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>

namespace berth::image {

namespace stdfs = std::filesystem;

namespace {

constexpr int64_t kProgressStep = 512 * 1024;
constexpr auto kAbandonedAfter = std::chrono::hours(24 * 7);

std::string shortId(const std::string& digest) {
    return digest.substr(digest.find(':') + 1, 12);
}

Result<void> writeAll(int fd, std::string_view bytes, const stdfs::path& path) {
    while (!bytes.empty()) {
        ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return failSys(fmt::format("write {}", path.string()));
        }
        bytes.remove_prefix(size_t(n));
    }
    return {};
}

// Hashes the first length bytes of fd into hasher.
Result<void> hashPrefix(int fd, int64_t length, Sha256& hasher, const stdfs::path& path) {
    char buffer[65536];
    for (int64_t offset = 0; offset < length;) {
        ssize_t n =
            ::pread(fd, buffer, size_t(std::min<int64_t>(sizeof buffer, length - offset)), offset);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return failSys(fmt::format("read {}", path.string()));
        }
        hasher.update(std::string_view(buffer, size_t(n)));
        offset += n;
    }
    return {};
}

// The state of one blob download into a locked .partial file.
struct PartialBlob {
    UniqueFd fd;
    stdfs::path path;
    Sha256 hasher;
    int64_t received = 0; // bytes in the file, all hashed

    Result<void> restart() {
        if (::ftruncate(fd.get(), 0) != 0 || ::lseek(fd.get(), 0, SEEK_SET) != 0) {
            return failSys(fmt::format("truncate {}", path.string()));
        }
        hasher = Sha256();
        received = 0;
        return {};
    }
};

// Opens and locks the .partial file of a blob, unless the verified blob appeared while
// waiting for the lock. The lock is held until the returned descriptor closes.
Result<std::optional<PartialBlob>> lockPartial(const stdfs::path& done) {
    stdfs::path path = done;
    path += ".partial";
    // Another pull may rename or remove the file between open and lock; then try again.
    for (int attempt = 0; attempt < 5; ++attempt) {
        if (::access(done.c_str(), F_OK) == 0) {
            return std::nullopt;
        }
        UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
        if (!fd) {
            return failSys(fmt::format("open {}", path.string()));
        }
        while (::flock(fd.get(), LOCK_EX) != 0) {
            if (errno != EINTR) {
                return failSys(fmt::format("lock {}", path.string()));
            }
        }
        struct stat opened {};
        struct stat current {};
        if (::fstat(fd.get(), &opened) != 0) {
            return failSys(fmt::format("stat {}", path.string()));
        }
        if (::stat(path.c_str(), &current) != 0 || current.st_ino != opened.st_ino) {
            continue;
        }
        if (::access(done.c_str(), F_OK) == 0) {
            ::unlink(path.c_str()); // made by this open after another pull finished the blob
            return std::nullopt;
        }
        return PartialBlob{std::move(fd), path, Sha256(), 0};
    }
    return fail(ErrorKind::System, fmt::format("lock {}: it keeps changing", path.string()));
}

// Reads what an earlier, interrupted download left in the file into the hasher.
Result<void> resumeFrom(PartialBlob& blob, int64_t size) {
    off_t length = ::lseek(blob.fd.get(), 0, SEEK_END);
    if (length < 0) {
        return failSys(fmt::format("seek {}", blob.path.string()));
    }
    if (size >= 0 && length > size) {
        return blob.restart();
    }
    if (auto hashed = hashPrefix(blob.fd.get(), length, blob.hasher, blob.path); !hashed) {
        return hashed;
    }
    blob.received = length;
    return {};
}

// Sends the GET of the blob's missing bytes, appending them to the file. Returns the
// response; an interrupted transfer is an error and keeps what arrived.
Result<RegistryResponse> requestRest(RegistryClient& client, const std::string& digest,
                                     int64_t size, PartialBlob& blob,
                                     const TransferRequest& request) {
    RegistryRequest get;
    get.target = fmt::format("/v2/{}/blobs/{}", client.location().repository, digest);
    int64_t offset = blob.received;
    if (offset > 0) {
        get.headers.push_back(fmt::format("Range: bytes={}-", offset));
        log::debug("image pull: resuming {} at byte {}", digest, offset);
    }
    get.onBodyStart = [&blob, offset](const RegistryResponse& response) -> Result<void> {
        // A registry without range support sends the whole blob with 200.
        if (offset > 0 && response.status != 206) {
            return blob.restart();
        }
        return {};
    };
    // The first bytes are reported at once, so a small blob shows Downloading too.
    int64_t reported = -kProgressStep;
    get.sink = [&](std::string_view bytes) -> Result<void> {
        if (request.cancelled != nullptr && request.cancelled->load()) {
            return fail(ErrorKind::Cancelled, "pull cancelled");
        }
        if (auto written = writeAll(blob.fd.get(), bytes, blob.path); !written) {
            return written;
        }
        blob.hasher.update(bytes);
        blob.received += int64_t(bytes.size());
        if (request.progress && blob.received - reported >= kProgressStep) {
            reported = blob.received;
            request.progress({shortId(digest), "Downloading", blob.received, size});
        }
        return {};
    };
    auto response = client.send(get);
    if (!response) {
        return std::unexpected(response.error().context(fmt::format("download {}", digest)));
    }
    return response;
}

// Takes lock on fd (LOCK_SH or LOCK_EX, with LOCK_NB or not). Returns false when LOCK_NB
// was given and another holder has a conflicting lock.
Result<bool> lockFile(int fd, int operation, const stdfs::path& path) {
    while (::flock(fd, operation) != 0) {
        if (errno == EWOULDBLOCK && (operation & LOCK_NB) != 0) {
            return false;
        }
        if (errno != EINTR) {
            return failSys(fmt::format("lock {}", path.string()));
        }
    }
    return true;
}

// Removes a .partial file unless a pull holds its lock. Returns the bytes removed.
Result<int64_t> removeIdlePartial(const stdfs::path& path) {
    UniqueFd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC));
    if (!fd) {
        return errno == ENOENT ? Result<int64_t>(0)
                               : failSys(fmt::format("open {}", path.string()));
    }
    auto locked = lockFile(fd.get(), LOCK_EX | LOCK_NB, path);
    if (!locked || !*locked) {
        return locked ? Result<int64_t>(0) : std::unexpected(locked.error());
    }
    struct stat opened {};
    struct stat current {};
    // A pull that renamed or removed the file meanwhile left another file, or none, there.
    if (::fstat(fd.get(), &opened) != 0 || ::stat(path.c_str(), &current) != 0 ||
        current.st_ino != opened.st_ino) {
        return 0;
    }
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
        return failSys(fmt::format("remove {}", path.string()));
    }
    return int64_t(opened.st_size);
}

} // namespace

Result<int64_t> BlobCache::removeUnused(const stdfs::path& dir) {
    UniqueFd dirFd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dirFd) {
        return errno == ENOENT ? Result<int64_t>(0) : failSys(fmt::format("open {}", dir.string()));
    }
    auto idle = lockFile(dirFd.get(), LOCK_EX | LOCK_NB, dir);
    if (!idle) {
        return std::unexpected(idle.error());
    }
    int64_t removed = 0;
    std::error_code error;
    for (const auto& entry : stdfs::directory_iterator(dir, error)) {
        const stdfs::path& path = entry.path();
        if (path.extension() == ".partial") {
            auto bytes = removeIdlePartial(path);
            if (!bytes) {
                return std::unexpected(bytes.error());
            }
            removed += *bytes;
            continue;
        }
        // A running pull may be about to unpack a verified blob, so only an idle cache
        // gives them up.
        if (!*idle) {
            continue;
        }
        std::error_code sizeError;
        auto size = entry.file_size(sizeError);
        if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
            return failSys(fmt::format("remove {}", path.string()));
        }
        removed += sizeError ? 0 : int64_t(size);
    }
    if (error) {
        return fail(ErrorKind::System, fmt::format("list {}: {}", dir.string(), error.message()));
    }
    if (removed > 0) {
        log::info("image prune: removed {} bytes of unused downloads from {}", removed,
                  dir.string());
    }
    return removed;
}

int64_t BlobCache::diskUsage(const stdfs::path& dir) {
    int64_t total = 0;
    std::error_code error;
    for (const auto& entry : stdfs::directory_iterator(dir, error)) {
        std::error_code sizeError;
        auto size = entry.file_size(sizeError);
        total += sizeError ? 0 : int64_t(size);
    }
    return total;
}

Result<void> BlobCache::prepare() {
    if (auto made = fs::makeDirectories(dir_, 0700); !made) {
        return made;
    }
    pullLock_ = UniqueFd(::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!pullLock_) {
        return failSys(fmt::format("open {}", dir_.string()));
    }
    if (auto locked = lockFile(pullLock_.get(), LOCK_SH, dir_); !locked) {
        return std::unexpected(locked.error());
    }
    std::error_code error;
    auto oldest = stdfs::file_time_type::clock::now() - kAbandonedAfter;
    for (const auto& entry : stdfs::directory_iterator(dir_, error)) {
        std::error_code timeError;
        if (entry.last_write_time(timeError) < oldest && !timeError) {
            log::debug("image pull: removing abandoned download {}", entry.path().string());
            stdfs::remove(entry.path(), timeError);
        }
    }
    return {};
}

Result<stdfs::path> BlobCache::fetch(RegistryClient& client, const std::string& digest,
                                     int64_t size, const TransferRequest& request) {
    stdfs::path done = pathOf(digest);
    auto locked = lockPartial(done);
    if (!locked) {
        return std::unexpected(locked.error());
    }
    if (!*locked) {
        if (request.progress) {
            request.progress({shortId(digest), "Download complete"});
        }
        return done;
    }
    PartialBlob& blob = **locked;
    if (auto resumed = resumeFrom(blob, size); !resumed) {
        return std::unexpected(resumed.error());
    }
    bool complete = size >= 0 && blob.received == size;
    if (!complete) {
        auto response = requestRest(client, digest, size, blob, request);
        if (!response) {
            return std::unexpected(response.error());
        }
        if (response->status == 416) {
            // The registry does not accept the range: start again from the first byte.
            if (auto restarted = blob.restart(); !restarted) {
                return std::unexpected(restarted.error());
            }
            response = requestRest(client, digest, size, blob, request);
            if (!response) {
                return std::unexpected(response.error());
            }
        }
        if (response->status / 100 != 2) {
            return std::unexpected(
                RegistryClient::statusError(*response, fmt::format("download {}", digest)));
        }
    }

    if (request.progress) {
        request.progress({shortId(digest), "Verifying Checksum"});
    }
    std::string actual = digestOf(blob.hasher.finishHex());
    if (actual != digest || (size >= 0 && blob.received != size)) {
        ::unlink(blob.path.c_str());
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("blob {} is corrupt: {} bytes downloaded with digest {}", digest,
                                blob.received, actual));
    }
    if (::fdatasync(blob.fd.get()) != 0) {
        return failSys(fmt::format("sync {}", blob.path.string()));
    }
    if (::rename(blob.path.c_str(), done.c_str()) != 0) {
        return failSys(fmt::format("rename {} to {}", blob.path.string(), done.string()));
    }
    if (request.progress) {
        request.progress({shortId(digest), "Download complete"});
    }
    return done;
}

void BlobCache::remove(const std::string& digest) const {
    stdfs::path path = pathOf(digest);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
        log::warning("image pull: cannot remove the downloaded blob {}: {}", path.string(),
                     std::strerror(errno));
    }
}

} // namespace berth::image
