#pragma once

// Completion in the Dockerfile editor, as a pure function of the text, the cursor and the
// latest analysis: instruction keywords, their flags, stage names after --from= and in
// FROM, image references, build context paths after COPY and ADD, and ARG and ENV names
// after "$" or "${".

#include "dockerfile/analysis.h"

#include <QStringList>

#include <functional>
#include <string_view>

namespace berth::studio {

struct CompletionSources {
    QStringList images; // "busybox:latest"
    // The entries of a folder of the build context, given relative to it ("" is the
    // context itself); folders end with "/".
    std::function<QStringList(const QString& folder)> listContext;
};

struct CompletionResult {
    int column = 0; // the byte column where the word that a candidate replaces starts
    QStringList candidates;
};

// line is 1-based, column a byte offset into the line.
[[nodiscard]] CompletionResult completeDockerfile(std::string_view text, int line, int column,
                                                  const dockerfile::Analysis& analysis,
                                                  const CompletionSources& sources);

} // namespace berth::studio
