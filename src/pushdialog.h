#pragma once

// The push dialog: pushes one image reference with progress per layer. When the registry
// refuses the push for missing or wrong credentials, it opens the login dialog for that
// registry and pushes again once the login succeeded.

#include <QDialog>

#include <memory>

class QPushButton;

namespace Ui {
class PushDialog;
}

namespace berth::client {
class CancelToken;
}

namespace berth::studio {

class BackgroundTasks;
class CredentialStore;
class EngineConnection;
class LayerProgressPanel;
class LoginDialog;

class PushDialog final : public QDialog {
    Q_OBJECT

public:
    // reference is "registry/name:tag".
    PushDialog(const QString& reference, EngineConnection* connection, CredentialStore* credentials,
               BackgroundTasks* tasks, QWidget* parent = nullptr);
    ~PushDialog() override;

    [[nodiscard]] QString reference() const { return reference_; }
    [[nodiscard]] bool isPushing() const { return cancel_ != nullptr; }
    [[nodiscard]] QString errorText() const;
    [[nodiscard]] LayerProgressPanel* layers() const;
    // The login dialog opened after a refusal, while it is open.
    [[nodiscard]] LoginDialog* loginDialog() const { return login_; }

    void startPush();
    void cancelPush();
    void reject() override;

signals:
    void loginRequested(LoginDialog* dialog);
    void pushFinished(bool succeeded);

private:
    void finishPush(int task, const QString& error, bool cancelled);
    void askForLogin(const QString& reason);
    void updateState();

    std::unique_ptr<Ui::PushDialog> ui_;
    QString reference_;
    EngineConnection* connection_;
    CredentialStore* credentials_;
    BackgroundTasks* tasks_;
    QPushButton* pushButton_;
    QPushButton* cancelButton_;
    LoginDialog* login_ = nullptr;
    std::shared_ptr<client::CancelToken> cancel_;
};

} // namespace berth::studio
