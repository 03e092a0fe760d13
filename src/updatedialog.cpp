#include "updatedialog.h"
#include "problemline.h"
#include "resourcelimitseditor.h"

#include "ui_updatedialog.h"

#include <QPushButton>

#include <cmath>

namespace berth::studio {

namespace {

constexpr int64_t kMiB = kMebibyte;

int64_t hostInteger(const client::Json& hostConfig, const char* key) {
    const auto it = hostConfig.find(key);
    return it != hostConfig.end() && it->is_number() ? it->get<int64_t>() : 0;
}

} // namespace

UpdateDialog::UpdateDialog(const QString& containerName, const client::Json& inspect,
                           int onlineCpus, QWidget* parent)
    : QDialog(parent)
    , ui_(std::make_unique<Ui::UpdateDialog>()) {
    ui_->setupUi(this);
    reserveProblemLine(ui_->problemLabel);
    setWindowTitle(tr("Update %1").arg(containerName));
    ui_->problemLabel->setObjectName(QStringLiteral("updateProblem"));
    ui_->restartCombo->addItem(tr("No"), QStringLiteral("no"));
    ui_->restartCombo->addItem(tr("Always"), QStringLiteral("always"));
    ui_->restartCombo->addItem(tr("Unless stopped"), QStringLiteral("unless-stopped"));
    ui_->restartCombo->addItem(tr("On failure"), QStringLiteral("on-failure"));
    ui_->limitsEditor->setSwapAndSharesShown(false);
    ui_->limitsEditor->setOnlineCpus(onlineCpus);
    // The restart fields join the limits' form, so that all fields line up.
    ui_->limitsEditor->addRow(ui_->restartLabel, ui_->restartCombo);
    ui_->limitsEditor->addRow(ui_->retriesLabel, ui_->retriesSpin);
    setTabOrder(ui_->limitsEditor->pidsSpin(), ui_->restartCombo);
    setTabOrder(ui_->restartCombo, ui_->retriesSpin);

    const client::Json hostConfig = inspect.is_object()
                                        ? inspect.value("HostConfig", client::Json::object())
                                        : client::Json::object();
    original_.memoryMiB = int(hostInteger(hostConfig, "Memory") / kMiB);
    original_.memorySwap = hostInteger(hostConfig, "MemorySwap");
    int64_t nanoCpus = hostInteger(hostConfig, "NanoCpus");
    if (nanoCpus == 0 && hostInteger(hostConfig, "CpuPeriod") > 0) {
        // `--cpu-quota` and `--cpu-period` express the same limit as `--cpus`.
        nanoCpus = hostInteger(hostConfig, "CpuQuota") * 1'000'000'000 /
                   hostInteger(hostConfig, "CpuPeriod");
    }
    original_.cpus = std::max<double>(double(nanoCpus) / 1e9, 0);
    original_.pids = int(std::max<int64_t>(hostInteger(hostConfig, "PidsLimit"), 0));
    if (const auto policy = hostConfig.find("RestartPolicy");
        policy != hostConfig.end() && policy->is_object()) {
        const QString name = QString::fromStdString(policy->value("Name", ""));
        original_.restart = name.isEmpty() ? QStringLiteral("no") : name;
        original_.retries = int(hostInteger(*policy, "MaximumRetryCount"));
    }

    setMemoryMiB(original_.memoryMiB);
    setCpus(original_.cpus);
    setPidsLimit(original_.pids);
    setRestartPolicy(original_.restart, original_.retries);
    connect(ui_->limitsEditor, &ResourceLimitsEditor::changed, this, &UpdateDialog::updateState);
    connect(ui_->retriesSpin, &QSpinBox::valueChanged, this, &UpdateDialog::updateState);
    connect(ui_->restartCombo, &QComboBox::currentIndexChanged, this, &UpdateDialog::updateState);
    updateState();
}

UpdateDialog::~UpdateDialog() = default;

void UpdateDialog::setMemoryMiB(int mebibytes) {
    ui_->limitsEditor->memorySpin()->setValue(mebibytes);
}

void UpdateDialog::setCpus(double cpus) {
    ui_->limitsEditor->cpusSpin()->setValue(cpus);
}

void UpdateDialog::setPidsLimit(int pids) {
    ui_->limitsEditor->pidsSpin()->setValue(pids);
}

void UpdateDialog::setRestartPolicy(const QString& name, int maximumRetries) {
    const int index = ui_->restartCombo->findData(name);
    ui_->restartCombo->setCurrentIndex(index >= 0 ? index : 0);
    ui_->retriesSpin->setValue(maximumRetries);
}

QString UpdateDialog::problem() const {
    return problemText(ui_->problemLabel);
}

UpdateDialog::Limits UpdateDialog::current() const {
    Limits limits;
    limits.memoryMiB = ui_->limitsEditor->memorySpin()->value();
    limits.cpus = ui_->limitsEditor->cpusSpin()->value();
    limits.pids = ui_->limitsEditor->pidsSpin()->value();
    limits.restart = ui_->restartCombo->currentData().toString();
    limits.retries = ui_->retriesSpin->value();
    return limits;
}

void UpdateDialog::updateState() {
    const Limits limits = current();
    const bool onFailure = limits.restart == QLatin1String("on-failure");
    ui_->retriesSpin->setEnabled(onFailure);
    ui_->retriesLabel->setEnabled(onFailure);

    // Docker's checks on the limits themselves, shared with the Run dialog, come first.
    QString problem = ui_->limitsEditor->problemText();
    if (problem.isEmpty() && limits.memoryMiB == 0 && original_.memoryMiB > 0) {
        // Docker reads a zero memory or CPU limit in an update as "leave it unchanged".
        problem = tr("An update cannot remove the memory limit; enter a new limit instead.");
    } else if (problem.isEmpty() && limits.cpus == 0 && original_.cpus > 0) {
        problem = tr("An update cannot remove the CPU limit; enter a new limit instead.");
    }
    setProblemText(ui_->problemLabel, problem);
    QPushButton* ok = ui_->buttonBox->button(QDialogButtonBox::Ok);
    ok->setText(tr("&Update"));
    ok->setEnabled(problem.isEmpty());
    ok->setToolTip(problem);
}

client::ContainerUpdate UpdateDialog::update() const {
    const Limits limits = current();
    client::ContainerUpdate update;
    if (limits.memoryMiB != original_.memoryMiB && limits.memoryMiB > 0) {
        update.memoryBytes = int64_t(limits.memoryMiB) * kMiB;
        // Docker rejects a memory limit above the swap limit. A container run with only -m
        // gets a swap limit of twice its memory, and the new swap limit follows that rule.
        if (original_.memorySwap > 0) {
            update.memorySwapBytes = *update.memoryBytes * 2;
        }
    }
    if (std::abs(limits.cpus - original_.cpus) >= 0.005 && limits.cpus > 0) {
        update.nanoCpus = std::llround(limits.cpus * 1e9);
    }
    if (limits.pids != original_.pids) {
        update.pidsLimit = limits.pids > 0 ? int64_t(limits.pids) : int64_t(-1);
    }
    if (limits.restart != original_.restart ||
        (limits.restart == QLatin1String("on-failure") && limits.retries != original_.retries)) {
        update.restartPolicy = limits.restart.toStdString();
        update.maximumRetryCount =
            limits.restart == QLatin1String("on-failure") ? limits.retries : 0;
    }
    return update;
}

} // namespace berth::studio
