#pragma once

// The pull dialog: an image name with completion of known names (local repositories,
// recent pulls, registries the user logged in to), the tags the registry lists, and the
// pull's progress per layer. The pull runs as a background task, so closing the dialog
// leaves it running, and Cancel Pull or the task's Cancel closes the request. After a cancel the
// engine stores no image but keeps the layer data downloaded so far, so the next pull
// resumes. When the registry rejects the pull for missing or wrong credentials, the login
// dialog opens.

#include <QDialog>

#include <memory>

class QCompleter;
class QPushButton;
class QStringListModel;
class QTimer;

namespace Ui {
class PullDialog;
}

namespace berth::client {
class CancelToken;
}

namespace berth::studio {

class BackgroundTasks;
class CredentialStore;
class EngineConnection;
class LayerProgressPanel;

class PullDialog final : public QDialog {
    Q_OBJECT

public:
    PullDialog(EngineConnection* connection, CredentialStore* credentials, BackgroundTasks* tasks,
               QWidget* parent = nullptr);
    ~PullDialog() override;

    // Names offered as completions besides recent pulls and logged-in registries.
    void setKnownNames(const QStringList& names);
    [[nodiscard]] QStringList completions() const;

    // The repository without tag: "127.0.0.1:5000/team/app".
    [[nodiscard]] QString repository() const;
    // repository():tag, the tag from the tag box, else from the name, else "latest".
    [[nodiscard]] QString reference() const;
    void setReference(const QString& reference);
    void setTag(const QString& tag);
    [[nodiscard]] QStringList listedTags() const;
    [[nodiscard]] QString tagStatus() const;
    [[nodiscard]] QString errorText() const;
    [[nodiscard]] bool isPulling() const { return cancel_ != nullptr; }
    [[nodiscard]] LayerProgressPanel* layers() const;
    [[nodiscard]] QPushButton* pullButton() const { return pullButton_; }

    // Clears the previous pull's name, tags, layer rows and messages, unless a pull runs.
    void reset();
    // Asks the engine for the repository's tags (Berth's /berth/registry/tags). Does nothing
    // while the name is incomplete, such as a registry host without a repository yet.
    void listTags();
    void startPull();
    void cancelPull();

    // The references pulled lately, newest first, kept in QSettings.
    [[nodiscard]] static QStringList recentPulls();

    // Hides the dialog without cancelling a running pull.
    void reject() override;

signals:
    void tagsListed();
    // The pull ended: succeeded, failed (errorText() contains the reason) or was cancelled.
    void pullFinished(bool succeeded);

private:
    void updateState();
    void updateCompletions();
    void finishPull(int task, const QString& reference, const QString& error, bool cancelled);
    // Opens the login dialog for reference's registry, then lists the tags and pulls again
    // once the login succeeded.
    void askForLogin(const QString& reference);
    static void rememberPull(const QString& reference);

    std::unique_ptr<Ui::PullDialog> ui_;
    EngineConnection* connection_;
    CredentialStore* credentials_;
    BackgroundTasks* tasks_;
    QPushButton* pullButton_;
    QPushButton* cancelButton_;
    QStringListModel* completionModel_;
    QCompleter* completer_;
    QTimer* tagTimer_;
    QStringList knownNames_;
    std::shared_ptr<client::CancelToken> cancel_;
    int tagRequest_ = 0;
};

} // namespace berth::studio
