#include "dockerfile/dockerfilelexer.h"

#include <Qsci/qsciscintilla.h>

#include <QColor>
#include <QFontDatabase>
#include <QPalette>

#include <algorithm>

namespace berth::studio {

namespace {

using Style = DockerfileStyle;

struct StyleLook {
    Style style;
    const char* light; // on a light background
    const char* dark;  // on a dark background
    bool bold = false;
    bool italic = false;
};

// Every colour has a WCAG contrast ratio of at least 4.5:1 (4.8 the lowest, computed with
// the WCAG 2 formula) against white for the light set and against #1e1e1e for the dark set.
constexpr StyleLook kLooks[] = {
    {Style::Comment, "#6a737d", "#8b949e", false, true},
    {Style::Directive, "#8250df", "#d2a8ff", false, true},
    {Style::Instruction, "#0550ae", "#79c0ff", true},
    {Style::UnknownInstruction, "#cf222e", "#ff7b72", true},
    {Style::Flag, "#8250df", "#d2a8ff"},
    {Style::FlagValue, "#116329", "#7ee787"},
    {Style::Keyword, "#0550ae", "#79c0ff", true},
    {Style::StageName, "#953800", "#ffa657", true},
    {Style::Variable, "#953800", "#ffa657"},
    {Style::String, "#0a3069", "#a5d6ff"},
    {Style::Operator, "#57606a", "#b1bac4"},
    {Style::Key, "#116329", "#7ee787"},
    {Style::ShellCommand, "#6639ba", "#e2c5ff", true},
    {Style::HeredocMarker, "#953800", "#ffa657", true},
    {Style::HeredocBody, "#24292f", "#c9d1d9"},
    {Style::EscapeCharacter, "#cf222e", "#ff7b72", true},
};

} // namespace

DockerfileLexer::DockerfileLexer(QObject* parent)
    : QsciLexerCustom(parent) {
    setDefaultFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont), -1);
    applyPalette(QPalette());
}

const char* DockerfileLexer::language() const {
    return "Dockerfile";
}

QString DockerfileLexer::description(int style) const {
    switch (static_cast<Style>(style)) {
    case Style::Default:
        return tr("Default");
    case Style::Comment:
        return tr("Comment");
    case Style::Directive:
        return tr("Parser directive");
    case Style::Instruction:
        return tr("Instruction");
    case Style::UnknownInstruction:
        return tr("Unknown instruction");
    case Style::Flag:
        return tr("Flag");
    case Style::FlagValue:
        return tr("Flag value");
    case Style::Keyword:
        return tr("Keyword");
    case Style::StageName:
        return tr("Stage name");
    case Style::Variable:
        return tr("Variable");
    case Style::String:
        return tr("String");
    case Style::Operator:
        return tr("Operator");
    case Style::Key:
        return tr("Key");
    case Style::ShellCommand:
        return tr("Shell command");
    case Style::HeredocMarker:
        return tr("Heredoc delimiter");
    case Style::HeredocBody:
        return tr("Heredoc body");
    case Style::EscapeCharacter:
        return tr("Escape character");
    case Style::Count:
        break;
    }
    return {};
}

void DockerfileLexer::applyPalette(const QPalette& palette) {
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    dark_ = base.lightness() < 128;
    setDefaultPaper(base);
    setDefaultColor(text);
    setPaper(base, -1);
    setColor(text, static_cast<int>(Style::Default));
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (const StyleLook& look : kLooks) {
        const int style = static_cast<int>(look.style);
        setColor(QColor(QString::fromLatin1(dark_ ? look.dark : look.light)), style);
        QFont font = fixed;
        font.setBold(look.bold);
        font.setItalic(look.italic);
        setFont(font, style);
    }
}

const Highlighting& DockerfileLexer::highlightingOf(const QByteArray& text) {
    if (text != cachedText_ || cached_.styles.size() != static_cast<std::size_t>(text.size())) {
        cachedText_ = text;
        cached_ = highlightDockerfile(std::string_view(text.constData(), text.size()));
    }
    return cached_;
}

void DockerfileLexer::styleText(int start, int end) {
    QsciScintilla* scintilla = editor();
    if (scintilla == nullptr) {
        return;
    }
    const int length = scintilla->length();
    const QByteArray text = scintilla->bytes(0, length);
    // bytes() appends the terminating NUL that Scintilla keeps.
    const QByteArray content = text.left(length);
    const Highlighting& highlighting = highlightingOf(content);

    // Restyle whole lines: a change may alter the style of bytes before start (a
    // continuation line, a heredoc's closing delimiter).
    start = static_cast<int>(scintilla->SendScintilla(
        QsciScintillaBase::SCI_POSITIONFROMLINE,
        scintilla->SendScintilla(QsciScintillaBase::SCI_LINEFROMPOSITION, start)));
    end = std::min(end, length);
    startStyling(start);
    int runStart = start;
    for (int i = start; i <= end; ++i) {
        const bool last = i == end;
        if (!last && highlighting.styles[i] == highlighting.styles[runStart]) {
            continue;
        }
        if (i > runStart) {
            setStyling(i - runStart, static_cast<int>(highlighting.styles[runStart]));
        }
        runStart = i;
    }
    setFoldLevels(highlighting);
}

void DockerfileLexer::setFoldLevels(const Highlighting& highlighting) {
    QsciScintilla* scintilla = editor();
    const int lines = scintilla->lines();
    auto stage = highlighting.stageLines.begin();
    int level = QsciScintillaBase::SC_FOLDLEVELBASE;
    for (int line = 0; line < lines; ++line) {
        int lineLevel = level;
        if (stage != highlighting.stageLines.end() && *stage == line) {
            lineLevel =
                QsciScintillaBase::SC_FOLDLEVELBASE | QsciScintillaBase::SC_FOLDLEVELHEADERFLAG;
            level = QsciScintillaBase::SC_FOLDLEVELBASE + 1;
            ++stage;
        }
        scintilla->SendScintilla(QsciScintillaBase::SCI_SETFOLDLEVEL, line, lineLevel);
    }
}

} // namespace berth::studio
