#include "settingsdialog.h"
#include "problemline.h"

#include "client/endpoint.h"
#include "language.h"
#include "ui_settingsdialog.h"

#include <QComboBox>
#include <QPushButton>

namespace berth::studio {

SettingsDialog::SettingsDialog(QWidget* parent)
    : QDialog(parent)
    , ui_(std::make_unique<Ui::SettingsDialog>()) {
    ui_->setupUi(this);
    reserveProblemLine(ui_->endpointProblem);
    connect(ui_->endpointRadio, &QRadioButton::toggled, this, &SettingsDialog::updateState);
    connect(ui_->endpointEdit, &QLineEdit::textChanged, this, &SettingsDialog::updateState);
    connect(ui_->foundCombo, &QComboBox::activated, this, [this](int index) {
        const QString endpoint = ui_->foundCombo->itemData(index).toString();
        if (!endpoint.isEmpty()) {
            setEndpoint(endpoint);
        }
    });
    for (const LanguageOption& option : languageOptions()) {
        ui_->languageCombo->addItem(option.label, option.code);
    }
    setFoundEndpoints({});
    updateState();
}

void SettingsDialog::setFoundEndpoints(const QList<FoundEndpoint>& found) {
    ui_->foundCombo->clear();
    ui_->foundCombo->setVisible(!found.isEmpty());
    ui_->foundLabel->setText(found.isEmpty()
                                 ? tr("No Berth, Docker or Podman socket was found on this "
                                      "machine.")
                                 : tr("Found on this machine:"));
    if (found.isEmpty()) {
        return;
    }
    ui_->foundCombo->addItem(tr("Choose an engine…"));
    for (const FoundEndpoint& entry : found) {
        ui_->foundCombo->addItem(tr("%1: %2").arg(entry.description, entry.endpoint),
                                 entry.endpoint);
    }
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

QString SettingsDialog::language() const {
    return ui_->languageCombo->currentData().toString();
}

void SettingsDialog::setLanguage(const QString& code) {
    const int index = ui_->languageCombo->findData(code);
    ui_->languageCombo->setCurrentIndex(index < 0 ? 0 : index);
}

void SettingsDialog::updateState() {
    QString problem;
    if (ui_->endpointRadio->isChecked()) {
        auto parsed = client::parseEndpoint(ui_->endpointEdit->text().trimmed().toStdString());
        if (!parsed) {
            problem = tr("Write unix:///path/to/socket or tcp://127.0.0.1:PORT.");
        }
    }
    setProblemText(ui_->endpointProblem, problem);
    QPushButton* ok = ui_->buttonBox->button(QDialogButtonBox::Ok);
    ok->setEnabled(problem.isEmpty());
    ok->setToolTip(problem);
}

} // namespace berth::studio
