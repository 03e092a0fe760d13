// BuildPanel: the build form, the per-step progress and the build log.

#include "dockerfile/buildpanel.h"

#include "backgroundtasks.h"
#include "dockerfile/analysis.h"
#include "engineconnection.h"
#include "formatting.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <set>

namespace berth::studio {

namespace {

namespace df = berth::dockerfile;

enum StepColumn { StepNumber, StepText, StepProgress };

// "Step 3/7 : RUN make" → (3, 7, "RUN make").
const QRegularExpression kStepLine(QStringLiteral("^Step (\\d+)/(\\d+) : (.*)$"));
// The builder's error context: "step 3 (line 5): ...".
const QRegularExpression kFailedLine(QStringLiteral("step \\d+ \\(line (\\d+)\\)"));

QJsonObject toQJson(const client::Json& json) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(json.dump())).object();
}

} // namespace

BuildPanel::BuildPanel(QWidget* parent)
    : QWidget(parent)
    , context_(new QLineEdit(this))
    , browse_(new QPushButton(tr("Browse…"), this))
    , dockerfile_(new QLineEdit(QStringLiteral("Dockerfile"), this))
    , tags_(new QLineEdit(this))
    , buildArgs_(new QTableWidget(0, 2, this))
    , target_(new QComboBox(this))
    , noCache_(new QCheckBox(tr("Do not use the build cache"), this))
    , build_(new QPushButton(tr("Build"), this))
    , cancelButton_(new QPushButton(tr("Cancel"), this))
    , steps_(new QTreeWidget(this))
    , log_(new QPlainTextEdit(this)) {
    buildLayout();
    connect(browse_, &QPushButton::clicked, this, &BuildPanel::chooseContext);
    connect(build_, &QPushButton::clicked, this, &BuildPanel::startBuild);
    connect(cancelButton_, &QPushButton::clicked, this, &BuildPanel::cancelBuild);
    connect(context_, &QLineEdit::textChanged, this, &BuildPanel::updateButtons);
    updateButtons();
}

BuildPanel::~BuildPanel() {
    if (cancel_) {
        cancel_->cancel();
    }
}

