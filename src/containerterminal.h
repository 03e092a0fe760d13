#pragma once

// The Terminal tab of the Containers page: a TerminalView joined to a TerminalSession on
// the selected container's main process. It attaches while the tab is shown and the
// container runs, writes the exit line when the process ends, and makes the view
// read-only, with a note saying why, when the container has no tty or no open stdin.
// "Open Shell" starts a shell (or another command) in the running container with a tty
// instead, as `docker exec -it` does; "Attach" goes back to the main process.

#include <QPointer>
#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;
class QVBoxLayout;

namespace berth::studio {

class EngineConnection;
class TerminalSession;
class TerminalView;

class ContainerTerminal final : public QWidget {
    Q_OBJECT

public:
    explicit ContainerTerminal(QWidget* parent = nullptr);
    ~ContainerTerminal() override;

    void setConnection(EngineConnection* connection);
    // Shows the terminal of this container (an empty id shows none). Attaches once the tab
    // is visible and the container is running; keeps an open session on the same id.
    void showContainer(const QString& id, bool running);

    [[nodiscard]] QString containerId() const { return containerId_; }
    [[nodiscard]] TerminalView* view() const { return view_; }
    [[nodiscard]] QLabel* note() const { return note_; }
    [[nodiscard]] TerminalSession* session() const { return session_.get(); }
    [[nodiscard]] QLineEdit* shellEdit() const { return shellEdit_; }
    [[nodiscard]] QPushButton* shellButton() const { return shellButton_; }
    [[nodiscard]] QPushButton* attachButton() const { return attachButton_; }

    // Starts the shell edit's command (default /bin/sh) in the running container with a
    // tty, replacing the attach session.
    void openShell();
    // Ends a shell session and attaches to the main process again.
    void attachToMainProcess();

signals:
    // The process in the terminal ended with this code.
    void processExited(const QString& id, int exitCode);

protected:
    void showEvent(QShowEvent* event) override;

private:
    enum class State { Idle, Attaching, Attached, Ended };

    void attachIfReady();
    void startSession(const QStringList& execCommand);
    void updateButtons();
    void replaceView();
    void endSession(const QString& line, const QString& note);
    void setNote(const QString& text);

    EngineConnection* connection_ = nullptr;
    QVBoxLayout* layout_;
    QLabel* note_;
    QLineEdit* shellEdit_;
    QPushButton* shellButton_;
    QPushButton* attachButton_;
    TerminalView* view_ = nullptr;
    std::unique_ptr<TerminalSession> session_;
    QString containerId_;
    bool running_ = false;
    bool shell_ = false; // the session (or the one that ended) runs a shell, not attach
    State state_ = State::Idle;
};

} // namespace berth::studio
