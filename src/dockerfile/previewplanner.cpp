// PreviewPlanner: debounced parsing and planning for the layer preview.

#include "dockerfile/previewplanner.h"

#include "dockerfile/previewsteps.h"
#include "engineconnection.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSet>

namespace berth::studio {

Q_LOGGING_CATEGORY(lcPreview, "berth.studio.preview", QtWarningMsg)

namespace {

constexpr int kDefaultDebounceMs = 250;
// Each watched path costs an inotify watch, so a large context is watched only up to
// this many directories and four times as many files.
// NOTE: a change past these limits marks nothing until the next plan.
constexpr int kMaxWatchedDirectories = 2000;

// The plan parsed once, on the worker thread, into the form the rows read.
Result<QJsonObject> parsePlan(const std::string& text, const std::string& directory) {
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(
        QByteArray::fromRawData(text.data(), qsizetype(text.size())), &error);
    if (!document.isObject()) {
        return fail(ErrorKind::System, "plan the build of " + directory +
                                           ": the engine's response is not a JSON object: " +
                                           error.errorString().toStdString());
    }
    return document.object();
}

} // namespace

PreviewPlanner::PreviewPlanner(QObject* parent)
    : QObject(parent)
    , manifests_(std::make_shared<client::ContextManifestCache>()) {
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
    manifests_->markAllChanged(); // changes made while the context was not watched
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
    if (!contextFullyWatched_) {
        manifests_->markAllChanged();
    }
    request.manifestCache = manifests_;
    request.planConfigChanges = true;
    ++inFlight_;
    connection_->run(
        this,
        [request, cancel](client::Client& client) -> Result<QJsonObject> {
            auto text = client.planBuildText(request, cancel.get());
            if (!text) {
                return std::unexpected(text.error());
            }
            return parsePlan(*text, request.context.directory);
        },
        [this, generation](Result<QJsonObject> plan) {
            --inFlight_;
            if (generation != generation_) {
                return; // superseded by a newer text
            }
            if (!plan) {
                planFailedWith(plan.error());
                return;
            }
            applyPlanResult(generation, *plan);
        });
}

void PreviewPlanner::planFailedWith(const Error& error) {
    const bool noEndpoint =
        error.kind == ErrorKind::NotFound || error.kind == ErrorKind::Unsupported;
    if (noEndpoint) {
        triedEngine_ = true;
        engineHasPlan_ = false;
        parseText();
        emit cacheStatusAvailabilityChanged(false);
        emit planned();
        return;
    }
    const QString message = QString::fromStdString(error.message);
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

// Adds the paths that are not watched yet and removes the ones that are gone, rather than
// watching everything anew, so that no change between the two goes unreported.
void PreviewPlanner::watchContext() {
    QStringList current;
    if (!contextDirectory_.isEmpty()) {
        current << contextDirectory_;
        QDirIterator dirs(contextDirectory_, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden,
                          QDirIterator::Subdirectories);
        while (dirs.hasNext() && current.size() < kMaxWatchedDirectories) {
            current << dirs.next();
        }
        const bool allDirectories = !dirs.hasNext();
        QDirIterator files(contextDirectory_, QDir::Files | QDir::Hidden,
                           QDirIterator::Subdirectories);
        while (files.hasNext() && current.size() < kMaxWatchedDirectories * 4) {
            current << files.next();
        }
        contextFullyWatched_ = allDirectories && !files.hasNext();
    } else {
        contextFullyWatched_ = false;
    }

    const QStringList watched = watcher_.directories() + watcher_.files();
    const QSet<QString> currentSet(current.begin(), current.end());
    const QSet<QString> watchedSet(watched.begin(), watched.end());
    QStringList removed;
    for (const QString& path : watched) {
        if (!currentSet.contains(path)) {
            removed << path;
        }
    }
    QStringList added;
    for (const QString& path : current) {
        if (!watchedSet.contains(path)) {
            added << path;
        }
    }
    if (!removed.isEmpty()) {
        watcher_.removePaths(removed);
    }
    if (!added.isEmpty()) {
        const QStringList failed = watcher_.addPaths(added);
        if (!failed.isEmpty()) {
            // Files removed since the listing fail harmlessly, but an inotify limit also
            // fails, and then changes there would go unreported.
            qCDebug(lcPreview) << "not watched:" << failed.size() << "paths of the context";
            contextFullyWatched_ = false;
        }
    }
}

// A changed file or directory marks the COPY steps that read it and plans again. The
// watches are brought up to date before the manifest learns of the change, so that a
// later change of a new file is reported too.
void PreviewPlanner::contextChanged(const QString& path) {
    const QString relative = QDir(contextDirectory_).relativeFilePath(path);
    if (QFileInfo(path).isDir()) {
        watchContext(); // a new file in the directory is not watched yet
    } else if (!watcher_.files().contains(path) && QFileInfo::exists(path)) {
        watcher_.addPath(path); // editors that save by rename drop the watch
    }
    manifests_->markChanged(relative.toStdString());
    if (relative == dockerfile_) {
        return; // the editor owns the Dockerfile's text
    }
    model_.invalidateCopiesOf(relative == "." ? QString() : relative);
    debounce_.start();
}

} // namespace berth::studio
