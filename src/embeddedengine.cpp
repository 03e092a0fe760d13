#include "embeddedengine.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QStandardPaths>

#include <fmt/format.h>

namespace berth::studio {

Q_LOGGING_CATEGORY(lcEngine, "berth.studio.engine", QtWarningMsg)

namespace {

constexpr int kStopDeadlineMs = 10000;
// sun_path is 108 bytes, including the terminating zero.
constexpr qsizetype kMaxSocketPath = 107;

} // namespace

EmbeddedEngine::EmbeddedEngine(QObject* parent)
    : QObject(parent) {
    stateDir_ = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
                QStringLiteral("/engine");
    socketPath_ = stateDir_ + QStringLiteral("/berthd.sock");
    if (socketPath_.toUtf8().size() > kMaxSocketPath) {
        socketPath_ = QDir::tempPath() + QStringLiteral("/berth-studio-%1.sock").arg(getuid());
    }
    connect(&process_, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        if (stopping_) {
            return;
        }
        emit crashed(status == QProcess::CrashExit
                         ? tr("The bundled engine crashed. Its log is %1.").arg(logPath())
                         : tr("The bundled engine exited with code %1. Its log is %2.")
                               .arg(code)
                               .arg(logPath()));
    });
}

EmbeddedEngine::~EmbeddedEngine() {
    stop();
}

QString EmbeddedEngine::logPath() const {
    return stateDir_ + QStringLiteral("/berthd.log");
}

bool EmbeddedEngine::alreadyRunning() const {
    QFile pidFile(stateDir_ + QStringLiteral("/berthd.pid"));
    if (!pidFile.open(QIODevice::ReadOnly)) {
        return false;
    }
    const qint64 pid = pidFile.readAll().trimmed().toLongLong();
    if (pid <= 0) {
        return false;
    }
    const QFileInfo exe(QStringLiteral("/proc/%1/exe").arg(pid));
    return exe.symLinkTarget().endsWith(QLatin1String("/berthd")) && QFile::exists(socketPath_);
}

Result<client::Endpoint> EmbeddedEngine::start() {
    if (!QDir().mkpath(stateDir_ + QStringLiteral("/data"))) {
        return fail(ErrorKind::System,
                    fmt::format("create the engine directory {}", stateDir_.toStdString()));
    }
    const client::Endpoint endpoint = client::Endpoint::unixSocket(socketPath_.toStdString());
    if (alreadyRunning()) {
        qCInfo(lcEngine) << "reusing the bundled engine at" << socketPath_;
        return endpoint;
    }
    const QString program = QCoreApplication::applicationDirPath() + QStringLiteral("/berthd");
    if (!QFileInfo(program).isExecutable()) {
        return fail(ErrorKind::NotFound,
                    fmt::format("the bundled engine {} is missing", program.toStdString()));
    }
    process_.setProgram(program);
    process_.setArguments({QStringLiteral("-H"), QStringLiteral("unix://") + socketPath_,
                           QStringLiteral("--data-root"), stateDir_ + QStringLiteral("/data"),
                           QStringLiteral("--pidfile"), stateDir_ + QStringLiteral("/berthd.pid"),
                           // Its own cgroup parent keeps it apart from a system berthd.
                           QStringLiteral("--cgroup-parent"), QStringLiteral("berth-studio")});
    process_.setProcessChannelMode(QProcess::MergedChannels);
    process_.setStandardOutputFile(logPath(), QIODevice::Append);
    process_.start();
    if (!process_.waitForStarted(kStopDeadlineMs)) {
        return fail(ErrorKind::System, fmt::format("start {}: {}", program.toStdString(),
                                                   process_.errorString().toStdString()));
    }
    qCInfo(lcEngine) << "started the bundled engine, pid" << process_.processId();
    return endpoint;
}

void EmbeddedEngine::stop() {
    if (process_.state() == QProcess::NotRunning) {
        return;
    }
    stopping_ = true;
    // SIGTERM: berthd shuts down cleanly and leaves the containers to their shims.
    process_.terminate();
    if (!process_.waitForFinished(kStopDeadlineMs)) {
        qCWarning(lcEngine) << "the bundled engine did not stop within" << kStopDeadlineMs
                            << "ms; killing it";
        process_.kill();
        process_.waitForFinished(kStopDeadlineMs);
    }
}

} // namespace berth::studio
