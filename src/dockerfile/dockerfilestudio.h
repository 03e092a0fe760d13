#pragma once

// Joins the Dockerfile page (editor, file, diagnostics) with the layer preview and the
// build panel, which fill the page's preview area, and with the preview's rows beside the
// editor's lines. Edits and opened files go to the preview and the panel, and the cursor
// line selects a preview row. A picked row or a failed build step moves the editor to its
// line.

#include <QObject>

namespace berth::studio {

class BackgroundTasks;
class BuildPanel;
class DockerfilePage;
class EngineConnection;
class LayerPreview;
class PreviewGutter;

class DockerfileStudio final : public QObject {
    Q_OBJECT

public:
    DockerfileStudio(DockerfilePage* page, BackgroundTasks* tasks, QObject* parent = nullptr);

    void setConnection(EngineConnection* connection);

    [[nodiscard]] LayerPreview* preview() const { return preview_; }
    [[nodiscard]] BuildPanel* buildPanel() const { return buildPanel_; }
    [[nodiscard]] PreviewGutter* gutter() const { return gutter_; }

private:
    void fileChanged();

    DockerfilePage* page_;
    LayerPreview* preview_;
    BuildPanel* buildPanel_;
    PreviewGutter* gutter_;
};

} // namespace berth::studio
