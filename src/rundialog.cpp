#include "rundialog.h"

#include "problemline.h"
#include "ui_rundialog.h"

#include <QClipboard>
#include <QCompleter>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QInputDialog>
#include <QPushButton>
#include <QStringListModel>
#include <QTimer>

#include <algorithm>

namespace berth::studio {

namespace {

struct RestartChoice {
    const char* policy;
    const char* label;
};

// Marks an environment row that came from "-e KEY" with no value.
constexpr int kPassThroughRole = Qt::UserRole + 1;

constexpr RestartChoice kRestartChoices[] = {
    {"", QT_TRANSLATE_NOOP("berth::studio::RunDialog", "Never (the engine's default)")},
    {"always", QT_TRANSLATE_NOOP("berth::studio::RunDialog", "Always")},
    {"unless-stopped", QT_TRANSLATE_NOOP("berth::studio::RunDialog", "Unless stopped")},
    {"on-failure", QT_TRANSLATE_NOOP("berth::studio::RunDialog", "On failure")},
};

QString joinCommand(const std::vector<std::string>& words) {
    QStringList quoted;
    for (const std::string& word : words) {
        quoted << QString::fromStdString(quoteShellWord(word));
    }
    return quoted.join(QLatin1Char(' '));
}

} // namespace

RunDialog::RunDialog(QWidget* parent)
    : QDialog(parent)
    , ui_(std::make_unique<Ui::RunDialog>()) {
    ui_->setupUi(this);
    runButton_ = ui_->buttonBox->addButton(tr("&Run"), QDialogButtonBox::AcceptRole);
    runButton_->setObjectName(QStringLiteral("runButton"));
    runButton_->setDefault(true);
    connect(ui_->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);

    for (const RestartChoice& choice : kRestartChoices) {
        ui_->restartCombo->addItem(tr(choice.label), QString::fromLatin1(choice.policy));
    }
    ui_->envTable->horizontalHeader()->setStretchLastSection(true);
    ui_->runLineEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    for (QLabel* label : {ui_->imageProblem, ui_->nameProblem, ui_->commandProblem, ui_->envProblem,
                          ui_->volumeProblem, ui_->resourceProblem}) {
        reserveProblemLine(label);
    }
    setupVolumesTab();
    connect(ui_->portEditor, &PortForwardEditor::changed, this, &RunDialog::updateState);
    connect(ui_->publishAllCheck, &QCheckBox::toggled, this, &RunDialog::updateState);
    connect(ui_->linkEditor, &LinkEditor::changed, this, &RunDialog::updateState);
    connect(ui_->resourcesEditor, &ResourceLimitsEditor::changed, this, &RunDialog::updateState);

    for (QLineEdit* edit : {ui_->imageEdit, ui_->nameEdit, ui_->commandEdit, ui_->entrypointEdit}) {
        connect(edit, &QLineEdit::textChanged, this, &RunDialog::updateState);
    }
    for (QCheckBox* check : {ui_->entrypointCheck, ui_->interactiveCheck, ui_->ttyCheck,
                             ui_->detachCheck, ui_->removeCheck}) {
        connect(check, &QCheckBox::toggled, this, &RunDialog::updateState);
    }
    connect(ui_->commandEdit, &QLineEdit::textEdited, this, &RunDialog::applyShellDefaults);
    for (QCheckBox* check : {ui_->interactiveCheck, ui_->ttyCheck}) {
        connect(check, &QCheckBox::clicked, this, [this] { interactiveChosen_ = true; });
    }
    connect(ui_->restartCombo, &QComboBox::currentIndexChanged, this, &RunDialog::updateState);
    connect(ui_->retriesSpin, &QSpinBox::valueChanged, this, &RunDialog::updateState);
    connect(ui_->envTable, &QTableWidget::itemChanged, this, &RunDialog::updateState);
    connect(ui_->addEnvButton, &QPushButton::clicked, this, [this] {
        addEnvRow({}, {}, false);
        ui_->envTable->editItem(ui_->envTable->item(ui_->envTable->rowCount() - 1, 0));
    });
    connect(ui_->removeEnvButton, &QPushButton::clicked, this, [this] {
        ui_->envTable->removeRow(ui_->envTable->currentRow());
        updateState();
    });
    connect(ui_->copyButton, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(runLine()); });
    connect(ui_->pasteButton, &QPushButton::clicked, this, &RunDialog::pasteRunLine);

