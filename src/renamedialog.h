#pragma once

// Asks for a container's new name and checks it as the user types: Docker's name rule
// ([a-zA-Z0-9][a-zA-Z0-9_.-]+, a leading "/" allowed) and the names already in use.

#include <QDialog>

#include <memory>

namespace Ui {
class RenameDialog;
}

namespace berth::studio {

// Why Docker would reject `name`, or an empty string when it is acceptable. `takenNames`
// are the other containers' names, without the leading slash.
[[nodiscard]] QString containerNameProblem(const QString& name, const QStringList& takenNames);

class RenameDialog final : public QDialog {
    Q_OBJECT

public:
    RenameDialog(const QString& currentName, const QStringList& takenNames,
                 QWidget* parent = nullptr);
    ~RenameDialog() override;

    // The new name without a leading slash.
    [[nodiscard]] QString name() const;
    void setName(const QString& name);
    // The problem shown under the field, empty when OK is enabled.
    [[nodiscard]] QString problem() const;

private:
    void updateState();

    std::unique_ptr<Ui::RenameDialog> ui_;
    QString currentName_;
    QStringList takenNames_;
};

} // namespace berth::studio
