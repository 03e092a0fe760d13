#pragma once

// The build panel of the Dockerfile studio. The tags, Build and Cancel are always in view.
// Below them, an Options tab contains the context folder, the Dockerfile, the target stage,
// no-cache and the build args (prefilled from the Dockerfile's ARGs). An Output tab, shown
// when a build starts, contains a progress bar per step and the build log. A failed step asks
// the editor to show its line. Cancel closes the build's connection, which makes the
// engine stop and clean up.

#include <QWidget>

#include <functional>
#include <memory>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTableWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace berth::client {
class CancelToken;
}

namespace berth::studio {

class BackgroundTasks;
class EngineConnection;

class BuildPanel final : public QWidget {
    Q_OBJECT

public:
    explicit BuildPanel(QWidget* parent = nullptr);
    ~BuildPanel() override;

    void setConnection(EngineConnection* connection);
    // Builds also appear in the status bar's tasks popup when set.
    void setTasks(BackgroundTasks* tasks) { tasks_ = tasks; }

    void setContext(const QString& directory, const QString& dockerfile);
    // The editor's text: the ARGs fill the build args (values typed here are kept), the
    // stages fill the target list, and a build sends this text as the Dockerfile.
    void setDockerfileText(const QString& text);
    // Returns the Dockerfile's text when a build starts, so that the build gets the
    // latest edit even before setDockerfileText receives it.
    void setTextProvider(std::function<QString()> provider) { textProvider_ = std::move(provider); }

    [[nodiscard]] bool isBuilding() const { return cancel_ != nullptr; }
    [[nodiscard]] QLineEdit* contextEdit() const { return context_; }
    [[nodiscard]] QLineEdit* dockerfileEdit() const { return dockerfile_; }
    [[nodiscard]] QLineEdit* tagsEdit() const { return tags_; }
    [[nodiscard]] QTableWidget* buildArgsTable() const { return buildArgs_; }
    [[nodiscard]] QComboBox* targetBox() const { return target_; }
    [[nodiscard]] QCheckBox* noCacheBox() const { return noCache_; }
    [[nodiscard]] QPushButton* buildButton() const { return build_; }
    [[nodiscard]] QPushButton* cancelButton() const { return cancelButton_; }
    [[nodiscard]] QTreeWidget* stepList() const { return steps_; }
    [[nodiscard]] QPlainTextEdit* log() const { return log_; }
    [[nodiscard]] QTabWidget* tabs() const { return tabs_; }

public slots:
    void startBuild();
    void cancelBuild();

signals:
    void buildStarted();
    // imageId is empty when the build failed or was cancelled.
    void buildFinished(bool succeeded, const QString& imageId);
    // A step failed: the editor shows its line and the engine's message.
    void showLineRequested(int line, const QString& message);

private:
    void buildLayout();
    void showBuildArgs();
    void chooseContext();
    void handleMessage(const QJsonObject& message);
    void handleStreamLine(const QString& line);
    void finishBuild(bool succeeded, const QString& imageId, const QString& error);
    void setStepState(QTreeWidgetItem* item, const QString& state, int progress);
    void updateButtons();

    EngineConnection* connection_ = nullptr;
    BackgroundTasks* tasks_ = nullptr;
    int taskId_ = 0;
    QLineEdit* context_;
    QPushButton* browse_;
    QLineEdit* dockerfile_;
    QLineEdit* tags_;
    QTableWidget* buildArgs_;
    QComboBox* target_;
    QCheckBox* noCache_;
    QPushButton* build_;
    QPushButton* cancelButton_;
    QTreeWidget* steps_;
    QPlainTextEdit* log_;
    QFormLayout* options_ = nullptr;
    QSplitter* output_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QString text_;
    std::function<QString()> textProvider_;
    QString pendingStream_;
    QTreeWidgetItem* currentStep_ = nullptr;
    std::shared_ptr<client::CancelToken> cancel_;
};

} // namespace berth::studio
