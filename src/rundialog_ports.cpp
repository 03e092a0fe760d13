// The Run dialog's Ports tab: the port forward table (host IP, host port or range,
// container port or range, protocol), a button that adds the image's EXPOSE ports, and the
// checks of checkPortForwards() below the table. The host-port check binds each port on
// this machine and releases it at once, so a port in use shows before anything is created.

#include "rundialog.h"

#include "ui_rundialog.h"

#include <QCheckBox>
#include <QTableWidget>

namespace berth::studio {

namespace {

enum PortColumn { HostIpColumn, HostPortColumn, ContainerPortColumn, ProtocolColumn };

QString portCell(const QTableWidget* table, int row, int column) {
    const QTableWidgetItem* item = table->item(row, column);
    return item ? item->text().trimmed() : QString();
}

} // namespace

void RunDialog::setupPortsTab() {
    QTableWidget* table = ui_->portTable;
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->verticalHeader()->setVisible(false);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    connect(table, &QTableWidget::itemChanged, this, &RunDialog::updateState);

    connect(ui_->addPortButton, &QPushButton::clicked, this, [this] {
        addPortRow({});
        ui_->portTable->editItem(
            ui_->portTable->item(ui_->portTable->rowCount() - 1, HostPortColumn));
    });
    connect(ui_->removePortButton, &QPushButton::clicked, this, [this] {
        ui_->portTable->removeRow(ui_->portTable->currentRow());
        updateState();
    });
    connect(ui_->exposedPortsButton, &QPushButton::clicked, this, &RunDialog::addImagePorts);
    connect(ui_->publishAllCheck, &QCheckBox::toggled, this, &RunDialog::updateState);
    setImagePorts({});
}

void RunDialog::setImagePorts(const std::vector<PortForward>& ports) {
    imagePorts_ = ports;
    ui_->exposedPortsButton->setEnabled(!ports.empty());
    QStringList names;
    for (const PortForward& port : ports) {
        names << QString::fromStdString(port.containerPort + "/" + port.protocol);
    }
    ui_->exposedPortsButton->setToolTip(ports.empty()
                                            ? tr("The image declares no ports with EXPOSE")
                                            : tr("Add a row for each port the image exposes: %1")
                                                  .arg(names.join(QStringLiteral(", "))));
}

void RunDialog::addImagePorts() {
    const std::vector<PortForward> current = portRows();
    for (const PortForward& port : imagePorts_) {
        const bool listed = std::any_of(current.begin(), current.end(), [&](const auto& row) {
            return row.containerPort == port.containerPort && row.protocol == port.protocol;
        });
        if (!listed) {
            // A new row forwards the same port number on the host; the user may change it.
            PortForward row = port;
            row.hostPort = port.containerPort;
            addPortRow(row);
        }
    }
    updateState();
}

void RunDialog::addPortRow(const PortForward& forward) {
    QTableWidget* table = ui_->portTable;
    const QSignalBlocker blocker(table);
    const int row = table->rowCount();
    table->insertRow(row);
    table->setItem(row, HostIpColumn, new QTableWidgetItem(QString::fromStdString(forward.hostIp)));
    table->setItem(row, HostPortColumn,
                   new QTableWidgetItem(QString::fromStdString(forward.hostPort)));
    table->setItem(row, ContainerPortColumn,
                   new QTableWidgetItem(QString::fromStdString(forward.containerPort)));
    table->setItem(row, ProtocolColumn,
                   new QTableWidgetItem(QString::fromStdString(forward.protocol)));
}

void RunDialog::fillPorts(const RunSpec& spec) {
    const QSignalBlocker blocker(ui_->publishAllCheck);
    ui_->publishAllCheck->setChecked(spec.publishAll);
    ui_->portTable->setRowCount(0);
    for (const PortForward& forward : spec.ports) {
        addPortRow(forward);
    }
}

std::vector<PortForward> RunDialog::portRows() const {
    std::vector<PortForward> rows;
    const QTableWidget* table = ui_->portTable;
    for (int row = 0; row < table->rowCount(); ++row) {
        PortForward forward;
        forward.hostIp = portCell(table, row, HostIpColumn).toStdString();
        forward.hostPort = portCell(table, row, HostPortColumn).toStdString();
        forward.containerPort = portCell(table, row, ContainerPortColumn).toStdString();
        const QString protocol = portCell(table, row, ProtocolColumn).toLower();
        forward.protocol = protocol.isEmpty() ? "tcp" : protocol.toStdString();
        rows.push_back(std::move(forward));
    }
    return rows;
}

QString RunDialog::portProblemText() const {
    const std::vector<PortForward> rows = portRows();
    QStringList lines;
    for (const PortProblem& problem : checkPortForwards(rows)) {
        const PortForward& row = rows[problem.row];
        QString reason;
        switch (problem.kind) {
        case PortProblemKind::MissingContainerPort:
            reason = tr("choose the port in the container.");
            break;
        case PortProblemKind::InvalidPort:
            reason = tr("a port is a number from 1 to 65535, or a range such as 8080-8081.");
            break;
        case PortProblemKind::RangeLengthsDiffer:
            reason = tr("the host range %1 and the container range %2 differ in length.")
                         .arg(QString::fromStdString(row.hostPort),
                              QString::fromStdString(row.containerPort));
            break;
        case PortProblemKind::InvalidProtocol:
            reason = tr("the protocol is tcp, udp or sctp, not \"%1\".")
                         .arg(QString::fromStdString(row.protocol));
            break;
        case PortProblemKind::InvalidHostIp:
            reason = tr("\"%1\" is not an IPv4 or IPv6 address.")
                         .arg(QString::fromStdString(row.hostIp));
            break;
        case PortProblemKind::HostIpNotLocal:
            reason = tr("no interface of this machine has the address %1.")
                         .arg(QString::fromStdString(row.hostIp));
            break;
        case PortProblemKind::Duplicate:
            reason = tr("host port %1/%2 is already forwarded in an earlier row.")
                         .arg(QString::fromStdString(problem.detail),
                              QString::fromStdString(row.protocol));
            break;
        case PortProblemKind::HostPortInUse:
            reason = tr("host port %1/%2 is in use on this machine; choose another one.")
                         .arg(QString::fromStdString(problem.detail),
                              QString::fromStdString(row.protocol));
            break;
        }
        lines << tr("Row %1: %2").arg(problem.row + 1).arg(reason);
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace berth::studio
