#pragma once

// A client of the Docker Engine API, synchronous and thread-safe: every call opens its own
// connection, so worker threads may share one Client. Calls that return a whole answer
// time out after Options::timeout; the streams (logs with follow, events, import, wait)
// run until they end or their CancelToken fires.
//
// The first call negotiates the API version with /_ping like the docker CLI (the lower of
// the server's Api-Version and 1.43) and prefixes every later path with /vX.Y.
// Errors carry the engine's {"message"} text unchanged, with the HTTP status mapped to an
// ErrorKind: 400 InvalidArgument, 404 NotFound, 409 Conflict, 501 Unsupported, else System.

#include "client/build_context.h"
#include "client/cancel_token.h"
#include "client/context_manifest.h"
#include "client/endpoint.h"
#include "client/http_transport.h"
#include "client/log_frames.h"
#include "client/types.h"
#include "common/error.h"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::client {

struct ClientOptions {
    std::chrono::milliseconds timeout{30000};
};

struct LogOptions {
    bool follow = false;
    bool stdoutStream = true;
    bool stderrStream = true;
    bool timestamps = false;
    std::string tail = "all"; // a line count or "all"
    // Whether the container has a tty (raw output) or not (8-byte frames). When unset the
    // client reads it from the container's inspect data.
    std::optional<bool> tty;
};

struct AttachOptions {
    bool stream = true;
    bool stdinStream = true;
    bool stdoutStream = true;
    bool stderrStream = true;
    bool logs = false;
};

struct ExecOptions {
    std::vector<std::string> cmd;
    bool tty = false;
    bool attachStdin = true;
    std::string user;
    std::string workingDir;
    std::vector<std::string> env;
};

struct ImportOptions {
    std::string repo; // empty for an untagged image
    std::string tag;
    std::string message;
    std::vector<std::string> changes; // Dockerfile instructions, as `docker import --change`
};

struct EventOptions {
    std::vector<std::string> types; // filter on Type, empty for all
    std::optional<int64_t> since;   // seconds since the epoch
    std::chrono::milliseconds connectTimeout{5000};
};

struct BuildRequest {
    BuildContextSource context;
    std::vector<std::string> tags; // "name:tag"
    std::map<std::string, std::string> buildArgs;
    std::string target; // a stage name; empty for the last stage
    bool noCache = false;
    // planBuild only: the manifest kept from earlier plans of the same context, so that
    // only the paths marked changed are read. Without one, every file is read.
    std::shared_ptr<ContextManifestCache> manifestCache;
    // planBuild only: send the whole context tar instead of a manifest of its files.
    bool planWithTar = false;
    // planBuild only: ask for each step's ConfigChanges in place of its whole Config
    // after the first step of a stage (engine/build/plan_json.h).
    bool planConfigChanges = false;
};

// One message of a build's progress stream: {"stream": text}, {"aux": {"ID": id}}, ...
using BuildCallback = std::function<void(const Json& message)>;

// One message of a pull, push or load progress stream, as Docker sends it:
// {"status", "id", "progressDetail": {"current", "total"}}, {"stream"} or {"aux"}.
using ProgressCallback = std::function<void(const Json& message)>;

// The body of POST /auth (docker login).
struct RegistryLogin {
    std::string serverAddress; // "127.0.0.1:5000"; empty for Docker Hub
    std::string username;
    std::string password;
};

using LogCallback = std::function<bool(LogStream, std::string_view)>;
using EventCallback = std::function<bool(const Event&)>;
using ImportProgress = std::function<void(uint64_t sent, uint64_t total)>;

class Client final {
public:
    explicit Client(Endpoint endpoint, ClientOptions options = {});

    [[nodiscard]] const Endpoint& endpoint() const { return transport_.endpoint(); }
    // "1.43" once negotiated, empty before.
    [[nodiscard]] std::string apiVersion() const;

    // System.
    [[nodiscard]] Result<PingResult> ping();
    [[nodiscard]] Result<Json> version();
    [[nodiscard]] Result<Json> info();

