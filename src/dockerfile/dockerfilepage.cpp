#include "dockerfile/dockerfilepage.h"

#include "dockerfile/completion.h"
#include "dockerfile/contextchecks.h"
#include "dockerfile/contexttree.h"
#include "dockerfile/dockerfileeditor.h"
#include "dockerfile/hover.h"
#include "errorbanner.h"
#include "imagesmodel.h"

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSaveFile>
#include <QSettings>
#include <QSplitter>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace berth::studio {

namespace {

const QString kRecentFilesKey = QStringLiteral("dockerfile/recentFiles");
const QString kSplitterKey = QStringLiteral("dockerfile/splitter");
constexpr int kMaxRecentFiles = 10;
constexpr int kAnalysisDelayMilliseconds = 250;
constexpr int kMaxContextEntries = 500;

enum ProblemColumn { SeverityColumn, LineColumn, RuleColumn, MessageColumn };
constexpr int kDiagnosticRole = Qt::UserRole + 1;

QString severityText(dockerfile::Severity severity) {
    switch (severity) {
    case dockerfile::Severity::Error:
        return DockerfilePage::tr("Error");
    case dockerfile::Severity::Warning:
        return DockerfilePage::tr("Warning");
    case dockerfile::Severity::Info:
        return DockerfilePage::tr("Info");
    }
    return {};
}

} // namespace

DockerfilePage::DockerfilePage(QWidget* parent)
    : QWidget(parent)
    , analysis_(std::make_unique<dockerfile::Analysis>()) {
    setObjectName(QStringLiteral("dockerfilePage"));
    editor_ = new DockerfileEditor(this);
    banner_ = new ErrorBanner(this);
    previewArea_ = new QWidget(this);
    previewArea_->setObjectName(QStringLiteral("dockerfilePreviewArea"));
    auto* previewLayout = new QVBoxLayout(previewArea_);
    previewLayout->setContentsMargins(0, 0, 0, 0);
    buildProblemsList();

    ignoreWatcher_ = new QFileSystemWatcher(this);
    connect(ignoreWatcher_, &QFileSystemWatcher::fileChanged, this,
            &DockerfilePage::onContextChanged);
    connect(ignoreWatcher_, &QFileSystemWatcher::directoryChanged, this,
            &DockerfilePage::onContextChanged);

    analysisTimer_ = new QTimer(this);
    analysisTimer_->setSingleShot(true);
    analysisTimer_->setInterval(kAnalysisDelayMilliseconds);
    connect(analysisTimer_, &QTimer::timeout, this, &DockerfilePage::analyzeNow);

    fileLabel_ = new QLabel(this);
    fileLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    buildLayout();
    connectEditor();
    updateTitleActions();
}

QToolBar* DockerfilePage::buildToolbar() {
    auto* toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    buildActions();
    for (QAction* action : actions()) {
        if (action->property("toolbar").toBool()) {
            toolbar->addAction(action);
        }
    }

    return toolbar;
}

void DockerfilePage::buildLayout() {
    auto* left = new QSplitter(Qt::Vertical, this);
    auto* editorPane = new QWidget(left);
    auto* editorLayout = new QVBoxLayout(editorPane);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->setSpacing(0);
    editorSideArea_ = new QWidget(editorPane);
    editorSideArea_->setObjectName(QStringLiteral("dockerfileEditorSideArea"));
    auto* sideLayout = new QVBoxLayout(editorSideArea_);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    auto* editorRow = new QHBoxLayout();
    editorRow->setSpacing(0);
    editorRow->addWidget(editor_, 1);
    editorRow->addWidget(editorSideArea_);
    editorLayout->addLayout(editorRow, 1);
    editorLayout->addWidget(buildFindBar());
    left->addWidget(editorPane);
    left->addWidget(problems_);
    left->setStretchFactor(0, 4);
    left->setStretchFactor(1, 1);

    contextTree_ = new ContextTree(this);
    contextTree_->hide();
    connect(contextTree_, &ContextTree::fileActivated, this, [this](const QString& path) {
        if (path != dockerfilePath_ && maybeSaveChanges()) {
            loadDockerfile(path, contextDirectory_);
        }
    });
    auto* contextSplitter = new QSplitter(Qt::Horizontal, this);
    contextSplitter->addWidget(contextTree_);
    contextSplitter->addWidget(left);
    contextSplitter->setStretchFactor(0, 1);
    contextSplitter->setStretchFactor(1, 4);

    splitter_ = new QSplitter(Qt::Horizontal, this);
    splitter_->setObjectName(QStringLiteral("dockerfileSplitter"));
    splitter_->addWidget(contextSplitter);
    splitter_->addWidget(previewArea_);
    splitter_->setStretchFactor(0, 3);
    splitter_->setStretchFactor(1, 2);
    // The preview area starts empty, so without sizes the splitter would give it no room.
    // A saved state with the preview collapsed is not restored for the same reason.
    splitter_->restoreState(QSettings().value(kSplitterKey).toByteArray());
    if (splitter_->sizes().value(1) == 0) {
        splitter_->setSizes({600, 400});
    }

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(buildToolbar());
    layout->addWidget(fileLabel_);
    layout->addWidget(banner_);
    layout->addWidget(splitter_, 1);
}

