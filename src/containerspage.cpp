#include "containerspage.h"

#include "commitdialog.h"
#include "containerfiles.h"
#include "containerinspectview.h"
#include "containerlogsview.h"
#include "containeroverview.h"
#include "containersmodel.h"
#include "containerstatsview.h"
#include "containerterminal.h"
#include "containertopview.h"
#include "createrequest.h"
#include "editnetworkingdialog.h"
#include "engineconnection.h"
#include "errorbanner.h"
#include "formatting.h"
#include "imageports.h"
#include "imagesmodel.h"
#include "inspectrunspec.h"
#include "listpage.h"
#include "recreate.h"
#include "renamedialog.h"
#include "rundialog.h"
#include "runvolumechoices.h"
#include "terminal/terminalview.h"
#include "updatedialog.h"

#include <QAction>
#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace berth::studio {

namespace {

constexpr int kStopTimeoutSeconds = 10;

QString errorText(const Error& error) {
    return QString::fromStdString(error.message);
}

} // namespace

ContainersPage::ContainersPage(ContainersModel* model, ImagesModel* images, QWidget* parent)
    : QWidget(parent)
    , model_(model)
    , images_(images)
    , proxy_(new QSortFilterProxyModel(this)) {
    proxy_->setSourceModel(model_);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setFilterKeyColumn(-1);
    buildActions();
    buildLayout();
    connect(model_, &QAbstractItemModel::rowsInserted, this, &ContainersPage::updateEmptyState);
    connect(model_, &QAbstractItemModel::rowsRemoved, this, &ContainersPage::updateEmptyState);
    connect(model_, &QAbstractItemModel::modelReset, this, &ContainersPage::updateEmptyState);
    connect(model_, &ContainersModel::loaded, this, &ContainersPage::updateEmptyState);
    connect(model_, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& topLeft) {
        updateOverview();
        // The clock refreshes only Created and Status, which change no action or tab.
        if (topLeft.column() < ContainersModel::Created) {
            updateActions();
            updateTerminal();
        }
    });
    connect(model_, &ContainersModel::loadFailed, this, [this](const QString& message) {
        banner_->showError(tr("Could not list the containers"), message);
    });
    connect(model_, &ContainersModel::loaded, this,
            [this] { banner_->clearError(tr("Could not list the containers")); });
    updateEmptyState();
    updateActions();
}

ContainersPage::~ContainersPage() = default;

