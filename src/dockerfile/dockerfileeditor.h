#pragma once

// The Dockerfile text editor: QScintilla with the Dockerfile lexer, line numbers, stage
// folding, diagnostics drawn as squiggles, a marked line for build errors, hover text and
// completion. It has no access to files or the engine: the page passes it diagnostics and
// the sources that completion and hover need.

#include "dockerfile/diagnostic.h"

#include <Qsci/qsciscintilla.h>

#include <functional>
#include <optional>
#include <vector>

namespace berth::studio {

class DockerfileLexer;

class DockerfileEditor final : public QsciScintilla {
    Q_OBJECT

public:
    // The indicators that draw diagnostics, one per severity.
    enum Indicator { ErrorIndicator = 8, WarningIndicator = 9, InfoIndicator = 10 };
    // The marker of the line that showLine() marks.
    enum Marker { MarkedLineMarker = 1, MarkedLineBackground = 2, QuickFixMarker = 3 };

    // Completions for the cursor: the byte column where the replaced word starts and the
    // candidates.
    struct Completions {
        int column = 0;
        QStringList candidates;
    };
    using CompletionProvider = std::function<Completions(int line, int column)>;
    using HoverProvider = std::function<QString(int line, int column)>;

    explicit DockerfileEditor(QWidget* parent = nullptr);

    [[nodiscard]] DockerfileLexer* dockerfileLexer() const { return lexer_; }

    // Draws the diagnostics as indicators; positions are the engine's (1-based lines,
    // byte columns).
    void setDiagnostics(const std::vector<dockerfile::Diagnostic>& diagnostics);
    [[nodiscard]] const std::vector<dockerfile::Diagnostic>& diagnostics() const {
        return diagnostics_;
    }
    // The indicator drawn at a byte position, or -1, for tests.
    [[nodiscard]] int indicatorAt(int position) const;

    // Replaces the text of a fix's range as one undoable edit.
    bool applyFix(const dockerfile::QuickFix& fix);

    // Moves the cursor to a 1-based line, marks it and shows message under it.
    void markLine(int line, const QString& message);
    void clearMarkedLine();
    [[nodiscard]] int markedLine() const { return markedLine_; }

    void setCompletionProvider(CompletionProvider provider) { completion_ = std::move(provider); }
    void setHoverProvider(HoverProvider provider) { hover_ = std::move(provider); }
    // Shows the completion list for the cursor, if there is any candidate.
    void showCompletions();

    // Whether the 1-based line carries the quick fix marker.
    [[nodiscard]] bool hasQuickFixMarker(int line) const;

    // The byte position of an engine position, or -1 when it lies outside the text.
    [[nodiscard]] int positionOf(dockerfile::Position position) const;

signals:
    // The quick fix marker in the margin of a 1-based line was clicked.
    void quickFixRequested(int line);

protected:
    void changeEvent(QEvent* event) override;

private:
    void configureMargins();
    void configureIndicators();
    void onCharAdded(int character);
    void onDwellStart(int position, int x, int y);
    [[nodiscard]] QString diagnosticsAt(int line, int column) const;

    DockerfileLexer* lexer_;
    std::vector<dockerfile::Diagnostic> diagnostics_;
    int markedLine_ = 0;
    CompletionProvider completion_;
    HoverProvider hover_;
};

} // namespace berth::studio
