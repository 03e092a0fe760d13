#pragma once

// The load dialog: picks a tar archive, uploads it to the engine (docker load) with
// progress and shows the engine's "Loaded image" lines. The load also shows in the
// background tasks, where it can be cancelled.

#include "common/error.h"

#include <QDialog>

#include <memory>
#include <string>
#include <vector>

class QPushButton;

namespace Ui {
class LoadDialog;
}

namespace berth::client {
class CancelToken;
}

namespace berth::studio {

class BackgroundTasks;
class EngineConnection;

class LoadDialog final : public QDialog {
    Q_OBJECT

public:
    LoadDialog(EngineConnection* connection, BackgroundTasks* tasks, QWidget* parent = nullptr);
    ~LoadDialog() override;

    [[nodiscard]] QString filePath() const;
    void setFilePath(const QString& path);
    [[nodiscard]] QStringList loadedLines() const { return loaded_; }
    [[nodiscard]] QString errorText() const;
    [[nodiscard]] bool isLoading() const { return cancel_ != nullptr; }
    [[nodiscard]] QPushButton* loadButton() const { return loadButton_; }

    void startLoad();
    void reject() override;

signals:
    void loadFinished(bool succeeded);

private:
    void browse();
    void updateState();
    void finishLoad(int task, Result<std::vector<std::string>> loaded);

    std::unique_ptr<Ui::LoadDialog> ui_;
    EngineConnection* connection_;
    BackgroundTasks* tasks_;
    QPushButton* loadButton_;
    QStringList loaded_;
    std::shared_ptr<client::CancelToken> cancel_;
};

} // namespace berth::studio
