#include "backgroundtasks.h"

namespace berth::studio {

int BackgroundTasks::add(const QString& title, std::shared_ptr<client::CancelToken> cancel) {
    const int id = nextId_++;
    BackgroundTask& task = tasks_[id];
    task.id = id;
    task.title = title;
    task.cancel = std::move(cancel);
    emit taskAdded(id);
    return id;
}

void BackgroundTasks::setProgress(int id, qint64 done, qint64 total) {
    const auto it = tasks_.find(id);
    if (it == tasks_.end() || it->second.state != BackgroundTask::State::Running) {
        return;
    }
    it->second.done = done;
    it->second.total = total;
    emit taskChanged(id);
}

void BackgroundTasks::finish(int id, BackgroundTask::State state, const QString& message) {
    const auto it = tasks_.find(id);
    if (it == tasks_.end()) {
        return;
    }
    it->second.state = state;
    it->second.message = message;
    emit taskChanged(id);
}

void BackgroundTasks::cancel(int id) {
    const auto it = tasks_.find(id);
    if (it != tasks_.end() && it->second.cancel) {
        it->second.cancel->cancel();
    }
}

void BackgroundTasks::cancelAll() {
    for (const auto& [id, task] : tasks_) {
        if (task.state == BackgroundTask::State::Running && task.cancel) {
            task.cancel->cancel();
        }
    }
}

void BackgroundTasks::dismiss(int id) {
    const auto it = tasks_.find(id);
    if (it == tasks_.end() || it->second.state == BackgroundTask::State::Running) {
        return;
    }
    tasks_.erase(it);
    emit taskRemoved(id);
}

const BackgroundTask* BackgroundTasks::task(int id) const {
    const auto it = tasks_.find(id);
    return it == tasks_.end() ? nullptr : &it->second;
}

int BackgroundTasks::runningCount() const {
    int count = 0;
    for (const auto& [id, task] : tasks_) {
        count += task.state == BackgroundTask::State::Running ? 1 : 0;
    }
    return count;
}

} // namespace berth::studio
