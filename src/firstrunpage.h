#pragma once

// The page the studio shows when it has no engine to use: the system engine's socket is
// missing or closed to this account, and the studio does not run as root, so it cannot
// start its bundled engine. The page shows the commands that enable the system engine.

#include <QWidget>

class QLabel;

namespace berth::studio {

class FirstRunPage final : public QWidget {
    Q_OBJECT

public:
    explicit FirstRunPage(QWidget* parent = nullptr);

    // Explains why `socketPath` cannot be used: it is missing (the service is not enabled)
    // or this account lacks permission (the user is not in the berth group).
    void showFor(const QString& socketPath);

    [[nodiscard]] QString text() const;

signals:
    void retryRequested();
    void settingsRequested();

private:
    QLabel* reason_;
    QLabel* steps_;
    QLabel* warning_;
};

} // namespace berth::studio
