#include "renamedialog.h"
#include "problemline.h"

#include "ui_renamedialog.h"

#include <QCoreApplication>
#include <QPushButton>
#include <QRegularExpression>

namespace berth::studio {

QString containerNameProblem(const QString& name, const QStringList& takenNames) {
    // Docker's restricted name pattern, as its daemon checks it on create and rename.
    static const QRegularExpression kValidName(QStringLiteral("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$"));
    const QString bare = name.startsWith(QLatin1Char('/')) ? name.mid(1) : name;
    if (bare.isEmpty()) {
        return QCoreApplication::translate("berth::studio::RenameDialog", "Enter a name.");
    }
    if (!kValidName.match(name).hasMatch()) {
        return QCoreApplication::translate(
            "berth::studio::RenameDialog",
            "Invalid name: use at least two characters from a-z, A-Z, 0-9, \"_\", \".\" and "
            "\"-\", starting with a letter or digit.");
    }
    if (takenNames.contains(bare)) {
        return QCoreApplication::translate("berth::studio::RenameDialog",
                                           "The name \"%1\" is already in use by another "
                                           "container.")
            .arg(bare);
    }
    return {};
}

RenameDialog::RenameDialog(const QString& currentName, const QStringList& takenNames,
                           QWidget* parent)
    : QDialog(parent)
    , ui_(std::make_unique<Ui::RenameDialog>())
    , currentName_(currentName)
    , takenNames_(takenNames) {
    ui_->setupUi(this);
    reserveProblemLine(ui_->problemLabel);
    setWindowTitle(tr("Rename %1").arg(currentName));
    ui_->problemLabel->setObjectName(QStringLiteral("renameProblem"));
    connect(ui_->nameEdit, &QLineEdit::textChanged, this, &RenameDialog::updateState);
    ui_->nameEdit->setText(currentName);
    ui_->nameEdit->selectAll();
    updateState();
}

RenameDialog::~RenameDialog() = default;

QString RenameDialog::name() const {
    const QString text = ui_->nameEdit->text().trimmed();
    return text.startsWith(QLatin1Char('/')) ? text.mid(1) : text;
}

void RenameDialog::setName(const QString& name) {
    ui_->nameEdit->setText(name);
}

QString RenameDialog::problem() const {
    return problemText(ui_->problemLabel);
}

void RenameDialog::updateState() {
    QString problem = containerNameProblem(ui_->nameEdit->text().trimmed(), takenNames_);
    if (problem.isEmpty() && name() == currentName_) {
        problem = tr("Enter a name other than the current one.");
    }
    setProblemText(ui_->problemLabel, problem);
    QPushButton* ok = ui_->buttonBox->button(QDialogButtonBox::Ok);
    ok->setText(tr("&Rename"));
    ok->setEnabled(problem.isEmpty());
    ok->setToolTip(problem);
}

} // namespace berth::studio
