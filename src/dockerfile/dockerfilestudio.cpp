// DockerfileStudio: the signals between the page, the preview and the build panel.

#include "dockerfile/dockerfilestudio.h"

#include "dockerfile/buildpanel.h"
#include "dockerfile/dockerfileeditor.h"
#include "dockerfile/dockerfilepage.h"
#include "dockerfile/layerpreview.h"
#include "dockerfile/previewgutter.h"
#include "dockerfile/previewplanner.h"

#include <QDir>
#include <QLayout>
#include <QSplitter>

namespace berth::studio {

DockerfileStudio::DockerfileStudio(DockerfilePage* page, BackgroundTasks* tasks, QObject* parent)
    : QObject(parent)
    , page_(page)
    , preview_(new LayerPreview(page->previewArea()))
    , buildPanel_(new BuildPanel(page->previewArea()))
    , gutter_(
          new PreviewGutter(page->editor(), preview_->planner()->model(), page->editorSideArea())) {
    auto* splitter = new QSplitter(Qt::Vertical, page->previewArea());
    splitter->setObjectName(QStringLiteral("dockerfilePreviewSplitter"));
    splitter->addWidget(preview_);
    splitter->addWidget(buildPanel_);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    page->previewArea()->layout()->addWidget(splitter);
    page->editorSideArea()->layout()->addWidget(gutter_);
    buildPanel_->setTasks(tasks);
    buildPanel_->setTextProvider([page] { return page->text(); });

    connect(page, &DockerfilePage::textEdited, this,
            [this] { preview_->planner()->setText(page_->text()); });
    // The panel's build args and stages follow the parsed text, not every keystroke.
    connect(preview_->planner(), &PreviewPlanner::parsed, this,
            [this] { buildPanel_->setDockerfileText(preview_->planner()->text()); });
    connect(page, &DockerfilePage::dockerfileChanged, this, &DockerfileStudio::fileChanged);
    connect(page, &DockerfilePage::cursorLineChanged, preview_, &LayerPreview::selectLine);
    connect(page, &DockerfilePage::cursorLineChanged, gutter_, &PreviewGutter::setCurrentLine);
    connect(gutter_, &PreviewGutter::lineActivated, page,
            [this](int line) { page_->showLine(line, QString()); });
    connect(preview_, &LayerPreview::lineActivated, page,
            [this](int line) { page_->showLine(line, QString()); });
    connect(buildPanel_, &BuildPanel::showLineRequested, page, &DockerfilePage::showLine);
    // A build fills the layer cache, so the preview's cache column is out of date after it.
    connect(buildPanel_, &BuildPanel::buildFinished, preview_->planner(),
            [this] { preview_->planner()->planNow(); });
    fileChanged();
}

void DockerfileStudio::setConnection(EngineConnection* connection) {
    preview_->setConnection(connection);
    buildPanel_->setConnection(connection);
    preview_->planner()->planNow();
}

void DockerfileStudio::fileChanged() {
    const QString context = page_->contextDirectory();
    QString dockerfile = QStringLiteral("Dockerfile");
    if (!context.isEmpty() && !page_->dockerfilePath().isEmpty()) {
        dockerfile = QDir(context).relativeFilePath(page_->dockerfilePath());
    }
    preview_->planner()->setContext(context, dockerfile);
    preview_->planner()->setText(page_->text());
    buildPanel_->setContext(context, dockerfile);
    buildPanel_->setDockerfileText(page_->text());
}

} // namespace berth::studio
