#include "containerinspectview.h"

#include "engineconnection.h"
#include "textsearchbar.h"

#include <QFontDatabase>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace berth::studio {

ContainerInspectView::ContainerInspectView(QWidget* parent)
    : QWidget(parent)
    , text_(new QPlainTextEdit(this)) {
    text_->setObjectName(QStringLiteral("inspectText"));
    text_->setReadOnly(true);
    text_->setAccessibleName(tr("Container inspect data"));
    text_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    text_->setLineWrapMode(QPlainTextEdit::NoWrap);
    // Keyboard users can move a cursor through the read-only text and select from it.
    text_->setTextInteractionFlags(Qt::TextSelectableByKeyboard | Qt::TextSelectableByMouse);
    search_ = new TextSearchBar(text_, tr("Search the inspect data"), this);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(search_);
    layout->addWidget(text_, 1);
    setTabOrder(search_->field(), search_->previousButton());
    setTabOrder(search_->previousButton(), search_->nextButton());
    setTabOrder(search_->nextButton(), text_);
    setFocusProxy(text_);
}

void ContainerInspectView::setConnection(EngineConnection* connection) {
    if (connection_) {
        disconnect(connection_, nullptr, this, nullptr);
    }
    connection_ = connection;
    if (!connection_) {
        return;
    }
    connect(connection_, &EngineConnection::engineEvent, this,
            [this](const QString& type, const QString&, const QString& actorId) {
                if (containerId_.isEmpty()) {
                    return;
                }
                // A network event names the network, not the container it connected.
                const bool ours = type == QLatin1String("container") &&
                                  (actorId.startsWith(containerId_) ||
                                   (!actorId.isEmpty() && containerId_.startsWith(actorId)));
                if (ours || type == QLatin1String("network")) {
                    refresh();
                }
            });
}

void ContainerInspectView::showContainer(const QString& id) {
    if (id == containerId_) {
        return;
    }
    containerId_ = id;
    inspect_ = client::Json();
    text_->clear();
    if (!id.isEmpty()) {
        refresh();
    }
}

void ContainerInspectView::refresh() {
    if (!connection_ || containerId_.isEmpty()) {
        return;
    }
    if (loading_) {
        refreshAgain_ = true;
        return;
    }
    loading_ = true;
    connection_->run(
        this,
        [id = containerId_.toStdString()](client::Client& client) {
            return client.inspectContainer(id);
        },
        [this, id = containerId_](Result<client::Json> inspect) {
            loading_ = false;
            if (refreshAgain_ || id != containerId_) {
                // The container or its data changed while this read ran.
                refreshAgain_ = false;
                refresh();
                return;
            }
            if (!inspect) {
                inspect_ = client::Json();
                showJson(tr("Could not read the inspect data of %1: %2")
                             .arg(id.left(12), QString::fromStdString(inspect.error().message)));
            } else {
                inspect_ = std::move(*inspect);
                // Invalid UTF-8 in a label or an environment value shows as U+FFFD.
                showJson(QString::fromStdString(
                    inspect_.dump(2, ' ', false, client::Json::error_handler_t::replace)));
            }
            emit inspected(id);
        });
}

void ContainerInspectView::showJson(const QString& text) {
    if (text_->toPlainText() == text) {
        return;
    }
    // A refresh keeps the reader's place in the text.
    const int scroll = text_->verticalScrollBar()->value();
    const int position = text_->textCursor().position();
    text_->setPlainText(text);
    QTextCursor cursor = text_->textCursor();
    cursor.setPosition(std::min(position, int(text.size())));
    text_->setTextCursor(cursor);
    text_->verticalScrollBar()->setValue(scroll);
}

} // namespace berth::studio
