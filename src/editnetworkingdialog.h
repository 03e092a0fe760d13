#pragma once

// Edits the published ports and links of an existing container, one -p value or
// CONTAINER[:ALIAS] per line. OK stays disabled while a line is invalid or nothing
// changed. The caller confirms the changes (confirmationText) and recreates the container
// (recreate.h).

#include "recreate.h"

#include <QDialog>

#include <memory>

namespace Ui {
class EditNetworkingDialog;
}

namespace berth::studio {

class EditNetworkingDialog final : public QDialog {
    Q_OBJECT

public:
    EditNetworkingDialog(const QString& containerName, const NetworkingEdit& current,
                         QWidget* parent = nullptr);
    ~EditNetworkingDialog() override;

    // The edited ports and links; InvalidArgument naming the first invalid line.
    [[nodiscard]] Result<NetworkingEdit> edit() const;
    [[nodiscard]] QString problem() const;

    void setPortLines(const QStringList& lines);
    void setLinkLines(const QStringList& lines);

private:
    void validate();

    std::unique_ptr<Ui::EditNetworkingDialog> ui_;
    NetworkingEdit current_;
};

// The confirmation's text: every removed and added port and link, one per line.
[[nodiscard]] QString confirmationText(const NetworkingChanges& changes);

} // namespace berth::studio
