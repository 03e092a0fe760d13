#pragma once

// The Networks & links page: the list of networks with create and remove, and the link
// diagram (linkview.h) over every container, running or stopped, read from their inspect
// responses and grouped by network. The window reloads it on container events; a click on a
// container emits containerActivated, and the window selects it on the Containers page.

#include "common/error.h"
#include "linkgraph.h"

#include <QWidget>

class QPushButton;
class QTreeWidget;

namespace berth::client {
class Client;
}

namespace berth::studio {

class EngineConnection;
class ErrorBanner;
class LinkView;

class NetworksPage final : public QWidget {
    Q_OBJECT

public:
    explicit NetworksPage(QWidget* parent = nullptr);

    void setConnection(EngineConnection* connection);
    // Reads every container again and redraws the diagram; a reload during another one
    // runs once that one ends.
    void reload();

    [[nodiscard]] LinkView* linkView() const { return view_; }
    [[nodiscard]] QTreeWidget* networkList() const { return networkList_; }

    // Creates a bridge network (an empty subnet lets the engine choose), then reloads.
    void createNetwork(const QString& name, const QString& subnet);
    // Removes the network selected in the list, then reloads.
    void removeSelectedNetwork();
    // Writes the diagram to path, as SVG or PNG by its suffix; a failure shows in the banner
    // and is returned.
    [[nodiscard]] Result<void> exportDiagram(const QString& path);
    [[nodiscard]] ErrorBanner* banner() const { return banner_; }

signals:
    void loaded();
    // The user clicked a container in the diagram.
    void containerActivated(const QString& id);

private:
    void askForNetwork();
    void askForExportPath();
    void showNetworks(const client::Json& networks);

    EngineConnection* connection_ = nullptr;
    ErrorBanner* banner_;
    QTreeWidget* networkList_;
    QPushButton* removeButton_;
    LinkView* view_;
    bool loading_ = false;
    bool reloadAgain_ = false;
};

// Reads every container's links and ports; a container removed meanwhile is left out.
[[nodiscard]] Result<std::vector<ContainerLinks>> loadContainerLinks(client::Client& client);

struct NetworksPageData {
    std::vector<ContainerLinks> containers;
    client::Json networks; // GET /networks
};

// The containers as loadContainerLinks() reads them, and the networks.
[[nodiscard]] Result<NetworksPageData> loadNetworksPage(client::Client& client);

} // namespace berth::studio