void BuildPanel::buildLayout() {
    context_->setPlaceholderText(tr("The folder sent to the engine as the build context"));
    context_->setAccessibleName(tr("Build context folder"));
    dockerfile_->setAccessibleName(tr("Dockerfile path in the context"));
    tags_->setPlaceholderText(tr("name:tag, separated by spaces"));
    tags_->setAccessibleName(tr("Image tags"));
    buildArgs_->setHorizontalHeaderLabels({tr("Build arg"), tr("Value")});
    buildArgs_->horizontalHeader()->setStretchLastSection(true);
    buildArgs_->verticalHeader()->hide();
    buildArgs_->setAccessibleName(tr("Build args"));
    // Room for three args before the table scrolls.
    buildArgs_->setMinimumHeight(buildArgs_->horizontalHeader()->sizeHint().height() +
                                 3 * buildArgs_->verticalHeader()->defaultSectionSize() +
                                 2 * buildArgs_->frameWidth());
    target_->setAccessibleName(tr("Target stage"));
    target_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    target_->setMinimumContentsLength(12);
    build_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    build_->setToolTip(tr("Build the editor's Dockerfile (Ctrl+B)"));

    // The tags and the buttons stay in view. The other options and the output share the
    // space below as tabs, so that each keeps the panel's whole width.
    auto* tagsRow = new QHBoxLayout();
    auto* tagsLabel = new QLabel(tr("Tags:"), this);
    tagsLabel->setBuddy(tags_);
    tagsRow->addWidget(tagsLabel);
    tagsRow->addWidget(tags_, 1);
    tagsRow->addWidget(build_);
    tagsRow->addWidget(cancelButton_);

    auto* options = new QWidget(this);
    options_ = new QFormLayout(options);
    // A label moves above its field when the panel is too narrow for both on one line.
    options_->setRowWrapPolicy(QFormLayout::WrapLongRows);
    options_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto* contextRow = new QHBoxLayout();
    contextRow->addWidget(context_, 1);
    contextRow->addWidget(browse_);
    options_->addRow(tr("Context:"), contextRow);
    options_->addRow(tr("Dockerfile:"), dockerfile_);
    options_->addRow(tr("Target stage:"), target_);
    options_->addRow(QString(), noCache_);
    options_->addRow(tr("Build args:"), buildArgs_);

    steps_->setHeaderLabels({tr("Step"), tr("Instruction"), tr("Progress")});
    steps_->setRootIsDecorated(false);
    steps_->setAccessibleName(tr("Build steps"));
    // The instruction takes the width that the step number and the progress bar leave.
    QHeaderView* stepsHeader = steps_->header();
    stepsHeader->setStretchLastSection(false);
    stepsHeader->setSectionResizeMode(StepNumber, QHeaderView::ResizeToContents);
    stepsHeader->setSectionResizeMode(StepText, QHeaderView::Stretch);
    stepsHeader->setSectionResizeMode(StepProgress, QHeaderView::Interactive);
    stepsHeader->resizeSection(StepProgress,
                               steps_->fontMetrics().horizontalAdvance(tr("cancelled")) * 2);
    log_->setReadOnly(true);
    log_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    log_->setAccessibleName(tr("Build log"));
    log_->setMaximumBlockCount(20000);
    output_ = new QSplitter(Qt::Vertical, this);
    output_->setObjectName(QStringLiteral("buildOutputSplitter"));
    output_->addWidget(steps_);
    output_->addWidget(log_);
    output_->setStretchFactor(0, 1);
    output_->setStretchFactor(1, 2);
    output_->setChildrenCollapsible(false);

    tabs_ = new QTabWidget(this);
    tabs_->setObjectName(QStringLiteral("buildPanelTabs"));
    tabs_->addTab(options, tr("Options"));
    tabs_->addTab(output_, tr("Output"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(tagsRow);
    layout->addWidget(tabs_, 1);
    showBuildArgs();
}

// Hides the build args row while the Dockerfile declares no ARG, so that an empty table
// does not take the panel's room.
void BuildPanel::showBuildArgs() {
    options_->setRowVisible(buildArgs_, buildArgs_->rowCount() > 0);
}

void BuildPanel::setConnection(EngineConnection* connection) {
    connection_ = connection;
    updateButtons();
}

void BuildPanel::setContext(const QString& directory, const QString& dockerfile) {
    context_->setText(directory);
    dockerfile_->setText(dockerfile.isEmpty() ? QStringLiteral("Dockerfile") : dockerfile);
}

void BuildPanel::setDockerfileText(const QString& text) {
    text_ = text;
    const df::Analysis analysis = df::analyze(text.toStdString());

    std::map<QString, QString> typed;
    for (int row = 0; row < buildArgs_->rowCount(); ++row) {
        if (auto* name = buildArgs_->item(row, 0); name && buildArgs_->item(row, 1)) {
            typed[name->text()] = buildArgs_->item(row, 1)->text();
        }
    }
    std::vector<std::pair<QString, QString>> args;
    std::set<QString> seen;
    for (const df::Instruction& instruction : analysis.dockerfile.instructions) {
        const auto* arg = instruction.as<df::ArgInstruction>();
        if (!arg) {
            continue;
        }
        for (const df::ArgDeclaration& declaration : arg->arguments) {
            const QString name = QString::fromStdString(declaration.name.text);
            if (!seen.insert(name).second) {
                continue;
            }
            const QString fallback = declaration.defaultValue
                                         ? QString::fromStdString(declaration.defaultValue->text)
                                         : QString();
            auto found = typed.find(name);
            args.emplace_back(name, found != typed.end() ? found->second : fallback);
        }
    }
    buildArgs_->setRowCount(int(args.size()));
    for (int row = 0; row < int(args.size()); ++row) {
        auto* name = new QTableWidgetItem(args[std::size_t(row)].first);
        name->setFlags(name->flags() & ~Qt::ItemIsEditable);
        buildArgs_->setItem(row, 0, name);
        buildArgs_->setItem(row, 1, new QTableWidgetItem(args[std::size_t(row)].second));
    }
    showBuildArgs();

    const QString current = target_->currentData().toString();
    target_->clear();
    target_->addItem(tr("(last stage)"), QString());
    for (const df::Stage& stage : analysis.stages.stages) {
        const QString name =
            stage.name ? QString::fromStdString(*stage.name) : QString::number(stage.index);
        target_->addItem(stage.name ? name : tr("stage %1").arg(name), name);
    }
    target_->setCurrentIndex(std::max(0, target_->findData(current)));
}

void BuildPanel::chooseContext() {
    const QString directory =
        QFileDialog::getExistingDirectory(this, tr("Build context folder"), context_->text());
    if (!directory.isEmpty()) {
        context_->setText(directory);
    }
}

void BuildPanel::updateButtons() {
    const bool building = isBuilding();
    build_->setEnabled(!building && connection_ && !context_->text().isEmpty());
    build_->setToolTip(connection_ && !context_->text().isEmpty()
                           ? tr("Build the editor's Dockerfile (Ctrl+B)")
                           : tr("Choose a context folder and connect to an engine to build"));
    cancelButton_->setEnabled(building);
}

void BuildPanel::startBuild() {
    if (isBuilding() || !connection_ || context_->text().isEmpty()) {
        return;
    }
    if (textProvider_) {
        text_ = textProvider_();
    }
    client::BuildRequest request;
    request.context.directory = context_->text().toStdString();
    request.context.dockerfile = dockerfile_->text().toStdString();
    if (!text_.isEmpty()) {
        request.context.dockerfileText = text_.toStdString();
    }
    for (const QString& tag :
         tags_->text().split(QRegularExpression("[\\s,]+"), Qt::SkipEmptyParts)) {
        request.tags.push_back(tag.toStdString());
    }
    for (int row = 0; row < buildArgs_->rowCount(); ++row) {
        auto* name = buildArgs_->item(row, 0);
        auto* value = buildArgs_->item(row, 1);
        if (name && value && !value->text().isEmpty()) {
            request.buildArgs[name->text().toStdString()] = value->text().toStdString();
        }
    }
    request.target = target_->currentData().toString().toStdString();
    request.noCache = noCache_->isChecked();

    steps_->clear();
    log_->clear();
    tabs_->setCurrentWidget(output_);
    currentStep_ = nullptr;
    pendingStream_.clear();
    cancel_ = std::make_shared<client::CancelToken>();
    if (tasks_) {
        taskId_ = tasks_->add(
            tr("Building %1").arg(tags_->text().isEmpty() ? context_->text() : tags_->text()),
            cancel_);
    }
    updateButtons();
    emit buildStarted();

    QPointer<BuildPanel> self(this);
    auto cancel = cancel_;
    connection_->run(
        this,
        [request, cancel, self](client::Client& client) {
            auto post = [self](const client::Json& message) {
                QJsonObject object = toQJson(message);
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, object] {
                        if (self) {
                            self->handleMessage(object);
                        }
                    },
                    Qt::QueuedConnection);
            };
            return client.buildImage(request, post, cancel.get());
        },
        [this, cancel](Result<std::string> built) {
            if (!built) {
                finishBuild(false, {},
                            cancel->cancelled() ? QString()
                                                : QString::fromStdString(built.error().message));
                return;
            }
            finishBuild(true, QString::fromStdString(*built), {});
        });
}

