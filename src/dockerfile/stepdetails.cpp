// StepDetails: config, file tree and efficiency tabs of the layer preview.

#include "dockerfile/stepdetails.h"

#include "formatting.h"

#include <QCheckBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <map>

namespace berth::studio {

namespace {

enum FileColumn { FileName, FileChange, FileSize, FileLine };

QColor changeColour(const QString& kind) {
    if (kind == "added") {
        return QColor(0x2e, 0x9e, 0x4f);
    }
    if (kind == "deleted") {
        return QColor(0xc0, 0x39, 0x2b);
    }
    return QColor(0xd9, 0x8a, 0x1c);
}

QString changeText(const QString& kind) {
    if (kind == "added") {
        return StepDetails::tr("added");
    }
    if (kind == "deleted") {
        return StepDetails::tr("deleted");
    }
    return StepDetails::tr("modified");
}

// A placeholder such as "(none)" reads as a note, not as a value of the image.
QTreeWidgetItem* setPlaceholder(QTreeWidgetItem* item, const QString& text) {
    item->setText(1, text);
    item->setForeground(1, item->treeWidget()->palette().brush(QPalette::PlaceholderText));
    return item;
}

QTreeWidgetItem* addSetting(QTreeWidget* tree, const QString& name, const QString& value,
                            const QString& placeholder) {
    auto* item = new QTreeWidgetItem(tree, {name});
    if (value.isEmpty()) {
        return setPlaceholder(item, placeholder);
    }
    item->setText(1, value);
    return item;
}

// CMD, ENTRYPOINT and SHELL in the JSON array form that a Dockerfile uses, so that an
// argument with spaces stays one argument.
QString execForm(const QStringList& arguments) {
    if (arguments.isEmpty()) {
        return {};
    }
    QStringList quoted;
    for (const QString& argument : arguments) {
        const QByteArray json = QJsonDocument(QJsonArray{argument}).toJson(QJsonDocument::Compact);
        // Strips the brackets of the one-element array, leaving the quoted string.
        quoted << QString::fromUtf8(json.mid(1, json.size() - 2));
    }
    return QLatin1Char('[') + quoted.join(QStringLiteral(", ")) + QLatin1Char(']');
}

// A parent row per instruction with one child row per name. The parent row has no value
// of its own, and it reads "(none)" when the list is empty.
void addPairs(QTreeWidget* tree, const QString& title, const NamedValues& values) {
    auto* parent = new QTreeWidgetItem(tree, {title});
    if (values.isEmpty()) {
        setPlaceholder(parent, StepDetails::tr("(none)"));
        return;
    }
    for (const auto& [name, value] : values) {
        auto* child = new QTreeWidgetItem(parent, {name});
        if (value.isNull()) {
            setPlaceholder(child, StepDetails::tr("(no value)"));
        } else {
            child->setText(1, value);
        }
    }
    parent->setExpanded(true);
}

struct MergedEntry {
    QJsonObject change;
    int line = 0;
};

} // namespace

StepDetails::StepDetails(QWidget* parent)
    : QWidget(parent)
    , tabs_(new QTabWidget(this))
    , config_(new QTreeWidget(this))
    , filesNote_(new QLabel(this))
    , merged_(new QCheckBox(tr("Merged filesystem up to this step"), this))
    , files_(new QTreeWidget(this))
    , efficiencyTotal_(new QLabel(this))
    , efficiency_(new QTreeWidget(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(tabs_);

    config_->setHeaderLabels({tr("Setting"), tr("Value after this step")});
    config_->setAccessibleName(tr("Effective configuration"));
    tabs_->addTab(config_, tr("Config"));

    auto* filesPage = new QWidget(this);
    auto* filesLayout = new QVBoxLayout(filesPage);
    filesLayout->setContentsMargins(0, 0, 0, 0);
    filesNote_->setWordWrap(true);
    filesLayout->addWidget(filesNote_);
    filesLayout->addWidget(merged_);
    filesLayout->addWidget(files_);
    files_->setHeaderLabels({tr("Name"), tr("Change"), tr("Size"), tr("Line")});
    files_->setAccessibleName(tr("Layer files"));
    connect(merged_, &QCheckBox::toggled, this, &StepDetails::showFiles);
    tabs_->addTab(filesPage, tr("Files"));

    auto* efficiencyPage = new QWidget(this);
    auto* efficiencyLayout = new QVBoxLayout(efficiencyPage);
    efficiencyLayout->setContentsMargins(0, 0, 0, 0);
    efficiencyTotal_->setWordWrap(true);
    efficiencyLayout->addWidget(efficiencyTotal_);
    efficiencyLayout->addWidget(efficiency_);
    efficiency_->setHeaderLabels({tr("Line"), tr("Step"), tr("Wasted")});
    efficiency_->setRootIsDecorated(false);
    efficiency_->setAccessibleName(tr("Wasted bytes per line"));
    connect(efficiency_, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem* item) { emit lineActivated(item->text(0).toInt()); });
    tabs_->addTab(efficiencyPage, tr("Efficiency"));
}

void StepDetails::showStep(const std::vector<PreviewStep>& steps, int row) {
    steps_ = steps;
    row_ = row;
    config_->clear();
    if (row >= 0 && row < int(steps.size())) {
        showConfig(steps[std::size_t(row)]);
    }
    showFiles();
    showEfficiency(steps);
}

void StepDetails::showConfig(const PreviewStep& step) {
    const QString notSet = tr("(not set)");
    const QString none = tr("(none)");
    addPairs(config_, "ENV", step.config.env);
    // An image without WORKDIR or USER runs in / as root.
    addSetting(config_, "WORKDIR",
               step.config.workdir.isEmpty() ? QStringLiteral("/") : step.config.workdir, notSet);
    addSetting(config_, "USER",
               step.config.user.isEmpty() ? QStringLiteral("root") : step.config.user, notSet);
    addSetting(config_, "SHELL", execForm(step.config.shell), notSet);
    addSetting(config_, "CMD", execForm(step.config.cmd), notSet);
    addSetting(config_, "ENTRYPOINT", execForm(step.config.entrypoint), notSet);
    addSetting(config_, "EXPOSE", step.config.exposedPorts.join(QLatin1Char(' ')), none);
    addSetting(config_, "VOLUME", step.config.volumes.join(QLatin1Char(' ')), none);
    addPairs(config_, "LABEL", step.config.labels);
    addPairs(config_, "ARG", step.config.args);
    config_->resizeColumnToContents(0);
}

QTreeWidgetItem* StepDetails::fileItem(const QString& path,
                                       std::map<QString, QTreeWidgetItem*>& items) {
    if (auto found = items.find(path); found != items.end()) {
        return found->second;
    }
    const int slash = path.lastIndexOf('/');
    const QString parentPath = path.left(slash);
    QTreeWidgetItem* parent = parentPath.isEmpty() ? nullptr : fileItem(parentPath, items);
    const QString name = path.mid(slash + 1);
    auto* item = parent ? new QTreeWidgetItem(parent, {name}) : new QTreeWidgetItem(files_, {name});
    items[path] = item;
    return item;
}

// The layer's own changes, or with the toggle the merge of the stage's cached layers up
// to this step: each path as the last layer that touched it left it.
void StepDetails::showFiles() {
    files_->clear();
    if (row_ < 0 || row_ >= int(steps_.size())) {
        filesNote_->setText(tr("Select a step to see its files."));
        return;
    }
    const PreviewStep& step = steps_[std::size_t(row_)];
    std::map<QString, MergedEntry> entries;
    if (merged_->isChecked()) {
        for (int i = 0; i <= row_; ++i) {
            const PreviewStep& layer = steps_[std::size_t(i)];
            if (layer.stage != step.stage) {
                continue;
            }
            for (const QJsonValue& value : layer.changes) {
                const QJsonObject change = value.toObject();
                const QString path = change["Path"].toString();
                if (change["Kind"].toString() == "deleted") {
                    std::erase_if(entries, [&](const auto& entry) {
                        return entry.first == path || entry.first.startsWith(path + "/");
                    });
                    continue;
                }
                entries[path] = {change, layer.line};
            }
        }
        filesNote_->setText(tr("The files this stage's cached layers leave up to line %1. "
                               "The base image's own files are not listed.")
                                .arg(step.line));
    } else {
        for (const QJsonValue& value : step.changes) {
            entries[value.toObject()["Path"].toString()] = {value.toObject(), step.line};
        }
        if (step.kind != StepKind::Layer) {
            filesNote_->setText(tr("This step changes only the image config."));
        } else if (step.cache != CacheState::Hit) {
            filesNote_->setText(tr("The files of a layer are known once the build cache has it."));
        } else {
            filesNote_->setText(tr("%n change(s) in this layer.", nullptr, int(entries.size())));
        }
    }

    std::map<QString, QTreeWidgetItem*> items;
    for (const auto& [path, entry] : entries) {
        QTreeWidgetItem* item = fileItem(path, items);
        const QString kind = entry.change["Kind"].toString();
        item->setText(FileChange, changeText(kind));
        item->setForeground(FileChange, changeColour(kind));
        item->setForeground(FileName, changeColour(kind));
        if (!entry.change["Directory"].toBool()) {
            item->setText(FileSize, formatSize(qint64(entry.change["Size"].toDouble())));
        }
        item->setText(FileLine, QString::number(entry.line));
    }
    files_->expandToDepth(2);
    files_->resizeColumnToContents(FileName);
}

// The figures of the image the build makes: the target stage's, the last one, with the
// layers of its base image.
QString StepDetails::efficiencySummary(const std::vector<PreviewStep>& steps) {
    if (steps.empty()) {
        return {};
    }
    const int target = steps.back().stage;
    qint64 wasted = 0;
    qint64 imageBytes = -1;
    for (const PreviewStep& step : steps) {
        if (step.stage != target) {
            continue;
        }
        wasted += step.wastedBytes;
        if (step.kind == StepKind::Base) {
            imageBytes = step.imageBytes;
        }
    }
    if (imageBytes <= 0) {
        return wasted > 0 ? tr("%1 in the cached layers is overwritten or deleted by later "
                               "layers.")
                                .arg(formatSize(wasted))
                          : tr("No cached layer holds bytes that a later layer overwrites or "
                               "deletes.");
    }
    const double score = 100.0 * (1.0 - double(wasted) / double(imageBytes));
    return tr("Efficiency %1%: %2 of the %3 in the image's layers, base image included, is "
              "overwritten or deleted by later layers.")
        .arg(QString::number(score, 'f', 1), formatSize(wasted), formatSize(imageBytes));
}

void StepDetails::showEfficiency(const std::vector<PreviewStep>& steps) {
    efficiency_->clear();
    std::vector<const PreviewStep*> wasteful;
    for (const PreviewStep& step : steps) {
        if (step.wastedBytes > 0) {
            wasteful.push_back(&step);
        }
    }
    std::ranges::stable_sort(wasteful, std::greater<>(), &PreviewStep::wastedBytes);
    efficiencyTotal_->setText(efficiencySummary(steps));
    for (std::size_t i = 0; i < wasteful.size(); ++i) {
        auto* item = new QTreeWidgetItem(efficiency_, {QString::number(wasteful[i]->line),
                                                       wasteful[i]->instruction.section('\n', 0, 0),
                                                       formatSize(wasteful[i]->wastedBytes)});
        if (i < std::size_t(kHighlightedLines)) {
            for (int column = 0; column < 3; ++column) {
                item->setBackground(column, QColor(0xd9, 0x8a, 0x1c, 60));
            }
        }
    }
    efficiency_->resizeColumnToContents(0);
}

} // namespace berth::studio
