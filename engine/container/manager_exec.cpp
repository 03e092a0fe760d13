// docker exec: exec instances are created against a running container, started once, and
// kept with their exit code for the client to read.

#include "common/log.h"
#include "common/sha256.h"
#include "container/entry.h"
#include "container/exec_table.h"
#include "container/manager.h"

#include <fmt/format.h>

#include <algorithm>

namespace berth::container {

namespace {

std::string commandLine(const std::vector<std::string>& cmd) {
    std::string line;
    for (const std::string& arg : cmd) {
        line += line.empty() ? arg : " " + arg;
    }
    return line;
}

// The container's environment with the exec's variables added; an exec variable replaces
// the container's of the same name.
std::vector<std::string> mergeEnvironment(std::vector<std::string> base,
                                          const std::vector<std::string>& added) {
    for (const std::string& variable : added) {
        std::string name = variable.substr(0, variable.find('='));
        std::erase_if(base, [&name](const std::string& existing) {
            return existing.substr(0, existing.find('=')) == name;
        });
        base.push_back(variable);
    }
    return base;
}

Result<void> checkRunning(const Container& container) {
    if (container.state.status == Status::Paused) {
        return fail(
            ErrorKind::Conflict,
            fmt::format("Container {} is paused, unpause the container before exec", container.id));
    }
    if (container.state.status != Status::Running) {
        return fail(ErrorKind::Conflict, fmt::format("Container {} is not running", container.id));
    }
    return {};
}

} // namespace

runtime::ExecRequest execRequest(const Container& container, const runtime::ContainerSpec& spec,
                                 const ExecConfig& config, bool detach) {
    runtime::ExecRequest request;
    request.spec = spec;
    runtime::ProcessSpec& process = request.spec.process;
    process.args = config.cmd;
    process.env = mergeEnvironment(spec.process.env, config.env);
    if (!config.user.empty()) {
        process.user = config.user;
    }
    if (!config.workingDir.empty()) {
        process.cwd = config.workingDir;
    }
    process.terminal = config.tty && !detach;
    process.openStdin = config.attachStdin;
    process.stdinOnce = false;
    if (config.rows > 0 && config.columns > 0) {
        process.rows = config.rows;
        process.columns = config.columns;
    }
    request.privileged = config.privileged;
    request.container = container.shim;
    request.attachStdin = config.attachStdin && !detach;
    request.detach = detach;
    return request;
}

Result<std::string> Manager::createExec(std::string_view reference, ExecConfig config) {
    auto entry = lookup(reference);
    if (!entry) {
        return std::unexpected(entry.error());
    }
    if (config.cmd.empty()) {
        return fail(ErrorKind::InvalidArgument, "No exec command specified");
    }
    Container container;
    {
        std::lock_guard lock((*entry)->mutex);
        container = (*entry)->container;
    }
    if (auto running = checkRunning(container); !running) {
        return std::unexpected(running.error());
    }
    ExecInfo info;
    info.id = randomHexId();
    info.containerId = container.id;
    info.config = std::move(config);
    std::string action = "exec_create: " + commandLine(info.config.cmd);
    std::string id = info.id;
    {
        auto now = std::chrono::steady_clock::now();
        std::lock_guard lock(execs_->mutex);
        execs_->forgetIdle(now);
        execs_->byId[id] = ExecTable::Record{std::move(info), nullptr, now};
    }
    publish(container, std::move(action), {{"execID", id}});
    return id;
}

Result<ExecInfo> Manager::inspectExec(std::string_view execId) const {
    std::lock_guard lock(execs_->mutex);
    auto it = execs_->byId.find(std::string(execId));
    if (it == execs_->byId.end()) {
        return fail(ErrorKind::NotFound, fmt::format("No such exec instance: {}", execId));
    }
    return it->second.info;
}

Result<std::shared_ptr<ExecSession>> Manager::startExec(std::string_view execId, bool detach) {
    ExecConfig config;
    std::string containerId;
    {
        std::lock_guard lock(execs_->mutex);
        auto it = execs_->byId.find(std::string(execId));
        if (it == execs_->byId.end()) {
            return fail(ErrorKind::NotFound, fmt::format("No such exec instance: {}", execId));
        }
        ExecInfo& info = it->second.info;
        if (info.started) {
            std::string_view state = info.running ? "is already running" : "has already run";
            return fail(ErrorKind::Conflict, fmt::format("Exec command {} {}", info.id, state));
        }
        info.started = true;
        info.running = true;
        config = info.config;
        containerId = info.containerId;
    }
    auto recordFailure = [this, id = std::string(execId)](int exitCode) {
        std::lock_guard lock(execs_->mutex);
        ExecTable::Record& record = execs_->byId.at(id);
        record.info.running = false;
        record.info.exitCode = exitCode;
        record.lastChange = std::chrono::steady_clock::now();
    };

    auto entry = lookup(containerId);
    if (!entry) {
        recordFailure(126);
        return std::unexpected(entry.error());
    }
    Container container;
    std::optional<runtime::ContainerSpec> spec;
    {
        std::lock_guard lock((*entry)->mutex);
        container = (*entry)->container;
        spec = (*entry)->spec;
    }
    if (auto running = checkRunning(container); !running) {
        recordFailure(126);
        return std::unexpected(running.error());
    }
    if (!spec) {
        recordFailure(126);
        return fail(ErrorKind::Conflict, fmt::format("Container {} is not running", container.id));
    }

    std::filesystem::path execBinary = options_.shimBinary.parent_path() / "berth-exec";
    auto process = runtime::startExec(execRequest(container, *spec, config, detach), execBinary);
    if (!process) {
        recordFailure(process.error().exitCode);
        log::debug("exec {} in container {}: {}", execId, container.shortId(),
                   process.error().error.message);
        // Docker's wording, which clients show as it is.
        return fail(ErrorKind::System,
                    fmt::format("OCI runtime exec failed: exec failed: unable to start "
                                "container process: {}: unknown",
                                process.error().error.message));
    }
    auto session = std::make_shared<ExecSession>();
    session->execId = std::string(execId);
    session->containerId = container.id;
    session->tty = config.tty && !detach;
    session->process = std::move(*process);
    {
        std::lock_guard lock(execs_->mutex);
        ExecTable::Record& record = execs_->byId.at(session->execId);
        record.info.pid = session->process.pid;
        record.session = session;
    }
    publish(container, "exec_start: " + commandLine(config.cmd), {{"execID", session->execId}});
    return session;
}

void Manager::finishExec(const std::shared_ptr<ExecSession>& session) {
    auto code = runtime::waitExec(session->process);
    int exitCode = code ? *code : 126;
    {
        std::lock_guard lock(execs_->mutex);
        ExecTable::Record& record = execs_->byId.at(session->execId);
        record.info.running = false;
        record.info.exitCode = exitCode;
        record.session.reset();
        record.lastChange = std::chrono::steady_clock::now();
    }
    if (auto container = inspect(session->containerId)) {
        publish(*container, "exec_die",
                {{"execID", session->execId}, {"exitCode", std::to_string(exitCode)}});
    }
}

Result<void> Manager::resizeExec(std::string_view execId, uint16_t rows, uint16_t columns) {
    std::shared_ptr<ExecSession> session;
    {
        std::lock_guard lock(execs_->mutex);
        auto it = execs_->byId.find(std::string(execId));
        if (it == execs_->byId.end()) {
            return fail(ErrorKind::NotFound, fmt::format("No such exec instance: {}", execId));
        }
        session = it->second.session;
    }
    if (!session || !session->process.terminalMaster) {
        // Without a terminal, or once the process has ended, there is no size to set.
        return {};
    }
    return runtime::resizeExecTerminal(session->process.terminalMaster.get(), rows, columns);
}

} // namespace berth::container
