#include "api/image_import.h"

#include "api/stream_io.h"
#include "image/input.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <future>
#include <optional>
#include <span>
#include <thread>

namespace berth::api {

namespace {

struct Pipe {
    UniqueFd read;
    UniqueFd write;
};

Result<Pipe> makePipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        return failSys("create a pipe for the import stream");
    }
    return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// The writer's side of the import pipe. finish() records whether the whole archive was
// written before it closes the write end, so the importer can tell a complete stream from
// one cut short by a disconnected client or a failed download: both end in EOF.
class PipeWriter {
public:
    explicit PipeWriter(UniqueFd writeEnd)
        : fd_(std::move(writeEnd)) {}
    ~PipeWriter() {
        if (fd_.get() >= 0) {
            finish(Error{ErrorKind::System, "the import stream was abandoned"});
        }
    }
    PipeWriter(const PipeWriter&) = delete;
    PipeWriter& operator=(const PipeWriter&) = delete;

    [[nodiscard]] int fd() const { return fd_.get(); }
    [[nodiscard]] std::shared_future<std::optional<Error>> outcome() const { return outcome_; }

    // Stores the outcome (nullopt when the stream is complete), then closes the write end.
    void finish(std::optional<Error> error) {
        promise_.set_value(std::move(error));
        fd_.reset();
    }

private:
    UniqueFd fd_;
    std::promise<std::optional<Error>> promise_;
    std::shared_future<std::optional<Error>> outcome_ = promise_.get_future().share();
};

// Runs importTar on the read end in its own thread; the caller writes the tar stream. At
// the end of the pipe the importer waits for the writer's outcome and fails with the
// writer's error, so an interrupted stream never becomes an image.
std::future<Result<image::Image>> startImporter(image::Store& store, UniqueFd readEnd,
                                                std::shared_future<std::optional<Error>> outcome,
                                                const image::ImportOptions& options) {
    return std::async(std::launch::async,
                      [&store, fd = std::move(readEnd), outcome, options]() mutable {
                          image::ReadFunction readPipe = image::readFromFd(fd.get());
                          auto read = [&](std::span<char> buffer) -> Result<size_t> {
                              auto n = readPipe(buffer);
                              if (n && *n == 0) {
                                  if (const std::optional<Error>& error = outcome.get()) {
                                      return std::unexpected(*error);
                                  }
                              }
                              return n;
                          };
                          auto result = store.importTar(read, options);
                          fd.reset(); // a writer still sending now gets EPIPE and stops
                          return result;
                      });
}

size_t writeToPipe(char* data, size_t size, size_t count, void* user) {
    int fd = *static_cast<int*>(user);
    return writeAll(fd, std::string_view(data, size * count)) ? size * count : 0;
}

} // namespace

Result<image::Image> importFromBody(image::Store& store, BodyReader& body,
                                    const image::ImportOptions& options) {
    auto pipe = makePipe();
    if (!pipe) {
        return std::unexpected(pipe.error());
    }
    PipeWriter writer(std::move(pipe->write));
    auto importer = startImporter(store, std::move(pipe->read), writer.outcome(), options);
    std::optional<Error> readError;
    char buffer[65536];
    bool importerListening = true;
    for (;;) {
        auto n = body.read(buffer, sizeof buffer);
        if (!n) {
            readError = n.error();
            break;
        }
        if (*n == 0) {
            break;
        }
        if (importerListening && !writeAll(writer.fd(), std::string_view(buffer, *n))) {
            importerListening = false; // the importer failed; keep reading to drain the body
        }
    }
    writer.finish(readError);
    auto result = importer.get();
    if (readError) {
        return std::unexpected(readError->context("import image"));
    }
    return result;
}

Result<image::Image> importFromUrl(image::Store& store, const std::string& url,
                                   const image::ImportOptions& options) {
    if (!url.starts_with("http://") && !url.starts_with("https://")) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("import from {}: only http and https URLs are supported", url));
    }
    auto pipe = makePipe();
    if (!pipe) {
        return std::unexpected(pipe.error());
    }
    PipeWriter writer(std::move(pipe->write));
    auto importer = startImporter(store, std::move(pipe->read), writer.outcome(), options);

    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) {
        writer.finish(Error{ErrorKind::System, "libcurl could not be initialised"});
        (void)importer.get();
        return fail(ErrorKind::System, "import: libcurl could not be initialised");
    }
    int writeFd = writer.fd();
    char curlError[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl.get(), CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl.get(), CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, 30L);
    // A server that stops sending for a minute counts as gone.
    curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_TIME, 60L);
    curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, curlError);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, writeToPipe);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &writeFd);
    CURLcode code = curl_easy_perform(curl.get());
    std::string reason = curlError[0] ? curlError : curl_easy_strerror(code);
    if (code == CURLE_OK) {
        writer.finish(std::nullopt);
    } else {
        writer.finish(Error{ErrorKind::InvalidArgument, "download failed: " + reason});
    }
    auto result = importer.get();
    if (code != CURLE_OK && code != CURLE_WRITE_ERROR) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("import from {}: download failed: {}", url, reason));
    }
    return result;
}

} // namespace berth::api
