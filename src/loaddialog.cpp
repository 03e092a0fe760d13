#include "loaddialog.h"
#include "problemline.h"

#include "backgroundtasks.h"
#include "engineconnection.h"
#include "ui_loaddialog.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QPointer>
#include <QPushButton>

namespace berth::studio {

LoadDialog::LoadDialog(EngineConnection* connection, BackgroundTasks* tasks, QWidget* parent)
    : QDialog(parent)
    , ui_(std::make_unique<Ui::LoadDialog>())
    , connection_(connection)
    , tasks_(tasks) {
    ui_->setupUi(this);
    reserveProblemLine(ui_->fileProblem);
    loadButton_ = ui_->buttonBox->addButton(tr("&Load"), QDialogButtonBox::ActionRole);
    loadButton_->setObjectName(QStringLiteral("loadButton"));
    loadButton_->setDefault(true);
    connect(loadButton_, &QPushButton::clicked, this, &LoadDialog::startLoad);
    connect(ui_->buttonBox, &QDialogButtonBox::rejected, this, &LoadDialog::reject);
    connect(ui_->browseButton, &QPushButton::clicked, this, &LoadDialog::browse);
    connect(ui_->fileEdit, &QLineEdit::textChanged, this, &LoadDialog::updateState);
    ui_->progress->hide();
    ui_->errorLabel->hide();
    updateState();
}

LoadDialog::~LoadDialog() = default;

QString LoadDialog::filePath() const {
    return ui_->fileEdit->text().trimmed();
}

void LoadDialog::setFilePath(const QString& path) {
    ui_->fileEdit->setText(path);
}

QString LoadDialog::errorText() const {
    return ui_->errorLabel->text();
}

void LoadDialog::browse() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Choose an Image Archive"), QFileInfo(filePath()).path(),
        tr("Image archives (*.tar *.tar.gz *.tgz *.tar.xz *.tar.zst);;All files (*)"));
    if (!path.isEmpty()) {
        ui_->fileEdit->setText(path);
    }
}

void LoadDialog::updateState() {
    QString problem;
    const QFileInfo file(filePath());
    if (filePath().isEmpty()) {
        problem = tr("Choose the archive to load.");
    } else if (!file.isFile() || !file.isReadable()) {
        problem = tr("No readable file at this path.");
    }
    setProblemText(ui_->fileProblem, problem);
    loadButton_->setEnabled(problem.isEmpty() && !isLoading() && connection_->isConnected());
    loadButton_->setToolTip(problem);
    ui_->fileEdit->setReadOnly(isLoading());
}

void LoadDialog::startLoad() {
    if (!loadButton_->isEnabled()) {
        return;
    }
    const QString path = filePath();
    cancel_ = std::make_shared<client::CancelToken>();
    const int task = tasks_->add(tr("Loading %1").arg(QFileInfo(path).fileName()), cancel_);

    loaded_.clear();
    ui_->output->clear();
    setErrorText(ui_->errorLabel, {});
    ui_->progress->setValue(0);
    ui_->progress->show();
    updateState();

    // Upload progress reaches the dialog and the task as queued calls, once per permille.
    auto cancel = cancel_;
    QPointer<LoadDialog> self(this);
    QPointer<BackgroundTasks> tasks(tasks_);
    connection_->run(
        this,
        [path, cancel, self, tasks, task](client::Client& client) {
            int lastPermille = -1;
            return client.loadImages(
                path.toStdString(),
                [&](uint64_t sent, uint64_t total) {
                    const int permille = total ? int(sent * 1000 / total) : 0;
                    if (permille == lastPermille) {
                        return;
                    }
                    lastPermille = permille;
                    QMetaObject::invokeMethod(
                        self.data(),
                        [self, tasks, task, permille] {
                            if (self) {
                                self->ui_->progress->setValue(permille);
                            }
                            if (tasks) {
                                tasks->setProgress(task, permille, 1000);
                            }
                        },
                        Qt::QueuedConnection);
                },
                {}, cancel.get());
        },
        [this, task](Result<std::vector<std::string>> loaded) {
            finishLoad(task, std::move(loaded));
        });
}

void LoadDialog::finishLoad(int task, Result<std::vector<std::string>> loaded) {
    const bool cancelled = cancel_ && cancel_->cancelled();
    const QString file = QFileInfo(filePath()).fileName();
    cancel_.reset();
    if (loaded) {
        for (const std::string& line : *loaded) {
            loaded_ << QString::fromStdString(line);
        }
        ui_->output->setPlainText(loaded_.join(QLatin1Char('\n')));
        ui_->progress->setValue(ui_->progress->maximum());
        tasks_->finish(task, BackgroundTask::State::Succeeded, tr("Loaded %1").arg(file));
    } else if (cancelled) {
        tasks_->finish(task, BackgroundTask::State::Cancelled,
                       tr("Load of %1 cancelled").arg(file));
        ui_->progress->setValue(0);
        ui_->progress->hide();
    } else {
        tasks_->finish(task, BackgroundTask::State::Failed, tr("Load of %1 failed").arg(file));
        // The bar showed the upload, which means nothing once the engine rejected the file.
        ui_->progress->setValue(0);
        ui_->progress->hide();
        setErrorText(
            ui_->errorLabel,
            tr("Could not load %1: %2").arg(file, QString::fromStdString(loaded.error().message)));
    }
    updateState();
    emit loadFinished(bool(loaded));
}

void LoadDialog::reject() {
    if (cancel_) {
        cancel_->cancel();
    }
    QDialog::reject();
}

} // namespace berth::studio
