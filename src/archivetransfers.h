#pragma once

// Saving images (docker save) and exporting a container's file system (docker export) to
// a tar file, as background tasks with progress and Cancel. The client writes the tar
// under a temporary name and renames it when complete, so a cancelled or failed transfer
// leaves no partial file.

#include <QObject>
#include <QString>
#include <QStringList>

class QFileDialog;
class QWidget;

namespace berth::studio {

class BackgroundTasks;
class EngineConnection;

class ArchiveTransfers final : public QObject {
    Q_OBJECT

public:
    explicit ArchiveTransfers(BackgroundTasks* tasks, QObject* parent = nullptr);

    // A file picker for a new .tar, opened window-modal and deleted when closed; its
    // fileSelected signal gives the path.
    [[nodiscard]] static QFileDialog* openTarPicker(QWidget* parent, const QString& title,
                                                    const QString& suggestedName);

    // Each returns the background task's id. expectedBytes, the images' size, scales the
    // progress bar (a saved tar is about as large as the unpacked layers); 0 when unknown.
    int saveImages(EngineConnection* connection, const QStringList& references, const QString& path,
                   qint64 expectedBytes);
    int exportContainer(EngineConnection* connection, const QString& id, const QString& name,
                        const QString& path);

signals:
    // error is empty on success and for a cancel.
    void finished(int task, bool succeeded, const QString& error);

private:
    template <class Work>
    int start(EngineConnection* connection, const QString& title, const QString& done,
              const QString& what, qint64 expectedBytes, Work work);

    BackgroundTasks* tasks_;
};

} // namespace berth::studio
