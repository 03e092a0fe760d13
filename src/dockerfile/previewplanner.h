#pragma once

// Keeps the layer preview up to date while the user types. Each edit marks the edited
// step and the ones after it at once; after a pause in typing the text is parsed
// in-process (rows, lines, config) and the engine's plan is requested for the cache
// status, cancelling a request that a newer edit made stale. The plan request carries a
// manifest of the context (file metadata and content digests) rather than its files. A file watcher
// on the build context marks the COPY steps that read a changed file, and passes the
// changed paths to the kept manifest, which reads only those again. Against an engine without the
// plan endpoint the preview keeps what parsing tells and says that cache status is unavailable.

#include "common/error.h"
#include "dockerfile/layerpreviewmodel.h"

#include <QFileSystemWatcher>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace berth::client {
class CancelToken;
class ContextManifestCache;
} // namespace berth::client

namespace berth::studio {

class EngineConnection;

class PreviewPlanner final : public QObject {
    Q_OBJECT

public:
    explicit PreviewPlanner(QObject* parent = nullptr);
    ~PreviewPlanner() override;

    [[nodiscard]] LayerPreviewModel* model() { return &model_; }

    void setConnection(EngineConnection* connection);
    // The build context and the Dockerfile's path relative to it.
    void setContext(const QString& directory, const QString& dockerfile);
    [[nodiscard]] QString contextDirectory() const { return contextDirectory_; }

    // The editor's text after an edit: marks the steps from the first changed line on
    // and plans again after the debounce interval.
    void setText(const QString& text);
    [[nodiscard]] QString text() const { return text_; }
    // Parses and plans now, without waiting for the debounce.
    void planNow();

    void setDebounceInterval(int milliseconds) { debounce_.setInterval(milliseconds); }
    [[nodiscard]] int debounceInterval() const { return debounce_.interval(); }

    // False while the engine has no plan endpoint, or before any engine is connected.
    [[nodiscard]] bool cacheStatusAvailable() const { return engineHasPlan_; }
    [[nodiscard]] int requestsInFlight() const { return inFlight_; }

signals:
    // The rows were rebuilt from the parsed text.
    void parsed();
    // The engine's plan was applied to the rows (or the engine has none).
    void planned();
    void planFailed(const QString& message);
    void cacheStatusAvailabilityChanged(bool available);

private:
    void parseText();
    void requestPlan();
    void applyPlanResult(int generation, const QJsonObject& plan);
    void planFailedWith(const Error& error);
    void watchContext();
    void contextChanged(const QString& path);

    LayerPreviewModel model_;
    EngineConnection* connection_ = nullptr;
    QString contextDirectory_;
    QString dockerfile_ = "Dockerfile";
    QString text_;
    QTimer debounce_;
    QFileSystemWatcher watcher_;
    std::shared_ptr<client::CancelToken> inFlightCancel_;
    // The context's manifest, kept between plans so that each plan reads only the paths
    // the watcher reported. The worker thread that makes the manifest shares it.
    std::shared_ptr<client::ContextManifestCache> manifests_;
    // False when the context has more paths than the watcher takes, so that a change may
    // go unreported and each plan walks the whole context.
    bool contextFullyWatched_ = false;
    int generation_ = 0;
    int inFlight_ = 0;
    bool engineHasPlan_ = false;
    bool triedEngine_ = false;
};

} // namespace berth::studio
