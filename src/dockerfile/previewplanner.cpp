// PreviewPlanner: debounced parsing and planning for the layer preview.

#include "dockerfile/previewplanner.h"

#include "dockerfile/previewsteps.h"
#include "engineconnection.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonDocument>
#include <QLoggingCategory>

namespace berth::studio {

Q_LOGGING_CATEGORY(lcPreview, "berth.studio.preview", QtWarningMsg)

namespace {

constexpr int kDefaultDebounceMs = 250;
// Each watched path costs an inotify watch, so a large context is watched only up to
// this many directories and four times as many files.
// NOTE: a change past these limits marks nothing until the next plan.
constexpr int kMaxWatchedDirectories = 2000;

QJsonObject toQJson(const client::Json& json) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(json.dump())).object();
}

} // namespace

PreviewPlanner::PreviewPlanner(QObject* parent)
    : QObject(parent)
    , digests_(std::make_shared<client::ContextDigestCache>()) {
    debounce_.setSingleShot(true);
    debounce_.setTimerType(Qt::PreciseTimer);
    debounce_.setInterval(kDefaultDebounceMs);
    connect(&debounce_, &QTimer::timeout, this, &PreviewPlanner::planNow);
    connect(&watcher_, &QFileSystemWatcher::fileChanged, this, &PreviewPlanner::contextChanged);
    connect(&watcher_, &QFileSystemWatcher::directoryChanged, this,
            &PreviewPlanner::contextChanged);
}

PreviewPlanner::~PreviewPlanner() {
    if (inFlightCancel_) {
        inFlightCancel_->cancel();
    }
}

void PreviewPlanner::setConnection(EngineConnection* connection) {
    connection_ = connection;
    triedEngine_ = false;
    engineHasPlan_ = false;
}

void PreviewPlanner::setContext(const QString& directory, const QString& dockerfile) {
    contextDirectory_ = directory;
    dockerfile_ = dockerfile.isEmpty() ? QStringLiteral("Dockerfile") : dockerfile;
    watchContext();
    debounce_.start();
}

void PreviewPlanner::setText(const QString& text) {
    const int line = firstChangedLine(text_, text);
    const int delta = int(text.count('\n') - text_.count('\n'));
    text_ = text;
    if (line > 0) {
        model_.invalidateFromLine(line);
        model_.shiftLines(line, delta);
    }
    debounce_.start();
}

void PreviewPlanner::planNow() {
    debounce_.stop();
    parseText();
    requestPlan();
}

// The rows before the first changed step keep what the engine reported for them, so the
// preview does not flicker while the engine plans again.
void PreviewPlanner::parseText() {
    const bool engine = connection_ && (engineHasPlan_ || !triedEngine_);
    std::vector<PreviewStep> steps =
        parseSteps(text_, engine ? CacheState::Pending : CacheState::Unavailable);
    const auto& previous = model_.steps();
    std::size_t same = 0;
    for (; same < steps.size() && same < previous.size(); ++same) {
        const PreviewStep& old = previous[same];
        if (old.instruction != steps[same].instruction || old.line != steps[same].line) {
            break;
        }
        const StepConfig config = steps[same].config;
        const CacheState initial = steps[same].cache;
        steps[same] = old;
        steps[same].config = config;
        if (!engine) {
            steps[same].cache = initial;
        }
    }
    // A step after the first changed one has a new cache key: it would rebuild, unless the
    // engine finds an earlier build of the same text.
    if (engine && !previous.empty()) {
        for (std::size_t i = same; i < steps.size(); ++i) {
            steps[i].cache = CacheState::Invalidated;
        }
    }
    model_.setSteps(std::move(steps));
    emit parsed();
}

void PreviewPlanner::requestPlan() {
    if (!connection_ || contextDirectory_.isEmpty() || (triedEngine_ && !engineHasPlan_)) {
        emit planned();
        return;
    }
    if (inFlightCancel_) {
        inFlightCancel_->cancel(); // a newer text supersedes the plan in flight
    }
    auto cancel = std::make_shared<client::CancelToken>();
    inFlightCancel_ = cancel;
    const int generation = ++generation_;
    client::BuildRequest request;
    request.context.directory = contextDirectory_.toStdString();
    request.context.dockerfile = dockerfile_.toStdString();
    request.context.dockerfileText = text_.toStdString();
    request.digestCache = digests_;
    ++inFlight_;
    connection_->run(
        this,
        [request, cancel](client::Client& client) {
            return client.planBuild(request, cancel.get());
        },
        [this, generation](Result<client::Json> plan) {
            --inFlight_;
            if (generation != generation_) {
                return; // superseded by a newer text
            }
            if (!plan) {
                const bool noEndpoint = plan.error().kind == ErrorKind::NotFound ||
                                        plan.error().kind == ErrorKind::Unsupported;
                if (noEndpoint) {
                    triedEngine_ = true;
                    engineHasPlan_ = false;
                    parseText();
                    emit cacheStatusAvailabilityChanged(false);
                    emit planned();
                    return;
                }
                const QString message = QString::fromStdString(plan.error().message);
                qCWarning(lcPreview) << "plan failed:" << message;
                // A text in the middle of an edit often fails to parse, so rows that were
                // waiting for this plan become unknown rather than waiting forever.
                std::vector<PreviewStep> steps = model_.steps();
                for (PreviewStep& step : steps) {
                    if (step.cache == CacheState::Pending) {
                        step.cache = CacheState::Unknown;
                        step.error = message;
                    }
                }
                model_.setSteps(std::move(steps));
                emit planFailed(message);
                return;
            }
            applyPlanResult(generation, toQJson(*plan));
        });
}

void PreviewPlanner::applyPlanResult(int generation, const QJsonObject& plan) {
    if (generation != generation_) {
        return;
    }
    const bool wasAvailable = engineHasPlan_;
    triedEngine_ = true;
    engineHasPlan_ = true;
    std::vector<PreviewStep> steps = model_.steps();
    applyPlan(steps, plan);
    model_.setSteps(std::move(steps));
    if (!wasAvailable) {
        emit cacheStatusAvailabilityChanged(true);
    }
    emit planned();
}

void PreviewPlanner::watchContext() {
    if (const QStringList watched = watcher_.directories() + watcher_.files(); !watched.isEmpty()) {
        watcher_.removePaths(watched);
    }
    if (contextDirectory_.isEmpty()) {
        return;
    }
    QStringList paths{contextDirectory_};
    QDirIterator dirs(contextDirectory_, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden,
                      QDirIterator::Subdirectories);
    while (dirs.hasNext() && paths.size() < kMaxWatchedDirectories) {
        paths << dirs.next();
    }
    QDirIterator files(contextDirectory_, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext() && paths.size() < kMaxWatchedDirectories * 4) {
        paths << files.next();
    }
    watcher_.addPaths(paths);
}

// A changed file or directory marks the COPY steps that read it and plans again.
void PreviewPlanner::contextChanged(const QString& path) {
    const QString relative = QDir(contextDirectory_).relativeFilePath(path);
    if (relative == dockerfile_) {
        return; // the editor owns the Dockerfile's text
    }
    model_.invalidateCopiesOf(relative == "." ? QString() : relative);
    if (QFileInfo(path).isDir()) {
        // A new file in the directory is not watched yet.
        watchContext();
    } else if (!watcher_.files().contains(path) && QFileInfo::exists(path)) {
        watcher_.addPath(path); // editors that save by rename drop the watch
    }
    debounce_.start();
}

} // namespace berth::studio
