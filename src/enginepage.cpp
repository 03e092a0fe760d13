#include "enginepage.h"

#include "engineconnection.h"
#include "errorbanner.h"
#include "formatting.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QVersionNumber>

namespace berth::studio {

namespace {

// The confirmation lists this many objects by name and counts the rest.
constexpr int kListedCandidates = 15;

enum DiskColumn {
    KindColumn,
    CountColumn,
    ActiveColumn,
    SizeColumn,
    ReclaimableColumn,
    PruneColumn,
    DiskColumnCount
};

std::string stringValue(const client::Json& object, const char* key) {
    if (!object.is_object()) {
        return {};
    }
    const auto it = object.find(key);
    if (it == object.end()) {
        return {};
    }
    return it->is_string() ? it->get<std::string>() : it->is_number() ? it->dump() : std::string();
}

QString qtext(const client::Json& object, const char* key) {
    return QString::fromStdString(stringValue(object, key));
}

struct EngineFacts {
    Result<client::Json> version;
    Result<client::Json> info;
    Result<client::Json> diskUsage;
};

// The lists a prune plan is computed from.
struct PruneInputs {
    Result<client::Json> containers = client::Json::array();
    Result<client::Json> images = client::Json::array();
    Result<client::Json> diskUsage = client::Json::object();
};

Result<client::Json> rawContainers(client::Client& client) {
    auto containers = client.listContainers(true);
    if (!containers) {
        return std::unexpected(containers.error());
    }
    client::Json list = client::Json::array();
    for (const client::ContainerSummary& container : *containers) {
        list.push_back(container.raw);
    }
    return list;
}

Result<client::Json> rawImages(client::Client& client) {
    auto images = client.listImages();
    if (!images) {
        return std::unexpected(images.error());
    }
    client::Json list = client::Json::array();
    for (const client::ImageSummary& image : *images) {
        list.push_back(image.raw);
    }
    return list;
}

} // namespace

QString pruneCountText(PruneKind kind, int count) {
    switch (kind) {
    case PruneKind::Containers:
        return EnginePage::tr("%n container(s)", nullptr, count);
    case PruneKind::Images:
        return EnginePage::tr("%n image(s)", nullptr, count);
    case PruneKind::Volumes:
        return EnginePage::tr("%n volume(s)", nullptr, count);
    case PruneKind::BuildCache:
        return EnginePage::tr("%n build cache record(s)", nullptr, count);
    }
    return {};
}

QString pruneKindName(PruneKind kind) {
    switch (kind) {
    case PruneKind::Containers:
        return EnginePage::tr("containers");
    case PruneKind::Images:
        return EnginePage::tr("images");
    case PruneKind::Volumes:
        return EnginePage::tr("volumes");
    case PruneKind::BuildCache:
        return EnginePage::tr("build cache records");
    }
    return {};
}

EnginePage::EnginePage(QWidget* parent)
    : QWidget(parent)
    , banner_(new ErrorBanner(this))
    , identity_(new QLabel(this))
    , diskUse_(new QTableWidget(this))
    , includeUnused_(new QCheckBox(this))
    , status_(new QLabel(this)) {
    qRegisterMetaType<PruneKind>();
    buildLayout();
}

void EnginePage::buildLayout() {
    identity_->setObjectName(QStringLiteral("engineIdentity"));
    identity_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    identity_->setWordWrap(true);
    auto* choose = new QPushButton(tr("Choose Another Engine…"), this);
    connect(choose, &QPushButton::clicked, this, &EnginePage::chooseEngineRequested);

    diskUse_->setObjectName(QStringLiteral("diskUseTable"));
    diskUse_->setAccessibleName(tr("Disk use"));
    diskUse_->setColumnCount(DiskColumnCount);
    diskUse_->setHorizontalHeaderLabels(
        {tr("Type"), tr("Total"), tr("Active"), tr("Size"), tr("Reclaimable"), QString()});
    diskUse_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    diskUse_->setSelectionMode(QAbstractItemView::NoSelection);
    diskUse_->verticalHeader()->hide();
    diskUse_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    diskUse_->horizontalHeader()->setSectionResizeMode(KindColumn, QHeaderView::Stretch);
    diskUse_->horizontalHeader()->setMinimumSectionSize(90);
    diskUse_->setShowGrid(false);
    diskUse_->setMaximumWidth(760);
    const PruneKind kinds[] = {PruneKind::Images, PruneKind::Containers, PruneKind::Volumes,
                               PruneKind::BuildCache};
    diskUse_->setRowCount(4);
    for (int row = 0; row < 4; ++row) {
        auto* button = new QPushButton(tr("Prune…"), diskUse_);
        button->setAccessibleName(tr("Prune %1").arg(pruneKindName(kinds[row])));
        const PruneKind kind = kinds[row];
        connect(button, &QPushButton::clicked, this, [this, kind] { prune(kind); });
        diskUse_->setCellWidget(row, PruneColumn, button);
        pruneButtons_ << button;
    }
    diskUse_->setFixedHeight(diskUse_->horizontalHeader()->sizeHint().height() +
                             4 * diskUse_->verticalHeader()->defaultSectionSize() +
                             2 * diskUse_->frameWidth());
    includeUnused_->setText(
        tr("Prune &all unused: tagged images, named volumes and shared build cache too"));
    status_->setObjectName(QStringLiteral("pruneStatus"));
    status_->setWordWrap(true);

    auto* heading = new QLabel(QStringLiteral("<h3>%1</h3>").arg(tr("Engine").toHtmlEscaped()));
    auto* diskHeading =
        new QLabel(QStringLiteral("<h3>%1</h3>").arg(tr("Disk use").toHtmlEscaped()));
    auto* chooseRow = new QHBoxLayout;
    chooseRow->addWidget(choose);
    chooseRow->addStretch();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(banner_);
    layout->addWidget(heading);
    layout->addWidget(identity_);
    layout->addLayout(chooseRow);
    layout->addWidget(diskHeading);
    layout->addWidget(diskUse_);
    layout->addWidget(includeUnused_);
    layout->addWidget(status_);
    layout->addStretch();
}

QPushButton* EnginePage::pruneButton(PruneKind kind) const {
    switch (kind) {
    case PruneKind::Images:
        return pruneButtons_[0];
    case PruneKind::Containers:
        return pruneButtons_[1];
    case PruneKind::Volumes:
        return pruneButtons_[2];
    case PruneKind::BuildCache:
        return pruneButtons_[3];
    }
    return nullptr;
}

QMessageBox* EnginePage::confirmation() const {
    return confirmation_.data();
}

void EnginePage::setConnection(EngineConnection* connection, bool bundled) {
    connection_ = connection;
    bundled_ = bundled;
    loading_ = false;
    identity_->setText(connection ? tr("Endpoint: %1").arg(connection->endpointText())
                                  : tr("No engine"));
    for (QPushButton* button : pruneButtons_) {
        button->setEnabled(connection != nullptr);
    }
}

void EnginePage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    refresh();
}