void ContainersPage::buildActions() {
    runAction_ = new QAction(QIcon(QStringLiteral(":/icons/run.svg")), tr("&Run…"), this);
    runAction_->setShortcut(QKeySequence::New);
    runAction_->setToolTip(tr("Run a new container (Ctrl+N)"));
    connect(runAction_, &QAction::triggered, this, [this] { showRunDialog(); });

    startAction_ = new QAction(tr("&Start"), this);
    connect(startAction_, &QAction::triggered, this, [this] {
        runOnSelection(tr("Could not start %1"), [](client::Client& client, const std::string& id) {
            return client.startContainer(id);
        });
    });
    stopAction_ = new QAction(tr("S&top"), this);
    connect(stopAction_, &QAction::triggered, this, [this] {
        runOnSelection(tr("Could not stop %1"), [](client::Client& client, const std::string& id) {
            return client.stopContainer(id, kStopTimeoutSeconds);
        });
    });
    restartAction_ = new QAction(tr("R&estart"), this);
    connect(restartAction_, &QAction::triggered, this, [this] {
        runOnSelection(tr("Could not restart %1"),
                       [](client::Client& client, const std::string& id) {
                           return client.restartContainer(id, kStopTimeoutSeconds);
                       });
    });
    removeAction_ = new QAction(tr("Re&move…"), this);
    removeAction_->setShortcut(QKeySequence::Delete);
    removeAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(removeAction_, &QAction::triggered, this, &ContainersPage::confirmRemove);
    terminalAction_ = new QAction(tr("&Terminal"), this);
    terminalAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    terminalAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    terminalAction_->setToolTip(tr("Open a terminal on the container's main process (Ctrl+T)"));
    connect(terminalAction_, &QAction::triggered, this, [this] {
        const QStringList ids = selectedIds();
        if (ids.size() == 1) {
            openTerminal(ids[0]);
        }
    });
    pauseAction_ = new QAction(tr("&Pause"), this);
    pauseAction_->setToolTip(tr("Suspend every process of the container"));
    connect(pauseAction_, &QAction::triggered, this, [this] {
        runOnSelection(tr("Could not pause %1"), [](client::Client& client, const std::string& id) {
            return client.pauseContainer(id);
        });
    });
    unpauseAction_ = new QAction(tr("&Unpause"), this);
    unpauseAction_->setToolTip(tr("Resume the container's processes"));
    connect(unpauseAction_, &QAction::triggered, this, [this] {
        runOnSelection(tr("Could not unpause %1"),
                       [](client::Client& client, const std::string& id) {
                           return client.unpauseContainer(id);
                       });
    });
    renameAction_ = new QAction(tr("Re&name…"), this);
    renameAction_->setShortcut(QKeySequence(Qt::Key_F2));
    renameAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(renameAction_, &QAction::triggered, this, &ContainersPage::showRenameDialog);
    updateAction_ = new QAction(tr("&Update Resources…"), this);
    updateAction_->setToolTip(tr("Change the memory, CPU and processes limits and the restart "
                                 "policy"));
    connect(updateAction_, &QAction::triggered, this, &ContainersPage::showUpdateDialog);
    commitAction_ = new QAction(tr("Co&mmit…"), this);
    commitAction_->setToolTip(tr("Make an image from the container's changed files"));
    connect(commitAction_, &QAction::triggered, this, &ContainersPage::showCommitDialog);
    editNetworkingAction_ = new QAction(tr("Edit &Ports and Links…"), this);
    editNetworkingAction_->setToolTip(
        tr("Change the published ports and links; the container is recreated with them"));
    connect(editNetworkingAction_, &QAction::triggered, this,
            &ContainersPage::showEditNetworkingDialog);
    duplicateAction_ = new QAction(tr("&Duplicate…"), this);
    duplicateAction_->setToolTip(
        tr("Open the Run dialog with this container's settings, to run another like it"));
    connect(duplicateAction_, &QAction::triggered, this, &ContainersPage::showDuplicateDialog);
    for (QAction* action :
         {runAction_, startAction_, stopAction_, restartAction_, removeAction_, terminalAction_,
          pauseAction_, unpauseAction_, renameAction_, updateAction_, commitAction_,
          editNetworkingAction_, duplicateAction_}) {
        addAction(action);
    }
}

void ContainersPage::buildLayout() {
    toolbar_ = new QToolBar(tr("Containers"), this);
    toolbar_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar_->addAction(runAction_);
    toolbar_->addSeparator();
    toolbar_->addActions(
        {startAction_, stopAction_, restartAction_, pauseAction_, unpauseAction_, removeAction_});
    toolbar_->addSeparator();
    toolbar_->addAction(terminalAction_);
    toolbar_->addAction(commitAction_);
    filter_ =
        addFilterBox(toolbar_, proxy_, tr("Filter containers (Ctrl+F)"), tr("Filter containers"));

    banner_ = new ErrorBanner(this);

    view_ = createListView(this, proxy_, QStringLiteral("containersView"), tr("Containers"));
    view_->setTextElideMode(Qt::ElideMiddle);
    view_->setColumnWidth(ContainersModel::State, 100);
    view_->setColumnWidth(ContainersModel::Name, 150);
    view_->setColumnWidth(ContainersModel::Image, 130);
    view_->setColumnWidth(ContainersModel::Command, 230);
    view_->setColumnWidth(ContainersModel::Ports, 140);
    view_->setColumnWidth(ContainersModel::Created, 120);
    connect(view_, &QWidget::customContextMenuRequested, this, &ContainersPage::showContextMenu);
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        showDetails();
    });

    auto* empty = new QWidget(this);
    auto* emptyLayout = new QVBoxLayout(empty);
    auto* emptyLabel = new QLabel(tr("No containers yet. Run one from an image."), empty);
    emptyLabel->setAlignment(Qt::AlignCenter);
    auto* emptyButton = new QPushButton(runAction_->icon(), tr("Run a Container…"), empty);
    connect(emptyButton, &QPushButton::clicked, runAction_, &QAction::trigger);
    emptyLayout->addStretch();
    emptyLayout->addWidget(emptyLabel);
    emptyLayout->addWidget(emptyButton, 0, Qt::AlignCenter);
    emptyLayout->addStretch();

    stack_ = new QStackedWidget(this);
    stack_->addWidget(view_);
    stack_->addWidget(empty);

    details_ = new QTabWidget(this);
    QTabWidget* details = details_;
    overview_ = new ContainerOverview(details);
    connect(overview_, &ContainerOverview::copyFailed, this, [this](const QString& message) {
        banner_->showError(tr("Could not read the container's settings"), message);
    });
    logs_ = new ContainerLogsView(details);
    connect(logs_, &ContainerLogsView::saveFailed, this,
            [this](const QString& path, const QString& message) {
                banner_->showError(tr("Could not save the logs to %1").arg(path), message);
            });
    details->addTab(overview_, tr("Overview"));
    details->addTab(logs_, tr("Logs"));
    terminal_ = new ContainerTerminal(details);
    details->addTab(terminal_, tr("Terminal"));
    files_ = new ContainerFiles(details);
    details->addTab(files_, tr("Files"));
    stats_ = new ContainerStatsView(details);
    details->addTab(stats_, tr("Stats"));
    top_ = new ContainerTopView(details);
    details->addTab(top_, tr("Top"));
    inspect_ = new ContainerInspectView(details);
    details->addTab(inspect_, tr("Inspect"));
    // The Overview's mounts, links, environment and labels come from the inspect data.
    connect(inspect_, &ContainerInspectView::inspected, this, &ContainersPage::updateOverview);

    splitter_ = new QSplitter(Qt::Vertical, this);
    splitter_->addWidget(stack_);
    splitter_->addWidget(details);
    splitter_->setStretchFactor(0, 3);
    splitter_->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(toolbar_);
    layout->addWidget(banner_);
    layout->addWidget(splitter_, 1);
}

