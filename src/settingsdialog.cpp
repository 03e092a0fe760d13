#include "settingsdialog.h"

#include "client/endpoint.h"
#include "ui_settingsdialog.h"

#include <QPushButton>

namespace berth::studio {

SettingsDialog::SettingsDialog(QWidget* parent)
    : QDialog(parent)
    , ui_(std::make_unique<Ui::SettingsDialog>()) {
    ui_->setupUi(this);
    connect(ui_->endpointRadio, &QRadioButton::toggled, this, &SettingsDialog::updateState);
    connect(ui_->endpointEdit, &QLineEdit::textChanged, this, &SettingsDialog::updateState);
    updateState();
}

SettingsDialog::~SettingsDialog() = default;

QString SettingsDialog::endpoint() const {
    return ui_->endpointRadio->isChecked() ? ui_->endpointEdit->text().trimmed() : QString();
}

void SettingsDialog::setEndpoint(const QString& endpoint) {
    ui_->endpointRadio->setChecked(!endpoint.isEmpty());
    ui_->bundledRadio->setChecked(endpoint.isEmpty());
    ui_->endpointEdit->setText(endpoint);
    updateState();
}

void SettingsDialog::updateState() {
    QString problem;
    if (ui_->endpointRadio->isChecked()) {
        auto parsed = client::parseEndpoint(ui_->endpointEdit->text().trimmed().toStdString());
        if (!parsed) {
            problem = tr("Write unix:///path/to/socket or tcp://127.0.0.1:PORT.");
        }
    }
    ui_->endpointProblem->setText(problem);
    ui_->endpointProblem->setVisible(!problem.isEmpty());
    QPushButton* ok = ui_->buttonBox->button(QDialogButtonBox::Ok);
    ok->setEnabled(problem.isEmpty());
    ok->setToolTip(problem);
}

} // namespace berth::studio