void EnginePage::refreshIfVisible() {
    if (isVisible()) {
        refresh();
    }
}

void EnginePage::refresh() {
    if (!connection_ || !connection_->isConnected() || loading_) {
        return;
    }
    loading_ = true;
    connection_->run(
        this,
        [](client::Client& client) {
            return EngineFacts{client.version(), client.info(), client.diskUsage()};
        },
        [this](EngineFacts facts) {
            loading_ = false;
            if (!facts.version || !facts.info) {
                const Error& error = facts.version ? facts.info.error() : facts.version.error();
                banner_->showError(tr("Could not identify the engine"),
                                   QString::fromStdString(error.message));
                return;
            }
            banner_->clearError(tr("Could not identify the engine"));
            showIdentity(*facts.version, *facts.info);
            if (facts.diskUsage) {
                showDiskUse(*facts.diskUsage);
            } else {
                banner_->showError(tr("Could not read the disk use"),
                                   QString::fromStdString(facts.diskUsage.error().message));
            }
            emit refreshed();
        });
}

void EnginePage::showIdentity(const client::Json& version, const client::Json& info) {
    QString name;
    if (version.is_object() && version.contains("Platform")) {
        name = qtext(version["Platform"], "Name");
    }
    QString cgroups = qtext(info, "CgroupVersion");
    if (!cgroups.isEmpty()) {
        cgroups = tr("v%1").arg(cgroups);
        if (const QString driver = qtext(info, "CgroupDriver"); !driver.isEmpty()) {
            cgroups += tr(" (%1 driver)").arg(driver);
        }
    }
    const auto memory = info.is_object() ? info.value("MemTotal", int64_t(0)) : int64_t(0);

    QStringList rows;
    const auto add = [&rows](const QString& label, const QString& value) {
        if (!value.isEmpty()) {
            rows << QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                        .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
        }
    };

    add(tr("Endpoint"), connection_->endpointText());
    add(tr("Engine"), tr("%1 %2").arg(name, qtext(version, "Version")).trimmed());
    add(tr("API version"),
        tr("%1 (the studio uses %2)").arg(qtext(version, "ApiVersion"), connection_->apiVersion()));
    add(tr("Operating system"), tr("%1, %2/%3, kernel %4")
                                    .arg(qtext(info, "OperatingSystem"), qtext(version, "Os"),
                                         qtext(version, "Arch"), qtext(info, "KernelVersion")));
    add(tr("Storage driver"), qtext(info, "Driver"));
    add(tr("Cgroups"), cgroups);
    add(tr("Data root"), qtext(info, "DockerRootDir"));
    add(tr("Resources"), tr("%1 CPUs, %2 memory").arg(qtext(info, "NCPU"), formatSize(memory)));
    add(tr("Started by"), bundled_ ? tr("the studio (the bundled engine stops when it quits)")
                                   : tr("another program (chosen in the settings)"));
    identity_->setText(
        QStringLiteral("<table cellspacing=\"4\">%1</table>").arg(rows.join(QString())));
}