    // Containers.
    [[nodiscard]] Result<std::vector<ContainerSummary>> listContainers(bool all = true);
    [[nodiscard]] Result<Json> inspectContainer(std::string_view id);
    // `config` is the body of POST /containers/create (Image, Cmd, HostConfig, ...).
    [[nodiscard]] Result<CreateResult> createContainer(const Json& config, std::string_view name);
    [[nodiscard]] Result<void> startContainer(std::string_view id);
    [[nodiscard]] Result<void> stopContainer(std::string_view id,
                                             std::optional<int> timeoutSeconds = std::nullopt);
    [[nodiscard]] Result<void> killContainer(std::string_view id, std::string_view signal = {});
    [[nodiscard]] Result<void> restartContainer(std::string_view id,
                                                std::optional<int> timeoutSeconds = std::nullopt);
    [[nodiscard]] Result<void> removeContainer(std::string_view id, bool force = false,
                                               bool removeVolumes = false);
    // Waits for the condition ("not-running", "next-exit", "removed") until the deadline.
    [[nodiscard]] Result<WaitResult> waitContainer(std::string_view id,
                                                   std::chrono::milliseconds timeout,
                                                   std::string_view condition = "not-running");
    [[nodiscard]] Result<void> resizeContainer(std::string_view id, int height, int width);

    // Pause, rename, update, top, stats and prune (client_lifecycle.cpp).
    [[nodiscard]] Result<void> pauseContainer(std::string_view id);
    [[nodiscard]] Result<void> unpauseContainer(std::string_view id);
    [[nodiscard]] Result<void> renameContainer(std::string_view id, std::string_view newName);
    // Returns the engine's warnings.
    [[nodiscard]] Result<std::vector<std::string>> updateContainer(std::string_view id,
                                                                   const ContainerUpdate& update);
    // Makes an image from the container's file system changes and returns the image's id.
    [[nodiscard]] Result<std::string> commitContainer(const CommitRequest& request);
    // psArgs are passed to ps by Docker ("-ef" when empty); berthd ignores them.
    [[nodiscard]] Result<TopResult> topContainer(std::string_view id, std::string_view psArgs = {});
    // One stats sample. Docker waits for a second sample to fill precpu_stats unless
    // oneShot is set.
    [[nodiscard]] Result<Json> containerStats(std::string_view id, bool oneShot = false);
    // Streams a stats sample about every second until the container stops, onSample returns
    // false or cancel fires. The last two end the call without an error.
    [[nodiscard]] Result<void>
    streamContainerStats(std::string_view id, const std::function<bool(const Json&)>& onSample,
                         CancelToken& cancel);
    // `filters` is the JSON of the filters query parameter, empty for none.
    [[nodiscard]] Result<PruneResult> pruneContainers(std::string_view filters = {});
    // Removes dangling images, or every image no container uses with `all`.
    [[nodiscard]] Result<PruneResult> pruneImages(bool all = false);
    // POST /build/prune. berthd clears its whole classic cache and reclaims no space, because
    // the step images stay as parents of the built images.
    [[nodiscard]] Result<PruneResult> pruneBuildCache(bool all = false);

    // Streams the container's logs, demultiplexed unless it has a tty. Returns when the logs
    // end, the callback returns false, or cancel fires (not an error for a stream).
    [[nodiscard]] Result<void> logs(std::string_view id, const LogOptions& options,
                                    const LogCallback& onData, CancelToken* cancel = nullptr);
    [[nodiscard]] Result<HijackedConnection> attach(std::string_view id,
                                                    const AttachOptions& options);

    // Exec.
    [[nodiscard]] Result<std::string> createExec(std::string_view containerId,
                                                 const ExecOptions& options);
    [[nodiscard]] Result<HijackedConnection> startExec(std::string_view execId, bool tty);
    [[nodiscard]] Result<void> resizeExec(std::string_view execId, int height, int width);
    [[nodiscard]] Result<Json> inspectExec(std::string_view execId);

