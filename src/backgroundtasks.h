#pragma once

// Long jobs the user started (imports for now): their progress, their cancel tokens and
// how they ended. The status bar's TaskStrip shows them; pages add and update them.

#include "client/cancel_token.h"

#include <QObject>
#include <QString>

#include <map>
#include <memory>

namespace berth::studio {

struct BackgroundTask {
    enum class State { Running, Succeeded, Failed, Cancelled };

    int id = 0;
    QString title;   // "Importing busybox:latest"
    QString message; // how it ended, "Imported busybox:latest"
    qint64 done = 0;
    qint64 total = 0; // 0 while unknown
    State state = State::Running;
    std::shared_ptr<client::CancelToken> cancel;
};

class BackgroundTasks final : public QObject {
    Q_OBJECT

public:
    using QObject::QObject;

    [[nodiscard]] int add(const QString& title, std::shared_ptr<client::CancelToken> cancel);
    void setProgress(int id, qint64 done, qint64 total);
    void finish(int id, BackgroundTask::State state, const QString& message);
    void cancel(int id);
    void cancelAll();
    // Forgets a finished task.
    void dismiss(int id);

    [[nodiscard]] const BackgroundTask* task(int id) const;
    [[nodiscard]] int runningCount() const;

signals:
    void taskAdded(int id);
    void taskChanged(int id);
    void taskRemoved(int id);

private:
    std::map<int, BackgroundTask> tasks_;
    int nextId_ = 1;
};

} // namespace berth::studio
