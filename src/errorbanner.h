#pragma once

// An inline banner at the top of a page: what failed and the engine's message. It stays
// until dismissed or replaced, so the user can read it; no modal dialog.

#include <QFrame>

class QLabel;

namespace berth::studio {

class ErrorBanner final : public QFrame {
    Q_OBJECT

public:
    explicit ErrorBanner(QWidget* parent = nullptr);

    // "Could not start web" and "No such image: busybox". The engine's text stays as the
    // engine wrote it (English), under the translated sentence that names what failed.
    void showError(const QString& what, const QString& engineMessage);
    // A failure the studio found itself, such as an unreadable file: `reason` is shown as it
    // is, without attributing it to the engine.
    void showProblem(const QString& what, const QString& reason);
    // Hides the banner if it still shows the failure `what`, once that has been put right.
    void clearError(const QString& what);
    [[nodiscard]] QString text() const;

private:
    void show(const QString& what, const QString& detail, const QString& html);

    QLabel* label_;
    QString what_;
};

} // namespace berth::studio