    // Files in containers, as docker cp (client_archive.cpp). Transfers go through a
    // temporary file, so a download is unpacked only once it is complete.
    [[nodiscard]] Result<ContainerPathStat> statContainerPath(std::string_view id,
                                                              std::string_view path);
    // The paths that differ from the container's image (docker diff).
    [[nodiscard]] Result<std::vector<ContainerChange>> containerChanges(std::string_view id);
    // The entries of a directory. NOTE: the engine API has no listing call, so this reads
    // the archive of the whole directory tree and costs as much as downloading it.
    [[nodiscard]] Result<std::vector<ContainerPathStat>>
    listContainerDirectory(std::string_view id, std::string_view path,
                           CancelToken* cancel = nullptr);
    // Copies path (a file or directory) into the existing hostDirectory.
    [[nodiscard]] Result<void> downloadFromContainer(std::string_view id, std::string_view path,
                                                     const std::string& hostDirectory,
                                                     const std::function<void(uint64_t)>& received,
                                                     CancelToken* cancel = nullptr);
    // Copies hostPath (a file or directory) into the container's existing directory.
    [[nodiscard]] Result<void> uploadToContainer(std::string_view id, const std::string& hostPath,
                                                 std::string_view directory,
                                                 const ImportProgress& progress,
                                                 CancelToken* cancel = nullptr);

    // Images.
    [[nodiscard]] Result<std::vector<ImageSummary>> listImages();
    [[nodiscard]] Result<Json> inspectImage(std::string_view name);
    [[nodiscard]] Result<std::vector<ImageDeleteEntry>> removeImage(std::string_view name,
                                                                    bool force = false);
    [[nodiscard]] Result<void> tagImage(std::string_view source, std::string_view repo,
                                        std::string_view tag);
    [[nodiscard]] Result<std::vector<ImageHistoryEntry>> imageHistory(std::string_view name);
    // Imports a tar file as an image (`docker import`). Returns the new image's id.
    [[nodiscard]] Result<std::string> importImage(const std::string& path,
                                                  const ImportOptions& options,
                                                  const ImportProgress& progress,
                                                  CancelToken* cancel = nullptr);

    // Builds (client_build.cpp). buildImage streams the engine's messages to onMessage and
    // returns the image id. A failed step is an error with the engine's message. A cancel
    // closes the connection, and Berth's engine stops the build when it sees that.
    [[nodiscard]] Result<std::string> buildImage(const BuildRequest& request,
                                                 const BuildCallback& onMessage,
                                                 CancelToken* cancel = nullptr);
    // Berth's POST /berth/build/plan: what a build would do, with cache status and layers.
    // Sends a manifest of the context's files (the tar when request.planWithTar is set, or
    // when a path is not UTF-8). An engine without it (Docker, Podman) returns NotFound.
    [[nodiscard]] Result<Json> planBuild(const BuildRequest& request,
                                         CancelToken* cancel = nullptr);
    // planBuild's response body as the engine sent it, for a caller that parses the JSON
    // itself.
    [[nodiscard]] Result<std::string> planBuildText(const BuildRequest& request,
                                                    CancelToken* cancel = nullptr);

    // Registries and archives (client_distribution.cpp). registryAuth is the X-Registry-Auth
    // header's value, empty for none. A stream's "error" message is a System error with the
    // engine's text. A cancel closes the connection, and Berth's engine then stops a pull
    // and stores nothing of it.
    [[nodiscard]] Result<void> pullImage(std::string_view reference,
                                         const std::string& registryAuth,
                                         const ProgressCallback& onMessage,
                                         CancelToken* cancel = nullptr);
    // Pushes name's tag, or every tag of the repository name when tag is empty.
    [[nodiscard]] Result<void> pushImage(std::string_view name, std::string_view tag,
                                         const std::string& registryAuth,
                                         const ProgressCallback& onMessage,
                                         CancelToken* cancel = nullptr);
    // POST /auth. Returns the engine's status, "Login Succeeded".
    [[nodiscard]] Result<std::string> login(const RegistryLogin& login);
    // Berth's GET /berth/registry/tags: the tags of reference's repository on its registry.
    // An engine without it (Docker, Podman) returns NotFound.
    [[nodiscard]] Result<std::vector<std::string>> registryTags(std::string_view reference,
                                                                const std::string& registryAuth);
    // Writes the images (docker save) or a container's file system (docker export) as a tar
    // to path. The tar is written beside path under a temporary name and renamed to path
    // when complete, so a failure or cancel leaves no file and keeps an older one.
    [[nodiscard]] Result<void> saveImages(const std::vector<std::string>& names,
                                          const std::string& path,
                                          const std::function<void(uint64_t)>& received,
                                          CancelToken* cancel = nullptr);
    [[nodiscard]] Result<void> exportContainer(std::string_view id, const std::string& path,
                                               const std::function<void(uint64_t)>& received,
                                               CancelToken* cancel = nullptr);
    // Loads the images of a docker save archive (docker load). Returns the engine's
    // "Loaded image: name:tag" and "Loaded image ID: sha256:..." lines.
    [[nodiscard]] Result<std::vector<std::string>> loadImages(const std::string& path,
                                                              const ImportProgress& progress,
                                                              const ProgressCallback& onMessage,
                                                              CancelToken* cancel = nullptr);

