#include "logindialog.h"

#include "credentialstore.h"
#include "engineconnection.h"
#include "ui_logindialog.h"

#include <QPointer>
#include <QPushButton>

namespace berth::studio {

LoginDialog::LoginDialog(EngineConnection* connection, CredentialStore* store, QWidget* parent)
    : QDialog(parent)
    , ui_(std::make_unique<Ui::LoginDialog>())
    , connection_(connection)
    , store_(store) {
    ui_->setupUi(this);
    loginButton_ = ui_->buttonBox->addButton(tr("&Log In"), QDialogButtonBox::AcceptRole);
    loginButton_->setObjectName(QStringLiteral("loginButton"));
    loginButton_->setDefault(true);
    ui_->messageLabel->hide();
    connect(loginButton_, &QPushButton::clicked, this, &LoginDialog::logIn);
    for (QLineEdit* edit : {ui_->serverEdit, ui_->userEdit, ui_->passwordEdit}) {
        connect(edit, &QLineEdit::textChanged, this, &LoginDialog::updateState);
    }
    updateState();
}

LoginDialog::~LoginDialog() = default;

QString LoginDialog::server() const {
    return registryServer(ui_->serverEdit->text());
}

void LoginDialog::setServer(const QString& server) {
    ui_->serverEdit->setText(server);
    (server.isEmpty() ? ui_->serverEdit : ui_->userEdit)->setFocus();
}

void LoginDialog::setUsername(const QString& username) {
    ui_->userEdit->setText(username);
}

void LoginDialog::setPassword(const QString& password) {
    ui_->passwordEdit->setText(password);
}

void LoginDialog::setRemember(bool remember) {
    ui_->rememberCheck->setChecked(remember);
}

void LoginDialog::setMessage(const QString& message) {
    ui_->messageLabel->setText(message);
    ui_->messageLabel->setVisible(!message.isEmpty());
}

QString LoginDialog::message() const {
    return ui_->messageLabel->text();
}

void LoginDialog::updateState() {
    const bool complete =
        !ui_->userEdit->text().trimmed().isEmpty() && !ui_->passwordEdit->text().isEmpty();
    loginButton_->setEnabled(complete && !busy_);
    loginButton_->setToolTip(complete ? QString() : tr("Enter a user name and a password."));
}

void LoginDialog::logIn() {
    if (busy_ || !loginButton_->isEnabled()) {
        return;
    }
    busy_ = true;
    updateState();
    setMessage(tr("Checking the credentials with %1…").arg(server()));
    const RegistryCredential credential{server(), ui_->userEdit->text().trimmed(),
                                        ui_->passwordEdit->text()};
    client::RegistryLogin login{credential.server.toStdString(), credential.username.toStdString(),
                                credential.password.toStdString()};
    if (credential.server == QLatin1String(kDockerHubServer)) {
        login.serverAddress.clear();
    }
    connection_->run(
        this, [login](client::Client& client) { return client.login(login); },
        [this, credential](Result<std::string> status) {
            finishLogin(credential,
                        status ? QString() : QString::fromStdString(status.error().message));
        });
}

void LoginDialog::finishLogin(const RegistryCredential& credential, const QString& error) {
    if (!error.isEmpty()) {
        busy_ = false;
        updateState();
        setMessage(
            isAuthenticationError(error)
                ? tr("The registry rejected the user name or password. The engine reported: %1")
                      .arg(error)
                : tr("The login failed: %1").arg(error));
        return;
    }
    QPointer<LoginDialog> self(this);
    store_->save(credential, ui_->rememberCheck->isChecked(), [self](const QString& saveError) {
        if (!self) {
            return;
        }
        self->busy_ = false;
        self->updateState();
        if (!saveError.isEmpty()) {
            self->setMessage(
                tr("Logged in, but the credentials could not be stored: %1").arg(saveError));
            return;
        }
        self->accept();
    });
}

} // namespace berth::studio