void EnginePage::showDiskUse(const client::Json& diskUsage) {
    const std::vector<DiskUseRow> rows = summarizeDiskUse(diskUsage);
    const QString names[] = {tr("Images"), tr("Containers"), tr("Local volumes"),
                             tr("Build cache")};
    for (int row = 0; row < int(rows.size()) && row < 4; ++row) {
        const DiskUseRow& use = rows[size_t(row)];
        const QString reclaimable =
            use.size > 0 ? tr("%1 (%2 %)")
                               .arg(formatSize(use.reclaimable))
                               .arg(qRound(100.0 * double(use.reclaimable) / double(use.size)))
                         : formatSize(use.reclaimable);
        const QString cells[] = {names[row], QString::number(use.count),
                                 QString::number(use.active), formatSize(use.size), reclaimable};
        for (int column = 0; column < PruneColumn; ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            if (column != KindColumn) {
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            }
            diskUse_->setItem(row, column, item);
        }
    }
}

bool EnginePage::anonymousVolumesOnly() const {
    // Since API 1.42 Docker prunes only anonymous volumes unless all=true; older engines
    // prune every unused volume.
    return !includeUnused_->isChecked() &&
           QVersionNumber::fromString(connection_->apiVersion()) >= QVersionNumber(1, 42);
}

void EnginePage::prune(PruneKind kind) {
    if (!connection_ || confirmation_) {
        return;
    }
    const bool all = includeUnused_->isChecked();
    const bool anonymousOnly = anonymousVolumesOnly();
    status_->setText(tr("Listing the %1 a prune would remove…").arg(pruneKindName(kind)));
    connection_->run(
        this,
        [kind](client::Client& client) {
            PruneInputs inputs;
            if (kind == PruneKind::Containers || kind == PruneKind::Images) {
                inputs.containers = rawContainers(client);
            }
            if (kind == PruneKind::Images) {
                inputs.images = rawImages(client);
            }
            if (kind != PruneKind::Images) {
                inputs.diskUsage = client.diskUsage();
            }
            return inputs;
        },
        [this, kind, all, anonymousOnly](PruneInputs inputs) {
            for (const Result<client::Json>* input :
                 {&inputs.containers, &inputs.images, &inputs.diskUsage}) {
                if (!*input) {
                    status_->clear();
                    banner_->showError(
                        tr("Could not list the %1 to prune").arg(pruneKindName(kind)),
                        QString::fromStdString(input->error().message));
                    return;
                }
            }
            PrunePlan plan;
            switch (kind) {
            case PruneKind::Containers:
                plan = planContainerPrune(*inputs.containers, *inputs.diskUsage);
                break;
            case PruneKind::Images:
                plan = planImagePrune(*inputs.images, *inputs.containers, all);
                break;
            case PruneKind::Volumes:
                plan = planVolumePrune(*inputs.diskUsage, anonymousOnly);
                break;
            case PruneKind::BuildCache:
                plan = planBuildCachePrune(*inputs.diskUsage, all);
                break;
            }
            emit previewReady(kind, int(plan.candidates.size()));
            if (plan.candidates.empty()) {
                status_->setText(tr("No %1 to prune.").arg(pruneKindName(kind)));
                return;
            }
            confirmPrune(plan);
        });
}