void DockerfilePage::connectEditor() {
    connect(editor_, &QsciScintilla::textChanged, this, &DockerfilePage::onTextChanged);
    connect(editor_, &DockerfileEditor::quickFixRequested, this,
            &DockerfilePage::applyQuickFixOnLine);
    connect(editor_, &QsciScintilla::modificationChanged, this,
            &DockerfilePage::updateTitleActions);
    connect(editor_, &QsciScintilla::cursorPositionChanged, this,
            &DockerfilePage::updateCursorLine);
    editor_->setCompletionProvider([this](int line, int column) {
        CompletionSources sources;
        if (images_ != nullptr) {
            sources.images = images_->references();
        }
        sources.listContext = [this](const QString& folder) { return contextEntries(folder); };
        const QByteArray bytes = editor_->text().toUtf8();
        const CompletionResult result = completeDockerfile(
            std::string_view(bytes.constData(), bytes.size()), line, column, *analysis_, sources);
        return DockerfileEditor::Completions{result.column, result.candidates};
    });
    editor_->setHoverProvider([this](int line, int column) {
        const QByteArray bytes = editor_->text().toUtf8();
        return hoverText(std::string_view(bytes.constData(), bytes.size()), line, column,
                         *analysis_);
    });
}

DockerfilePage::~DockerfilePage() {
    QSettings().setValue(kSplitterKey, splitter_->saveState());
}

QString DockerfilePage::text() const {
    return editor_->text();
}

bool DockerfilePage::isModified() const {
    return editor_->isModified();
}

void DockerfilePage::buildActions() {
    auto add = [this](const QString& text, const QString& icon, QKeySequence shortcut, bool toolbar,
                      auto slot) {
        auto* action = new QAction(QIcon::fromTheme(icon), text, this);
        action->setShortcut(shortcut);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        action->setProperty("toolbar", toolbar);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
        return action;
    };
    add(tr("Open Folder…"), QStringLiteral("folder-open"), QKeySequence(), true, [this] {
        if (!maybeSaveChanges()) {
            return;
        }
        const QString folder =
            QFileDialog::getExistingDirectory(this, tr("Open Build Context"), contextDirectory_);
        if (!folder.isEmpty()) {
            openFolder(folder);
        }
    });
    add(tr("Open Dockerfile…"), QStringLiteral("document-open"), QKeySequence::Open, true, [this] {
        if (!maybeSaveChanges()) {
            return;
        }
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Open Dockerfile"), contextDirectory_);
        if (!path.isEmpty()) {
            openDockerfile(path);
        }
    });
    recentMenu_ = new QMenu(tr("Open Recent"), this);
    QAction* recent = recentMenu_->menuAction();
    recent->setIcon(QIcon::fromTheme(QStringLiteral("document-open-recent")));
    recent->setProperty("toolbar", true);
    addAction(recent);
    rebuildRecentMenu();
    saveAction_ = add(tr("Save"), QStringLiteral("document-save"), QKeySequence::Save, true,
                      [this] { save(); });
    add(tr("Save As…"), QStringLiteral("document-save-as"), QKeySequence::SaveAs, false,
        [this] { saveAs(); });
    undoAction_ = add(tr("Undo"), QStringLiteral("edit-undo"), QKeySequence::Undo, true,
                      [this] { editor_->undo(); });
    redoAction_ = add(tr("Redo"), QStringLiteral("edit-redo"), QKeySequence::Redo, true,
                      [this] { editor_->redo(); });
    add(tr("Find…"), QStringLiteral("edit-find"), QKeySequence::Find, true,
        [this] { showFindBar(false); });
    add(tr("Replace…"), QStringLiteral("edit-find-replace"), QKeySequence::Replace, false,
        [this] { showFindBar(true); });
    add(tr("Find Next"), QString(), QKeySequence::FindNext, false, [this] { findNext(true); });
    add(tr("Find Previous"), QString(), QKeySequence::FindPrevious, false,
        [this] { findNext(false); });
    quickFixAction_ =
        add(tr("Quick Fix"), QStringLiteral("tools-wizard"),
            QKeySequence(Qt::CTRL | Qt::Key_Period), true, [this] { applyQuickFixAtCursor(); });
    add(tr("Complete"), QString(), QKeySequence(Qt::CTRL | Qt::Key_Space), false,
        [this] { editor_->showCompletions(); });
}

