#pragma once

// Builds the layer preview's steps: from the Dockerfile alone (the in-process front end)
// and from the engine's POST /berth/build/plan response laid over them.

#include "dockerfile/previewstep.h"

#include <QString>

#include <vector>

namespace berth::studio {

// The steps of every stage in file order, with their effective config; every step's cache
// state is `initial`.
[[nodiscard]] std::vector<PreviewStep> parseSteps(const QString& text, CacheState initial);

// Sets cache state, size, last run, changes, waste and the engine's config (from Config,
// or from ConfigChanges on the config of the stage's step before) on the steps the plan
// lists, matched by their first line. Steps the plan does not list (stages the target does not
// need) become Unknown.
void applyPlan(std::vector<PreviewStep>& steps, const QJsonObject& plan);

// The first 1-based line where two texts differ; 0 when they are equal.
[[nodiscard]] int firstChangedLine(const QString& before, const QString& after);

} // namespace berth::studio
