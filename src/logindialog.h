#pragma once

// Asks for a registry server, user name and password, has the engine verify them
// (POST /auth), and keeps them in the credential store: on disk when "Remember" is
// checked, else for this session. Accepted only once the engine accepted the login.

#include "registryauth.h"

#include <QDialog>

#include <memory>

class QPushButton;

namespace Ui {
class LoginDialog;
}

namespace berth::studio {

class CredentialStore;
class EngineConnection;

class LoginDialog final : public QDialog {
    Q_OBJECT

public:
    LoginDialog(EngineConnection* connection, CredentialStore* store, QWidget* parent = nullptr);
    ~LoginDialog() override;

    [[nodiscard]] QString server() const;
    void setServer(const QString& server);
    void setUsername(const QString& username);
    void setPassword(const QString& password);
    void setRemember(bool remember);
    // The reason shown above the buttons, such as the registry's refusal of a push.
    void setMessage(const QString& message);
    [[nodiscard]] QString message() const;
    [[nodiscard]] QPushButton* loginButton() const { return loginButton_; }

    // Verifies the credentials with the engine, stores them and accepts the dialog.
    void logIn();

private:
    void updateState();
    void finishLogin(const RegistryCredential& credential, const QString& error);

    std::unique_ptr<Ui::LoginDialog> ui_;
    EngineConnection* connection_;
    CredentialStore* store_;
    QPushButton* loginButton_;
    bool busy_ = false;
};

} // namespace berth::studio
