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

    // "Could not start web" and "No such image: busybox".
    void showError(const QString& what, const QString& engineMessage);
    // Hides the banner if it still shows the failure `what`, once that has been put right.
    void clearError(const QString& what);
    [[nodiscard]] QString text() const;

private:
    QLabel* label_;
    QString what_;
};

} // namespace berth::studio
