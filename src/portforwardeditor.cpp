#include "portforwardeditor.h"

#include "formproblems.h"
#include "ui_portforwardeditor.h"

#include <QHeaderView>
#include <QTableWidget>

#include <algorithm>

namespace berth::studio {

namespace {

enum PortColumn { HostIpColumn, HostPortColumn, ContainerPortColumn, ProtocolColumn };

QString cellText(const QTableWidget* table, int row, int column) {
    const QTableWidgetItem* item = table->item(row, column);
    return item ? item->text().trimmed() : QString();
}

bool isBlank(const PortForward& forward) {
    return forward.hostIp.empty() && forward.hostPort.empty() && forward.containerPort.empty();
}

} // namespace

PortForwardEditor::PortForwardEditor(QWidget* parent)
    : QWidget(parent)
    , ui_(std::make_unique<Ui::PortForwardEditor>()) {
    ui_->setupUi(this);
    QTableWidget* table = ui_->portTable;
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->verticalHeader()->setVisible(false);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    connect(table, &QTableWidget::itemChanged, this, &PortForwardEditor::check);
    ui_->portProblem->setVisible(false);
    ui_->portNote->setVisible(false);

    connect(ui_->addPortButton, &QPushButton::clicked, this, [this] {
        addRow({});
        check();
        ui_->portTable->editItem(
            ui_->portTable->item(ui_->portTable->rowCount() - 1, HostPortColumn));
    });
    connect(ui_->removePortButton, &QPushButton::clicked, this, [this] {
        ui_->portTable->removeRow(ui_->portTable->currentRow());
        check();
    });
    connect(ui_->exposedPortsButton, &QPushButton::clicked, this,
            &PortForwardEditor::addExposedPorts);
    setExposedPorts({});
}

PortForwardEditor::~PortForwardEditor() = default;

std::vector<PortForward> PortForwardEditor::forwards() const {
    std::vector<PortForward> forwards = allRows();
    std::erase_if(forwards, isBlank);
    return forwards;
}

void PortForwardEditor::setForwards(const std::vector<PortForward>& forwards) {
    ui_->portTable->setRowCount(0);
    for (const PortForward& forward : forwards) {
        addRow(forward);
    }
    check();
}

void PortForwardEditor::setExposedPorts(const std::vector<PortForward>& ports) {
    exposedPorts_ = ports;
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

void PortForwardEditor::setProbe(HostPortProbe probe) {
    probe_ = std::move(probe);
    check();
}

void PortForwardEditor::setPortUses(std::vector<HostPortUse> uses) {
    portUses_ = std::move(uses);
    check();
}

QString PortForwardEditor::problemText() const {
    return ui_->portProblem->text();
}

QString PortForwardEditor::noteText() const {
    return ui_->portNote->text();
}

void PortForwardEditor::setUnprivilegedPortStart(uint32_t start) {
    unprivilegedStart_ = start;
    check();
}

void PortForwardEditor::addExposedPorts() {
    const std::vector<PortForward> current = allRows();
    for (const PortForward& port : exposedPorts_) {
        const bool listed = std::ranges::any_of(current, [&](const PortForward& row) {
            return row.containerPort == port.containerPort && row.protocol == port.protocol;
        });
        if (!listed) {
            // A new row forwards the same port number on the host; the user may change it.
            PortForward row = port;
            row.hostPort = port.containerPort;
            addRow(row);
        }
    }
    check();
}

void PortForwardEditor::addRow(const PortForward& forward) {
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

std::vector<PortForward> PortForwardEditor::allRows() const {
    std::vector<PortForward> rows;
    const QTableWidget* table = ui_->portTable;
    for (int row = 0; row < table->rowCount(); ++row) {
        PortForward forward;
        forward.hostIp = cellText(table, row, HostIpColumn).toStdString();
        forward.hostPort = cellText(table, row, HostPortColumn).toStdString();
        forward.containerPort = cellText(table, row, ContainerPortColumn).toStdString();
        const QString protocol = cellText(table, row, ProtocolColumn).toLower();
        forward.protocol = protocol.isEmpty() ? "tcp" : protocol.toStdString();
        rows.push_back(std::move(forward));
    }
    return rows;
}

void PortForwardEditor::check() {
    const std::vector<PortForward> rows = allRows();
    std::vector<QStringList> reasons(rows.size());
    QStringList lines;
    for (const PortProblem& problem : checkPortForwards(rows, probe_)) {
        const QString reason = describe(problem, rows[problem.row]);
        reasons[problem.row] << reason;
        lines << tr("Row %1: %2").arg(problem.row + 1).arg(reason);
    }
    for (size_t row = 0; row < rows.size(); ++row) {
        markTableRow(ui_->portTable, int(row), reasons[row].join(QLatin1Char('\n')));
    }
    showProblem(ui_->portProblem, lines.join(QLatin1Char('\n')));

    QStringList notes;
    for (const PrivilegedPort& privileged : findPrivilegedPorts(rows, unprivilegedStart_)) {
        notes << tr("Row %1: host port %2 is privileged (below %3), so only an engine that runs "
                    "as root can bind it. berthd does; a rootless engine does not.")
                     .arg(privileged.row + 1)
                     .arg(privileged.port)
                     .arg(unprivilegedStart_);
    }
    ui_->portNote->setText(notes.join(QLatin1Char('\n')));
    ui_->portNote->setVisible(!notes.isEmpty());
    emit changed();
}

QString PortForwardEditor::describe(const PortProblem& problem, const PortForward& row) const {
    switch (problem.kind) {
    case PortProblemKind::MissingContainerPort:
        return tr("choose the port in the container.");
    case PortProblemKind::InvalidPort:
        return tr("a port is a number from 1 to 65535, or a range such as 8080-8081.");
    case PortProblemKind::RangeLengthsDiffer:
        return tr("the host range %1 and the container range %2 differ in length.")
            .arg(QString::fromStdString(row.hostPort), QString::fromStdString(row.containerPort));
    case PortProblemKind::InvalidProtocol:
        return tr("the protocol is tcp, udp or sctp, not \"%1\".")
            .arg(QString::fromStdString(row.protocol));
    case PortProblemKind::InvalidHostIp:
        return tr("\"%1\" is not an IPv4 or IPv6 address.").arg(QString::fromStdString(row.hostIp));
    case PortProblemKind::HostIpNotLocal:
        return tr("no interface of this machine has the address %1.")
            .arg(QString::fromStdString(row.hostIp));
    case PortProblemKind::Duplicate:
        return tr("host port %1/%2 is already forwarded in an earlier row.")
            .arg(QString::fromStdString(problem.detail), QString::fromStdString(row.protocol));
    case PortProblemKind::HostPortInUse:
        break;
    }
    const auto holder = std::ranges::find_if(portUses_, [&](const HostPortUse& use) {
        return std::to_string(use.port) == problem.detail && use.protocol == row.protocol;
    });
    if (holder != portUses_.end()) {
        return tr("host port %1/%2 is in use by the container %3; choose another one.")
            .arg(QString::fromStdString(problem.detail), QString::fromStdString(row.protocol),
                 QString::fromStdString(holder->container));
    }
    return tr("host port %1/%2 is in use on this machine; choose another one.")
        .arg(QString::fromStdString(problem.detail), QString::fromStdString(row.protocol));
}

} // namespace berth::studio