    imageTimer_ = new QTimer(this);
    imageTimer_->setSingleShot(true);
    imageTimer_->setInterval(400);
    connect(ui_->imageEdit, &QLineEdit::textChanged, imageTimer_, qOverload<>(&QTimer::start));
    connect(imageTimer_, &QTimer::timeout, this, [this] {
        const QString image = ui_->imageEdit->text().trimmed();
        if (!image.isEmpty() && problemText(ui_->imageProblem).isEmpty()) {
            emit imageChosen(image);
        }
    });
    updateState();
}

RunDialog::~RunDialog() = default;

// A shell as the command is there to be typed into, so it gets -i -t as `docker run -it`
// would be written, unless the user already chose otherwise.
void RunDialog::applyShellDefaults() {
    if (interactiveChosen_) {
        return;
    }
    static const QStringList kShells = {QStringLiteral("sh"), QStringLiteral("bash"),
                                        QStringLiteral("ash"), QStringLiteral("dash"),
                                        QStringLiteral("zsh")};
    const auto words = splitShellWords(ui_->commandEdit->text().toStdString());
    const bool shell = words && words->size() == 1 &&
                       kShells.contains(QString::fromStdString(words->front()).section('/', -1));
    ui_->interactiveCheck->setChecked(shell);
    ui_->ttyCheck->setChecked(shell);
}

RunSpec RunDialog::spec() const {
    RunSpec spec;
    spec.image = ui_->imageEdit->text().trimmed().toStdString();
    spec.name = ui_->nameEdit->text().trimmed().toStdString();
    if (auto words = splitShellWords(ui_->commandEdit->text().toStdString()); words) {
        spec.command = std::move(*words);
    }
    if (ui_->entrypointCheck->isChecked()) {
        spec.entrypoint = ui_->entrypointEdit->text().toStdString();
    }
    spec.interactive = ui_->interactiveCheck->isChecked();
    spec.tty = ui_->ttyCheck->isChecked();
    spec.detach = ui_->detachCheck->isChecked();
    spec.remove = ui_->removeCheck->isChecked();
    for (int row = 0; row < ui_->envTable->rowCount(); ++row) {
        const QTableWidgetItem* name = ui_->envTable->item(row, 0);
        const QTableWidgetItem* value = ui_->envTable->item(row, 1);
        const QString key = name ? name->text().trimmed() : QString();
        const QString text = value ? value->text() : QString();
        if (key.isEmpty() && text.isEmpty()) {
            continue;
        }
        // "KEY" without "=" passes the engine's value through, as `docker run -e KEY` does.
        const bool passThrough = text.isEmpty() && value && value->data(kPassThroughRole).toBool();
        spec.env.push_back((passThrough ? key : key + '=' + text).toStdString());
    }
    spec.restartPolicy = ui_->restartCombo->currentData().toString().toStdString();
    spec.maxRetries = spec.restartPolicy == "on-failure" ? ui_->retriesSpin->value() : 0;
    for (VolumeMapping& mapping : mappingRows()) {
        if (!mapping.source.empty() || !mapping.target.empty()) {
            spec.volumes.push_back(std::move(mapping));
        }
    }
    spec.volumesFrom = volumesFromRows();
    spec.links = ui_->linkEditor->links();
    spec.ports = ui_->portEditor->forwards();
    spec.publishAll = ui_->publishAllCheck->isChecked();
    spec.resources = ui_->resourcesEditor->limits();
    spec.labels = labels_;
    return spec;
}

