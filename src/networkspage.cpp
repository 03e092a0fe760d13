#include "networkspage.h"

#include "client/client.h"
#include "engineconnection.h"
#include "errorbanner.h"
#include "linkview.h"

#include <QLabel>
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

NetworksPage::NetworksPage(QWidget* parent)
    : QWidget(parent)
    , banner_(new ErrorBanner(this))
    , view_(new LinkView(this)) {
    setObjectName(QStringLiteral("networksPage"));
    auto* title = new QLabel(tr("Networks & links"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(banner_);
    layout->addWidget(view_, 1);
    connect(view_, &LinkView::containerClicked, this, &NetworksPage::containerActivated);
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
    connection_->run(this, loadContainerLinks,
                     [this](Result<std::vector<ContainerLinks>> containers) {
                         loading_ = false;
                         if (containers) {
                             banner_->clearError(tr("Could not read the containers"));
                             view_->setGraph(buildLinkGraph(*containers));
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

} // namespace berth::studio
