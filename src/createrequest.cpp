#include "createrequest.h"

namespace berth::studio {

namespace {

// As the docker CLI sends -v: a bind or named volume is a "SOURCE:TARGET[:ro]" entry of
// HostConfig.Binds, an anonymous volume a key of Config.Volumes.
void addVolumes(const RunSpec& spec, client::Json& body, client::Json& hostConfig) {
    client::Json binds = client::Json::array();
    client::Json anonymous = client::Json::object();
    for (const VolumeMapping& mapping : spec.volumes) {
        if (mapping.source.empty()) {
            anonymous[mapping.target] = client::Json::object();
        } else {
            binds.push_back(formatVolumeOption(mapping));
        }
    }
    if (!binds.empty()) {
        hostConfig["Binds"] = binds;
    }
    if (!anonymous.empty()) {
        body["Volumes"] = anonymous;
    }
    if (!spec.volumesFrom.empty()) {
        client::Json from = client::Json::array();
        for (const VolumesFrom& entry : spec.volumesFrom) {
            from.push_back(formatVolumesFrom(entry));
        }
        hostConfig["VolumesFrom"] = from;
    }
}

} // namespace

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
    addVolumes(spec, body, hostConfig);
    body["HostConfig"] = hostConfig;
    return body;
}

} // namespace berth::studio