void ContainersPage::setConnection(EngineConnection* connection) {
    connection_ = connection;
    logs_->setConnection(connection);
    terminal_->setConnection(connection);
    files_->setConnection(connection);
    stats_->setConnection(connection);
    top_->setConnection(connection);
    inspect_->setConnection(connection);
    overview_->setConnection(connection);
}

void ContainersPage::saveState(QSettings& settings) const {
    settings.setValue(QStringLiteral("containers/splitter"), splitter_->saveState());
    settings.setValue(QStringLiteral("containers/header"), view_->horizontalHeader()->saveState());
}

void ContainersPage::restoreState(const QSettings& settings) {
    splitter_->restoreState(settings.value(QStringLiteral("containers/splitter")).toByteArray());
    view_->horizontalHeader()->restoreState(
        settings.value(QStringLiteral("containers/header")).toByteArray());
}

void ContainersPage::updateEmptyState() {
    stack_->setCurrentIndex(model_->rowCount() == 0 && model_->hasLoaded() ? 1 : 0);
    updateActions();
}

QStringList ContainersPage::selectedIds() const {
    QStringList ids;
    for (const QModelIndex& index : view_->selectionModel()->selectedRows()) {
        ids << index.data(ContainersModel::IdRole).toString();
    }
    return ids;
}

QString ContainersPage::describe(const QStringList& ids) const {
    if (ids.size() == 1) {
        const client::ContainerSummary* container = model_->container(model_->rowOfId(ids[0]));
        return container ? containerName(*container) : ids[0].left(12);
    }
    return tr("%n container(s)", nullptr, int(ids.size()));
}

void ContainersPage::updateActions() {
    bool anyRunning = false;
    bool anyPaused = false;
    bool anyStopped = false;
    for (const QModelIndex& index : view_->selectionModel()->selectedRows()) {
        const QString state = index.data(ContainersModel::StateRole).toString();
        const bool running = state == QLatin1String("running");
        const bool paused = state == QLatin1String("paused");
        anyRunning |= running;
        anyPaused |= paused;
        anyStopped |= !running && !paused;
    }
    const bool connected = connection_ && connection_->isConnected();
    const bool selected = anyRunning || anyPaused || anyStopped;
    const bool single = view_->selectionModel()->selectedRows().size() == 1;
    runAction_->setEnabled(connected);
    startAction_->setEnabled(connected && anyStopped);
    stopAction_->setEnabled(connected && (anyRunning || anyPaused));
    pauseAction_->setEnabled(connected && anyRunning);
    unpauseAction_->setEnabled(connected && anyPaused);
    renameAction_->setEnabled(connected && single);
    updateAction_->setEnabled(connected && single);
    commitAction_->setEnabled(connected && single);
    editNetworkingAction_->setEnabled(connected && single);
    duplicateAction_->setEnabled(connected && single);
    restartAction_->setEnabled(connected && selected);
    removeAction_->setEnabled(connected && selected);
    terminalAction_->setEnabled(connected && anyRunning && single);
    if (exportAction_) {
        exportAction_->setEnabled(connected && single);
    }
}

