#pragma once

// The Top tab of the Containers page: the container's processes as `docker top` lists them,
// read again every few seconds while the tab is shown and the container runs.

#include <QWidget>

class QLabel;
class QTableWidget;
class QTimer;

namespace berth::studio {

class EngineConnection;

class ContainerTopView final : public QWidget {
    Q_OBJECT

public:
    explicit ContainerTopView(QWidget* parent = nullptr);

    void setConnection(EngineConnection* connection);
    void showContainer(const QString& id, bool running);
    // Lists the processes now.
    void refresh();

    [[nodiscard]] QTableWidget* table() const { return table_; }
    [[nodiscard]] QLabel* status() const { return status_; }

signals:
    void refreshed(bool ok);

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void updateTimer();

    EngineConnection* connection_ = nullptr;
    QString containerId_;
    bool running_ = false;
    bool loading_ = false;
    QLabel* status_;
    QTableWidget* table_;
    QTimer* timer_;
};

} // namespace berth::studio
