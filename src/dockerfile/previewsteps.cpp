// parseSteps and applyPlan: the rows of the layer preview.

#include "dockerfile/previewsteps.h"

#include "dockerfile/analysis.h"

#include <QCoreApplication>
#include <QJsonValue>

#include <algorithm>
#include <map>

namespace berth::studio {

namespace {

namespace df = berth::dockerfile;

QString fromStd(const std::string& text) {
    return QString::fromStdString(text);
}

QStringList toList(const std::vector<std::string>& values) {
    QStringList list;
    for (const std::string& value : values) {
        list << fromStd(value);
    }
    return list;
}

NamedValues toNamed(const df::NameValues& values) {
    NamedValues list;
    for (const auto& [name, value] : values) {
        list.append({fromStd(name), fromStd(value)});
    }
    return list;
}

StepConfig configOf(const df::EffectiveState& state) {
    StepConfig config;
    config.env = toNamed(state.env);
    config.workdir = fromStd(state.workdir);
    config.user = fromStd(state.user);
    config.shell = toList(state.shell);
    config.cmd = state.cmd ? toList(*state.cmd) : QStringList();
    config.entrypoint = state.entrypoint ? toList(*state.entrypoint) : QStringList();
    config.exposedPorts = toList(state.exposedPorts);
    config.volumes = toList(state.volumes);
    config.labels = toNamed(state.labels);
    for (const df::ArgValue& arg : state.args) {
        config.args.append({fromStd(arg.name), arg.value ? fromStd(*arg.value) : QString()});
    }
    return config;
}

QStringList copySourcesOf(const df::Instruction& instruction) {
    QStringList sources;
    const auto* copy = instruction.as<df::CopyInstruction>();
    if (!copy || (copy->from && copy->from->value)) {
        return sources;
    }
    for (const df::Word& word : copy->sources) {
        if (!word.text.starts_with("<<")) {
            sources << fromStd(word.text);
        }
    }
    return sources;
}

StepKind kindOf(const df::PlanStep& step) {
    switch (step.kind) {
    case df::StepKind::Base:
        return StepKind::Base;
    case df::StepKind::Filesystem:
        return StepKind::Layer;
    case df::StepKind::Metadata:
        break;
    }
    return StepKind::Config;
}

// The engine's Config JSON (an image RunConfig) for the details view. ARGs are not part
// of an image config, so they stay as parsed.
void mergeEngineConfig(StepConfig& config, const QJsonObject& engine) {
    config.env.clear();
    for (const QJsonValue& entry : engine["Env"].toArray()) {
        const QString text = entry.toString();
        const int equals = text.indexOf('=');
        config.env.append({text.left(equals), equals < 0 ? QString() : text.mid(equals + 1)});
    }
    config.workdir = engine["WorkingDir"].toString();
    config.user = engine["User"].toString();
    auto list = [](const QJsonValue& value) {
        QStringList items;
        for (const QJsonValue& item : value.toArray()) {
            items << item.toString();
        }
        return items;
    };
    config.cmd = list(engine["Cmd"]);
    config.entrypoint = list(engine["Entrypoint"]);
    if (engine.contains("Shell")) {
        config.shell = list(engine["Shell"]);
    }
    config.exposedPorts = engine["ExposedPorts"].toObject().keys();
    config.volumes = engine["Volumes"].toObject().keys();
    config.labels.clear();
    const QJsonObject labels = engine["Labels"].toObject();
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        config.labels.append({it.key(), it.value().toString()});
    }
}

// The config after a step from the config after the stage's step before it and the step's
// ConfigChanges (engine/build/plan_json.h has the format).
QJsonObject applyConfigChanges(QJsonObject config, const QJsonObject& changes) {
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        if (it.key() == "EnvSet") {
            QJsonArray env = config["Env"].toArray();
            for (const QJsonValue& value : it.value().toArray()) {
                const QString entry = value.toString();
                const QString prefix = entry.left(entry.indexOf('=')) + '=';
                qsizetype i = 0;
                while (i < env.size() && !env[i].toString().startsWith(prefix)) {
                    ++i;
                }
                if (i < env.size()) {
                    env.replace(i, entry);
                } else {
                    env.append(entry);
                }
            }
            config["Env"] = env;
        } else if (it.key() == "LabelsSet") {
            QJsonObject labels = config["Labels"].toObject();
            const QJsonObject updates = it.value().toObject();
            for (auto label = updates.begin(); label != updates.end(); ++label) {
                labels[label.key()] = label.value();
            }
            config["Labels"] = labels;
        } else if (it.value().isNull()) {
            config.remove(it.key());
        } else {
            config[it.key()] = it.value();
        }
    }
    return config;
}

