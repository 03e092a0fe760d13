#include "dockerfile/dockerfileeditor.h"

#include "dockerfile/dockerfilelexer.h"

#include <Qsci/qscistyle.h>

#include <QApplication>
#include <QEvent>
#include <QFontDatabase>
#include <QToolTip>

#include <algorithm>

namespace berth::studio {

namespace {

using Sci = QsciScintillaBase;

constexpr int kLineNumberMargin = 0;
constexpr int kMarkerMargin = 1;
constexpr int kFoldMargin = 2;
constexpr int kDwellMilliseconds = 500;

int indicatorOf(dockerfile::Severity severity) {
    switch (severity) {
    case dockerfile::Severity::Error:
        return DockerfileEditor::ErrorIndicator;
    case dockerfile::Severity::Warning:
        return DockerfileEditor::WarningIndicator;
    case dockerfile::Severity::Info:
        return DockerfileEditor::InfoIndicator;
    }
    return DockerfileEditor::InfoIndicator;
}

} // namespace

DockerfileEditor::DockerfileEditor(QWidget* parent)
    : QsciScintilla(parent)
    , lexer_(new DockerfileLexer(this)) {
    setObjectName(QStringLiteral("dockerfileEditor"));
    setAccessibleName(tr("Dockerfile"));
    setUtf8(true);
    lexer_->applyPalette(palette());
    setLexer(lexer_);
    setIndentationsUseTabs(false);
    setIndentationWidth(4);
    setAutoIndent(true);
    setBraceMatching(QsciScintilla::SloppyBraceMatch);
    setCaretLineVisible(true);
    setCaretLineBackgroundColor(palette().color(QPalette::AlternateBase));
    setEdgeMode(QsciScintilla::EdgeNone);
    configureMargins();
    configureIndicators();
    setAnnotationDisplay(QsciScintilla::AnnotationBoxed);

    // The horizontal scroll bar follows the longest line rather than a fixed 2000 pixels.
    SendScintilla(SCI_SETSCROLLWIDTH, 1UL);
    SendScintilla(SCI_SETSCROLLWIDTHTRACKING, 1UL);
    SendScintilla(SCI_SETMOUSEDWELLTIME, kDwellMilliseconds);
    SendScintilla(SCI_AUTOCSETSEPARATOR, static_cast<unsigned long>('\n'));
    SendScintilla(SCI_AUTOCSETIGNORECASE, 1UL);
    SendScintilla(SCI_AUTOCSETMAXHEIGHT, 12UL);
    connect(this, &QsciScintillaBase::SCN_CHARADDED, this, &DockerfileEditor::onCharAdded);
    connect(this, &QsciScintillaBase::SCN_DWELLSTART, this, &DockerfileEditor::onDwellStart);
    connect(this, &QsciScintillaBase::SCN_DWELLEND, this, [] { QToolTip::hideText(); });
}

void DockerfileEditor::configureMargins() {
    setMarginType(kLineNumberMargin, QsciScintilla::NumberMargin);
    setMarginWidth(kLineNumberMargin, QStringLiteral("00000"));
    setMarginType(kMarkerMargin, QsciScintilla::SymbolMargin);
    setMarginWidth(kMarkerMargin, 14);
    setMarginMarkerMask(kMarkerMargin, (1 << MarkedLineMarker) | (1 << QuickFixMarker));
    setMarginSensitivity(kMarkerMargin, true);
    connect(this, &QsciScintilla::marginClicked, this,
            [this](int margin, int line, Qt::KeyboardModifiers) {
                if (margin == kMarkerMargin && hasQuickFixMarker(line + 1)) {
                    emit quickFixRequested(line + 1);
                }
            });
    markerDefine(QsciScintilla::Circle, QuickFixMarker);
    setFolding(QsciScintilla::BoxedTreeFoldStyle, kFoldMargin);
    markerDefine(QsciScintilla::RightArrow, MarkedLineMarker);
    markerDefine(QsciScintilla::Background, MarkedLineBackground);
    setMarkerForegroundColor(QColor(0xcf, 0x22, 0x2e), MarkedLineMarker);
    setMarkerBackgroundColor(QColor(0xcf, 0x22, 0x2e), MarkedLineMarker);
}

void DockerfileEditor::configureIndicators() {
    indicatorDefine(QsciScintilla::SquiggleIndicator, ErrorIndicator);
    indicatorDefine(QsciScintilla::SquiggleIndicator, WarningIndicator);
    indicatorDefine(QsciScintilla::DotsIndicator, InfoIndicator);
    const bool dark = lexer_->isDark();
    setIndicatorForegroundColor(dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xcf, 0x22, 0x2e),
                                ErrorIndicator);
    setIndicatorForegroundColor(dark ? QColor(0xe3, 0xb3, 0x41) : QColor(0x9a, 0x67, 0x00),
                                WarningIndicator);
    setIndicatorForegroundColor(dark ? QColor(0x79, 0xc0, 0xff) : QColor(0x05, 0x50, 0xae),
                                InfoIndicator);
    const QColor fix = dark ? QColor(0xe3, 0xb3, 0x41) : QColor(0x9a, 0x67, 0x00);
    setMarkerForegroundColor(fix, QuickFixMarker);
    setMarkerBackgroundColor(fix, QuickFixMarker);
    QColor marked = dark ? QColor(0x5a, 0x1e, 0x1e) : QColor(0xff, 0xeb, 0xe9);
    setMarkerBackgroundColor(marked, MarkedLineBackground);
}

