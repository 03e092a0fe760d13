#include "pushdialog.h"

#include "backgroundtasks.h"
#include "credentialstore.h"
#include "engineconnection.h"
#include "layerprogresspanel.h"
#include "logindialog.h"
#include "problemline.h"
#include "ui_pushdialog.h"

#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>

namespace berth::studio {

namespace {

// "127.0.0.1:5000/team/app:v1" as name and tag; no tag pushes every tag, as docker push.
std::pair<QString, QString> splitNameTag(const QString& reference) {
    const int colon = reference.lastIndexOf(QLatin1Char(':'));
    if (colon < 0 || colon < reference.lastIndexOf(QLatin1Char('/'))) {
        return {reference, QString()};
    }
    return {reference.left(colon), reference.mid(colon + 1)};
}

// The registry as the user knows it: "Docker Hub (docker.io)" or "127.0.0.1:5000".
QString registryDisplayName(const QString& reference) {
    return isDockerHubReference(reference) ? PushDialog::tr("Docker Hub (docker.io)")
                                           : registryServerOf(reference);
}

// Checks target against a simplified form of Docker's reference grammar and returns the
// problem, or an empty string. The name is a lower-case path of [a-z0-9._-] components after
// an optional host and port. The tag has at most 128 characters of [A-Za-z0-9_.-] and does
// not start with '.' or '-'.
QString targetProblem(const QString& target) {
    if (target.isEmpty()) {
        return PushDialog::tr("Enter the name to push the image as.");
    }
    if (target.contains(QLatin1Char('@'))) {
        return PushDialog::tr("A push needs a tag, not a digest.");
    }
    const auto [name, tag] = splitNameTag(target);
    static const QRegularExpression path(
        QStringLiteral("^([A-Za-z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-]+[a-z0-9]+)*(/"
                       "[a-z0-9]+([._-]+[a-z0-9]+)*)*$"));
    if (!path.match(name).hasMatch()) {
        return PushDialog::tr("Not an image name: use lower-case letters, digits and -_./:");
    }
    static const QRegularExpression tagPattern(
        QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"));
    if (!tag.isNull() && !tagPattern.match(tag).hasMatch()) {
        return PushDialog::tr("Not a tag: use up to 128 letters, digits and _.- after the colon.");
    }
    return {};
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
    reserveProblemLine(ui_->targetProblem);
    ui_->referenceValue->setText(reference_);
    ui_->targetEdit->setText(reference_);
    pushButton_ = ui_->buttonBox->addButton(tr("&Push"), QDialogButtonBox::ActionRole);
    pushButton_->setObjectName(QStringLiteral("pushButton"));
    cancelButton_ = ui_->buttonBox->addButton(tr("&Cancel Push"), QDialogButtonBox::ActionRole);
    // Only a click on Push sends anything. Enter in the name field must not start a push,
    // least of all to Docker Hub, so no button is the default.
    for (QAbstractButton* button : ui_->buttonBox->buttons()) {
        if (auto* pushButton = qobject_cast<QPushButton*>(button)) {
            pushButton->setAutoDefault(false);
            pushButton->setDefault(false);
        }
    }
    cancelButton_->setObjectName(QStringLiteral("cancelPushButton"));
    connect(pushButton_, &QPushButton::clicked, this, &PushDialog::startPush);
    connect(cancelButton_, &QPushButton::clicked, this, &PushDialog::cancelPush);
    connect(ui_->buttonBox, &QDialogButtonBox::rejected, this, &PushDialog::reject);
    connect(ui_->targetEdit, &QLineEdit::textChanged, this, &PushDialog::updateState);
    connect(ui_->layersPanel, &LayerProgressPanel::changed, this,
            [this] { ui_->overallProgress->setValue(ui_->layersPanel->progress().permille()); });
    ui_->errorLabel->hide();
    ui_->overallProgress->hide();
    ui_->targetEdit->setFocus();
    updateState();
}

PushDialog::~PushDialog() = default;

QString PushDialog::target() const {
    return ui_->targetEdit->text().trimmed();
}

void PushDialog::setTarget(const QString& target) {
    ui_->targetEdit->setText(target);
}

QString PushDialog::destination() const {
    return ui_->destinationValue->text();
}

QString PushDialog::registryText() const {
    return ui_->serverValue->text();
}

QString PushDialog::hubNotice() const {
    return ui_->hubNotice->isHidden() ? QString() : ui_->hubNotice->text();
}

QString PushDialog::errorText() const {
    return ui_->errorLabel->text();
}

LayerProgressPanel* PushDialog::layers() const {
    return ui_->layersPanel;
}

void PushDialog::updateState() {
    const QString target = this->target();
    const QString problem = targetProblem(target);
    setProblemText(ui_->targetProblem, problem);
    const bool valid = problem.isEmpty();
    const bool toHub = valid && isDockerHubReference(target);
    ui_->destinationValue->setText(valid ? qualifiedReference(target) : QString());
    ui_->serverValue->setText(valid ? registryDisplayName(target) : QString());
    ui_->hubNotice->setText(
        toHub ? tr("This pushes to Docker Hub, the public registry at docker.io. To push to "
                   "a private registry, start the name with its host, such as "
                   "registry.example.com/%1.")
                    .arg(splitNameTag(target).first.section(QLatin1Char('/'), -1))
              : QString());
    ui_->hubNotice->setVisible(toHub);
    pushButton_->setEnabled(valid && !isPushing() && connection_->isConnected());
    cancelButton_->setVisible(isPushing());
    ui_->targetEdit->setReadOnly(isPushing());
}

void PushDialog::startPush() {
    if (isPushing() || !pushButton_->isEnabled()) {
        return;
    }
    const QString target = this->target();
    cancel_ = std::make_shared<client::CancelToken>();
    const int task = tasks_->add(tr("Pushing %1").arg(target), cancel_);
    ui_->layersPanel->clear();
    setErrorText(ui_->errorLabel, {});
    ui_->overallProgress->setValue(0);
    ui_->overallProgress->show();
    updateState();
    if (target == reference_) {
        push(target, task);
        return;
    }
    const auto [name, tag] = splitNameTag(target);
    const std::string source = reference_.toStdString();
    const std::string repository = name.toStdString();
    // An untagged target is tagged "latest", as docker tag does.
    const std::string newTag = tag.isEmpty() ? std::string("latest") : tag.toStdString();
    QPointer<PushDialog> self(this);
    connection_->run(
        this,
        [source, repository, newTag](client::Client& client) {
            return client.tagImage(source, repository, newTag);
        },
        [self, target, task](Result<void> tagged) {
            if (!tagged) {
                self->finishPush(task, target,
                                 tr("Could not tag the image as %1: %2")
                                     .arg(target, QString::fromStdString(tagged.error().message)),
                                 false);
                return;
            }
            self->push(target, task);
        });
}

void PushDialog::push(const QString& target, int task) {
    auto cancel = cancel_;
    const auto [name, tag] = splitNameTag(target);
    QPointer<PushDialog> self(this);
    credentials_->lookup(
        registryServerOf(target), [self, target, name, tag, cancel, task](auto credential) {
            if (!self) {
                return;
            }
            const std::string auth = credential ? encodeRegistryAuth(*credential) : std::string();
            self->connection_->run(
                self.data(),
                [self, name = name.toStdString(), tag = tag.toStdString(), auth,
                 cancel](client::Client& client) {
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
                [self, target, task, cancel](Result<void> pushed) {
                    const bool cancelled = cancel->cancelled();
                    self->finishPush(task, target,
                                     pushed || cancelled
                                         ? QString()
                                         : QString::fromStdString(pushed.error().message),
                                     cancelled);
                });
        });
}

void PushDialog::finishPush(int task, const QString& target, const QString& error, bool cancelled) {
    cancel_.reset();
    updateState();
    if (cancelled) {
        ui_->layersPanel->markUnfinished(tr("Cancelled"));
        tasks_->finish(task, BackgroundTask::State::Cancelled,
                       tr("Push of %1 cancelled").arg(target));
        setErrorText(ui_->errorLabel, tr("The push was cancelled. Layers the registry received "
                                         "completely stay there, so the next push skips them."));
    } else if (!error.isEmpty()) {
        tasks_->finish(task, BackgroundTask::State::Failed, tr("Push of %1 failed").arg(target));
        setErrorText(ui_->errorLabel, error);
        // The login dialog opens only over a shown dialog, so a failure while hidden stays in
        // the task's message.
        if (isAuthenticationError(error) && isVisible()) {
            askForLogin(target);
        }
    } else {
        ui_->overallProgress->setValue(ui_->overallProgress->maximum());
        tasks_->finish(task, BackgroundTask::State::Succeeded, tr("Pushed %1").arg(target));
    }
    emit pushFinished(!cancelled && error.isEmpty());
    if (!isVisible()) {
        deleteLater();
    }
}

void PushDialog::askForLogin(const QString& target) {
    login_ = new LoginDialog(connection_, credentials_, this);
    login_->setAttribute(Qt::WA_DeleteOnClose);
    login_->setServer(registryServerOf(target));
    login_->setMessage(
        tr("The registry requires a login to push to %1.").arg(registryDisplayName(target)));
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
    QDialog::reject();
    if (!isPushing()) {
        deleteLater();
    }
}

} // namespace berth::studio
