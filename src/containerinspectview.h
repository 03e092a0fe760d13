#pragma once

// The Inspect tab of the Containers page: the container's GET /containers/{id}/json,
// indented, read-only and searchable. It is read again when the engine reports an event for
// the container or a network change, so it follows starts, updates, renames and connects.

#include "client/types.h"

#include <QWidget>

class QPlainTextEdit;

namespace berth::studio {

class EngineConnection;
class TextSearchBar;

class ContainerInspectView final : public QWidget {
    Q_OBJECT

public:
    explicit ContainerInspectView(QWidget* parent = nullptr);

    void setConnection(EngineConnection* connection);
    // Shows the container with this id; an empty id clears the tab.
    void showContainer(const QString& id);
    // Reads the inspect data again.
    void refresh();

    [[nodiscard]] QPlainTextEdit* text() const { return text_; }
    [[nodiscard]] TextSearchBar* search() const { return search_; }
    // The shown container's inspect data, null before it arrives or after an error.
    [[nodiscard]] const client::Json& inspect() const { return inspect_; }

signals:
    // The inspect data of `id` arrived, or reading it failed (inspect() is then null).
    void inspected(const QString& id);

private:
    void showJson(const QString& text);

    EngineConnection* connection_ = nullptr;
    QString containerId_;
    QPlainTextEdit* text_;
    TextSearchBar* search_;
    client::Json inspect_;
    bool loading_ = false;
    bool refreshAgain_ = false;
};

} // namespace berth::studio
