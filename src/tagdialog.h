#pragma once

// Asks for a repository and a tag to add to an image, as `docker tag` does, and checks them
// with the engine's reference rules as the user types.

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace berth::studio {

// Why Docker would reject tagging an image as `repository`:`tag`, or an empty string when
// it would accept it. An empty tag means "latest".
[[nodiscard]] QString imageTagProblem(const QString& repository, const QString& tag);

class TagDialog final : public QDialog {
    Q_OBJECT

public:
    // `source` is the image's reference or id, shown in the title.
    explicit TagDialog(const QString& source, QWidget* parent = nullptr);

    [[nodiscard]] QString repository() const;
    // The tag, "latest" when the field is empty.
    [[nodiscard]] QString tag() const;
    void setRepository(const QString& repository);
    void setTag(const QString& tag);
    // The problem shown under the fields, empty when Tag is enabled.
    [[nodiscard]] QString problem() const;
    [[nodiscard]] QPushButton* tagButton() const { return tagButton_; }

private:
    void updateState();

    QLineEdit* repositoryEdit_;
    QLineEdit* tagEdit_;
    QLabel* problem_;
    QDialogButtonBox* buttons_;
    QPushButton* tagButton_;
};

} // namespace berth::studio
