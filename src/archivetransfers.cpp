#include "archivetransfers.h"

#include "backgroundtasks.h"
#include "engineconnection.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QPointer>

#include <algorithm>

namespace berth::studio {

ArchiveTransfers::ArchiveTransfers(BackgroundTasks* tasks, QObject* parent)
    : QObject(parent)
    , tasks_(tasks) {}

QFileDialog* ArchiveTransfers::openTarPicker(QWidget* parent, const QString& title,
                                             const QString& suggestedName) {
    auto* dialog =
        new QFileDialog(parent, title, QDir::homePath(), tr("Tar archives (*.tar);;All files (*)"));
    dialog->setObjectName(QStringLiteral("tarPicker"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    dialog->setDefaultSuffix(QStringLiteral("tar"));
    dialog->selectFile(suggestedName);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

template <class Work>
int ArchiveTransfers::start(EngineConnection* connection, const QString& title, const QString& done,
                            const QString& what, qint64 expectedBytes, Work work) {
    auto cancel = std::make_shared<client::CancelToken>();
    const int task = tasks_->add(title, cancel);
    QPointer<BackgroundTasks> tasks(tasks_);
    auto received = [tasks, task, expectedBytes](uint64_t bytes) {
        QMetaObject::invokeMethod(
            tasks.data(),
            [tasks, task, bytes, expectedBytes] {
                if (tasks) {
                    tasks->setProgress(task, std::min(qint64(bytes), expectedBytes), expectedBytes);
                }
            },
            Qt::QueuedConnection);
    };
    connection->run(
        this,
        [work, received, cancel](client::Client& client) {
            return work(client, received, cancel.get());
        },
        [this, task, cancel, done, what](Result<void> result) {
            if (result) {
                tasks_->finish(task, BackgroundTask::State::Succeeded, done);
                emit finished(task, true, {});
            } else if (cancel->cancelled()) {
                tasks_->finish(task, BackgroundTask::State::Cancelled,
                               tr("%1 cancelled").arg(what));
                emit finished(task, false, {});
            } else {
                tasks_->finish(task, BackgroundTask::State::Failed, tr("%1 failed").arg(what));
                emit finished(task, false, QString::fromStdString(result.error().message));
            }
        });
    return task;
}

int ArchiveTransfers::saveImages(EngineConnection* connection, const QStringList& references,
                                 const QString& path, qint64 expectedBytes) {
    std::vector<std::string> names;
    for (const QString& reference : references) {
        names.push_back(reference.toStdString());
    }
    const QString file = QFileInfo(path).fileName();
    return start(connection, tr("Saving %1").arg(file), tr("Saved %1").arg(file),
                 tr("Save to %1").arg(file), expectedBytes,
                 [names, path](client::Client& client, const auto& received, auto* cancel) {
                     return client.saveImages(names, path.toStdString(), received, cancel);
                 });
}

int ArchiveTransfers::exportContainer(EngineConnection* connection, const QString& id,
                                      const QString& name, const QString& path) {
    const QString file = QFileInfo(path).fileName();
    return start(connection, tr("Exporting %1").arg(name), tr("Exported %1 to %2").arg(name, file),
                 tr("Export of %1").arg(name), 0,
                 [id, path](client::Client& client, const auto& received, auto* cancel) {
                     return client.exportContainer(id.toStdString(), path.toStdString(), received,
                                                   cancel);
                 });
}

} // namespace berth::studio