    // Volumes (client_volumes.cpp). The responses are the engine's JSON as the Engine API
    // documents it: the list is {"Volumes": [...], "Warnings": [...]}.
    [[nodiscard]] Result<Json> listVolumes();
    [[nodiscard]] Result<Json> createVolume(std::string_view name,
                                            const std::map<std::string, std::string>& labels = {});
    [[nodiscard]] Result<void> removeVolume(std::string_view name, bool force = false);
    // Removes unused anonymous volumes, or every unused volume with `all` (API 1.42 and
    // later; older engines remove every unused volume either way). Returns the response
    // with VolumesDeleted and SpaceReclaimed.
    [[nodiscard]] Result<Json> pruneVolumes(bool all = false);
    // Networks (client_networks.cpp), the engine's JSON as the Engine API documents it.
    [[nodiscard]] Result<Json> listNetworks();
    // Creates a bridge network; an empty subnet lets the engine choose one. Returns
    // {"Id": ..., "Warning": ...}.
    [[nodiscard]] Result<Json> createNetwork(std::string_view name, std::string_view subnet = {});
    [[nodiscard]] Result<void> removeNetwork(std::string_view nameOrId);
    // GET /system/df: the only endpoint whose volumes carry UsageData (size, RefCount).
    [[nodiscard]] Result<Json> diskUsage();

    // Streams /events until the callback returns false or cancel fires, which both end the
    // call without an error. Connecting and the response header must happen before
    // options.connectTimeout.
    [[nodiscard]] Result<void> events(const EventOptions& options, const EventCallback& onEvent,
                                      CancelToken& cancel);

private:
    [[nodiscard]] Result<std::optional<std::string>>
    planWithKeptManifest(const BuildRequest& request, HttpRequest& http, CancelToken* cancel);
    [[nodiscard]] Result<std::string> versionPrefix();
    [[nodiscard]] Deadline callDeadline() const;
    // Writes the archive of path to fd and rewinds fd.
    [[nodiscard]] Result<void> downloadArchive(std::string_view id, std::string_view path, int fd,
                                               const std::function<void(uint64_t)>& received,
                                               CancelToken* cancel);
    [[nodiscard]] Result<void> streamProgress(const std::string& method, std::string_view path,
                                              const std::string& registryAuth,
                                              const ProgressCallback& onMessage,
                                              CancelToken* cancel, const std::string& action);
    [[nodiscard]] Result<void> downloadToFile(std::string_view path, const std::string& destination,
                                              const std::function<void(uint64_t)>& received,
                                              CancelToken* cancel, const std::string& action);
    [[nodiscard]] Result<HttpResponse> call(std::string method, std::string_view path,
                                            std::string body = {});
    [[nodiscard]] Result<Json> callJson(std::string method, std::string_view path,
                                        std::string body = {});

    HttpTransport transport_;
    ClientOptions options_;
    mutable std::mutex versionMutex_;
    std::string apiVersion_;
};

// Percent-encodes a query parameter value.
[[nodiscard]] std::string urlEncode(std::string_view text);

// The error a non-2xx response stands for: the engine's "message" (or the raw body) with the
// status mapped to an ErrorKind.
[[nodiscard]] Error responseError(const HttpResponse& response);

} // namespace berth::client
