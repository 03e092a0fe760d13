#pragma once

// The lint findings that need the build context, added to an analysis of the editor's
// text: COPY and ADD sources that the context's .dockerignore excludes.

#include "dockerfile/analysis.h"

#include <QString>

namespace berth::studio {

// Reads contextDirectory/.dockerignore, if there is one, and adds a CopyIgnoredFile
// finding for each source it excludes. The "# check=" directive applies to them as to the
// other findings, and the diagnostics stay ordered by position.
void addContextFindings(dockerfile::Analysis& analysis, const QString& contextDirectory);

} // namespace berth::studio