QWidget* DockerfilePage::buildFindBar() {
    findBar_ = new QWidget(this);
    findBar_->setObjectName(QStringLiteral("dockerfileFindBar"));
    auto* layout = new QHBoxLayout(findBar_);
    layout->setContentsMargins(4, 2, 4, 2);
    findText_ = new QLineEdit(findBar_);
    findText_->setObjectName(QStringLiteral("findText"));
    findText_->setPlaceholderText(tr("Find"));
    findText_->setAccessibleName(tr("Find"));
    replaceText_ = new QLineEdit(findBar_);
    replaceText_->setObjectName(QStringLiteral("replaceText"));
    replaceText_->setPlaceholderText(tr("Replace with"));
    replaceText_->setAccessibleName(tr("Replace with"));
    auto* matchCase = new QCheckBox(tr("Match case"), findBar_);
    matchCase->setObjectName(QStringLiteral("matchCase"));
    auto button = [this](const QString& text, auto slot) {
        auto* b = new QToolButton(findBar_);
        b->setText(text);
        connect(b, &QToolButton::clicked, this, slot);
        return b;
    };
    layout->addWidget(findText_, 2);
    layout->addWidget(button(tr("Previous"), [this] { findNext(false); }));
    layout->addWidget(button(tr("Next"), [this] { findNext(true); }));
    layout->addWidget(matchCase);
    layout->addWidget(replaceText_, 2);
    layout->addWidget(button(tr("Replace"), [this] { replaceOne(); }));
    layout->addWidget(button(tr("Replace All"), [this] { replaceAll(); }));
    layout->addWidget(button(tr("Close"), [this] {
        findBar_->hide();
        editor_->setFocus();
    }));
    connect(findText_, &QLineEdit::returnPressed, this, [this] { findNext(true); });
    connect(replaceText_, &QLineEdit::returnPressed, this, [this] { replaceOne(); });
    findBar_->hide();
    return findBar_;
}

void DockerfilePage::buildProblemsList() {
    problems_ = new QTreeWidget(this);
    problems_->setObjectName(QStringLiteral("dockerfileProblems"));
    problems_->setAccessibleName(tr("Problems"));
    problems_->setRootIsDecorated(false);
    problems_->setUniformRowHeights(true);
    problems_->setHeaderLabels({tr("Severity"), tr("Line"), tr("Rule"), tr("Message")});
    problems_->header()->setStretchLastSection(true);
    problems_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(problems_, &QTreeWidget::itemActivated, this, &DockerfilePage::jumpToProblem);
    connect(problems_, &QTreeWidget::customContextMenuRequested, this,
            &DockerfilePage::showProblemsMenu);
}

void DockerfilePage::onTextChanged() {
    editor_->clearMarkedLine();
    analysisTimer_->start();
    emit textEdited();
}

void DockerfilePage::analyzeNow() {
    analysisTimer_->stop();
    const QByteArray bytes = editor_->text().toUtf8();
    *analysis_ = dockerfile::analyze(std::string_view(bytes.constData(), bytes.size()));
    addContextFindings(*analysis_, contextDirectory_);
    editor_->setDiagnostics(analysis_->diagnostics);
    updateProblems();
    emit analyzed();
}