void EnginePage::confirmPrune(const PrunePlan& plan) {
    QStringList lines;
    for (size_t i = 0; i < plan.candidates.size() && i < size_t(kListedCandidates); ++i) {
        const PruneCandidate& candidate = plan.candidates[i];
        const QString name = QString::fromStdString(candidate.name);
        lines << (candidate.size >= 0 ? tr("%1 (%2)").arg(name, formatSize(candidate.size)) : name);
    }
    if (plan.candidates.size() > size_t(kListedCandidates)) {
        lines << tr("and %n more", nullptr, int(plan.candidates.size()) - kListedCandidates);
    }
    const QString kind = pruneKindName(plan.kind);
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Prune %1").arg(kind),
                                tr("Remove %1? This cannot be undone.")
                                    .arg(pruneCountText(plan.kind, int(plan.candidates.size()))),
                                QMessageBox::Cancel, this);
    QString details = lines.join(QLatin1Char('\n'));
    if (plan.reclaimableBytes > 0) {
        details += QLatin1String("\n\n") +
                   (plan.kind == PruneKind::Images
                        ? tr("Up to %1 would be freed; layers other images share stay.")
                        : tr("About %1 would be freed."))
                       .arg(formatSize(plan.reclaimableBytes));
    }
    box->setInformativeText(details);
    QPushButton* remove = box->addButton(tr("&Remove"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    const PruneKind pruneKind = plan.kind;
    connect(box, &QMessageBox::buttonClicked, this, [this, remove, pruneKind](QAbstractButton* b) {
        if (b == remove) {
            runPrune(pruneKind);
        } else {
            status_->setText(tr("Prune cancelled; nothing was removed."));
        }
    });
    confirmation_ = box;
    box->open();
}

void EnginePage::runPrune(PruneKind kind) {
    const bool all = includeUnused_->isChecked();
    status_->setText(tr("Pruning %1…").arg(pruneKindName(kind)));
    connection_->run(
        this,
        [kind, all](client::Client& client) -> Result<client::PruneResult> {
            switch (kind) {
            case PruneKind::Containers:
                return client.pruneContainers();
            case PruneKind::Images:
                return client.pruneImages(all);
            case PruneKind::Volumes: {
                // The all filter exists since API 1.42; older engines prune every unused
                // volume without it, as the preview expects.
                auto pruned = client.pruneVolumes(all);
                if (!pruned) {
                    return std::unexpected(pruned.error());
                }
                client::PruneResult result;
                for (const client::Json& name : pruned->value("VolumesDeleted", client::Json())) {
                    if (name.is_string()) {
                        result.deleted.push_back(name.get<std::string>());
                    }
                }
                result.spaceReclaimed = pruned->value("SpaceReclaimed", int64_t(0));
                return result;
            }
            case PruneKind::BuildCache:
                return client.pruneBuildCache(all);
            }
            return client::PruneResult{};
        },
        [this, kind](Result<client::PruneResult> pruned) {
            if (!pruned) {
                status_->clear();
                banner_->showError(tr("Could not prune %1").arg(pruneKindName(kind)),
                                   QString::fromStdString(pruned.error().message));
                emit pruneFinished(false);
                return;
            }
            status_->setText(tr("Removed %1 and reclaimed %2.")
                                 .arg(pruneCountText(kind, int(pruned->deleted.size())),
                                      formatSize(pruned->spaceReclaimed)));
            refresh();
            emit pruneFinished(true);
        });
}

} // namespace berth::studio