void RunDialog::setSpec(const RunSpec& spec) {
    labels_ = spec.labels;
    ui_->imageEdit->setText(QString::fromStdString(spec.image));
    ui_->nameEdit->setText(QString::fromStdString(spec.name));
    ui_->commandEdit->setText(joinCommand(spec.command));
    ui_->entrypointCheck->setChecked(spec.entrypoint.has_value());
    ui_->entrypointEdit->setText(QString::fromStdString(spec.entrypoint.value_or("")));
    ui_->interactiveCheck->setChecked(spec.interactive);
    ui_->ttyCheck->setChecked(spec.tty);
    interactiveChosen_ = spec.interactive || spec.tty;
    ui_->detachCheck->setChecked(spec.detach);
    ui_->removeCheck->setChecked(spec.remove);
    ui_->envTable->setRowCount(0);
    for (const std::string& variable : spec.env) {
        const QString text = QString::fromStdString(variable);
        const int equals = text.indexOf(QLatin1Char('='));
        addEnvRow(equals < 0 ? text : text.left(equals),
                  equals < 0 ? QString() : text.mid(equals + 1), equals < 0);
    }
    int restartIndex = ui_->restartCombo->findData(QString::fromStdString(spec.restartPolicy));
    if (spec.restartPolicy == "no") {
        restartIndex = 0;
    }
    ui_->restartCombo->setCurrentIndex(std::max(0, restartIndex));
    ui_->retriesSpin->setValue(spec.maxRetries);
    fillVolumes(spec);
    {
        const QSignalBlocker blocker(ui_->publishAllCheck);
        ui_->publishAllCheck->setChecked(spec.publishAll);
    }
    ui_->portEditor->setForwards(spec.ports);
    ui_->linkEditor->setLinks(spec.links);
    {
        const QSignalBlocker blocker(ui_->resourcesEditor);
        ui_->resourcesEditor->setLimits(spec.resources);
    }
    updateState();
}

void RunDialog::setImagePorts(const std::vector<PortForward>& ports) {
    ui_->portEditor->setExposedPorts(ports);
}

void RunDialog::setLinkTargets(const QStringList& names) {
    ui_->linkEditor->setLinkTargets(names);
}

void RunDialog::setPortUses(std::vector<HostPortUse> uses) {
    ui_->portEditor->setPortUses(std::move(uses));
}

void RunDialog::setOnlineCpus(int cpus) {
    ui_->resourcesEditor->setOnlineCpus(cpus);
    updateState();
}

void RunDialog::setImageSuggestions(const QStringList& references) {
    auto* completer = new QCompleter(references, ui_->imageEdit);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    ui_->imageEdit->setCompleter(completer);
}

void RunDialog::addEnvRow(const QString& name, const QString& value, bool passThrough) {
    const QSignalBlocker blocker(ui_->envTable);
    const int row = ui_->envTable->rowCount();
    ui_->envTable->insertRow(row);
    ui_->envTable->setItem(row, 0, new QTableWidgetItem(name));
    auto* valueItem = new QTableWidgetItem(value);
    valueItem->setData(kPassThroughRole, passThrough);
    ui_->envTable->setItem(row, 1, valueItem);
}

bool RunDialog::applyRunLine(const QString& line) {
    auto parsed = parseRunLine(line.toStdString());
    if (!parsed) {
        ui_->pasteResult->setText(
            tr("Could not read that line: %1").arg(QString::fromStdString(parsed.error().message)));
        return false;
    }
    setSpec(parsed->spec);
    if (parsed->unplaced.empty()) {
        ui_->pasteResult->setText(tr("Every flag was placed."));
        return true;
    }
    // The parser leaves a limit unplaced only when it is finer than the Resources tab shows.
    static const QStringList kLimitFlags = {QStringLiteral("-m "), QStringLiteral("--memory "),
                                            QStringLiteral("--memory-swap "),
                                            QStringLiteral("--cpus ")};
    QStringList unplaced;
    QStringList tooFine;
    for (const std::string& flag : parsed->unplaced) {
        const QString text = QString::fromStdString(flag);
        const bool limit =
            std::any_of(kLimitFlags.begin(), kLimitFlags.end(),
                        [&](const QString& prefix) { return text.startsWith(prefix); });
        if (limit) {
            tooFine << text;
        } else {
            unplaced << text;
        }
    }
    QStringList sentences;
    if (!unplaced.isEmpty()) {
        sentences << tr("Not placed, because this dialog has no field for them yet: %1")
                         .arg(unplaced.join(QStringLiteral(", ")));
    }
    if (!tooFine.isEmpty()) {
        sentences << tr("Not placed, because the Resources tab sets memory in whole MiB and CPUs "
                        "in hundredths: %1")
                         .arg(tooFine.join(QStringLiteral(", ")));
    }
    ui_->pasteResult->setText(sentences.join(QStringLiteral(". ")));
    return true;
}