void DockerfilePage::updateProblems() {
    problems_->clear();
    const auto& diagnostics = analysis_->diagnostics;
    for (std::size_t i = 0; i < diagnostics.size(); ++i) {
        const dockerfile::Diagnostic& diagnostic = diagnostics[i];
        auto* item = new QTreeWidgetItem(problems_);
        item->setText(SeverityColumn, severityText(diagnostic.severity));
        item->setText(LineColumn, QString::number(diagnostic.range.start.line));
        item->setText(RuleColumn, QString::fromStdString(diagnostic.rule));
        QString message = QString::fromStdString(diagnostic.message);
        if (diagnostic.fix) {
            message += QLatin1String("  ") +
                       tr("(quick fix: %1)").arg(QString::fromStdString(diagnostic.fix->title));
        }
        item->setText(MessageColumn, message);
        item->setToolTip(MessageColumn, QString::fromStdString(diagnostic.message));
        item->setData(SeverityColumn, kDiagnosticRole, static_cast<int>(i));
        const char* icon = diagnostic.severity == dockerfile::Severity::Error ? "dialog-error"
                           : diagnostic.severity == dockerfile::Severity::Warning
                               ? "dialog-warning"
                               : "dialog-information";
        item->setIcon(SeverityColumn, QIcon::fromTheme(QString::fromLatin1(icon)));
    }
    problems_->resizeColumnToContents(SeverityColumn);
    problems_->resizeColumnToContents(LineColumn);
    problems_->resizeColumnToContents(RuleColumn);
}

void DockerfilePage::jumpToProblem(QTreeWidgetItem* item) {
    const int index = item->data(SeverityColumn, kDiagnosticRole).toInt();
    const auto& diagnostics = analysis_->diagnostics;
    if (index < 0 || static_cast<std::size_t>(index) >= diagnostics.size()) {
        return;
    }
    const dockerfile::Position start = diagnostics[index].range.start;
    const int position = editor_->positionOf(start);
    if (position >= 0) {
        editor_->SendScintilla(QsciScintillaBase::SCI_GOTOPOS,
                               static_cast<unsigned long>(position));
    }
    editor_->setFocus();
}

void DockerfilePage::showProblemsMenu(const QPoint& position) {
    QTreeWidgetItem* item = problems_->itemAt(position);
    if (item == nullptr) {
        return;
    }
    const int row = problems_->indexOfTopLevelItem(item);
    const auto& diagnostic = analysis_->diagnostics[row];
    QMenu menu(this);
    menu.addAction(tr("Go to Line"), this, [this, item] { jumpToProblem(item); });
    if (diagnostic.fix) {
        const QString title = QString::fromStdString(diagnostic.fix->title);
        menu.addAction(tr("Apply Quick Fix: %1").arg(title), this,
                       [this, row] { applyQuickFix(row); });
    }
    menu.exec(problems_->viewport()->mapToGlobal(position));
}

bool DockerfilePage::applyQuickFix(int row) {
    const auto& diagnostics = analysis_->diagnostics;
    if (row < 0 || static_cast<std::size_t>(row) >= diagnostics.size() || !diagnostics[row].fix) {
        return false;
    }
    const dockerfile::QuickFix fix = *diagnostics[row].fix;
    if (!editor_->applyFix(fix)) {
        return false;
    }
    analyzeNow();
    return true;
}

bool DockerfilePage::applyQuickFixAtCursor() {
    int line = 0;
    int index = 0;
    editor_->getCursorPosition(&line, &index);
    return applyQuickFixOnLine(line + 1);
}

bool DockerfilePage::applyQuickFixOnLine(int line) {
    const auto& diagnostics = analysis_->diagnostics;
    for (std::size_t i = 0; i < diagnostics.size(); ++i) {
        const auto& range = diagnostics[i].range;
        if (diagnostics[i].fix && range.start.line <= line && line <= range.end.line) {
            return applyQuickFix(static_cast<int>(i));
        }
    }
    return false;
}

void DockerfilePage::showLine(int line, const QString& message) {
    editor_->markLine(line, message);
    // QScintilla reports cursor moves when it next updates the view, which a hidden page
    // never does, so the move is reported here at once.
    updateCursorLine();
}

