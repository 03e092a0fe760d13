// Heredoc bodies and ADD downloads, staged as files for the COPY and ADD layer.

#include "build/copy_sources.h"

#include "common/fs.h"
#include "common/log.h"
#include "common/sha256.h"
#include "common/unique_fd.h"
#include "dockerfile/expand.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

namespace berth::build {

namespace {

namespace stdfs = std::filesystem;

// The last segment of the URL's path, without query or fragment.
Result<std::string> urlFileName(const std::string& url) {
    size_t hostStart = url.find("://");
    size_t pathStart = hostStart == std::string::npos ? 0 : url.find('/', hostStart + 3);
    std::string path = pathStart == std::string::npos ? std::string() : url.substr(pathStart);
    path = path.substr(0, path.find_first_of("?#"));
    std::string name = path.substr(path.find_last_of('/') + 1);
    if (name.empty() || name == "." || name == "..") {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("ADD {}: cannot determine a file name from the URL", url));
    }
    return name;
}

struct Download {
    int fd = -1;
    Sha256 hasher;
    bool writeFailed = false;
    const CancelCheck* cancelled = nullptr;
};

// Stops the transfer once the build is cancelled.
int checkCancelled(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* download = static_cast<Download*>(user);
    return download->cancelled && *download->cancelled && (*download->cancelled)() ? 1 : 0;
}

size_t writeDownload(char* data, size_t size, size_t count, void* user) {
    auto* download = static_cast<Download*>(user);
    size_t total = size * count;
    size_t done = 0;
    while (done < total) {
        ssize_t written = ::write(download->fd, data + done, total - done);
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written <= 0) {
            download->writeFailed = true;
            return 0;
        }
        done += size_t(written);
    }
    download->hasher.update(std::string_view(data, total));
    return total;
}

struct FetchResult {
    long status = 0;
    curl_off_t lastModified = -1;
};

// Runs the GET of url into download, following redirects.
Result<FetchResult> fetch(const std::string& url, Download& download) {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) {
        return fail(ErrorKind::System,
                    fmt::format("ADD {}: libcurl could not be initialised", url));
    }
    char curlError[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl.get(), CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, 30L);
    curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_TIME, 60L);
    curl_easy_setopt(curl.get(), CURLOPT_FILETIME, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, curlError);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, writeDownload);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &download);
    curl_easy_setopt(curl.get(), CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl.get(), CURLOPT_XFERINFOFUNCTION, checkCancelled);
    curl_easy_setopt(curl.get(), CURLOPT_XFERINFODATA, &download);
    CURLcode code = curl_easy_perform(curl.get());
    FetchResult result;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &result.status);
    if (code != CURLE_OK) {
        if (download.writeFailed) {
            return fail(ErrorKind::System,
                        fmt::format("ADD {}: write the download: {}", url, std::strerror(errno)));
        }
        if (code == CURLE_ABORTED_BY_CALLBACK) {
            return fail(ErrorKind::Cancelled,
                        fmt::format("ADD {}: the build was cancelled during the download", url));
        }
        std::string reason = curlError[0] ? curlError : curl_easy_strerror(code);
        if (code == CURLE_OPERATION_TIMEDOUT) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("failed to GET {}: timed out: {}", url, reason));
        }
        return fail(ErrorKind::InvalidArgument, fmt::format("failed to GET {}: {}", url, reason));
    }
    curl_easy_getinfo(curl.get(), CURLINFO_FILETIME_T, &result.lastModified);
    return result;
}

Result<void> verifyChecksum(const std::string& url, const std::string& expected,
                            const std::string& actualHex) {
    if (!expected.starts_with("sha256:")) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid --checksum={}: only sha256:HEX is supported", expected));
    }
    if (expected.substr(7) != actualHex) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("ADD {}: checksum mismatch: expected {}, got sha256:{}", url,
                                expected, actualHex));
    }
    return {};
}

} // namespace

Result<std::unique_ptr<StagingDirectory>> StagingDirectory::create(const stdfs::path& parentDir) {
    std::string pattern = (parentDir / "sources-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        return failSys(fmt::format("create a staging directory in {}", parentDir.string()));
    }
    return std::unique_ptr<StagingDirectory>(new StagingDirectory(pattern));
}

StagingDirectory::~StagingDirectory() {
    if (auto removed = fs::removeTree(root_); !removed) {
        log::warning("build: {}", removed.error().message);
    }
}

Result<stdfs::path> StagingDirectory::newSlot() {
    stdfs::path slot = root_ / std::to_string(slots_++);
    if (auto made = fs::makeDirectories(slot, 0700); !made) {
        return std::unexpected(made.error());
    }
    return slot;
}

bool isRemoteSource(std::string_view source) {
    return source.starts_with("http://") || source.starts_with("https://");
}

Result<stdfs::path> stageHeredoc(const stdfs::path& slot, const dockerfile::Heredoc& heredoc,
                                 const std::map<std::string, std::string>& variables) {
    std::string content = heredoc.content;
    if (heredoc.expand) {
        auto lookup = [&variables](std::string_view name) -> std::optional<std::string> {
            auto found = variables.find(std::string(name));
            return found == variables.end() ? std::nullopt : std::optional(found->second);
        };
        auto expanded = dockerfile::expandHeredocBody(heredoc.content, lookup);
        if (!expanded) {
            return std::unexpected(
                expanded.error().context(fmt::format("expand the heredoc {}", heredoc.delimiter)));
        }
        content = std::move(expanded->value);
    }
    stdfs::path file = slot / heredoc.delimiter;
    if (auto written = fs::writeFileAtomic(file, content, 0644, fs::Durability::Volatile);
        !written) {
        return std::unexpected(written.error());
    }
    if (::chmod(file.c_str(), 0644) != 0) {
        return failSys(fmt::format("chmod {}", file.string()));
    }
    return file;
}

Result<stdfs::path> stageDownload(const stdfs::path& slot, const std::string& url,
                                  const std::optional<std::string>& checksum,
                                  const CancelCheck& cancelled) {
    auto name = urlFileName(url);
    if (!name) {
        return std::unexpected(name.error());
    }
    stdfs::path file = slot / *name;
    UniqueFd output(::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!output) {
        return failSys(fmt::format("create {}", file.string()));
    }
    Download download;
    download.fd = output.get();
    download.cancelled = &cancelled;
    auto fetched = fetch(url, download);
    if (!fetched) {
        return std::unexpected(fetched.error());
    }
    if (fetched->status >= 400) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("failed to GET {} with status {}", url, fetched->status));
    }
    std::string actual = download.hasher.finishHex();
    if (checksum) {
        if (auto verified = verifyChecksum(url, *checksum, actual); !verified) {
            return std::unexpected(verified.error());
        }
    }
    if (::fchmod(output.get(), 0600) != 0) {
        return failSys(fmt::format("chmod {}", file.string()));
    }
    if (fetched->lastModified >= 0) {
        struct timespec times[2] = {{time_t(fetched->lastModified), 0},
                                    {time_t(fetched->lastModified), 0}};
        if (::futimens(output.get(), times) != 0) {
            return failSys(fmt::format("set the modification time of {}", file.string()));
        }
    }
    return file;
}

} // namespace berth::build
