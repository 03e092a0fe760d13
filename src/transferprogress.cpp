#include "transferprogress.h"

#include <algorithm>

namespace berth::studio {

namespace {

// The statuses after which a layer has nothing left to do, in pulls and pushes.
bool isFinalStatus(const QString& status) {
    return status == QLatin1String("Pull complete") || status == QLatin1String("Already exists") ||
           status == QLatin1String("Pushed") || status == QLatin1String("Layer already exists") ||
           status.startsWith(QLatin1String("Mounted from"));
}

QString stringOf(const client::Json& message, const char* key) {
    auto field = message.find(key);
    return field != message.end() && field->is_string()
               ? QString::fromStdString(field->get<std::string>())
               : QString();
}

} // namespace

int LayerProgress::percent() const {
    if (finished) {
        return 100;
    }
    if (total <= 0) {
        return 0;
    }
    return int(std::clamp<qint64>(current * 100 / total, 0, 100));
}

int TransferProgress::apply(const client::Json& message) {
    if (!message.is_object()) {
        return -1;
    }
    const QString status = stringOf(message, "status");
    const QString id = stringOf(message, "id");
    // A pull's first line carries the tag as its id, but it is about the whole image.
    if (id.isEmpty() || status.startsWith(QLatin1String("Pulling from"))) {
        if (!status.isEmpty()) {
            lines_ << (id.isEmpty() ? status : id + QLatin1String(": ") + status);
        }
        return -1;
    }
    auto row = std::ranges::find(layers_, id, &LayerProgress::id);
    if (row == layers_.end()) {
        layers_.push_back(LayerProgress{id, {}, 0, 0, false});
        row = layers_.end() - 1;
    }
    row->status = status;
    const auto detail = message.find("progressDetail");
    if (detail != message.end() && detail->is_object()) {
        row->current = detail->value("current", row->current);
        row->total = detail->value("total", row->total);
    }
    row->finished = row->finished || isFinalStatus(status);
    return int(row - layers_.begin());
}

int TransferProgress::finishedLayers() const {
    return int(std::ranges::count(layers_, true, &LayerProgress::finished));
}

int TransferProgress::permille() const {
    if (layers_.empty()) {
        return 0;
    }
    qint64 knownBytes = 0;
    qint64 knownLayers = 0;
    for (const LayerProgress& layer : layers_) {
        if (layer.total > 0) {
            knownBytes += layer.total;
            ++knownLayers;
        }
    }
    if (knownLayers == 0) {
        qint64 sum = 0;
        for (const LayerProgress& layer : layers_) {
            sum += layer.percent();
        }
        return int(sum * 10 / qint64(layers_.size()));
    }
    const qint64 averageBytes = knownBytes / knownLayers;
    qint64 weightSum = 0;
    qint64 doneSum = 0;
    for (const LayerProgress& layer : layers_) {
        const qint64 weight = layer.total > 0 ? layer.total : averageBytes;
        weightSum += weight;
        if (layer.finished) {
            doneSum += weight;
        } else if (layer.total > 0) {
            doneSum += std::clamp<qint64>(layer.current, 0, layer.total);
        }
    }
    return weightSum > 0 ? int(doneSum * 1000 / weightSum) : 0;
}

void TransferProgress::markUnfinished(const QString& status) {
    for (LayerProgress& layer : layers_) {
        if (!layer.finished) {
            layer.status = status;
            layer.stopped = true;
        }
    }
}

} // namespace berth::studio
