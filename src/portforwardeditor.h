#pragma once

// The port forward table of the Run dialog and of Edit Ports and Links: one row per -p
// value (host IP, host port or range, container port or range, protocol), a button that
// adds the image's EXPOSE ports, and the checks of checkPortForwards() as the user types.
// The host-port check binds each port on this machine and releases it at once, so a port
// in use shows before anything is created; a port another container publishes is named
// with that container. Rows with a problem are tinted and carry the reason as a tooltip.
// A host port below the kernel's unprivileged range gets a note, not a problem.

#include "portforward.h"

#include <QWidget>

#include <memory>
#include <vector>

namespace Ui {
class PortForwardEditor;
}

namespace berth::studio {

class PortForwardEditor final : public QWidget {
    Q_OBJECT

public:
    explicit PortForwardEditor(QWidget* parent = nullptr);
    ~PortForwardEditor() override;

    // The rows with a host address, host port or container port filled in.
    [[nodiscard]] std::vector<PortForward> forwards() const;
    void setForwards(const std::vector<PortForward>& forwards);

    // The ports the image declares with EXPOSE, which the EXPOSE button adds as rows.
    void setExposedPorts(const std::vector<PortForward>& ports);
    // The check of host ports; probeHostPort() unless set.
    void setProbe(HostPortProbe probe);
    // The host ports the engine's containers publish, so that a port in use names the
    // container that publishes it.
    void setPortUses(std::vector<HostPortUse> uses);

    // One line per problem, "Row N: reason"; empty when every row is valid.
    [[nodiscard]] QString problemText() const;
    // One line per row whose host port is privileged; such a row is still valid.
    [[nodiscard]] QString noteText() const;
    // The first unprivileged port; unprivilegedPortStart() unless set.
    void setUnprivilegedPortStart(uint32_t start);

signals:
    // A row was added, removed or edited; problemText() is up to date.
    void changed();

private:
    void addRow(const PortForward& forward);
    void addExposedPorts();
    void check();
    [[nodiscard]] std::vector<PortForward> allRows() const;
    [[nodiscard]] QString describe(const PortProblem& problem, const PortForward& row) const;

    std::unique_ptr<Ui::PortForwardEditor> ui_;
    std::vector<PortForward> exposedPorts_;
    std::vector<HostPortUse> portUses_;
    HostPortProbe probe_ = probeHostPort;
    uint32_t unprivilegedStart_ = unprivilegedPortStart();
};

} // namespace berth::studio
