#pragma once

// The background tasks in the status bar: one row per task with its title, a progress bar
// and Cancel; a finished task shows how it ended until dismissed or for a short while.

#include <QWidget>

#include <map>

class QHBoxLayout;

namespace berth::studio {

class BackgroundTasks;

class TaskStrip final : public QWidget {
    Q_OBJECT

public:
    explicit TaskStrip(BackgroundTasks* tasks, QWidget* parent = nullptr);

private:
    void addRow(int id);
    void updateRow(int id);
    void removeRow(int id);

    BackgroundTasks* tasks_;
    QHBoxLayout* layout_;
    std::map<int, QWidget*> rows_;
};

} // namespace berth::studio
