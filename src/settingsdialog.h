#pragma once

// Which engine the studio talks to: the bundled berthd, or an endpoint the user names.

#include <QDialog>

#include <memory>

namespace Ui {
class SettingsDialog;
}

namespace berth::studio {

class SettingsDialog final : public QDialog {
    Q_OBJECT

public:
    explicit SettingsDialog(QWidget* parent = nullptr);
    ~SettingsDialog() override;

    // Empty for the bundled engine.
    [[nodiscard]] QString endpoint() const;
    void setEndpoint(const QString& endpoint);

private:
    void updateState();

    std::unique_ptr<Ui::SettingsDialog> ui_;
};

} // namespace berth::studio