void ContainersPage::showContextMenu(const QPoint& position) {
    if (!view_->indexAt(position).isValid()) {
        return;
    }
    QMenu menu(this);
    menu.addActions({startAction_, stopAction_, restartAction_, pauseAction_, unpauseAction_});
    menu.addSeparator();
    menu.addActions(
        {renameAction_, updateAction_, commitAction_, editNetworkingAction_, duplicateAction_});
    menu.addSeparator();
    menu.addAction(terminalAction_);
    if (exportAction_) {
        menu.addAction(exportAction_);
    }
    menu.addSeparator();
    menu.addAction(removeAction_);
    menu.addSeparator();
    menu.addAction(runAction_);
    menu.exec(view_->viewport()->mapToGlobal(position));
}

void ContainersPage::runOnSelection(
    const QString& failureText,
    std::function<Result<void>(client::Client&, const std::string&)> action) {
    if (!connection_) {
        return;
    }
    for (const QString& id : selectedIds()) {
        const QString what = failureText.arg(describe({id}));
        connection_->run(
            this, [action, id](client::Client& client) { return action(client, id.toStdString()); },
            [this, what](Result<void> result) {
                if (!result) {
                    banner_->showError(what, errorText(result.error()));
                }
                model_->reload();
            });
    }
}

void ContainersPage::confirmRemove() {
    const QStringList ids = selectedIds();
    if (ids.isEmpty() || !connection_) {
        return;
    }
    bool anyRunning = false;
    for (const QString& id : ids) {
        const client::ContainerSummary* container = model_->container(model_->rowOfId(id));
        anyRunning |= container && container->state == "running";
    }
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Remove Containers"),
                                tr("Remove %1?").arg(describe(ids)), QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmRemove"));
    box->setInformativeText(
        (anyRunning ? tr("Running containers are stopped first. ") : QString()) +
        tr("Files written inside the container and its logs will be lost. Named volumes and the "
           "image are kept."));
    QPushButton* remove = box->addButton(tr("&Remove"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(remove, &QPushButton::clicked, this, [this, ids] {
        for (const QString& id : ids) {
            const QString what = tr("Could not remove %1").arg(describe({id}));
            connection_->run(
                this,
                [id](client::Client& client) {
                    return client.removeContainer(id.toStdString(), true, false);
                },
                [this, what](Result<void> result) {
                    if (!result) {
                        banner_->showError(what, errorText(result.error()));
                    }
                    model_->reload();
                });
        }
    });
    box->open();
}

RunDialog* ContainersPage::showRunDialog(const QString& image) {
    auto* dialog = new RunDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setImageSuggestions(images_->references());
    RunSpec defaults;
    defaults.image = image.toStdString();
    defaults.detach = true;
    dialog->setSpec(defaults);
    feedVolumeChoices(dialog, connection_, model_);
    if (connection_) {
        QPointer<RunDialog> guarded(dialog);
        connection_->run(
            this, [](client::Client& client) { return client.info(); },
            [guarded](Result<client::Json> info) {
                if (guarded && info && info->is_object()) {
                    guarded->setOnlineCpus(info->value("NCPU", 0));
                }
            });
    }
    connect(dialog, &QDialog::accepted, this, [this, dialog] { runContainer(dialog->spec()); });
    dialog->open();
    return dialog;
}

namespace {

// "web-copy", or "web-copy-2" and so on when that name is taken.
QString unusedCopyName(const QString& name, const ContainersModel& model) {
    QStringList taken;
    for (int row = 0; row < model.rowCount(); ++row) {
        taken << containerName(*model.container(row));
    }
    QString candidate = name + QStringLiteral("-copy");
    for (int number = 2; taken.contains(candidate); ++number) {
        candidate = name + QStringLiteral("-copy-") + QString::number(number);
    }
    return candidate;
}

} // namespace

void ContainersPage::showDuplicateDialog() {
    const QStringList ids = selectedIds();
    if (!connection_ || ids.size() != 1) {
        return;
    }
    connection_->run(
        this,
        [id = ids.first().toStdString()](client::Client& client) -> Result<RunSpec> {
            auto container = client.inspectContainer(id);
            if (!container) {
                return std::unexpected(container.error());
            }
            auto image = client.inspectImage(container->value("Image", ""));
            return runSpecFromInspect(*container, image ? *image : client::Json());
        },
        [this](Result<RunSpec> spec) {
            if (!spec) {
                banner_->showError(tr("Could not read the container's settings"),
                                   errorText(spec.error()));
                return;
            }
            if (!spec->name.empty()) {
                spec->name =
                    unusedCopyName(QString::fromStdString(spec->name), *model_).toStdString();
            }
            RunDialog* dialog = showRunDialog();
            dialog->setSpec(*spec);
        });
}

void ContainersPage::runContainer(const RunSpec& spec) {
    if (!connection_) {
        return;
    }
    // Which step failed decides what the banner shows: a missing image fails the create, a
    // bad command usually fails the start and leaves a created container behind.
    struct Outcome {
        bool created = false;
        std::string id;
        std::optional<Error> error;
    };
    const QString image = QString::fromStdString(spec.image);
    // A new attempt replaces the last one's error.
    banner_->hide();
    connection_->run(
        this,
        [spec](client::Client& client) {
            Outcome outcome;
            auto created = client.createContainer(createRequestBody(spec), spec.name);
            if (!created) {
                outcome.error = created.error();
                return outcome;
            }
            outcome.created = true;
            outcome.id = created->id;
            if (auto started = client.startContainer(created->id); !started) {
                outcome.error = started.error();
            }
            return outcome;
        },
        [this, image, interactive = spec.interactive && spec.tty](Outcome outcome) {
            if (!outcome.error) {
                banner_->hide();
                // A container run with -i -t is there to be typed into.
                if (interactive) {
                    openTerminal(QString::fromStdString(outcome.id));
                }
            } else if (!outcome.created) {
                banner_->showError(tr("Could not create a container from %1").arg(image),
                                   errorText(*outcome.error));
            } else {
                banner_->showError(tr("Created container %1 from %2, but could not start it")
                                       .arg(shortId(outcome.id), image),
                                   errorText(*outcome.error));
            }
            model_->reload();
        });
}

bool ContainersPage::updateOverview() {
    const QStringList ids = selectedIds();
    const int row = ids.size() == 1 ? model_->rowOfId(ids[0]) : -1;
    const client::ContainerSummary* container = model_->container(row);
    if (!container) {
        overview_->showContainer({}, {}, {});
        return false;
    }
    QStringList lines;
    lines << tr("Name: %1").arg(containerName(*container))
          << tr("ID: %1").arg(QString::fromStdString(container->id))
          << tr("Image: %1").arg(QString::fromStdString(container->image))
          << tr("Command: %1").arg(QString::fromStdString(container->command))
          << tr("State: %1").arg(stateText(QString::fromStdString(container->state)))
          << tr("Status: %1").arg(model_->statusText(row))
          << tr("Ports: %1")
                 .arg(container->ports.empty() ? tr("none published")
                                               : formatPorts(container->ports))
          << tr("Created: %1")
                 .arg(QDateTime::fromSecsSinceEpoch(container->created).toString(Qt::ISODate));
    overview_->showContainer(ids[0], lines, inspect_->inspect());
    return true;
}

void ContainersPage::showDetails() {
    if (!updateOverview()) {
        terminal_->showContainer({}, false);
        files_->showContainer({});
        stats_->showContainer({}, false);
        top_->showContainer({}, false);
        inspect_->showContainer({});
        logs_->showContainer({}, {});
        return;
    }
    const QString id = selectedIds().front();
    files_->showContainer(id);
    inspect_->showContainer(id);
    logs_->showContainer(id, describe({id}));
    updateTerminal();
}

void ContainersPage::updateLiveTabs() {
    const QStringList ids = selectedIds();
    if (ids.size() != 1) {
        return;
    }
    if (const client::ContainerSummary* container = model_->container(model_->rowOfId(ids[0]))) {
        // A paused container has no CPU to chart but its processes and memory stay.
        const bool live = container->state == "running" || container->state == "paused";
        stats_->showContainer(ids[0], live);
        top_->showContainer(ids[0], live);
    }
}

RenameDialog* ContainersPage::showRenameDialog() {
    const QStringList ids = selectedIds();
    const client::ContainerSummary* container =
        ids.size() == 1 ? model_->container(model_->rowOfId(ids[0])) : nullptr;
    if (!container || !connection_) {
        return nullptr;
    }
    QStringList taken;
    for (int row = 0; row < model_->rowCount(); ++row) {
        if (model_->container(row)->id != container->id) {
            taken << containerName(*model_->container(row));
        }
    }
    const QString oldName = containerName(*container);
    auto* dialog = new RenameDialog(oldName, taken, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, id = ids[0], oldName] {
        const QString newName = dialog->name();
        connection_->run(
            this,
            [id, newName](client::Client& client) {
                return client.renameContainer(id.toStdString(), newName.toStdString());
            },
            [this, oldName](Result<void> renamed) {
                if (!renamed) {
                    banner_->showError(tr("Could not rename %1").arg(oldName),
                                       errorText(renamed.error()));
                }
                model_->reload();
            });
    });
    dialog->open();
    return dialog;
}

CommitDialog* ContainersPage::showCommitDialog() {
    const QStringList ids = selectedIds();
    const client::ContainerSummary* container =
        ids.size() == 1 ? model_->container(model_->rowOfId(ids[0])) : nullptr;
    if (!container || !connection_) {
        return nullptr;
    }
    const QString name = containerName(*container);
    auto* dialog = new CommitDialog(name, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, name] {
        const client::CommitRequest request = dialog->request();
        connection_->run(
            this, [request](client::Client& client) { return client.commitContainer(request); },
            [this, name](Result<std::string> committed) {
                if (!committed) {
                    banner_->showError(tr("Could not commit %1").arg(name),
                                       errorText(committed.error()));
                    return;
                }
                if (images_) {
                    images_->reload();
                }
            });
    });
    dialog->open();
    return dialog;
}

