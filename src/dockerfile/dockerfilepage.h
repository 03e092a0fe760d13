#pragma once

// The Dockerfile studio page: a toolbar, the editor with its find bar and problems list on
// the left, and on the right an area that the layer preview fills. The page owns the file:
// open a build context folder or a Dockerfile, save, save as, recent files, and the prompt
// about unsaved changes. It runs the engine's Dockerfile analysis a moment after each edit
// and shows its diagnostics as squiggles and in the problems list.
//
// Lines in this interface are 1-based, as the engine's diagnostics count them.

#include "dockerfile/analysis.h"

#include <QMessageBox>
#include <QWidget>

#include <functional>
#include <memory>

class QAction;
class QFileSystemWatcher;
class QLabel;
class QLineEdit;
class QMenu;
class QSplitter;
class QTimer;
class QToolBar;
class QTreeWidget;
class QTreeWidgetItem;

namespace berth::studio {

class ContextTree;
class DockerfileEditor;
class ErrorBanner;
class ImagesModel;

class DockerfilePage final : public QWidget {
    Q_OBJECT

public:
    // Asks what to do with unsaved changes to the named file: Save, Discard or Cancel.
    using UnsavedChangesPrompt = std::function<QMessageBox::StandardButton(const QString& name)>;

    explicit DockerfilePage(QWidget* parent = nullptr);
    ~DockerfilePage() override;

    // For the layer preview.
    [[nodiscard]] QString text() const;
    [[nodiscard]] QString contextDirectory() const { return contextDirectory_; }
    [[nodiscard]] QString dockerfilePath() const { return dockerfilePath_; }
    [[nodiscard]] QWidget* previewArea() const { return previewArea_; }
    // An empty area right of the editor, as tall as it, for rows aligned with its lines.
    [[nodiscard]] QWidget* editorSideArea() const { return editorSideArea_; }
    // The latest analysis of the text; it lags the text by the debounce interval.
    [[nodiscard]] const dockerfile::Analysis& analysis() const { return *analysis_; }

    [[nodiscard]] DockerfileEditor* editor() const { return editor_; }
    [[nodiscard]] QTreeWidget* problemsList() const { return problems_; }
    [[nodiscard]] QSplitter* splitter() const { return splitter_; }
    [[nodiscard]] ContextTree* contextTree() const { return contextTree_; }
    [[nodiscard]] bool isModified() const;
    [[nodiscard]] QStringList recentFiles() const;

    // Image references for completion after FROM and COPY --from.
    void setImagesModel(ImagesModel* images) { images_ = images; }
    void setUnsavedChangesPrompt(UnsavedChangesPrompt prompt) { prompt_ = std::move(prompt); }

    // Opens a build context: its Dockerfile, or an empty one to be saved there.
    bool openFolder(const QString& directory);
    // Opens a Dockerfile; its folder becomes the build context.
    bool openDockerfile(const QString& path);
    bool saveTo(const QString& path);
    // Saves to the current path, or asks for one.
    bool save();
    bool saveAs();
    // Asks about unsaved changes; true when the caller may go on (saved or discarded).
    bool maybeSaveChanges();

    // Applies the quick fix of the diagnostic in a problems list row.
    bool applyQuickFix(int row);
    // Applies the first quick fix found on the cursor's line.
    bool applyQuickFixAtCursor();
    // Applies the first quick fix found on a line.
    bool applyQuickFixOnLine(int line);
    // Runs the analysis now instead of after the debounce interval.
    void analyzeNow();

public slots:
    // Moves the cursor to line, marks it and shows message under it (a failed build step).
    void showLine(int line, const QString& message);

signals:
    // Emitted on every change of the text.
    void textEdited();
    void cursorLineChanged(int line);
    // A file or folder was opened, or the file was saved under a new path.
    void dockerfileChanged();
    // A new analysis is available.
    void analyzed();

private:
    QToolBar* buildToolbar();
    void buildActions();
    void buildLayout();
    void connectEditor();
    QWidget* buildFindBar();
    void buildProblemsList();
    bool loadDockerfile(const QString& path, const QString& contextDirectory);
    void setContextDirectory(const QString& directory);
    void watchIgnoreFile();
    void onContextChanged();
    void onTextChanged();
    void updateCursorLine();
    void updateProblems();
    void updateTitleActions();
    void jumpToProblem(QTreeWidgetItem* item);
    void showProblemsMenu(const QPoint& position);
    void addRecentFile(const QString& path);
    void rebuildRecentMenu();
    void showFindBar(bool replace);
    void findNext(bool forward);
    void replaceOne();
    void replaceAll();
    [[nodiscard]] QStringList contextEntries(const QString& directory) const;

    DockerfileEditor* editor_ = nullptr;
    ContextTree* contextTree_ = nullptr;
    ErrorBanner* banner_ = nullptr;
    QTreeWidget* problems_ = nullptr;
    QWidget* previewArea_ = nullptr;
    QWidget* editorSideArea_ = nullptr;
    QWidget* findBar_ = nullptr;
    QLineEdit* findText_ = nullptr;
    QLineEdit* replaceText_ = nullptr;
    QSplitter* splitter_ = nullptr;
    QLabel* fileLabel_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QAction* saveAction_ = nullptr;
    QAction* undoAction_ = nullptr;
    QAction* redoAction_ = nullptr;
    QAction* quickFixAction_ = nullptr;
    QTimer* analysisTimer_ = nullptr;
    QFileSystemWatcher* ignoreWatcher_ = nullptr;
    ImagesModel* images_ = nullptr;
    UnsavedChangesPrompt prompt_;
    QString contextDirectory_;
    QString dockerfilePath_;
    std::unique_ptr<dockerfile::Analysis> analysis_;
    int cursorLine_ = 0;
};

} // namespace berth::studio