CacheState stateOf(const QString& status) {
    if (status == "hit") {
        return CacheState::Hit;
    }
    if (status == "rebuild") {
        return CacheState::Rebuild;
    }
    return CacheState::Unknown;
}

} // namespace

QString cacheStateText(CacheState state) {
    switch (state) {
    case CacheState::Hit:
        return QCoreApplication::translate("LayerPreview", "cached");
    case CacheState::Rebuild:
        return QCoreApplication::translate("LayerPreview", "would rebuild");
    case CacheState::Invalidated:
        return QCoreApplication::translate("LayerPreview", "would rebuild (edited)");
    case CacheState::Unknown:
        return QCoreApplication::translate("LayerPreview", "unknown");
    case CacheState::Unavailable:
        return QCoreApplication::translate("LayerPreview", "unavailable");
    case CacheState::Pending:
        break;
    }
    return QCoreApplication::translate("LayerPreview", "checking…");
}

std::vector<PreviewStep> parseSteps(const QString& text, CacheState initial) {
    const df::Analysis analysis = df::analyze(text.toStdString());
    std::vector<PreviewStep> steps;
    for (const df::StagePlan& stage : analysis.plan.stages) {
        for (const df::PlanStep& planStep : stage.steps) {
            const df::Instruction& instruction =
                analysis.dockerfile.instructions[planStep.instruction];
            PreviewStep step;
            step.stage = int(stage.stage);
            step.line = planStep.range.start.line;
            step.endLine = planStep.range.end.line;
            step.instruction = fromStd(instruction.keyword + " " + instruction.arguments);
            step.kind = kindOf(planStep);
            step.copySources = copySourcesOf(instruction);
            step.config = configOf(planStep.state);
            step.cache = initial;
            steps.push_back(std::move(step));
        }
    }
    return steps;
}

void applyPlan(std::vector<PreviewStep>& steps, const QJsonObject& plan) {
    std::map<int, QJsonObject> byLine;
    std::map<int, QJsonObject> configByLine;
    std::map<int, QJsonObject> lastConfigByStage;
    for (const QJsonValue& value : plan["Steps"].toArray()) {
        const QJsonObject step = value.toObject();
        const int line = step["Range"].toObject()["Start"].toObject()["Line"].toInt();
        byLine[line] = step;
        QJsonObject& lastConfig = lastConfigByStage[step["Stage"].toInt()];
        if (step.contains("Config")) {
            lastConfig = step["Config"].toObject();
        } else if (step.contains("ConfigChanges")) {
            lastConfig = applyConfigChanges(lastConfig, step["ConfigChanges"].toObject());
        } else {
            continue;
        }
        configByLine[line] = lastConfig;
    }
    std::map<int, qint64> imageBytesByStage;
    for (const QJsonValue& value : plan["Efficiency"].toObject()["Stages"].toArray()) {
        const QJsonObject stage = value.toObject();
        imageBytesByStage[stage["Stage"].toInt()] = qint64(stage["ImageBytes"].toDouble());
    }
    for (PreviewStep& step : steps) {
        auto found = byLine.find(step.line);
        if (found == byLine.end()) {
            step.cache = CacheState::Unknown;
            step.error = QCoreApplication::translate(
                "LayerPreview", "The target stage does not need this stage, so no build runs it.");
            continue;
        }
        const QJsonObject& planned = found->second;
        step.cache = stateOf(planned["CacheStatus"].toString());
        step.layerSize =
            planned.contains("LayerSize") ? qint64(planned["LayerSize"].toDouble()) : -1;
        step.lastRun = QDateTime::fromString(planned["LastRun"].toString(), Qt::ISODateWithMs);
        step.wastedBytes = qint64(planned["WastedBytes"].toDouble());
        const auto stageBytes = imageBytesByStage.find(step.stage);
        step.imageBytes = step.kind == StepKind::Base && stageBytes != imageBytesByStage.end()
                              ? stageBytes->second
                              : -1;
        step.changes = planned["Layer"].toObject()["Changes"].toArray();
        step.imageId = planned["ImageId"].toString();
        step.error = planned["Error"].toString();
        if (auto config = configByLine.find(step.line); config != configByLine.end()) {
            mergeEngineConfig(step.config, config->second);
        }
    }
}

int firstChangedLine(const QString& before, const QString& after) {
    const qsizetype length = std::min(before.size(), after.size());
    qsizetype i = 0;
    while (i < length && before[i] == after[i]) {
        ++i;
    }
    if (i == length && before.size() == after.size()) {
        return 0;
    }
    return int(before.left(i).count('\n')) + 1;
}

} // namespace berth::studio
