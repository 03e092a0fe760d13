#pragma once

// The state of a pull or push, read from the engine's progress messages: one row per
// layer (its short id, its last status, bytes done of total) and the lines without a
// layer ("Pulling from team/app", "Digest: sha256:...", "Status: ...").

#include "client/types.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace berth::studio {

struct LayerProgress {
    QString id;     // a layer's short digest, "3f4ca61aafcd"
    QString status; // "Downloading", "Pull complete", ...
    qint64 current = 0;
    qint64 total = 0; // 0 while unknown
    bool finished = false;
    // Set when the transfer ended before this layer finished, and status then gives the reason.
    bool stopped = false;

    // 0 to 100: the bytes of a download or upload, 100 once finished.
    [[nodiscard]] int percent() const;
};

class TransferProgress final {
public:
    // Applies one message. Returns the index of the layer row it changed or added, or -1
    // for a message without a layer.
    int apply(const client::Json& message);

    [[nodiscard]] const std::vector<LayerProgress>& layers() const { return layers_; }
    [[nodiscard]] const QStringList& lines() const { return lines_; }
    [[nodiscard]] int finishedLayers() const;
    // 0 to 1000 over the bytes of all layers. A layer whose size is not known yet weighs as
    // much as the average known layer, and when no size is known every layer weighs the same.
    [[nodiscard]] int permille() const;
    // Gives every layer that has not finished the status `status` and marks it stopped, after a
    // cancel or a failure.
    void markUnfinished(const QString& status);

private:
    std::vector<LayerProgress> layers_;
    QStringList lines_;
};

} // namespace berth::studio
