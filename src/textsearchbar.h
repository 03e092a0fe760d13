#pragma once

// A search field over a read-only QPlainTextEdit, as the Logs and Inspect tabs use it: every
// match is highlighted, the current one is selected and scrolled into view, and Previous and
// Next step through them with wrap-around. Ctrl+F in the text or the field focuses the field,
// Enter and F3 go to the next match, Shift+Enter and Shift+F3 to the previous one, and Escape
// returns to the text. Matching ignores case. The matches follow the text as it changes.

#include <QList>
#include <QStringList>
#include <QTextCursor>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTimer;
class QToolButton;

namespace berth::studio {

class TextSearchBar final : public QWidget {
    Q_OBJECT

public:
    TextSearchBar(QPlainTextEdit* view, const QString& accessibleName, QWidget* parent = nullptr);

    void setSearchText(const QString& text);
    void findNext();
    void findPrevious();
    // Focuses the field and selects its text.
    void activate();
    // Lets Ctrl+F, F3 and Shift+F3 reach this bar while `widget` has the focus, as they do
    // from the text and the bar's own widgets.
    void claimFindKeys(QWidget* widget);

    [[nodiscard]] QLineEdit* field() const { return field_; }
    [[nodiscard]] QToolButton* previousButton() const { return previous_; }
    [[nodiscard]] QToolButton* nextButton() const { return next_; }
    [[nodiscard]] QLabel* countLabel() const { return count_; }
    [[nodiscard]] int matchCount() const { return int(matches_.size()); }
    // The index of the selected match, -1 when there is none.
    [[nodiscard]] int currentMatch() const { return current_; }
    // The text of every highlighted match, in document order.
    [[nodiscard]] QStringList highlightedTexts() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // Finds every match again, keeping the current one where the text before it is unchanged.
    void updateMatches();
    void selectMatch(int index);
    void showHighlights();
    void updateCount();

    QPlainTextEdit* view_;
    QLineEdit* field_;
    QToolButton* previous_;
    QToolButton* next_;
    QLabel* count_;
    QTimer* rescan_;
    QList<QTextCursor> matches_;
    int current_ = -1;
};

} // namespace berth::studio
