#include "dockerfile/contextchecks.h"

#include "build/dockerignore.h"
#include "dockerfile/lint_context.h"

#include <QDir>
#include <QFile>

#include <algorithm>

namespace berth::studio {

void addContextFindings(dockerfile::Analysis& analysis, const QString& contextDirectory) {
    if (contextDirectory.isEmpty()) {
        return;
    }
    QFile file(QDir(contextDirectory).filePath(QStringLiteral(".dockerignore")));
    if (!file.open(QIODevice::ReadOnly)) {
        return; // no .dockerignore: the builder copies every file
    }
    const QByteArray content = file.readAll();
    const std::vector<build::IgnoreRule> rules =
        build::parseDockerignore(std::string_view(content.constData(), content.size()));
    std::vector<dockerfile::Diagnostic> findings = dockerfile::checkIgnoredSources(
        analysis.dockerfile, [&](std::string_view path) { return build::isIgnored(rules, path); });
    dockerfile::applyCheckDirective(analysis.dockerfile, findings);
    if (findings.empty()) {
        return;
    }
    auto& all = analysis.diagnostics;
    all.insert(all.end(), findings.begin(), findings.end());
    std::ranges::stable_sort(all,
                             [](const dockerfile::Diagnostic& a, const dockerfile::Diagnostic& b) {
                                 return a.range.start < b.range.start;
                             });
}

} // namespace berth::studio
