#include "textsearchbar.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextDocument>
#include <QTimer>
#include <QToolButton>

#include <algorithm>

namespace berth::studio {

namespace {

// A text that grows (a followed log) is searched again at most this often.
constexpr int kRescanDelayMs = 150;

enum class KeyAction { None, Find, Next, Previous, Leave };

KeyAction keyActionOf(const QKeyEvent* key, bool inField) {
    if (key->matches(QKeySequence::Find)) {
        return KeyAction::Find;
    }
    if (key->matches(QKeySequence::FindNext)) {
        return KeyAction::Next;
    }
    if (key->matches(QKeySequence::FindPrevious)) {
        return KeyAction::Previous;
    }
    if (!inField) {
        return KeyAction::None;
    }
    const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
    if (enter) {
        return key->modifiers() & Qt::ShiftModifier ? KeyAction::Previous : KeyAction::Next;
    }
    if (key->key() == Qt::Key_Escape) {
        return KeyAction::Leave;
    }
    return KeyAction::None;
}

} // namespace

TextSearchBar::TextSearchBar(QPlainTextEdit* view, const QString& accessibleName, QWidget* parent)
    : QWidget(parent)
    , view_(view)
    , field_(new QLineEdit(this))
    , previous_(new QToolButton(this))
    , next_(new QToolButton(this))
    , count_(new QLabel(this))
    , rescan_(new QTimer(this)) {
    field_->setObjectName(QStringLiteral("searchField"));
    field_->setPlaceholderText(tr("Search (Ctrl+F)"));
    field_->setAccessibleName(accessibleName);
    field_->setClearButtonEnabled(true);
    previous_->setObjectName(QStringLiteral("previousMatch"));
    previous_->setArrowType(Qt::UpArrow);
    previous_->setAccessibleName(tr("Previous match"));
    previous_->setToolTip(tr("Previous match (Shift+F3)"));
    next_->setObjectName(QStringLiteral("nextMatch"));
    next_->setArrowType(Qt::DownArrow);
    next_->setAccessibleName(tr("Next match"));
    next_->setToolTip(tr("Next match (F3)"));
    count_->setObjectName(QStringLiteral("matchCount"));

    field_->setMaximumWidth(360);
    // Room for the longest count, so the field does not shift as the count changes.
    const QFontMetrics metrics = count_->fontMetrics();
    count_->setMinimumWidth(
        std::max(metrics.horizontalAdvance(tr("No matches")),
                 metrics.horizontalAdvance(tr("%1 of %2").arg(8888).arg(8888))));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(field_, 1);
    layout->addWidget(previous_);
    layout->addWidget(next_);
    layout->addWidget(count_);
    layout->addStretch();

    rescan_->setSingleShot(true);
    rescan_->setInterval(kRescanDelayMs);
    connect(rescan_, &QTimer::timeout, this, &TextSearchBar::updateMatches);
    connect(view_->document(), &QTextDocument::contentsChanged, rescan_,
            qOverload<>(&QTimer::start));
    connect(field_, &QLineEdit::textChanged, this, [this] {
        current_ = -1;
        updateMatches();
        if (!matches_.isEmpty()) {
            selectMatch(0);
        }
    });
    connect(previous_, &QToolButton::clicked, this, &TextSearchBar::findPrevious);
    connect(next_, &QToolButton::clicked, this, &TextSearchBar::findNext);
    for (QWidget* widget : {static_cast<QWidget*>(view_), static_cast<QWidget*>(field_),
                            static_cast<QWidget*>(previous_), static_cast<QWidget*>(next_)}) {
        claimFindKeys(widget);
    }
    updateCount();
}

void TextSearchBar::setSearchText(const QString& text) {
    field_->setText(text);
}

void TextSearchBar::activate() {
    field_->setFocus(Qt::ShortcutFocusReason);
    field_->selectAll();
}

void TextSearchBar::claimFindKeys(QWidget* widget) {
    widget->installEventFilter(this);
}

void TextSearchBar::findNext() {
    if (!matches_.isEmpty()) {
        selectMatch(current_ < 0 ? 0 : int((current_ + 1) % matches_.size()));
    }
}

void TextSearchBar::findPrevious() {
    if (!matches_.isEmpty()) {
        const int size = int(matches_.size());
        selectMatch(current_ <= 0 ? size - 1 : current_ - 1);
    }
}

QStringList TextSearchBar::highlightedTexts() const {
    QStringList texts;
    for (const QTextEdit::ExtraSelection& selection : view_->extraSelections()) {
        texts << selection.cursor.selectedText();
    }
    return texts;
}

bool TextSearchBar::eventFilter(QObject* watched, QEvent* event) {
    const QEvent::Type type = event->type();
    if (type != QEvent::ShortcutOverride && type != QEvent::KeyPress) {
        return QWidget::eventFilter(watched, event);
    }
    const KeyAction action = keyActionOf(static_cast<QKeyEvent*>(event), watched == field_);
    if (action == KeyAction::None) {
        return QWidget::eventFilter(watched, event);
    }
    if (type == QEvent::ShortcutOverride) {
        // Claims the key from window shortcuts such as the page's Ctrl+F filter, so that it
        // arrives here as a key press.
        event->accept();
        return true;
    }
    switch (action) {
    case KeyAction::Find:
        activate();
        break;
    case KeyAction::Next:
        findNext();
        break;
    case KeyAction::Previous:
        findPrevious();
        break;
    case KeyAction::Leave:
        view_->setFocus(Qt::ShortcutFocusReason);
        break;
    case KeyAction::None:
        break;
    }
    return true;
}

void TextSearchBar::updateMatches() {
    const int previousPosition = current_ >= 0 ? matches_[current_].selectionStart() : -1;
    matches_.clear();
    current_ = -1;
    const QString needle = field_->text();
    QTextDocument* document = view_->document();
    if (!needle.isEmpty()) {
        QTextCursor found = document->find(needle, 0);
        while (!found.isNull()) {
            if (found.selectionStart() == previousPosition) {
                current_ = int(matches_.size());
            }
            matches_.append(found);
            found = document->find(needle, found);
        }
    }
    showHighlights();
    updateCount();
}

void TextSearchBar::selectMatch(int index) {
    current_ = index;
    // Selecting the match scrolls it into view, in the view's own selection colours.
    view_->setTextCursor(matches_[index]);
    view_->ensureCursorVisible();
    updateCount();
}

void TextSearchBar::showHighlights() {
    QList<QTextEdit::ExtraSelection> selections;
    selections.reserve(matches_.size());
    QTextCharFormat format;
    // Dark text on yellow reads on light and dark palettes alike.
    format.setBackground(QColor(0xff, 0xe0, 0x66));
    format.setForeground(Qt::black);
    for (const QTextCursor& match : std::as_const(matches_)) {
        selections.append({match, format});
    }
    view_->setExtraSelections(selections);
}

void TextSearchBar::updateCount() {
    const bool any = !matches_.isEmpty();
    previous_->setEnabled(any);
    next_->setEnabled(any);
    if (field_->text().isEmpty()) {
        count_->clear();
    } else if (!any) {
        count_->setText(tr("No matches"));
    } else if (current_ < 0) {
        count_->setText(tr("%n match(es)", nullptr, int(matches_.size())));
    } else {
        count_->setText(tr("%1 of %2").arg(current_ + 1).arg(matches_.size()));
    }
}

} // namespace berth::studio
