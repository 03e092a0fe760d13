#pragma once

// Asks for what `docker commit` takes: the new image's name and tag, a message, an author,
// config changes as Dockerfile instructions, and whether to pause the container. Problems
// show under their field as the user types, and the equivalent docker commit line follows
// the fields.

#include "client/types.h"

#include <QDialog>

#include <memory>

class QPushButton;

namespace Ui {
class CommitDialog;
}

namespace berth::studio {

// Why Docker would reject a --change line, or an empty string when it is acceptable:
// commit applies only CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, USER, VOLUME and WORKDIR.
[[nodiscard]] QString commitChangeProblem(const QString& line);

class CommitDialog final : public QDialog {
    Q_OBJECT

public:
    // `container` is the name (or id) the dialog commits and shows in its command line.
    explicit CommitDialog(const QString& container, QWidget* parent = nullptr);
    ~CommitDialog() override;

    // The request for the engine. Repository and tag are empty for an untagged image.
    [[nodiscard]] client::CommitRequest request() const;
    void setReference(const QString& reference);
    void setMessage(const QString& message);
    void setAuthor(const QString& author);
    void setChanges(const QStringList& changes);
    // The equivalent docker commit command line.
    [[nodiscard]] QString commandLine() const;
    // The problems that keep Commit disabled, one sentence each.
    [[nodiscard]] QStringList problems() const;
    [[nodiscard]] QPushButton* commitButton() const { return commitButton_; }

private:
    void updateState();
    [[nodiscard]] QString reference() const;
    [[nodiscard]] QStringList changeLines() const;

    std::unique_ptr<Ui::CommitDialog> ui_;
    QPushButton* commitButton_;
    QString container_;
};

} // namespace berth::studio
