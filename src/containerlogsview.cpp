#include "containerlogsview.h"

#include "engineconnection.h"
#include "logfollower.h"
#include "textsearchbar.h"

#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace berth::studio {

namespace {

// Lines kept in the tab. Older ones are dropped.
constexpr int kMaximumLines = 20000;

} // namespace

ContainerLogsView::ContainerLogsView(QWidget* parent)
    : QWidget(parent)
    , followCheck_(new QCheckBox(tr("&Follow"), this))
    , timestampsCheck_(new QCheckBox(tr("T&imestamps"), this))
    , wrapCheck_(new QCheckBox(tr("&Wrap lines"), this))
    , saveButton_(new QPushButton(tr("&Save…"), this))
    , text_(new QPlainTextEdit(this)) {
    followCheck_->setObjectName(QStringLiteral("followCheck"));
    followCheck_->setChecked(true);
    followCheck_->setToolTip(tr("Keep reading new lines as the container writes them"));
    timestampsCheck_->setObjectName(QStringLiteral("timestampsCheck"));
    timestampsCheck_->setToolTip(tr("Start every line with the time the engine received it"));
    wrapCheck_->setObjectName(QStringLiteral("wrapCheck"));
    wrapCheck_->setChecked(true);
    saveButton_->setObjectName(QStringLiteral("saveLogButton"));
    saveButton_->setToolTip(tr("Write the log as shown to a file"));
    saveButton_->setEnabled(false);

    text_->setObjectName(QStringLiteral("logText"));
    text_->setReadOnly(true);
    text_->setAccessibleName(tr("Container logs"));
    text_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    text_->setMaximumBlockCount(kMaximumLines);
    text_->setTextInteractionFlags(Qt::TextSelectableByKeyboard | Qt::TextSelectableByMouse);
    search_ = new TextSearchBar(text_, tr("Search the logs"), this);

    auto* options = new QHBoxLayout;
    options->addWidget(followCheck_);
    options->addWidget(timestampsCheck_);
    options->addWidget(wrapCheck_);
    options->addWidget(search_, 1);
    options->addWidget(saveButton_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(options);
    layout->addWidget(text_, 1);
    setTabOrder(followCheck_, timestampsCheck_);
    setTabOrder(timestampsCheck_, wrapCheck_);
    setTabOrder(wrapCheck_, search_->field());
    setTabOrder(search_->field(), search_->previousButton());
    setTabOrder(search_->previousButton(), search_->nextButton());
    setTabOrder(search_->nextButton(), saveButton_);
    setTabOrder(saveButton_, text_);

    for (QWidget* widget :
         {static_cast<QWidget*>(followCheck_), static_cast<QWidget*>(timestampsCheck_),
          static_cast<QWidget*>(wrapCheck_), static_cast<QWidget*>(saveButton_)}) {
        search_->claimFindKeys(widget);
    }
    connect(followCheck_, &QCheckBox::toggled, this, &ContainerLogsView::restart);
    connect(timestampsCheck_, &QCheckBox::toggled, this, &ContainerLogsView::restart);
    connect(wrapCheck_, &QCheckBox::toggled, this, [this](bool wrap) {
        text_->setLineWrapMode(wrap ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap);
    });
    connect(saveButton_, &QPushButton::clicked, this, &ContainerLogsView::showSaveDialog);
}

ContainerLogsView::~ContainerLogsView() = default;

void ContainerLogsView::setConnection(EngineConnection* connection) {
    follower_.reset();
    connection_ = connection;
    containerId_.clear();
}

void ContainerLogsView::showContainer(const QString& id, const QString& name) {
    containerName_ = name;
    if (id == containerId_) {
        return;
    }
    containerId_ = id;
    restart();
}

void ContainerLogsView::restart() {
    follower_.reset();
    text_->clear();
    saveButton_->setEnabled(!containerId_.isEmpty());
    if (containerId_.isEmpty() || !connection_) {
        return;
    }
    follower_ =
        std::make_unique<LogFollower>(connection_->client(), containerId_,
                                      followCheck_->isChecked(), timestampsCheck_->isChecked());
    connect(follower_.get(), &LogFollower::textReceived, this, &ContainerLogsView::appendText);
    connect(follower_.get(), &LogFollower::finished, this, [this](const QString& error) {
        if (!error.isEmpty()) {
            text_->appendPlainText(tr("[Logs unavailable: %1]").arg(error));
        }
        emit finished(error);
    });
    follower_->start();
}

void ContainerLogsView::appendText(const QString& text) {
    // New text goes to the end without moving the reader's cursor or selection, so a search
    // match stays selected. The view scrolls along only while it shows the end.
    QScrollBar* bar = text_->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    QTextCursor end(text_->document());
    end.movePosition(QTextCursor::End);
    end.insertText(text);
    if (atEnd) {
        bar->setValue(bar->maximum());
    }
}

QFileDialog* ContainerLogsView::showSaveDialog() {
    if (containerId_.isEmpty()) {
        return nullptr;
    }
    const QString base = containerName_.isEmpty() ? containerId_.left(12) : containerName_;
    auto* picker = new QFileDialog(this, tr("Save the Logs of %1").arg(base), QDir::homePath(),
                                   tr("Log files (*.log *.txt);;All files (*)"));
    picker->setObjectName(QStringLiteral("logPicker"));
    picker->setAcceptMode(QFileDialog::AcceptSave);
    picker->setFileMode(QFileDialog::AnyFile);
    picker->setDefaultSuffix(QStringLiteral("log"));
    picker->selectFile(base + QStringLiteral(".log"));
    picker->setAttribute(Qt::WA_DeleteOnClose);
    connect(picker, &QFileDialog::fileSelected, this, [this](const QString& path) {
        if (auto saved = saveTo(path); !saved) {
            emit saveFailed(path, QString::fromStdString(saved.error().message));
        }
    });
    picker->open();
    return picker;
}

Result<void> ContainerLogsView::saveTo(const QString& path) const {
    QSaveFile file(path);
    QByteArray content = text_->toPlainText().toUtf8();
    if (!content.isEmpty() && !content.endsWith('\n')) {
        content.append('\n');
    }
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() ||
        !file.commit()) {
        return fail(ErrorKind::System, file.errorString().toStdString());
    }
    return {};
}

} // namespace berth::studio