void DockerfileEditor::changeEvent(QEvent* event) {
    QsciScintilla::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        lexer_->applyPalette(palette());
        setCaretLineBackgroundColor(palette().color(QPalette::AlternateBase));
        configureIndicators();
        recolor();
    }
}

int DockerfileEditor::positionOf(dockerfile::Position position) const {
    const int line = position.line - 1;
    if (line < 0 || line >= lines()) {
        return -1;
    }
    auto* self = const_cast<DockerfileEditor*>(this);
    const long begin = self->SendScintilla(SCI_POSITIONFROMLINE, line);
    const long end = self->SendScintilla(SCI_GETLINEENDPOSITION, line);
    return static_cast<int>(std::min(begin + std::max(position.column, 0), end));
}

void DockerfileEditor::setDiagnostics(const std::vector<dockerfile::Diagnostic>& diagnostics) {
    diagnostics_ = diagnostics;
    markerDeleteAll(QuickFixMarker);
    for (const dockerfile::Diagnostic& diagnostic : diagnostics_) {
        const int line = diagnostic.range.start.line;
        if (diagnostic.fix && line >= 1 && line <= lines() && !hasQuickFixMarker(line)) {
            markerAdd(line - 1, QuickFixMarker);
        }
    }
    const long length = SendScintilla(SCI_GETLENGTH);
    for (int indicator : {ErrorIndicator, WarningIndicator, InfoIndicator}) {
        SendScintilla(SCI_SETINDICATORCURRENT, indicator);
        SendScintilla(SCI_INDICATORCLEARRANGE, 0UL, length);
    }
    for (const dockerfile::Diagnostic& diagnostic : diagnostics_) {
        int begin = positionOf(diagnostic.range.start);
        int end = positionOf(diagnostic.range.end);
        if (begin < 0) {
            continue;
        }
        if (end <= begin) {
            // An empty range (a missing argument) is drawn to the end of its line.
            end = static_cast<int>(
                SendScintilla(SCI_GETLINEENDPOSITION, diagnostic.range.start.line - 1));
            if (end <= begin) {
                begin = std::max(0, begin - 1);
                end = begin + 1;
            }
        }
        SendScintilla(SCI_SETINDICATORCURRENT, indicatorOf(diagnostic.severity));
        SendScintilla(SCI_INDICATORFILLRANGE, static_cast<unsigned long>(begin), end - begin);
    }
}

bool DockerfileEditor::hasQuickFixMarker(int line) const {
    return (markersAtLine(line - 1) & (1 << QuickFixMarker)) != 0;
}

int DockerfileEditor::indicatorAt(int position) const {
    auto* self = const_cast<DockerfileEditor*>(this);
    for (int indicator : {ErrorIndicator, WarningIndicator, InfoIndicator}) {
        if (self->SendScintilla(SCI_INDICATORVALUEAT, indicator, static_cast<long>(position))) {
            return indicator;
        }
    }
    return -1;
}

