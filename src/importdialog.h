#pragma once

// Asks for a tarball and the name:tag of the image to import it as.

#include <QDialog>

#include <memory>

class QPushButton;

namespace Ui {
class ImportDialog;
}

namespace berth::studio {

class ImportDialog final : public QDialog {
    Q_OBJECT

public:
    explicit ImportDialog(QWidget* parent = nullptr);
    ~ImportDialog() override;

    [[nodiscard]] QString filePath() const;
    void setFilePath(const QString& path);
    // "busybox:latest"; empty for an untagged image.
    [[nodiscard]] QString reference() const;
    void setReference(const QString& reference);
    [[nodiscard]] bool canImport() const;

private:
    void browse();
    void updateState();

    std::unique_ptr<Ui::ImportDialog> ui_;
    QPushButton* importButton_;
};

} // namespace berth::studio
