#pragma once

// The push dialog: shows the image, the name it will be pushed as and where that name
// resolves to (registry, repository and tag as Docker spells them out), and pushes only when
// the user clicks Push. A changed name is tagged on the image first (POST
// /images/{name}/tag). The push runs as a background task, so closing the dialog leaves it
// running, and Cancel Push or the task's Cancel stops it. When the registry rejects the push
// for missing or wrong credentials, the login dialog opens for that registry and the push
// starts again once the login succeeded.

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
    // reference is the local image's name, such as "app:1" or "registry/name:tag". It is
    // also the initial target.
    PushDialog(const QString& reference, EngineConnection* connection, CredentialStore* credentials,
               BackgroundTasks* tasks, QWidget* parent = nullptr);
    ~PushDialog() override;

    [[nodiscard]] QString reference() const { return reference_; }
    // The name to push as, as typed: "127.0.0.1:5000/team/app:v1".
    [[nodiscard]] QString target() const;
    void setTarget(const QString& target);
    // The target spelled out as Docker resolves it: "docker.io/library/app:1".
    [[nodiscard]] QString destination() const;
    [[nodiscard]] QString registryText() const;
    // The notice shown when the target is on Docker Hub, else empty.
    [[nodiscard]] QString hubNotice() const;
    [[nodiscard]] bool isPushing() const { return cancel_ != nullptr; }
    [[nodiscard]] QString errorText() const;
    [[nodiscard]] LayerProgressPanel* layers() const;
    [[nodiscard]] QPushButton* pushButton() const { return pushButton_; }
    // The login dialog opened after a rejection, while it is open.
    [[nodiscard]] LoginDialog* loginDialog() const { return login_; }

    // Tags the image as target() when that differs from reference(), then pushes target().
    void startPush();
    void cancelPush();
    // Hides the dialog. A running push goes on as a background task, and the dialog deletes
    // itself once the push has ended.
    void reject() override;

signals:
    void loginRequested(LoginDialog* dialog);
    void pushFinished(bool succeeded);

private:
    void push(const QString& target, int task);
    void finishPush(int task, const QString& target, const QString& error, bool cancelled);
    void askForLogin(const QString& target);
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
