#pragma once

// The Logs tab of the Containers page: the container's last lines, followed live, with a
// search bar, toggles for follow, timestamps and line wrap, and Save… to write the log as
// shown to a file.

#include "common/error.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QFileDialog;
class QPlainTextEdit;
class QPushButton;

namespace berth::studio {

class EngineConnection;
class LogFollower;
class TextSearchBar;

class ContainerLogsView final : public QWidget {
    Q_OBJECT

public:
    explicit ContainerLogsView(QWidget* parent = nullptr);
    ~ContainerLogsView() override;

    void setConnection(EngineConnection* connection);
    // Reads the logs of the container with this id; the name suggests the file name for
    // Save…. An empty id stops reading and clears the tab.
    void showContainer(const QString& id, const QString& name);

    // Opens a file picker (window-modal, not blocking) and saves the log to the chosen file.
    QFileDialog* showSaveDialog();
    // Writes the text as shown, with timestamps when they are on.
    [[nodiscard]] Result<void> saveTo(const QString& path) const;

    [[nodiscard]] QPlainTextEdit* text() const { return text_; }
    [[nodiscard]] TextSearchBar* search() const { return search_; }
    [[nodiscard]] QCheckBox* followCheck() const { return followCheck_; }
    [[nodiscard]] QCheckBox* timestampsCheck() const { return timestampsCheck_; }
    [[nodiscard]] QCheckBox* wrapCheck() const { return wrapCheck_; }
    [[nodiscard]] QPushButton* saveButton() const { return saveButton_; }

signals:
    // Emitted when saving to `path` fails, with the error message.
    void saveFailed(const QString& path, const QString& message);
    // Emitted when the stream for the current options ends, with its error or an empty text.
    void finished(const QString& error);

private:
    // Starts reading again with the current follow and timestamps choices.
    void restart();
    void appendText(const QString& text);

    EngineConnection* connection_ = nullptr;
    QString containerId_;
    QString containerName_;
    QCheckBox* followCheck_;
    QCheckBox* timestampsCheck_;
    QCheckBox* wrapCheck_;
    QPushButton* saveButton_;
    QPlainTextEdit* text_;
    TextSearchBar* search_;
    std::unique_ptr<LogFollower> follower_;
};

} // namespace berth::studio
