#include "networkspage.h"

#include "client/client.h"
#include "diagramexport.h"
#include "engineconnection.h"
#include "errorbanner.h"
#include "linkview.h"

#include <QFileDialog>
#include <QGraphicsScene>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace berth::studio {

Result<std::vector<ContainerLinks>> loadContainerLinks(client::Client& client) {
    auto summaries = client.listContainers(true);
    if (!summaries) {
        return std::unexpected(summaries.error());
    }
    std::vector<ContainerLinks> containers;
    for (const client::ContainerSummary& summary : *summaries) {
        if (auto inspect = client.inspectContainer(summary.id); inspect) {
            containers.push_back(containerLinksFromInspect(*inspect));
        }
    }
    return containers;
}

Result<NetworksPageData> loadNetworksPage(client::Client& client) {
    auto containers = loadContainerLinks(client);
    if (!containers) {
        return std::unexpected(containers.error());
    }
    auto networks = client.listNetworks();
    if (!networks) {
        return std::unexpected(networks.error());
    }
    return NetworksPageData{std::move(*containers), std::move(*networks)};
}

NetworksPage::NetworksPage(QWidget* parent)
    : QWidget(parent)
    , banner_(new ErrorBanner(this))
    , networkList_(new QTreeWidget(this))
    , removeButton_(new QPushButton(tr("Remove"), this))
    , view_(new LinkView(this)) {
    setObjectName(QStringLiteral("networksPage"));
    auto* title = new QLabel(tr("Networks & links"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    title->setFont(titleFont);
    networkList_->setObjectName(QStringLiteral("networkList"));
    networkList_->setHeaderLabels({tr("Network"), tr("Driver"), tr("Subnet"), tr("Containers")});
    networkList_->setRootIsDecorated(false);
    networkList_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto* createButton = new QPushButton(tr("Create network…"), this);
    createButton->setObjectName(QStringLiteral("createNetworkButton"));
    removeButton_->setObjectName(QStringLiteral("removeNetworkButton"));
    removeButton_->setEnabled(false);
    auto* buttons = new QHBoxLayout;
    auto* exportButton = new QPushButton(tr("Export diagram…"), this);
    exportButton->setObjectName(QStringLiteral("exportDiagramButton"));
    exportButton->setToolTip(tr("Save the diagram as an SVG or PNG image"));
    buttons->addWidget(createButton);
    buttons->addWidget(removeButton_);
    buttons->addStretch(1);
    buttons->addWidget(exportButton);
    auto* listPane = new QWidget(this);
    auto* listLayout = new QVBoxLayout(listPane);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(networkList_, 1);
    listLayout->addLayout(buttons);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(listPane);
    splitter->addWidget(view_);
    splitter->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(banner_);
    layout->addWidget(splitter, 1);
    connect(view_, &LinkView::containerClicked, this, &NetworksPage::containerActivated);
    connect(createButton, &QPushButton::clicked, this, &NetworksPage::askForNetwork);
    connect(removeButton_, &QPushButton::clicked, this, &NetworksPage::removeSelectedNetwork);
    connect(exportButton, &QPushButton::clicked, this, &NetworksPage::askForExportPath);
    connect(networkList_, &QTreeWidget::itemSelectionChanged, this, [this] {
        const QList<QTreeWidgetItem*> selected = networkList_->selectedItems();
        // The predefined networks cannot be removed.
        removeButton_->setEnabled(!selected.isEmpty() &&
                                  !selected.first()->data(0, Qt::UserRole + 1).toBool());
    });
}

void NetworksPage::showNetworks(const client::Json& networks) {
    networkList_->clear();
    if (!networks.is_array()) {
        return;
    }
    for (const client::Json& network : networks) {
        if (!network.is_object()) {
            continue;
        }
        const std::string name = network.value("Name", "");
        std::string subnet;
        const client::Json& ipam = network.value("IPAM", client::Json::object());
        if (ipam.contains("Config") && ipam["Config"].is_array() && !ipam["Config"].empty() &&
            ipam["Config"][0].is_object()) {
            subnet = ipam["Config"][0].value("Subnet", "");
        }
        const client::Json& members = network.value("Containers", client::Json::object());
        QStringList names;
        for (const auto& [id, member] : members.items()) {
            if (member.is_object()) {
                names << QString::fromStdString(member.value("Name", ""));
            }
        }
        names.sort();
        auto* item = new QTreeWidgetItem(
            networkList_,
            {QString::fromStdString(name), QString::fromStdString(network.value("Driver", "")),
             QString::fromStdString(subnet), names.join(QStringLiteral(", "))});
        item->setData(0, Qt::UserRole, QString::fromStdString(network.value("Id", "")));
        const bool predefined = name == "bridge" || name == "host" || name == "none";
        item->setData(0, Qt::UserRole + 1, predefined);
    }
}

void NetworksPage::askForNetwork() {
    bool accepted = false;
    const QString name = QInputDialog::getText(this, tr("Create network"), tr("Network name:"),
                                               QLineEdit::Normal, {}, &accepted);
    if (!accepted || name.trimmed().isEmpty()) {
        return;
    }
    const QString subnet = QInputDialog::getText(
        this, tr("Create network"), tr("Subnet in CIDR notation (empty: the engine chooses one):"),
        QLineEdit::Normal, {}, &accepted);
    if (!accepted) {
        return;
    }
    createNetwork(name.trimmed(), subnet.trimmed());
}

void NetworksPage::createNetwork(const QString& name, const QString& subnet) {
    if (!connection_) {
        return;
    }
    const std::string nameText = name.toStdString();
    const std::string subnetText = subnet.toStdString();
    connection_->run(
        this,
        [nameText, subnetText](client::Client& client) {
            return client.createNetwork(nameText, subnetText);
        },
        [this](Result<client::Json> created) {
            if (created) {
                banner_->clearError(tr("Could not create the network"));
            } else {
                banner_->showError(tr("Could not create the network"),
                                   QString::fromStdString(created.error().message));
            }
            reload();
        });
}

void NetworksPage::removeSelectedNetwork() {
    const QList<QTreeWidgetItem*> selected = networkList_->selectedItems();
    if (!connection_ || selected.isEmpty()) {
        return;
    }
    const std::string id = selected.first()->data(0, Qt::UserRole).toString().toStdString();
    connection_->run(
        this, [id](client::Client& client) { return client.removeNetwork(id); },
        [this](Result<void> removed) {
            if (removed) {
                banner_->clearError(tr("Could not remove the network"));
            } else {
                banner_->showError(tr("Could not remove the network"),
                                   QString::fromStdString(removed.error().message));
            }
            reload();
        });
}

void NetworksPage::setConnection(EngineConnection* connection) {
    connection_ = connection;
    loading_ = false;
    reloadAgain_ = false;
    view_->setGraph({});
    if (connection_ && connection_->isConnected()) {
        reload();
    }
}

void NetworksPage::reload() {
    if (!connection_) {
        return;
    }
    if (loading_) {
        reloadAgain_ = true;
        return;
    }
    loading_ = true;
    connection_->run(this, loadNetworksPage, [this](Result<NetworksPageData> containers) {
        loading_ = false;
        if (containers) {
            banner_->clearError(tr("Could not read the containers"));
            showNetworks(containers->networks);
            view_->setGraph(buildLinkGraph(containers->containers));
            emit loaded();
        } else {
            banner_->showError(tr("Could not read the containers"),
                               QString::fromStdString(containers.error().message));
        }
        if (std::exchange(reloadAgain_, false)) {
            reload();
        }
    });
}

void NetworksPage::askForExportPath() {
    QString selectedFilter;
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export diagram"), tr("networks.svg"),
                                     tr("SVG image (*.svg);;PNG image (*.png)"), &selectedFilter);
    if (path.isEmpty()) {
        return;
    }
    QString target = path;
    if (!diagramFormatFor(target)) {
        target += selectedFilter.contains(QLatin1String("png")) ? QStringLiteral(".png")
                                                                : QStringLiteral(".svg");
    }
    (void)exportDiagram(target);
}

Result<void> NetworksPage::exportDiagram(const QString& path) {
    const std::optional<DiagramFormat> format = diagramFormatFor(path);
    Result<void> written =
        format ? studio::exportDiagram(*view_->scene(), path, *format, tr("Networks & links"))
               : Result<void>(fail(ErrorKind::InvalidArgument,
                                   "export the diagram: the file name must end in .svg or .png"));
    if (!written) {
        banner_->showError(tr("Could not export the diagram"),
                           QString::fromStdString(written.error().message));
    }
    return written;
}

} // namespace berth::studio
