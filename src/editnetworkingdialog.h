#pragma once

// Edits the published ports and links of an existing container with the Run dialog's
// editors: the port forward table with its live host-port checks, and the link table with
// its picker of running containers. The ports the container publishes now count as free,
// because recreating it releases them. OK stays disabled, with the reason as its tooltip,
// while a row is invalid or nothing changed. The caller confirms the changes
// (confirmationText) and recreates the container (recreate.h).

#include "recreate.h"

#include <QDialog>

#include <memory>

class QPushButton;

namespace Ui {
class EditNetworkingDialog;
}

namespace berth::studio {

class LinkEditor;
class PortForwardEditor;

class EditNetworkingDialog final : public QDialog {
    Q_OBJECT

public:
    // heldPorts are the host ports the container publishes now (publishedPortsOf()).
    EditNetworkingDialog(const QString& containerName, const NetworkingEdit& current,
                         std::vector<HostPortUse> heldPorts, QWidget* parent = nullptr);
    ~EditNetworkingDialog() override;

    // The edited ports and links, links as "NAME:ALIAS"; InvalidArgument with the first
    // problem while a row is invalid.
    [[nodiscard]] Result<NetworkingEdit> edit() const;
    // Why OK is disabled; empty when it is enabled.
    [[nodiscard]] QString problem() const;

    // The ports the container's image and config expose, offered as rows.
    void setExposedPorts(const std::vector<PortForward>& ports);
    // The running containers the link picker offers; this container is left out.
    void setLinkTargets(QStringList names);
    // The host ports the engine's containers publish, to name the holder of a port in use.
    void setPortUses(std::vector<HostPortUse> uses);

    [[nodiscard]] PortForwardEditor* portEditor() const;
    [[nodiscard]] LinkEditor* linkEditor() const;
    [[nodiscard]] QPushButton* okButton() const;

private:
    void validate();

    std::unique_ptr<Ui::EditNetworkingDialog> ui_;
    QString containerName_;
    NetworkingEdit current_;
};

// The confirmation's text: every removed and added port and link, one per line.
[[nodiscard]] QString confirmationText(const NetworkingChanges& changes);

} // namespace berth::studio
