#pragma once

// Lint rules about practice rather than syntax, internal to the lint stage. They cover
// hadolint's common checks on RUN commands and base images, and two notes that Docker's
// reference makes: ADD does not extract a download, and ENV hides an ARG of the same name.

#include "dockerfile/lint.h"

#include <string_view>

namespace berth::dockerfile {

[[nodiscard]] const std::vector<LintRule>& practiceRules();

// A finding of a rule from lintRules(), with its severity and documentation page.
[[nodiscard]] Diagnostic makeFinding(std::string_view rule, std::string message, Range range,
                                     std::optional<QuickFix> fix = std::nullopt);

void checkPractices(const Dockerfile& dockerfile, const Plan& plan,
                    std::vector<Diagnostic>& findings);

// Splits a shell command line at &&, ||, ;, | and newlines into simple commands, each a
// list of words with quotes removed. It finds "apt-get install" or "cd" but is no shell
// parser: subshells, substitutions and here-documents are not understood.
[[nodiscard]] std::vector<std::vector<std::string>> simpleCommands(std::string_view shell);

} // namespace berth::dockerfile
