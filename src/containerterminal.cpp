#include "containerterminal.h"

#include "terminal/terminalsession.h"
#include "terminal/terminalview.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QVBoxLayout>

namespace berth::studio {

ContainerTerminal::ContainerTerminal(QWidget* parent)
    : QWidget(parent)
    , layout_(new QVBoxLayout(this))
    , note_(new QLabel(this))
    , shellEdit_(new QLineEdit(QStringLiteral("/bin/sh"), this))
    , shellButton_(new QPushButton(tr("Open Shell"), this))
    , attachButton_(new QPushButton(tr("Attach"), this)) {
    layout_->setContentsMargins(0, 4, 0, 0);
    auto* bar = new QHBoxLayout;
    auto* shellLabel = new QLabel(tr("&Shell:"), this);
    shellLabel->setBuddy(shellEdit_);
    shellEdit_->setObjectName(QStringLiteral("shellEdit"));
    shellEdit_->setToolTip(tr("The command that Open Shell runs in the container "
                              "(docker exec -it)"));
    shellButton_->setObjectName(QStringLiteral("shellButton"));
    shellButton_->setToolTip(tr("Run the shell in the running container with a terminal"));
    attachButton_->setObjectName(QStringLiteral("attachButton"));
    attachButton_->setToolTip(tr("Leave the shell and attach to the container's main process"));
    bar->addWidget(shellLabel);
    bar->addWidget(shellEdit_, 1);
    bar->addWidget(shellButton_);
    bar->addWidget(attachButton_);
    layout_->addLayout(bar);
    connect(shellButton_, &QPushButton::clicked, this, &ContainerTerminal::openShell);
    connect(shellEdit_, &QLineEdit::returnPressed, this, &ContainerTerminal::openShell);
    connect(attachButton_, &QPushButton::clicked, this, &ContainerTerminal::attachToMainProcess);
    note_->setObjectName(QStringLiteral("terminalNote"));
    note_->setWordWrap(true);
    note_->setVisible(false);
    layout_->addWidget(note_);
    replaceView();
    updateButtons();
}

ContainerTerminal::~ContainerTerminal() = default;

void ContainerTerminal::setConnection(EngineConnection* connection) {
    session_.reset();
    connection_ = connection;
    state_ = State::Idle;
    shell_ = false;
    updateButtons();
}

void ContainerTerminal::showContainer(const QString& id, bool running) {
    const bool sameContainer = id == containerId_;
    running_ = running;
    updateButtons();
    if (sameContainer && (state_ == State::Attaching || state_ == State::Attached)) {
        return;
    }
    // A shell's exit line stays until the user opens another or attaches.
    if (sameContainer && state_ == State::Ended && shell_ && running) {
        return;
    }
    // The exit line stays on screen until the container runs again.
    if (sameContainer && state_ == State::Ended && !running) {
        return;
    }
    // A container that was only waiting to start (created, then running) has a blank screen
    // to keep; anything else starts on a new one.
    if (!sameContainer || state_ != State::Idle) {
        session_.reset();
        state_ = State::Idle;
        shell_ = false;
        containerId_ = id;
        replaceView();
        updateButtons();
    }
    if (id.isEmpty()) {
        setNote(tr("Select a container to open its terminal."));
    } else if (!running) {
        setNote(tr("The container is not running. Start it to attach to its main process."));
    } else {
        setNote({});
    }
    attachIfReady();
}

void ContainerTerminal::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    attachIfReady();
}

void ContainerTerminal::replaceView() {
    // A new session starts on a blank screen; the replayed output rebuilds it.
    const bool hadFocus = view_ && view_->hasFocus();
    delete view_;
    view_ = new TerminalView(this);
    view_->setObjectName(QStringLiteral("terminalView"));
    view_->setReadOnly(true);
    layout_->addWidget(view_, 1);
    if (hadFocus) {
        view_->setFocus(Qt::OtherFocusReason);
    }
}

void ContainerTerminal::updateButtons() {
    const bool canRun = connection_ && !containerId_.isEmpty() && running_;
    shellButton_->setEnabled(canRun);
    shellEdit_->setEnabled(canRun);
    attachButton_->setEnabled(canRun && shell_);
}

void ContainerTerminal::openShell() {
    if (!connection_ || containerId_.isEmpty() || !running_) {
        return;
    }
    QStringList command = QProcess::splitCommand(shellEdit_->text());
    if (command.isEmpty()) {
        command = {QStringLiteral("/bin/sh")};
    }
    session_.reset();
    state_ = State::Idle;
    shell_ = true;
    replaceView();
    view_->setFocus(Qt::OtherFocusReason);
    updateButtons();
    setNote({});
    startSession(command);
}

void ContainerTerminal::attachToMainProcess() {
    if (!shell_) {
        return;
    }
    session_.reset();
    state_ = State::Idle;
    shell_ = false;
    replaceView();
    updateButtons();
    attachIfReady();
}

void ContainerTerminal::attachIfReady() {
    if (!isVisible() || !connection_ || containerId_.isEmpty() || !running_ ||
        state_ != State::Idle || shell_) {
        return;
    }
    startSession({});
}

void ContainerTerminal::startSession(const QStringList& execCommand) {
    state_ = State::Attaching;
    session_ = std::make_unique<TerminalSession>(connection_, containerId_);
    session_->setExecCommand(execCommand);
    TerminalSession* session = session_.get();
    TerminalView* view = view_;
    connect(session, &TerminalSession::received, view,
            [view](const QByteArray& bytes) { view->surface()->write(bytes); });
    connect(view, &TerminalView::bytesToSend, session, &TerminalSession::send);
    connect(view, &TerminalView::terminalSizeChanged, session, &TerminalSession::resize);
    connect(session, &TerminalSession::attached, this, [this, view](bool tty, bool stdinOpen) {
        state_ = State::Attached;
        view->setReadOnly(!(tty && stdinOpen));
        if (!tty) {
            setNote(tr("This container was started without a tty (-t): its output is shown "
                       "read-only. Typing into it needs a container run with -i -t."));
        } else if (!stdinOpen) {
            setNote(tr("This container's stdin is closed: its output is shown read-only. "
                       "Typing into it needs a container run with -i."));
        } else {
            setNote({});
        }
    });
    connect(session, &TerminalSession::failed, this, [this](const QString& message) {
        endSession({}, shell_ ? tr("Could not start the shell: %1").arg(message)
                              : tr("Could not attach to the container: %1").arg(message));
    });
    connect(session, &TerminalSession::exited, this, [this](int exitCode) {
        const QString id = containerId_;
        if (shell_) {
            // The container keeps running; only the shell ended.
            endSession(tr("[shell exited with code %1]").arg(exitCode), {});
            return;
        }
        endSession(tr("[process exited with code %1]").arg(exitCode), {});
        emit processExited(id, exitCode);
    });
    connect(session, &TerminalSession::disconnected, this,
            [this] { endSession(tr("[detached: the engine closed the connection]"), {}); });
    session->resize(view->surface()->rows(), view->surface()->columns());
    session->start();
}

void ContainerTerminal::endSession(const QString& line, const QString& note) {
    state_ = State::Ended;
    view_->setReadOnly(true);
    if (!line.isEmpty()) {
        view_->surface()->write(QStringLiteral("\r\n%1\r\n").arg(line).toUtf8());
    }
    setNote(note);
    // The session is deleted later, because this runs inside one of its signals.
    if (session_) {
        session_.release()->deleteLater();
    }
}

void ContainerTerminal::setNote(const QString& text) {
    note_->setText(text);
    note_->setVisible(!text.isEmpty());
}

} // namespace berth::studio
