#pragma once

// The Networks & links page: the link diagram (linkview.h) over every container, running
// or stopped, read from their inspect responses. The window reloads it on container
// events; a click on a container emits containerActivated, and the window selects it on the
// Containers page.

#include "common/error.h"
#include "linkgraph.h"

#include <QWidget>

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
    [[nodiscard]] ErrorBanner* banner() const { return banner_; }

signals:
    void loaded();
    // The user clicked a container in the diagram.
    void containerActivated(const QString& id);

private:
    EngineConnection* connection_ = nullptr;
    ErrorBanner* banner_;
    LinkView* view_;
    bool loading_ = false;
    bool reloadAgain_ = false;
};

// Reads every container's links and ports; a container removed meanwhile is left out.
[[nodiscard]] Result<std::vector<ContainerLinks>> loadContainerLinks(client::Client& client);

} // namespace berth::studio
