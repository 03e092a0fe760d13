#pragma once

// Changes a container's memory, CPU and processes limits and its restart policy, as
// `docker update` does. The fields start from the container's inspect data, and only the
// fields the user changed are sent.

#include "client/types.h"

#include <QDialog>

#include <memory>

namespace Ui {
class UpdateDialog;
}

namespace berth::studio {

class UpdateDialog final : public QDialog {
    Q_OBJECT

public:
    // `inspect` is GET /containers/{id}/json; `onlineCpus` bounds the CPUs field (0 when
    // unknown).
    UpdateDialog(const QString& containerName, const client::Json& inspect, int onlineCpus,
                 QWidget* parent = nullptr);
    ~UpdateDialog() override;

    // The changes to send; every field is unset when nothing changed.
    [[nodiscard]] client::ContainerUpdate update() const;
    // The problem shown under the fields, empty when OK is enabled.
    [[nodiscard]] QString problem() const;

    void setMemoryMiB(int mebibytes);
    void setCpus(double cpus);
    void setPidsLimit(int pids);
    // "no", "always", "unless-stopped" or "on-failure".
    void setRestartPolicy(const QString& name, int maximumRetries = 0);

private:
    struct Limits {
        int memoryMiB = 0;
        int64_t memorySwap = 0;
        double cpus = 0;
        int pids = 0;
        QString restart = QStringLiteral("no");
        int retries = 0;
    };

    void updateState();
    [[nodiscard]] Limits current() const;

    std::unique_ptr<Ui::UpdateDialog> ui_;
    Limits original_;
};

} // namespace berth::studio
