#include "pulldialog.h"

#include "backgroundtasks.h"
#include "credentialstore.h"
#include "engineconnection.h"
#include "layerprogresspanel.h"
#include "logindialog.h"
#include "problemline.h"
#include "ui_pulldialog.h"

#include <QCompleter>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QStringListModel>
#include <QTimer>

namespace berth::studio {

namespace {

const QString kRecentPullsKey = QStringLiteral("registry/recentPulls");
constexpr int kMaxRecentPulls = 20;
// Waits this long after the last key press before asking the registry for tags.
constexpr int kTagDelayMs = 500;

// The index of the colon that starts a tag: after the last slash, -1 when there is none.
int tagColon(const QString& text) {
    const int colon = text.lastIndexOf(QLatin1Char(':'));
    return colon > text.lastIndexOf(QLatin1Char('/')) ? colon : -1;
}

// Whether the tag list of the name being typed may be requested. A name without a slash
// whose first component looks like a registry host ("127.0.0.1:15", "registry.example")
// is a host still being typed: Docker would resolve it to a Docker Hub repository such as
// library/127.0.0.1, which is never what the user means. A name that ends in a slash is
// incomplete too.
bool isCompleteName(const QString& text) {
    if (text.isEmpty() || text.endsWith(QLatin1Char('/'))) {
        return false;
    }
    const int slash = text.indexOf(QLatin1Char('/'));
    return slash >= 0 || !isRegistryHost(text.section(QLatin1Char('@'), 0, 0));
}

} // namespace

PullDialog::PullDialog(EngineConnection* connection, CredentialStore* credentials,
                       BackgroundTasks* tasks, QWidget* parent)
    : QDialog(parent)
    , ui_(std::make_unique<Ui::PullDialog>())
    , connection_(connection)
    , credentials_(credentials)
    , tasks_(tasks)
    , completionModel_(new QStringListModel(this))
    , completer_(new QCompleter(completionModel_, this))
    , tagTimer_(new QTimer(this)) {
    ui_->setupUi(this);
    reserveProblemLine(ui_->referenceProblem);
    pullButton_ = ui_->buttonBox->addButton(tr("&Pull"), QDialogButtonBox::ActionRole);
    pullButton_->setObjectName(QStringLiteral("pullButton"));
    pullButton_->setDefault(true);
    cancelButton_ = ui_->buttonBox->addButton(tr("&Cancel Pull"), QDialogButtonBox::ActionRole);
    cancelButton_->setObjectName(QStringLiteral("cancelPullButton"));
    connect(pullButton_, &QPushButton::clicked, this, &PullDialog::startPull);
    connect(cancelButton_, &QPushButton::clicked, this, &PullDialog::cancelPull);
    connect(ui_->buttonBox, &QDialogButtonBox::rejected, this, &PullDialog::reject);

    completer_->setCaseSensitivity(Qt::CaseInsensitive);
    completer_->setFilterMode(Qt::MatchContains);
    ui_->referenceEdit->setCompleter(completer_);
    tagTimer_->setSingleShot(true);
    tagTimer_->setInterval(kTagDelayMs);
    connect(tagTimer_, &QTimer::timeout, this, &PullDialog::listTags);
    connect(ui_->referenceEdit, &QLineEdit::textChanged, this, [this] {
        // A new name makes the listed tags stale, and its own list waits for a pause.
        ++tagRequest_;
        ui_->tagStatus->clear();
        tagTimer_->start();
        updateState();
    });
    connect(ui_->tagCombo, &QComboBox::currentTextChanged, this, &PullDialog::updateState);
    connect(credentials_, &CredentialStore::serversChanged, this, &PullDialog::updateCompletions);
    ui_->errorLabel->hide();
    ui_->overallProgress->hide();
    updateCompletions();
    updateState();
}

PullDialog::~PullDialog() = default;

void PullDialog::setKnownNames(const QStringList& names) {
    knownNames_ = names;
    updateCompletions();
}

QStringList PullDialog::completions() const {
    return completionModel_->stringList();
}

void PullDialog::updateCompletions() {
    QStringList names = recentPulls() + knownNames_;
    for (const QString& server : credentials_->servers()) {
        if (server != QLatin1String(kDockerHubServer)) {
            names << server + QLatin1Char('/');
        }
    }
    names.removeDuplicates();
    completionModel_->setStringList(names);
}

QString PullDialog::repository() const {
    QString text = ui_->referenceEdit->text().trimmed();
    text = text.section(QLatin1Char('@'), 0, 0);
    const int colon = tagColon(text);
    return colon < 0 ? text : text.left(colon);
}

QString PullDialog::reference() const {
    QString tag = ui_->tagCombo->currentText().trimmed();
    const QString text = ui_->referenceEdit->text().trimmed();
    if (tag.isEmpty() && text.contains(QLatin1Char('@'))) {
        return text;
    }
    if (tag.isEmpty()) {
        const int colon = tagColon(text);
        tag = colon < 0 ? QStringLiteral("latest") : text.mid(colon + 1);
    }
    return repository() + QLatin1Char(':') + tag;
}

void PullDialog::setReference(const QString& reference) {
    ui_->referenceEdit->setText(reference);
}

void PullDialog::setTag(const QString& tag) {
    ui_->tagCombo->setCurrentText(tag);
}

QStringList PullDialog::listedTags() const {
    QStringList tags;
    for (int i = 0; i < ui_->tagCombo->count(); ++i) {
        tags << ui_->tagCombo->itemText(i);
    }
    return tags;
}

QString PullDialog::tagStatus() const {
    return ui_->tagStatus->text();
}

QString PullDialog::errorText() const {
    return ui_->errorLabel->text();
}

LayerProgressPanel* PullDialog::layers() const {
    return ui_->layersPanel;
}

void PullDialog::updateState() {
    const QString name = repository();
    QString problem;
    if (!name.isEmpty() && (name != name.toLower() || name.contains(QLatin1Char(' ')))) {
        problem = tr("Not an image name: use lower-case letters, digits and -_./:");
    }
    setProblemText(ui_->referenceProblem, problem);
    const bool ok = !name.isEmpty() && problem.isEmpty();
    pullButton_->setEnabled(ok && !isPulling() && connection_->isConnected());
    pullButton_->setToolTip(ok ? QString() : tr("Enter the name of the image to pull."));
    cancelButton_->setVisible(isPulling());
    ui_->referenceEdit->setReadOnly(isPulling());
    ui_->tagCombo->setEnabled(!isPulling());
}

void PullDialog::reset() {
    if (isPulling()) {
        return;
    }
    ui_->referenceEdit->clear();
    ui_->tagCombo->clear();
    ui_->tagStatus->clear();
    ui_->tagStatus->setToolTip({});
    ui_->layersPanel->clear();
    ui_->overallProgress->setValue(0);
    ui_->overallProgress->hide();
    setErrorText(ui_->errorLabel, {});
    tagTimer_->stop();
    ++tagRequest_;
    updateState();
}

void PullDialog::listTags() {
    tagTimer_->stop();
    const QString name = repository();
    if (!isCompleteName(ui_->referenceEdit->text().trimmed()) || !connection_->isConnected()) {
        return;
    }
    const int request = ++tagRequest_;
    ui_->tagStatus->setText(tr("Listing tags…"));
    QPointer<PullDialog> self(this);
    credentials_->lookup(registryServerOf(name), [self, name, request](auto credential) {
        if (!self) {
            return;
        }
        const std::string auth = credential ? encodeRegistryAuth(*credential) : std::string();
        self->connection_->run(
            self.data(),
            [name, auth](client::Client& client) {
                return client.registryTags(name.toStdString(), auth);
            },
            [self, request](Result<std::vector<std::string>> tags) {
                if (request != self->tagRequest_) {
                    return; // the name changed since
                }
                if (!tags) {
                    self->ui_->tagStatus->setText(tr("No tag list"));
                    self->ui_->tagStatus->setToolTip(
                        tags.error().kind == ErrorKind::NotFound
                            ? tr("The registry or the engine cannot list tags: %1")
                                  .arg(QString::fromStdString(tags.error().message))
                            : QString::fromStdString(tags.error().message));
                    emit self->tagsListed();
                    return;
                }
                const QString current = self->ui_->tagCombo->currentText();
                self->ui_->tagCombo->clear();
                for (const std::string& tag : *tags) {
                    self->ui_->tagCombo->addItem(QString::fromStdString(tag));
                }
                self->ui_->tagCombo->setCurrentText(current.isEmpty() && tags->empty() ? QString()
                                                                                       : current);
                if (current.isEmpty() && !tags->empty()) {
                    const int latest = self->ui_->tagCombo->findText(QStringLiteral("latest"));
                    self->ui_->tagCombo->setCurrentIndex(latest >= 0 ? latest : 0);
                }
                self->ui_->tagStatus->setText(tr("%n tag(s)", nullptr, int(tags->size())));
                self->ui_->tagStatus->setToolTip({});
                emit self->tagsListed();
            });
    });
}

void PullDialog::startPull() {
    if (isPulling() || !pullButton_->isEnabled()) {
        return;
    }
    const QString reference = this->reference();
    cancel_ = std::make_shared<client::CancelToken>();
    const int task = tasks_->add(tr("Pulling %1").arg(reference), cancel_);
    ui_->layersPanel->clear();
    setErrorText(ui_->errorLabel, {});
    ui_->overallProgress->setValue(0);
    ui_->overallProgress->show();
    updateState();
    connect(ui_->layersPanel, &LayerProgressPanel::changed, this, [this, task] {
        const int permille = ui_->layersPanel->progress().permille();
        ui_->overallProgress->setValue(permille);
        tasks_->setProgress(task, permille, 1000);
    });
    auto cancel = cancel_;
    QPointer<PullDialog> self(this);
    credentials_->lookup(
        registryServerOf(reference), [self, reference, cancel, task](auto credential) {
            if (!self) {
                return;
            }
            const std::string auth = credential ? encodeRegistryAuth(*credential) : std::string();
            self->connection_->run(
                self.data(),
                [self, reference, auth, cancel](client::Client& client) {
                    return client.pullImage(
                        reference.toStdString(), auth,
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
                [self, reference, task, cancel](Result<void> pulled) {
                    const bool cancelled = cancel->cancelled();
                    self->finishPull(task, reference,
                                     pulled || cancelled
                                         ? QString()
                                         : QString::fromStdString(pulled.error().message),
                                     cancelled);
                });
        });
}

void PullDialog::finishPull(int task, const QString& reference, const QString& error,
                            bool cancelled) {
    cancel_.reset();
    disconnect(ui_->layersPanel, &LayerProgressPanel::changed, this, nullptr);
    if (cancelled) {
        tasks_->finish(task, BackgroundTask::State::Cancelled,
                       tr("Pull of %1 cancelled").arg(reference));
        ui_->layersPanel->markUnfinished(tr("Cancelled"));
        setErrorText(ui_->errorLabel,
                     tr("The pull was cancelled, so no image was stored. The layer data "
                        "downloaded so far is kept, and the next pull of %1 resumes from it.")
                         .arg(reference));
    } else if (!error.isEmpty()) {
        tasks_->finish(task, BackgroundTask::State::Failed, tr("Pull of %1 failed").arg(reference));
        ui_->layersPanel->markUnfinished(tr("Failed"));
        setErrorText(ui_->errorLabel, error);
        // The login dialog opens only over a shown dialog, so a failure while hidden stays in
        // the task's message.
        if (isAuthenticationError(error) && isVisible()) {
            askForLogin(reference);
        }
    } else {
        ui_->overallProgress->setValue(ui_->overallProgress->maximum());
        tasks_->finish(task, BackgroundTask::State::Succeeded, tr("Pulled %1").arg(reference));
        rememberPull(reference);
        updateCompletions();
    }
    updateState();
    emit pullFinished(!cancelled && error.isEmpty());
}

void PullDialog::askForLogin(const QString& reference) {
    auto* login = new LoginDialog(connection_, credentials_, this);
    login->setAttribute(Qt::WA_DeleteOnClose);
    const QString server = registryServerOf(reference);
    login->setServer(server);
    login->setMessage(tr("The registry requires a login to pull %1.").arg(reference));
    connect(login, &QDialog::accepted, this, [this] {
        // The tags may have been hidden from an anonymous request.
        listTags();
        startPull();
    });
    login->open();
}

void PullDialog::cancelPull() {
    if (cancel_) {
        cancel_->cancel();
    }
}

void PullDialog::reject() {
    // The pull goes on as a background task, and Cancel Pull or the task's Cancel stops it.
    QDialog::reject();
}

QStringList PullDialog::recentPulls() {
    return QSettings().value(kRecentPullsKey).toStringList();
}

void PullDialog::rememberPull(const QString& reference) {
    QStringList recent = recentPulls();
    recent.removeAll(reference);
    recent.prepend(reference);
    while (recent.size() > kMaxRecentPulls) {
        recent.removeLast();
    }
    QSettings().setValue(kRecentPullsKey, recent);
}

} // namespace berth::studio
