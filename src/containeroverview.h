#pragma once

// The Overview tab of the Containers page. It shows the container's summary from the list
// (name, image, command, state, ports), then its mounts, links, environment and labels from
// its inspect data. "Copy as docker run" copies the line that would run a container like it.

#include "client/types.h"

#include <QWidget>

class QPlainTextEdit;
class QPushButton;

namespace berth::studio {

class EngineConnection;

// The Overview's lines for the inspected container: Mounts, Links, Environment and Labels,
// each a heading and one indented line per entry.
[[nodiscard]] QStringList inspectOverviewLines(const client::Json& inspect);

class ContainerOverview final : public QWidget {
    Q_OBJECT

public:
    explicit ContainerOverview(QWidget* parent = nullptr);

    void setConnection(EngineConnection* connection);
    // Shows `summary` and, when `inspect` is the same container's data, its lines from
    // inspectOverviewLines(). An empty id clears the tab.
    void showContainer(const QString& id, const QStringList& summary, const client::Json& inspect);
    // Reads the container and its image again and copies the docker run line to the
    // clipboard, then emits runLineCopied().
    void copyRunLine();

    [[nodiscard]] QPlainTextEdit* text() const { return text_; }
    [[nodiscard]] QPushButton* copyButton() const { return copyButton_; }

signals:
    void runLineCopied(const QString& line);
    void copyFailed(const QString& message);

private:
    EngineConnection* connection_ = nullptr;
    QString containerId_;
    QPlainTextEdit* text_;
    QPushButton* copyButton_;
};

} // namespace berth::studio
