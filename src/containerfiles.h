#pragma once

// The Files tab of the Containers page. It browses the selected container's file system,
// running or stopped, through the engine's archive calls. It downloads the selected file
// or folder to the host and uploads a host file or folder into the directory shown, with
// progress.

#include <QString>
#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;
class QTableView;
class QToolButton;

namespace berth::studio {

class ContainerFilesModel;
class EngineConnection;

class ContainerFiles final : public QWidget {
    Q_OBJECT

public:
    explicit ContainerFiles(QWidget* parent = nullptr);

    void setConnection(EngineConnection* connection);
    // Shows this container's files from "/"; an empty id clears the tab. Listing waits
    // until the tab is visible.
    void showContainer(const QString& id);

    // Lists the container directory path.
    void openDirectory(const QString& path);
    // Copies the entry in row into hostDirectory.
    void download(int row, const QString& hostDirectory);
    // Copies hostPath (a file or folder) into the directory shown.
    void upload(const QString& hostPath);

    [[nodiscard]] ContainerFilesModel* model() const { return model_; }
    [[nodiscard]] QTableView* view() const { return view_; }
    [[nodiscard]] QLabel* status() const { return status_; }

signals:
    // A listing arrived (ok) or failed.
    void listed(bool ok);
    // A download or upload ended; message is what the status line shows.
    void transferFinished(bool ok, const QString& message);
    // The marks of what changed from the image arrived for the shown listing.
    void changesLoaded();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void openRow(int row);
    void loadChanges(int listing);
    void chooseDownload();
    void chooseUploadFile();
    void chooseUploadFolder();
    void setBusy(bool busy);
    void finishTransfer(bool ok, const QString& message);

    EngineConnection* connection_ = nullptr;
    ContainerFilesModel* model_;
    QLineEdit* path_;
    QToolButton* upButton_;
    QToolButton* downloadButton_;
    QToolButton* uploadButton_;
    QTableView* view_;
    QProgressBar* progress_;
    QLabel* status_;
    QString containerId_;
    QString pendingDirectory_; // listed when the tab is next shown
    int listing_ = 0;          // numbers the listings, so an old reply is dropped
};

} // namespace berth::studio