bool DockerfileEditor::applyFix(const dockerfile::QuickFix& fix) {
    const int begin = positionOf(fix.range.start);
    const int end = positionOf(fix.range.end);
    if (begin < 0 || end < begin) {
        return false;
    }
    beginUndoAction();
    SendScintilla(SCI_SETTARGETRANGE, static_cast<unsigned long>(begin), static_cast<long>(end));
    const QByteArray replacement = QByteArray::fromStdString(fix.replacement);
    SendScintilla(SCI_REPLACETARGET, static_cast<unsigned long>(replacement.size()),
                  replacement.constData());
    endUndoAction();
    return true;
}

void DockerfileEditor::markLine(int line, const QString& message) {
    clearMarkedLine();
    if (line < 1 || line > lines()) {
        return;
    }
    markedLine_ = line;
    markerAdd(line - 1, MarkedLineMarker);
    markerAdd(line - 1, MarkedLineBackground);
    if (!message.isEmpty()) {
        const QColor paper = lexer_->isDark() ? QColor(0x3d, 0x1f, 0x1f) : QColor(0xff, 0xf0, 0xee);
        const QColor ink = lexer_->isDark() ? QColor(0xff, 0x7b, 0x72) : QColor(0xa4, 0x0e, 0x26);
        annotate(line - 1, message,
                 QsciStyle(-1, QStringLiteral("build error"), ink, paper,
                           QFontDatabase::systemFont(QFontDatabase::FixedFont)));
    }
    setCursorPosition(line - 1, 0);
    ensureLineVisible(line - 1);
    setFocus();
}

void DockerfileEditor::clearMarkedLine() {
    markerDeleteAll(MarkedLineMarker);
    markerDeleteAll(MarkedLineBackground);
    clearAnnotations();
    markedLine_ = 0;
}

void DockerfileEditor::showCompletions() {
    if (!completion_) {
        return;
    }
    const long position = SendScintilla(SCI_GETCURRENTPOS);
    const long line = SendScintilla(SCI_LINEFROMPOSITION, static_cast<unsigned long>(position));
    const long column = position - SendScintilla(SCI_POSITIONFROMLINE, line);
    const Completions completions =
        completion_(static_cast<int>(line) + 1, static_cast<int>(column));
    if (completions.candidates.isEmpty()) {
        if (SendScintilla(SCI_AUTOCACTIVE)) {
            SendScintilla(SCI_AUTOCCANCEL);
        }
        return;
    }
    const QByteArray list = completions.candidates.join(QLatin1Char('\n')).toUtf8();
    SendScintilla(SCI_AUTOCSHOW, static_cast<unsigned long>(column - completions.column),
                  list.constData());
}

void DockerfileEditor::onCharAdded(int character) {
    const bool trigger = QChar(character).isLetterOrNumber() || character == '-' ||
                         character == '=' || character == '{' || character == '/' ||
                         character == '$' || character == '.' || character == '_';
    if (trigger) {
        showCompletions();
    }
}

QString DockerfileEditor::diagnosticsAt(int line, int column) const {
    QStringList texts;
    for (const dockerfile::Diagnostic& diagnostic : diagnostics_) {
        const dockerfile::Position at{line, column};
        const bool inside =
            diagnostic.range.start <= at &&
            (at < diagnostic.range.end || diagnostic.range.start == diagnostic.range.end);
        if (inside) {
            texts << QStringLiteral("<b>%1</b>: %2")
                         .arg(QString::fromStdString(diagnostic.rule).toHtmlEscaped(),
                              QString::fromStdString(diagnostic.message).toHtmlEscaped());
        }
    }
    return texts.join(QStringLiteral("<br>"));
}

void DockerfileEditor::onDwellStart(int position, int x, int y) {
    if (position < 0) {
        return;
    }
    const long line = SendScintilla(SCI_LINEFROMPOSITION, static_cast<unsigned long>(position));
    const int column = position - static_cast<int>(SendScintilla(SCI_POSITIONFROMLINE, line));
    QStringList parts;
    if (hover_) {
        const QString text = hover_(static_cast<int>(line) + 1, column);
        if (!text.isEmpty()) {
            parts << text;
        }
    }
    const QString problems = diagnosticsAt(static_cast<int>(line) + 1, column);
    if (!problems.isEmpty()) {
        parts << problems;
    }
    if (!parts.isEmpty()) {
        QToolTip::showText(viewport()->mapToGlobal(QPoint(x, y)),
                           parts.join(QStringLiteral("<hr>")), viewport());
    }
}

} // namespace berth::studio