void ContainersPage::showUpdateDialog() {
    const QStringList ids = selectedIds();
    const client::ContainerSummary* container =
        ids.size() == 1 ? model_->container(model_->rowOfId(ids[0])) : nullptr;
    if (!container || !connection_) {
        return;
    }
    struct Limits {
        Result<client::Json> inspect;
        int onlineCpus = 0;
    };
    const QString name = containerName(*container);
    connection_->run(
        this,
        [id = ids[0].toStdString()](client::Client& client) {
            Limits limits{client.inspectContainer(id)};
            if (auto info = client.info(); info && info->is_object()) {
                limits.onlineCpus = info->value("NCPU", 0);
            }
            return limits;
        },
        [this, id = ids[0], name](Limits limits) {
            if (!limits.inspect) {
                banner_->showError(tr("Could not read the limits of %1").arg(name),
                                   errorText(limits.inspect.error()));
                return;
            }
            auto* dialog = new UpdateDialog(name, *limits.inspect, limits.onlineCpus, this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            updateDialog_ = dialog;
            connect(dialog, &QDialog::accepted, this, [this, dialog, id, name] {
                const client::ContainerUpdate update = dialog->update();
                connection_->run(
                    this,
                    [id, update](client::Client& client) {
                        return client.updateContainer(id.toStdString(), update);
                    },
                    [this, name](Result<std::vector<std::string>> warnings) {
                        if (!warnings) {
                            banner_->showError(tr("Could not update %1").arg(name),
                                               errorText(warnings.error()));
                        } else if (!warnings->empty()) {
                            banner_->showError(tr("Updated %1 with warnings").arg(name),
                                               QString::fromStdString(warnings->front()));
                        }
                        model_->reload();
                    });
            });
            dialog->open();
        });
}

void ContainersPage::showEditNetworkingDialog() {
    const QStringList ids = selectedIds();
    const client::ContainerSummary* container =
        ids.size() == 1 ? model_->container(model_->rowOfId(ids[0])) : nullptr;
    if (!container || !connection_) {
        return;
    }
    const QString name = containerName(*container);
    connection_->run(
        this,
        [id = ids[0].toStdString()](client::Client& client) { return client.inspectContainer(id); },
        [this, id = ids[0], name](Result<client::Json> inspect) {
            if (!inspect) {
                banner_->showError(tr("Could not read the ports and links of %1").arg(name),
                                   errorText(inspect.error()));
                return;
            }
            const NetworkingEdit current = networkingOf(*inspect);
            auto* dialog =
                new EditNetworkingDialog(name, current, publishedPortsOf(*inspect), this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->setExposedPorts(imageExposedPorts(*inspect));
            dialog->setLinkTargets(runningContainerNames(*model_));
            dialog->setPortUses(publishedHostPorts(*model_));
            connect(dialog, &QDialog::accepted, this, [this, dialog, id, name, current] {
                auto edited = dialog->edit();
                if (edited) {
                    confirmRecreate(id, name, current, *edited);
                }
            });
            dialog->open();
        });
}

void ContainersPage::confirmRecreate(const QString& id, const QString& name,
                                     const NetworkingEdit& current, const NetworkingEdit& edited) {
    auto* box =
        new QMessageBox(QMessageBox::Question, tr("Recreate Container"),
                        tr("Recreate %1 with these changes?").arg(name), QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmRecreate"));
    box->setInformativeText(
        confirmationText(diffNetworking(current, edited)) + QStringLiteral("\n\n") +
        tr("Berth creates a new %1 with the same name, configuration, volumes and networks, "
           "then removes the old one. Files written inside the container outside its volumes "
           "are lost. If the new container cannot be created or started, the old one is kept "
           "as it was.")
            .arg(name));
    QPushButton* recreate = box->addButton(tr("&Recreate"), QMessageBox::AcceptRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(recreate, &QPushButton::clicked, this, [this, id, name, edited] {
        connection_->run(
            this,
            [id, edited](client::Client& client) {
                return recreateContainer(client, id.toStdString(), edited);
            },
            [this, name](Result<std::string> recreated) {
                if (!recreated) {
                    banner_->showError(tr("Could not recreate %1").arg(name),
                                       errorText(recreated.error()));
                }
                model_->reload();
            });
    });
    box->open();
}

QPlainTextEdit* ContainersPage::logView() const {
    return logs_->text();
}

UpdateDialog* ContainersPage::updateDialog() const {
    return updateDialog_.data();
}

void ContainersPage::updateTerminal() {
    const QStringList ids = selectedIds();
    if (ids.size() != 1) {
        return;
    }
    const client::ContainerSummary* container = model_->container(model_->rowOfId(ids[0]));
    if (container) {
        terminal_->showContainer(ids[0], container->state == "running");
    }
    updateLiveTabs();
}

bool ContainersPage::selectContainer(const QString& id) {
    const int row = model_->rowOfId(id);
    if (row < 0) {
        return false;
    }
    const QModelIndex index = proxy_->mapFromSource(model_->index(row, 0));
    if (!index.isValid()) {
        // The filter hides it; clearing the filter is less surprising than no terminal.
        filter_->clear();
    }
    view_->selectionModel()->setCurrentIndex(proxy_->mapFromSource(model_->index(row, 0)),
                                             QItemSelectionModel::ClearAndSelect |
                                                 QItemSelectionModel::Rows);
    return true;
}

void ContainersPage::openTerminal(const QString& id) {
    auto show = [this, id] {
        if (!selectContainer(id)) {
            return false;
        }
        details_->setCurrentWidget(terminal_);
        terminal_->view()->setFocus(Qt::OtherFocusReason);
        return true;
    };
    if (show()) {
        return;
    }
    // A container that was just run reaches the list with a coming reload. A reload that
    // was already under way may miss it, so a few are tried; a container gone by then (run
    // with --rm) gets no tab.
    constexpr int kReloadsToTry = 3;
    auto connection = std::make_shared<QMetaObject::Connection>();
    auto reloadsLeft = std::make_shared<int>(kReloadsToTry);
    *connection = connect(model_, &ContainersModel::loaded, this, [show, connection, reloadsLeft] {
        if (show() || --*reloadsLeft == 0) {
            QObject::disconnect(*connection);
        }
    });
    model_->reload();
}

} // namespace berth::studio
