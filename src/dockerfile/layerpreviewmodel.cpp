// LayerPreviewModel: the rows and their invalidation before the engine responds.

#include "dockerfile/layerpreviewmodel.h"

#include "formatting.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QRegularExpression>

namespace berth::studio {

QColor cacheStateColour(CacheState state) {
    switch (state) {
    case CacheState::Hit:
        return QColor(0x2e, 0x9e, 0x4f);
    case CacheState::Rebuild:
    case CacheState::Invalidated:
        return QColor(0xd9, 0x8a, 0x1c);
    case CacheState::Unknown:
    case CacheState::Unavailable:
    case CacheState::Pending:
        break;
    }
    return QColor(0x8a, 0x8a, 0x8a);
}

namespace {

// True when a COPY source pattern (a path or a glob, relative to the context) covers path.
bool sourceCovers(const QString& source, const QString& path) {
    QString pattern = source;
    while (pattern.startsWith("./")) {
        pattern.remove(0, 2);
    }
    while (pattern.startsWith('/')) {
        pattern.remove(0, 1);
    }
    while (pattern.endsWith('/')) {
        pattern.chop(1);
    }
    if (pattern.isEmpty() || pattern == ".") {
        return true;
    }
    if (path == pattern || path.startsWith(pattern + "/")) {
        return true;
    }
    const QRegularExpression glob(QRegularExpression::wildcardToRegularExpression(pattern));
    return glob.match(path).hasMatch() || glob.match(path.section('/', 0, 0)).hasMatch();
}

} // namespace

int LayerPreviewModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(steps_.size());
}

int LayerPreviewModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LayerPreviewModel::data(const QModelIndex& index, int role) const {
    const PreviewStep* row = step(index.row());
    if (!row) {
        return {};
    }
    if (role == CacheStateRole) {
        return int(row->cache);
    }
    if (role == LineRole) {
        return row->line;
    }
    if (role == Qt::ForegroundRole && index.column() == Cache) {
        return QBrush(cacheStateColour(row->cache));
    }
    if (role == Qt::ToolTipRole) {
        return row->error.isEmpty() ? QVariant() : QVariant(row->error);
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (index.column()) {
    case Line:
        return row->line;
    case Instruction:
        return row->instruction.section('\n', 0, 0);
    case Kind:
        if (row->kind == StepKind::Base) {
            return tr("base");
        }
        return row->kind == StepKind::Layer ? tr("layer") : tr("config only");
    case Cache:
        return cacheStateText(row->cache);
    case Size:
        return row->layerSize >= 0 ? formatSize(row->layerSize) : QString();
    case LastRun:
        return row->lastRun.isValid()
                   ? formatAge(row->lastRun.toSecsSinceEpoch(), QDateTime::currentSecsSinceEpoch())
                   : QString();
    case Wasted:
        return row->wastedBytes > 0 ? formatSize(row->wastedBytes) : QString();
    default:
        return {};
    }
}

QVariant LayerPreviewModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case Line:
        return tr("Line");
    case Instruction:
        return tr("Step");
    case Kind:
        return tr("Kind");
    case Cache:
        return tr("Cache");
    case Size:
        return tr("Size");
    case LastRun:
        return tr("Last run");
    case Wasted:
        return tr("Wasted");
    default:
        return {};
    }
}

void LayerPreviewModel::setSteps(std::vector<PreviewStep> steps) {
    if (steps.size() == steps_.size()) {
        steps_ = std::move(steps);
        if (!steps_.empty()) {
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        }
        return;
    }
    beginResetModel();
    steps_ = std::move(steps);
    endResetModel();
}

const PreviewStep* LayerPreviewModel::step(int row) const {
    return row >= 0 && row < rowCount() ? &steps_[std::size_t(row)] : nullptr;
}

int LayerPreviewModel::rowOfLine(int line) const {
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        if (line >= steps_[i].line && line <= steps_[i].endLine) {
            return int(i);
        }
    }
    return -1;
}

void LayerPreviewModel::invalidateFromLine(int line) {
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        if (steps_[i].endLine >= line) {
            markFrom(i, false);
            return;
        }
    }
}

void LayerPreviewModel::shiftLines(int changedLine, int delta) {
    if (delta == 0 || steps_.empty()) {
        return;
    }
    for (PreviewStep& step : steps_) {
        if (step.line > changedLine) {
            step.line = std::max(changedLine, step.line + delta);
            step.endLine = std::max(step.line, step.endLine + delta);
        } else if (step.endLine >= changedLine) {
            step.endLine = std::max(step.line, step.endLine + delta);
        }
    }
    emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void LayerPreviewModel::invalidateCopiesOf(const QString& contextPath) {
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        const auto& sources = steps_[i].copySources;
        if (std::ranges::any_of(sources, [&](const QString& source) {
                return sourceCovers(source, contextPath);
            })) {
            markFrom(i, true);
        }
    }
}

// A later stage may COPY --from the edited one, so an edit reaches every later stage; a
// changed context file reaches only the steps after its COPY in the same stage.
void LayerPreviewModel::markFrom(std::size_t first, bool sameStageOnly) {
    const int stage = steps_[first].stage;
    std::size_t last = first;
    for (std::size_t i = first; i < steps_.size(); ++i) {
        if (sameStageOnly && steps_[i].stage != stage) {
            break;
        }
        if (steps_[i].kind == StepKind::Base && i != first) {
            continue; // a FROM line's image does not depend on the steps above it
        }
        if (steps_[i].cache != CacheState::Unavailable) {
            steps_[i].cache = CacheState::Invalidated;
        }
        last = i;
    }
    emit dataChanged(index(int(first), 0), index(int(last), ColumnCount - 1));
}

} // namespace berth::studio