void DockerfilePage::updateCursorLine() {
    int line = 0;
    int index = 0;
    editor_->getCursorPosition(&line, &index);
    if (line + 1 != cursorLine_) {
        cursorLine_ = line + 1;
        emit cursorLineChanged(cursorLine_);
    }
}

bool DockerfilePage::openFolder(const QString& directory) {
    const QDir dir(directory);
    if (!dir.exists()) {
        banner_->showProblem(tr("Could not open the build context"),
                             tr("The folder %1 does not exist.").arg(directory));
        return false;
    }
    const QString path = dir.absoluteFilePath(QStringLiteral("Dockerfile"));
    if (QFileInfo::exists(path)) {
        return openDockerfile(path);
    }
    // A new build context: an empty Dockerfile that Save writes into the folder.
    editor_->setText(QString());
    editor_->setModified(false);
    dockerfilePath_ = path;
    setContextDirectory(dir.absolutePath());
    banner_->clearError(tr("Could not open the build context"));
    analyzeNow();
    updateTitleActions();
    emit dockerfileChanged();
    return true;
}

bool DockerfilePage::openDockerfile(const QString& path) {
    return loadDockerfile(path, QFileInfo(path).absolutePath());
}

bool DockerfilePage::loadDockerfile(const QString& path, const QString& contextDirectory) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        banner_->showProblem(tr("Could not open the Dockerfile"),
                             tr("%1: %2").arg(path, file.errorString()));
        return false;
    }
    const QByteArray content = file.readAll();
    const QFileInfo info(path);
    editor_->setText(QString::fromUtf8(content));
    editor_->setModified(false);
    editor_->SendScintilla(QsciScintillaBase::SCI_EMPTYUNDOBUFFER);
    dockerfilePath_ = info.absoluteFilePath();
    setContextDirectory(contextDirectory);
    banner_->clearError(tr("Could not open the Dockerfile"));
    addRecentFile(dockerfilePath_);
    analyzeNow();
    updateTitleActions();
    emit dockerfileChanged();
    return true;
}

bool DockerfilePage::saveTo(const QString& path) {
    QSaveFile file(path);
    const QByteArray content = editor_->text().toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() ||
        !file.commit()) {
        banner_->showProblem(tr("Could not save the Dockerfile"),
                             tr("%1: %2").arg(path, file.errorString()));
        return false;
    }
    banner_->clearError(tr("Could not save the Dockerfile"));
    const QFileInfo info(path);
    const bool renamed = info.absoluteFilePath() != dockerfilePath_;
    dockerfilePath_ = info.absoluteFilePath();
    if (renamed) {
        setContextDirectory(info.absolutePath());
    }
    editor_->setModified(false);
    addRecentFile(dockerfilePath_);
    updateTitleActions();
    if (renamed) {
        emit dockerfileChanged();
    }
    return true;
}

bool DockerfilePage::save() {
    if (dockerfilePath_.isEmpty()) {
        return saveAs();
    }
    return saveTo(dockerfilePath_);
}

bool DockerfilePage::saveAs() {
    const QString start = dockerfilePath_.isEmpty()
                              ? QDir(contextDirectory_).filePath(QStringLiteral("Dockerfile"))
                              : dockerfilePath_;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Dockerfile"), start);
    return !path.isEmpty() && saveTo(path);
}

