#include "createrequest.h"

namespace berth::studio {

client::Json createRequestBody(const RunSpec& spec) {
    client::Json body = {
        {"Image", spec.image},
        {"Tty", spec.tty},
        {"OpenStdin", spec.interactive},
        // A detached container has no client on its streams.
        {"AttachStdin", spec.interactive && !spec.detach},
        {"AttachStdout", !spec.detach},
        {"AttachStderr", !spec.detach},
        {"StdinOnce", spec.interactive && !spec.detach},
        {"Env", spec.env},
    };
    if (!spec.command.empty()) {
        body["Cmd"] = spec.command;
    }
    if (spec.entrypoint) {
        body["Entrypoint"] = client::Json::array({*spec.entrypoint});
    }
    if (!spec.workdir.empty()) {
        body["WorkingDir"] = spec.workdir;
    }
    if (!spec.user.empty()) {
        body["User"] = spec.user;
    }
    if (!spec.hostname.empty()) {
        body["Hostname"] = spec.hostname;
    }
    client::Json hostConfig = {{"AutoRemove", spec.remove}};
    if (!spec.restartPolicy.empty()) {
        hostConfig["RestartPolicy"] = {{"Name", spec.restartPolicy},
                                       {"MaximumRetryCount", spec.maxRetries}};
    }
    body["HostConfig"] = hostConfig;
    return body;
}

} // namespace berth::studio
