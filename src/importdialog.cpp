#include "importdialog.h"
#include "problemline.h"

#include "runline.h"
#include "ui_importdialog.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QPushButton>

namespace berth::studio {

namespace {} // namespace

ImportDialog::ImportDialog(QWidget* parent)
    : QDialog(parent)
    , ui_(std::make_unique<Ui::ImportDialog>()) {
    ui_->setupUi(this);
    for (QLabel* label : {ui_->fileProblem, ui_->referenceProblem}) {
        reserveProblemLine(label);
    }
    importButton_ = ui_->buttonBox->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    importButton_->setObjectName(QStringLiteral("importButton"));
    importButton_->setDefault(true);
    connect(ui_->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(ui_->browseButton, &QPushButton::clicked, this, &ImportDialog::browse);
    connect(ui_->fileEdit, &QLineEdit::textChanged, this, &ImportDialog::updateState);
    connect(ui_->referenceEdit, &QLineEdit::textChanged, this, &ImportDialog::updateState);
    updateState();
}

ImportDialog::~ImportDialog() = default;

QString ImportDialog::filePath() const {
    return ui_->fileEdit->text().trimmed();
}

void ImportDialog::setFilePath(const QString& path) {
    ui_->fileEdit->setText(path);
}

QString ImportDialog::reference() const {
    return ui_->referenceEdit->text().trimmed();
}

void ImportDialog::setReference(const QString& reference) {
    ui_->referenceEdit->setText(reference);
}

bool ImportDialog::canImport() const {
    return importButton_->isEnabled();
}

void ImportDialog::browse() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Choose a Tarball"), QFileInfo(filePath()).path(),
        tr("Tarballs (*.tar *.tar.gz *.tgz *.tar.bz2 *.tar.xz *.tar.zst);;All files (*)"));
    if (!path.isEmpty()) {
        ui_->fileEdit->setText(path);
    }
}

void ImportDialog::updateState() {
    QString fileProblem;
    const QFileInfo file(filePath());
    if (filePath().isEmpty()) {
        fileProblem = tr("Choose the tarball to import.");
    } else if (!file.isFile() || !file.isReadable()) {
        fileProblem = tr("No readable file at this path.");
    }
    QString referenceProblem;
    if (!reference().isEmpty()) {
        RunSpec probe;
        probe.image = reference().toStdString();
        if (!validateRunSpec(probe).empty()) {
            referenceProblem = tr("Not an image name: use lower-case letters, digits and "
                                  "-_./ with an optional :tag.");
        }
    }
    setProblemText(ui_->fileProblem, fileProblem);
    setProblemText(ui_->referenceProblem, referenceProblem);
    const bool ok = fileProblem.isEmpty() && referenceProblem.isEmpty();
    importButton_->setEnabled(ok);
    importButton_->setToolTip(ok ? QString() : (fileProblem + ' ' + referenceProblem).trimmed());
}

} // namespace berth::studio