bool DockerfilePage::maybeSaveChanges() {
    if (!isModified()) {
        return true;
    }
    const QString name = dockerfilePath_.isEmpty() ? tr("the new Dockerfile")
                                                   : QFileInfo(dockerfilePath_).fileName();
    QMessageBox::StandardButton answer = QMessageBox::Cancel;
    if (prompt_) {
        answer = prompt_(name);
    } else {
        answer = QMessageBox::warning(
            this, tr("Unsaved Changes"),
            tr("Save the changes to %1? Unsaved changes are lost otherwise.").arg(name),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    }
    switch (answer) {
    case QMessageBox::Save:
        return save();
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

void DockerfilePage::setContextDirectory(const QString& directory) {
    contextDirectory_ = directory;
    contextTree_->setContextDirectory(directory);
    contextTree_->setVisible(!directory.isEmpty());
    watchIgnoreFile();
}

// Watches the context's .dockerignore, and the context folder for one to appear, so that
// the greyed files and the CopyIgnoredFile findings follow edits made elsewhere.
void DockerfilePage::watchIgnoreFile() {
    const QStringList watched = ignoreWatcher_->files() + ignoreWatcher_->directories();
    if (!watched.isEmpty()) {
        ignoreWatcher_->removePaths(watched);
    }
    if (contextDirectory_.isEmpty()) {
        return;
    }
    ignoreWatcher_->addPath(contextDirectory_);
    const QString ignoreFile = QDir(contextDirectory_).filePath(QStringLiteral(".dockerignore"));
    if (QFileInfo::exists(ignoreFile)) {
        ignoreWatcher_->addPath(ignoreFile);
    }
}

void DockerfilePage::onContextChanged() {
    // Editors that save by renaming drop the watch on the old file, so it is set again.
    watchIgnoreFile();
    contextTree_->setContextDirectory(contextDirectory_);
    analysisTimer_->start();
}

void DockerfilePage::updateTitleActions() {
    const QString name = dockerfilePath_.isEmpty() ? tr("Untitled") : dockerfilePath_;
    fileLabel_->setText(isModified() ? tr("%1 (modified)").arg(name) : name);
    saveAction_->setEnabled(isModified() || dockerfilePath_.isEmpty());
}

QStringList DockerfilePage::recentFiles() const {
    return QSettings().value(kRecentFilesKey).toStringList();
}

void DockerfilePage::addRecentFile(const QString& path) {
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > kMaxRecentFiles) {
        files.removeLast();
    }
    QSettings().setValue(kRecentFilesKey, files);
    rebuildRecentMenu();
}

void DockerfilePage::rebuildRecentMenu() {
    recentMenu_->clear();
    const QStringList files = recentFiles();
    for (const QString& file : files) {
        recentMenu_->addAction(file, this, [this, file] {
            if (maybeSaveChanges()) {
                openDockerfile(file);
            }
        });
    }
    recentMenu_->menuAction()->setEnabled(!files.isEmpty());
}

void DockerfilePage::showFindBar(bool replace) {
    findBar_->show();
    QLineEdit* focus = replace ? replaceText_ : findText_;
    if (editor_->hasSelectedText()) {
        findText_->setText(editor_->selectedText());
    }
    focus->setFocus();
    focus->selectAll();
}

void DockerfilePage::findNext(bool forward) {
    const QString expression = findText_->text();
    if (expression.isEmpty()) {
        return;
    }
    const bool matchCase =
        findBar_->findChild<QCheckBox*>(QStringLiteral("matchCase"))->isChecked();
    int line = 0;
    int index = 0;
    editor_->getCursorPosition(&line, &index);
    if (!forward && editor_->hasSelectedText()) {
        int lineTo = 0;
        int indexTo = 0;
        editor_->getSelection(&line, &index, &lineTo, &indexTo);
    }
    editor_->findFirst(expression, false, matchCase, false, true, forward, line, index);
}

void DockerfilePage::replaceOne() {
    if (!editor_->hasSelectedText()) {
        findNext(true);
        return;
    }
    editor_->replace(replaceText_->text());
    findNext(true);
}

void DockerfilePage::replaceAll() {
    const QString expression = findText_->text();
    if (expression.isEmpty()) {
        return;
    }
    const bool matchCase =
        findBar_->findChild<QCheckBox*>(QStringLiteral("matchCase"))->isChecked();
    editor_->beginUndoAction();
    bool found = editor_->findFirst(expression, false, matchCase, false, false, true, 0, 0);
    while (found) {
        editor_->replace(replaceText_->text());
        found = editor_->findNext();
    }
    editor_->endUndoAction();
}

QStringList DockerfilePage::contextEntries(const QString& folder) const {
    if (contextDirectory_.isEmpty()) {
        return {};
    }
    const QDir dir(QDir(contextDirectory_).filePath(folder));
    QStringList entries;
    const QFileInfoList infos =
        dir.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
    for (const QFileInfo& info : infos) {
        if (entries.size() >= kMaxContextEntries) {
            break;
        }
        entries << (info.isDir() ? info.fileName() + QLatin1Char('/') : info.fileName());
    }
    return entries;
}

} // namespace berth::studio
