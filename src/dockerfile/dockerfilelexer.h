#pragma once

// The Dockerfile lexer for QScintilla. Styling comes from highlightDockerfile(), which runs
// the engine's syntax stage, so the lexer has no parser of its own. Each FROM starts a
// fold region that runs to the next FROM. Colours follow the palette: one set reads on a
// light background, the other on a dark one.

#include "dockerfile/highlighting.h"

#include <Qsci/qscilexercustom.h>

#include <QByteArray>

class QPalette;

namespace berth::studio {

class DockerfileLexer final : public QsciLexerCustom {
    Q_OBJECT

public:
    explicit DockerfileLexer(QObject* parent = nullptr);

    [[nodiscard]] const char* language() const override;
    [[nodiscard]] QString description(int style) const override;
    void styleText(int start, int end) override;

    // Picks the light or dark colour set from the palette's base colour.
    void applyPalette(const QPalette& palette);
    [[nodiscard]] bool isDark() const { return dark_; }

private:
    const Highlighting& highlightingOf(const QByteArray& text);
    void setFoldLevels(const Highlighting& highlighting);

    bool dark_ = false;
    QByteArray cachedText_;
    Highlighting cached_;
};

} // namespace berth::studio
