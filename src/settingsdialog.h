#pragma once

// Which engine the studio talks to: automatic (the system engine or the bundled berthd), or
// an endpoint the user names or picks from the engine sockets found on this machine. Also the
// studio's language, which takes effect at the next start.

#include "enginediscovery.h"

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

    // Empty for automatic.
    [[nodiscard]] QString endpoint() const;
    void setEndpoint(const QString& endpoint);

    // A language code as in language.h: empty for the system default.
    [[nodiscard]] QString language() const;
    void setLanguage(const QString& code);

    // Offers `found` in a list; picking one fills in its endpoint.
    void setFoundEndpoints(const QList<FoundEndpoint>& found);

private:
    void updateState();

    std::unique_ptr<Ui::SettingsDialog> ui_;
};

} // namespace berth::studio
