#include "pushdialog.h"

#include "backgroundtasks.h"
#include "credentialstore.h"
#include "engineconnection.h"
#include "layerprogresspanel.h"
#include "logindialog.h"
#include "ui_pushdialog.h"

#include <QPointer>
#include <QPushButton>

namespace berth::studio {

namespace {

// "127.0.0.1:5000/team/app:v1" as name and tag; no tag pushes every tag, as docker push.
std::pair<std::string, std::string> splitNameTag(const QString& reference) {
    const int colon = reference.lastIndexOf(QLatin1Char(':'));
    if (colon < 0 || colon < reference.lastIndexOf(QLatin1Char('/'))) {
        return {reference.toStdString(), std::string()};
    }
    return {reference.left(colon).toStdString(), reference.mid(colon + 1).toStdString()};
}

} // namespace

PushDialog::PushDialog(const QString& reference, EngineConnection* connection,
                       CredentialStore* credentials, BackgroundTasks* tasks, QWidget* parent)
    : QDialog(parent)
    , ui_(std::make_unique<Ui::PushDialog>())
    , reference_(reference)
    , connection_(connection)
    , credentials_(credentials)
    , tasks_(tasks) {
    ui_->setupUi(this);
    ui_->referenceValue->setText(reference_);
    ui_->serverValue->setText(registryServerOf(reference_));
    pushButton_ = ui_->buttonBox->addButton(tr("&Push"), QDialogButtonBox::ActionRole);
    pushButton_->setObjectName(QStringLiteral("pushButton"));
    pushButton_->setDefault(true);
    cancelButton_ = ui_->buttonBox->addButton(tr("&Cancel Push"), QDialogButtonBox::ActionRole);
    connect(pushButton_, &QPushButton::clicked, this, &PushDialog::startPush);
    connect(cancelButton_, &QPushButton::clicked, this, &PushDialog::cancelPush);
    connect(ui_->buttonBox, &QDialogButtonBox::rejected, this, &PushDialog::reject);
    connect(ui_->layersPanel, &LayerProgressPanel::changed, this,
            [this] { ui_->overallProgress->setValue(ui_->layersPanel->progress().permille()); });
    ui_->errorLabel->hide();
    updateState();
}

PushDialog::~PushDialog() = default;

QString PushDialog::errorText() const {
    return ui_->errorLabel->isVisible() || !ui_->errorLabel->text().isEmpty()
               ? ui_->errorLabel->text()
               : QString();
}

LayerProgressPanel* PushDialog::layers() const {
    return ui_->layersPanel;
}

void PushDialog::updateState() {
    pushButton_->setEnabled(!isPushing() && connection_->isConnected());
    cancelButton_->setVisible(isPushing());
}

void PushDialog::startPush() {
    if (isPushing()) {
        return;
    }
    cancel_ = std::make_shared<client::CancelToken>();
    const int task = tasks_->add(tr("Pushing %1").arg(reference_), cancel_);
    ui_->layersPanel->clear();
    ui_->errorLabel->clear();
    ui_->errorLabel->hide();
    updateState();
    auto cancel = cancel_;
    const auto [name, tag] = splitNameTag(reference_);
    QPointer<PushDialog> self(this);
    credentials_->lookup(
        registryServerOf(reference_), [self, name, tag, cancel, task](auto credential) {
            if (!self) {
                return;
            }
            const std::string auth = credential ? encodeRegistryAuth(*credential) : std::string();
            self->connection_->run(
                self.data(),
                [self, name, tag, auth, cancel](client::Client& client) {
                    return client.pushImage(
                        name, tag, auth,
                        [self](const client::Json& message) {
                            QMetaObject::invokeMethod(
                                self.data(),
                                [self, message] {
                                    if (self) {
                                        self->ui_->layersPanel->apply(message);
                                    }
                                },
                                Qt::QueuedConnection);
                        },
                        cancel.get());
                },
                [self, task, cancel](Result<void> pushed) {
                    const bool cancelled = cancel->cancelled();
                    self->finishPush(task,
                                     pushed || cancelled
                                         ? QString()
                                         : QString::fromStdString(pushed.error().message),
                                     cancelled);
                });
        });
}

void PushDialog::finishPush(int task, const QString& error, bool cancelled) {
    cancel_.reset();
    updateState();
    if (cancelled) {
        tasks_->finish(task, BackgroundTask::State::Cancelled,
                       tr("Push of %1 cancelled").arg(reference_));
    } else if (!error.isEmpty()) {
        tasks_->finish(task, BackgroundTask::State::Failed,
                       tr("Push of %1 failed").arg(reference_));
        ui_->errorLabel->setText(error);
        ui_->errorLabel->show();
        if (isAuthenticationError(error)) {
            askForLogin(error);
        }
    } else {
        ui_->overallProgress->setValue(ui_->overallProgress->maximum());
        tasks_->finish(task, BackgroundTask::State::Succeeded, tr("Pushed %1").arg(reference_));
    }
    emit pushFinished(!cancelled && error.isEmpty());
}

void PushDialog::askForLogin(const QString& reason) {
    login_ = new LoginDialog(connection_, credentials_, this);
    login_->setAttribute(Qt::WA_DeleteOnClose);
    login_->setServer(registryServerOf(reference_));
    login_->setMessage(tr("The registry refused the push: %1").arg(reason));
    connect(login_, &QDialog::accepted, this, &PushDialog::startPush);
    connect(login_, &QObject::destroyed, this, [this] { login_ = nullptr; });
    login_->open();
    emit loginRequested(login_);
}

void PushDialog::cancelPush() {
    if (cancel_) {
        cancel_->cancel();
    }
}

void PushDialog::reject() {
    cancelPush();
    QDialog::reject();
}

} // namespace berth::studio