void BuildPanel::cancelBuild() {
    if (cancel_) {
        cancel_->cancel();
        log_->appendPlainText(tr("Cancelling the build…"));
    }
}

void BuildPanel::handleMessage(const QJsonObject& message) {
    if (message.contains("stream")) {
        pendingStream_ += message["stream"].toString();
        qsizetype newline;
        while ((newline = pendingStream_.indexOf('\n')) >= 0) {
            handleStreamLine(pendingStream_.left(newline));
            pendingStream_.remove(0, newline + 1);
        }
    }
    if (message.contains("error")) {
        log_->appendPlainText(message["error"].toString());
    }
}

void BuildPanel::handleStreamLine(const QString& line) {
    log_->appendPlainText(line);
    const QRegularExpressionMatch step = kStepLine.match(line);
    if (step.hasMatch()) {
        if (currentStep_) {
            setStepState(currentStep_, tr("done"), 100);
        }
        currentStep_ = new QTreeWidgetItem(
            steps_,
            {QStringLiteral("%1/%2").arg(step.captured(1), step.captured(2)), step.captured(3)});
        setStepState(currentStep_, tr("running"), -1);
        steps_->scrollToItem(currentStep_);
        if (tasks_ && taskId_) {
            tasks_->setProgress(taskId_, step.captured(1).toLongLong() - 1,
                                step.captured(2).toLongLong());
        }
    } else if (line.trimmed() == "---> Using cache" && currentStep_) {
        setStepState(currentStep_, tr("cached"), 100);
    }
}

// The progress bar of a step: busy while it runs (progress -1), full once it is done.
void BuildPanel::setStepState(QTreeWidgetItem* item, const QString& state, int progress) {
    auto* bar = qobject_cast<QProgressBar*>(steps_->itemWidget(item, StepProgress));
    if (!bar) {
        bar = new QProgressBar(steps_);
        bar->setMaximumHeight(steps_->fontMetrics().height() + 4);
        steps_->setItemWidget(item, StepProgress, bar);
    }
    bar->setRange(0, progress < 0 ? 0 : 100);
    bar->setValue(std::max(progress, 0));
    bar->setFormat(state);
    bar->setTextVisible(true);
    item->setData(StepProgress, Qt::UserRole, state);
}

void BuildPanel::finishBuild(bool succeeded, const QString& imageId, const QString& error) {
    const bool cancelled = !succeeded && error.isEmpty();
    if (currentStep_) {
        if (succeeded) {
            setStepState(currentStep_, tr("done"), 100);
        } else {
            setStepState(currentStep_, cancelled ? tr("cancelled") : tr("failed"), 0);
        }
    }
    if (succeeded) {
        log_->appendPlainText(tr("Built image %1.").arg(shortId(imageId.toStdString())));
    } else if (cancelled) {
        log_->appendPlainText(tr("The build was cancelled."));
    } else {
        log_->appendPlainText(tr("The build failed: %1").arg(error));
        const QRegularExpressionMatch failed = kFailedLine.match(error);
        if (failed.hasMatch()) {
            emit showLineRequested(failed.captured(1).toInt(), error);
        }
    }
    if (tasks_ && taskId_) {
        const auto state = succeeded   ? BackgroundTask::State::Succeeded
                           : cancelled ? BackgroundTask::State::Cancelled
                                       : BackgroundTask::State::Failed;
        tasks_->finish(taskId_, state,
                       succeeded ? tr("Built %1").arg(shortId(imageId.toStdString())) : error);
        taskId_ = 0;
    }
    cancel_.reset();
    updateButtons();
    emit buildFinished(succeeded, imageId);
}

} // namespace berth::studio