void RunDialog::pasteRunLine() {
    bool ok = false;
    const QString clipboard = QGuiApplication::clipboard()->text();
    const QString line = QInputDialog::getMultiLineText(
        this, tr("Paste a docker run Line"), tr("A docker run command line:"),
        clipboard.contains(QLatin1String("run")) ? clipboard : QString(), &ok);
    if (ok && !line.trimmed().isEmpty()) {
        applyRunLine(line);
    }
}

QStringList RunDialog::problems() const {
    QStringList list;
    for (QLabel* label : {ui_->imageProblem, ui_->nameProblem, ui_->commandProblem, ui_->envProblem,
                          ui_->volumeProblem, ui_->resourceProblem}) {
        if (const QString problem = problemText(label); !problem.isEmpty()) {
            list << problem;
        }
    }
    for (const QString& text : {ui_->portEditor->problemText(), ui_->linkEditor->problemText()}) {
        if (!text.isEmpty()) {
            list << text;
        }
    }
    return list;
}

QString RunDialog::runLine() const {
    return ui_->runLineEdit->text();
}

QString RunDialog::pasteResult() const {
    return ui_->pasteResult->text();
}

void RunDialog::updateState() {
    const RunSpec current = spec();
    QString imageProblem, nameProblem, envProblem, commandProblem;
    for (const RunProblem problem : validateRunSpec(current)) {
        switch (problem) {
        case RunProblem::MissingImage:
            imageProblem = tr("Choose an image to run.");
            break;
        case RunProblem::InvalidImage:
            imageProblem = tr("Not an image reference: use lower-case letters, digits and "
                              "-_./ with an optional :tag.");
            break;
        case RunProblem::InvalidName:
            nameProblem = tr("A name is at least two characters: a letter or digit, then "
                             "letters, digits, _ . or -.");
            break;
        case RunProblem::InvalidEnv:
            envProblem = tr("Every variable needs a name without spaces.");
            break;
        case RunProblem::InvalidRestartRetries:
            break; // the spin box is disabled unless the policy is on-failure
        case RunProblem::InvalidVolume:
            break; // volumeProblemText() names the row and the reason
        case RunProblem::InvalidResources:
            break; // the Resources tab's editor names the field and the reason
        }
    }
    if (auto words = splitShellWords(ui_->commandEdit->text().toStdString()); !words) {
        commandProblem = tr("The command has an unterminated quote.");
    }
    setProblemText(ui_->imageProblem, imageProblem);
    setProblemText(ui_->nameProblem, nameProblem);
    setProblemText(ui_->commandProblem, commandProblem);
    setProblemText(ui_->envProblem, envProblem);
    setProblemText(ui_->volumeProblem, volumeProblemText());
    setProblemText(ui_->resourceProblem, ui_->resourcesEditor->problemText());
    ui_->volumeNote->setText(volumeNoteText());
    ui_->volumeNote->setVisible(!ui_->volumeNote->text().isEmpty());

    const bool onFailure = current.restartPolicy == "on-failure";
    ui_->retriesSpin->setEnabled(onFailure);
    ui_->retriesLabel->setEnabled(onFailure);
    ui_->runLineEdit->setText(QString::fromStdString(formatRunLine(current)));
    // A long line shows its start, "docker run" and the first flags, rather than its end.
    ui_->runLineEdit->setCursorPosition(0);

    const QStringList remaining = problems();
    runButton_->setEnabled(remaining.isEmpty());
    runButton_->setToolTip(remaining.isEmpty() ? tr("Create and start the container")
                                               : remaining.join(QLatin1Char('\n')));
}

} // namespace berth::studio
