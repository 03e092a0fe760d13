#include "containerterminal.h"

#include "terminal/terminalsession.h"
#include "terminal/terminalview.h"

#include <QLabel>
#include <QVBoxLayout>

namespace berth::studio {

ContainerTerminal::ContainerTerminal(QWidget* parent)
    : QWidget(parent)
    , layout_(new QVBoxLayout(this))
    , note_(new QLabel(this)) {
    layout_->setContentsMargins(0, 4, 0, 0);
    note_->setObjectName(QStringLiteral("terminalNote"));
    note_->setWordWrap(true);
    note_->setVisible(false);
    layout_->addWidget(note_);
    replaceView();
}

ContainerTerminal::~ContainerTerminal() = default;

void ContainerTerminal::setConnection(EngineConnection* connection) {
    session_.reset();
    connection_ = connection;
    state_ = State::Idle;
}

void ContainerTerminal::showContainer(const QString& id, bool running) {
    const bool sameContainer = id == containerId_;
    running_ = running;
    if (sameContainer && (state_ == State::Attaching || state_ == State::Attached)) {
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
        containerId_ = id;
        replaceView();
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

void ContainerTerminal::attachIfReady() {
    if (!isVisible() || !connection_ || containerId_.isEmpty() || !running_ ||
        state_ != State::Idle) {
        return;
    }
    state_ = State::Attaching;
    session_ = std::make_unique<TerminalSession>(connection_, containerId_);
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
        endSession({}, tr("Could not attach to the container: %1").arg(message));
    });
    connect(session, &TerminalSession::exited, this, [this](int exitCode) {
        const QString id = containerId_;
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
