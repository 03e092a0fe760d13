#include "api/image_import.h"

#include "api/stream_io.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <future>
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

// Runs importTar on the read end in its own thread; the caller writes the tar stream.
std::future<Result<image::Image>> startImporter(image::Store& store, UniqueFd readEnd,
                                                const image::ImportOptions& options) {
    return std::async(std::launch::async, [&store, fd = std::move(readEnd), options]() mutable {
        auto result = store.importTar(fd.get(), options);
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
    auto importer = startImporter(store, std::move(pipe->read), options);
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
        if (importerListening && !writeAll(pipe->write.get(), std::string_view(buffer, *n))) {
            importerListening = false; // the importer failed; keep reading to drain the body
        }
    }
    pipe->write.reset();
    auto result = importer.get();
    if (readError && result) {
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
    auto importer = startImporter(store, std::move(pipe->read), options);

    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) {
        pipe->write.reset();
        (void)importer.get();
        return fail(ErrorKind::System, "import: libcurl could not be initialised");
    }
    int writeFd = pipe->write.get();
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
    pipe->write.reset();
    auto result = importer.get();
    if (code != CURLE_OK && code != CURLE_WRITE_ERROR) {
        std::string reason = curlError[0] ? curlError : curl_easy_strerror(code);
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("import from {}: download failed: {}", url, reason));
    }
    return result;
}

} // namespace berth::api
