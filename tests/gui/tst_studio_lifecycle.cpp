// The container lifecycle in the studio against a real berthd. The test renames a container
// from the Containers page, pauses and unpauses it, updates its limits, and watches its Stats
// and Top tabs. Then it prunes the stopped containers from the Engine page after the
// preview, and shows a health check's status. Steps whose endpoint this berthd lacks (pause,
// update, health checks) skip with the reason.

#include "api/berthd_fixture.h"
#include "containersmodel.h"
#include "containerspage.h"
#include "containerstatsview.h"
#include "containertopview.h"
#include "engineconnection.h"
#include "enginepage.h"
#include "errorbanner.h"
#include "mainwindow.h"
#include "renamedialog.h"
#include "studio_window.h"
#include "updatedialog.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMessageBox>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

using namespace berth;
using namespace berth::studio;

namespace {

constexpr int kEngineStartMs = 20000;
constexpr int kStepMs = 30000;

} // namespace

class StudioLifecycleTest : public QObject {
    Q_OBJECT

private:
    BerthdFixture berthd_;
    std::unique_ptr<MainWindow> window_;
    QString webId_;

    [[nodiscard]] QJsonObject inspect(const QString& name) const {
        const HttpResult result = berthd_.request("GET", "/containers/" + name.toUtf8() + "/json");
        return QJsonDocument::fromJson(result.body).object();
    }

    // Whether berthd routes this endpoint at all: a missing route is "page not found".
    [[nodiscard]] bool engineHas(const QByteArray& method, const QByteArray& path) const {
        const HttpResult result = berthd_.request(method, path);
        return !result.body.contains("page not found");
    }

    [[nodiscard]] QString stateOfWeb() const {
        ContainersModel* model = window_->containersModel();
        return model->index(model->rowOfId(webId_), 0).data(ContainersModel::StateRole).toString();
    }

    void selectWeb() {
        ContainersPage* page = window_->containersPage();
        QTRY_VERIFY_WITH_TIMEOUT(window_->containersModel()->rowOfId(webId_) >= 0, kStepMs);
        QVERIFY(page->selectContainer(webId_));
    }

    void saveScreenshot(QWidget* widget, const QString& file) {
        const QString shots = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
        if (!shots.isEmpty()) {
            QVERIFY(widget->grab().save(shots + QLatin1Char('/') + file));
        }
    }

private slots:
    void initTestCase() {
        if (QString missing = BerthdFixture::missingPrerequisite(); !missing.isEmpty()) {
            QSKIP(qPrintable(missing));
        }
        const QString error = berthd_.startWithBusybox("busybox");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // A little work in the background gives the CPU and memory charts something to draw.
        CommandResult web = berthd_.docker(
            {"run", "-d", "--name", "lc_web", "busybox", "sh", "-c",
             "(while :; do head -c 300000 /dev/urandom | md5sum; sleep 1; done) >/dev/null & "
             "exec sleep 3600"});
        QVERIFY2(web.exitCode == 0, describe(web));
        webId_ = QString::fromUtf8(web.out).trimmed();
        CommandResult created = berthd_.docker({"create", "--name", "lc_old", "busybox", "true"});
        QVERIFY2(created.exitCode == 0, describe(created));
        CommandResult done = berthd_.docker({"run", "--name", "lc_done", "busybox", "true"});
        QVERIFY2(done.exitCode == 0, describe(done));

        window_ = openStudioWindow(berthd_, QStringLiteral("studio-lifecycle"),
                                   MainWindow::ContainersIndex);
        QVERIFY(window_ != nullptr);
        QTRY_VERIFY_WITH_TIMEOUT(window_->connection()->isConnected(), kEngineStartMs);
        QTRY_VERIFY_WITH_TIMEOUT(window_->containersModel()->rowCount() == 3, kStepMs);
    }

    void cleanupTestCase() {
        window_.reset();
        const QStringList leftovers = berthd_.stop();
        QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(QLatin1Char('\n'))));
    }

    void renameChecksNameLive() {
        selectWeb();
        ContainersPage* page = window_->containersPage();
        QTRY_VERIFY_WITH_TIMEOUT(page->renameAction()->isEnabled(), kStepMs);
        RenameDialog* dialog = page->showRenameDialog();
        QVERIFY(dialog);
        auto* ok = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);

        dialog->setName(QStringLiteral("-web"));
        QVERIFY(dialog->problem().contains(QStringLiteral("Invalid name")));
        QVERIFY(!ok->isEnabled());
        dialog->setName(QStringLiteral("w"));
        QVERIFY(!ok->isEnabled());
        dialog->setName(QStringLiteral("lc_old"));
        QVERIFY(dialog->problem().contains(QStringLiteral("already in use")));
        QVERIFY(!ok->isEnabled());
        dialog->setName(QStringLiteral("lc_web"));
        QVERIFY(!ok->isEnabled());
        dialog->reject();
    }

    void renamesContainer() {
        selectWeb();
        RenameDialog* dialog = window_->containersPage()->showRenameDialog();
        QVERIFY(dialog);
        dialog->setName(QStringLiteral("lc_renamed"));
        QVERIFY2(dialog->problem().isEmpty(), qPrintable(dialog->problem()));
        dialog->accept();
        ContainersModel* model = window_->containersModel();
        QTRY_COMPARE_WITH_TIMEOUT(
            model->index(model->rowOfId(webId_), 0).data(ContainersModel::NameRole).toString(),
            QStringLiteral("lc_renamed"), kStepMs);
        QCOMPARE(inspect(webId_)["Name"].toString(), QStringLiteral("/lc_renamed"));
        QVERIFY(!window_->containersPage()->banner()->isVisible());
    }

    void pausesAndUnpauses() {
        if (!engineHas("POST", "/containers/no_such_container/pause")) {
            QSKIP("this berthd has no pause endpoint");
        }
        selectWeb();
        ContainersPage* page = window_->containersPage();
        QTRY_VERIFY_WITH_TIMEOUT(page->pauseAction()->isEnabled(), kStepMs);
        QVERIFY(!page->unpauseAction()->isEnabled());
        page->pauseAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOfWeb(), QStringLiteral("paused"), kStepMs);
        QCOMPARE(inspect(webId_)["State"].toObject()["Paused"].toBool(), true);
        QTRY_VERIFY_WITH_TIMEOUT(page->unpauseAction()->isEnabled(), kStepMs);
        QVERIFY(!page->pauseAction()->isEnabled());

        page->unpauseAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(stateOfWeb(), QStringLiteral("running"), kStepMs);
        QCOMPARE(inspect(webId_)["State"].toObject()["Paused"].toBool(), false);
        QVERIFY2(!page->banner()->isVisible(), qPrintable(page->banner()->text()));
    }

    void updatesMemoryLimit() {
        if (!engineHas("POST", "/containers/no_such_container/update")) {
            QSKIP("this berthd has no update endpoint");
        }
        selectWeb();
        ContainersPage* page = window_->containersPage();
        page->showUpdateDialog();
        QTRY_VERIFY_WITH_TIMEOUT(page->updateDialog() != nullptr, kStepMs);
        UpdateDialog* dialog = page->updateDialog();
        dialog->setMemoryMiB(3);
        QVERIFY(!dialog->problem().isEmpty());
        dialog->setMemoryMiB(96);
        dialog->setRestartPolicy(QStringLiteral("on-failure"), 3);
        QVERIFY2(dialog->problem().isEmpty(), qPrintable(dialog->problem()));
        QCOMPARE(dialog->update().memoryBytes.value_or(0), int64_t(96) * 1024 * 1024);
        dialog->accept();
        QTRY_COMPARE_WITH_TIMEOUT(inspect(webId_)["HostConfig"].toObject()["Memory"].toInteger(),
                                  qint64(96) * 1024 * 1024, kStepMs);
        const QJsonObject policy =
            inspect(webId_)["HostConfig"].toObject()["RestartPolicy"].toObject();
        QCOMPARE(policy["Name"].toString(), QStringLiteral("on-failure"));
        QCOMPARE(policy["MaximumRetryCount"].toInt(), 3);
        QVERIFY2(!page->banner()->isVisible(), qPrintable(page->banner()->text()));
    }

    void statsTabChartsMemory() {
        selectWeb();
        ContainersPage* page = window_->containersPage();
        ContainerStatsView* stats = page->stats();
        page->details()->setCurrentWidget(stats);
        QTRY_VERIFY_WITH_TIMEOUT(stats->isStreaming(), kStepMs);
        // Screenshots wait for a longer stretch of chart.
        const int samples = qEnvironmentVariableIsEmpty("BERTH_SCREENSHOT_DIR") ? 3 : 20;
        QTRY_VERIFY_WITH_TIMEOUT(stats->memorySeries()->count() >= samples, kStepMs);
        QVERIFY(stats->memorySeries()->at(0).y() > 0);
        QVERIFY(stats->cpuSeries()->count() >= 3);
        QVERIFY2(stats->summary()->text().contains(QStringLiteral("Memory")),
                 qPrintable(stats->summary()->text()));
        saveScreenshot(window_.get(), QStringLiteral("studio-stats.png"));

        // The stream stops while the tab is hidden.
        page->details()->setCurrentIndex(0);
        QTRY_VERIFY_WITH_TIMEOUT(!stats->isStreaming(), kStepMs);
    }

    void statsResumeAfterRestart() {
        selectWeb();
        ContainersPage* page = window_->containersPage();
        ContainerStatsView* stats = page->stats();
        page->details()->setCurrentWidget(stats);
        QTRY_VERIFY_WITH_TIMEOUT(stats->isStreaming(), kStepMs);

        CommandResult stopped = berthd_.docker({"stop", "-t", "1", webId_});
        QVERIFY2(stopped.exitCode == 0, describe(stopped));
        QTRY_VERIFY_WITH_TIMEOUT(!stats->isStreaming(), kStepMs);
        const int samplesBefore = stats->memorySeries()->count();

        CommandResult started = berthd_.docker({"start", webId_});
        QVERIFY2(started.exitCode == 0, describe(started));
        QTRY_VERIFY_WITH_TIMEOUT(stats->isStreaming(), kStepMs);
        QTRY_VERIFY_WITH_TIMEOUT(stats->memorySeries()->count() > samplesBefore, kStepMs);
        page->details()->setCurrentIndex(0);
    }

    void topTabListsProcesses() {
        selectWeb();
        ContainersPage* page = window_->containersPage();
        ContainerTopView* top = page->top();
        page->details()->setCurrentWidget(top);
        QTRY_VERIFY_WITH_TIMEOUT(top->table()->rowCount() >= 1, kStepMs);
        bool sawSleep = false;
        for (int row = 0; row < top->table()->rowCount(); ++row) {
            for (int column = 0; column < top->table()->columnCount(); ++column) {
                const QTableWidgetItem* item = top->table()->item(row, column);
                sawSleep |= item && item->text().contains(QStringLiteral("sleep"));
            }
        }
        QVERIFY2(sawSleep, qPrintable(top->status()->text()));
        page->details()->setCurrentIndex(0);
    }

    void enginePageShowsEngine() {
        window_->setCurrentPage(MainWindow::EngineIndex);
        EnginePage* page = window_->enginePage();
        QTRY_VERIFY_WITH_TIMEOUT(page->diskUse()->item(1, 1) != nullptr, kStepMs);
        QCOMPARE(page->diskUse()->item(1, 1)->text(), QStringLiteral("3"));
        QCOMPARE(page->diskUse()->item(1, 2)->text(), QStringLiteral("1"));
        QVERIFY(page->identity()->text().contains(berthd_.dataRoot()));
        saveScreenshot(window_.get(), QStringLiteral("studio-engine.png"));
    }

    void prunesStoppedContainers() {
        window_->setCurrentPage(MainWindow::EngineIndex);
        EnginePage* page = window_->enginePage();
        QSignalSpy previewed(page, &EnginePage::previewReady);
        page->pruneButton(PruneKind::Containers)->click();
        QVERIFY(previewed.wait(kStepMs));
        QCOMPARE(previewed.first().at(1).toInt(), 2);
        QMessageBox* box = page->confirmation();
        QVERIFY(box);
        QVERIFY2(box->informativeText().contains(QStringLiteral("lc_old")),
                 qPrintable(box->informativeText()));
        QVERIFY(box->informativeText().contains(QStringLiteral("lc_done")));
        QVERIFY(!box->informativeText().contains(QStringLiteral("lc_renamed")));
        // Nothing is removed before the user confirms.
        QCOMPARE(berthd_.docker({"ps", "-aq"}).out.count('\n'), 3);

        QSignalSpy finished(page, &EnginePage::pruneFinished);
        QAbstractButton* remove = nullptr;
        for (QAbstractButton* button : box->buttons()) {
            if (box->buttonRole(button) == QMessageBox::DestructiveRole) {
                remove = button;
            }
        }
        QVERIFY(remove);
        remove->click();
        QVERIFY(finished.wait(kStepMs));
        QVERIFY2(finished.first().first().toBool(), qPrintable(page->banner()->text()));
        QVERIFY2(page->status()->text().contains(QStringLiteral("Removed 2 container(s)")),
                 qPrintable(page->status()->text()));
        const CommandResult left = berthd_.docker({"ps", "-a", "--format", "{{.Names}}"});
        QCOMPARE(QString::fromUtf8(left.out).trimmed(), QStringLiteral("lc_renamed"));
        QTRY_COMPARE_WITH_TIMEOUT(page->diskUse()->item(1, 1)->text(), QStringLiteral("1"),
                                  kStepMs);
    }

    void cancelledPruneRemovesNothing() {
        CommandResult done = berthd_.docker({"run", "--name", "lc_again", "busybox", "true"});
        QVERIFY2(done.exitCode == 0, describe(done));
        EnginePage* page = window_->enginePage();
        QSignalSpy previewed(page, &EnginePage::previewReady);
        page->pruneButton(PruneKind::Containers)->click();
        QVERIFY(previewed.wait(kStepMs));
        QMessageBox* box = page->confirmation();
        QVERIFY(box);
        box->button(QMessageBox::Cancel)->click();
        QTRY_VERIFY_WITH_TIMEOUT(page->confirmation() == nullptr, kStepMs);
        QVERIFY(page->status()->text().contains(QStringLiteral("nothing was removed")));
        QCOMPARE(berthd_.docker({"ps", "-aq"}).out.count('\n'), 2);
    }

    // Without "all", only anonymous volumes go: the named one stays, in the preview too.
    void prunesAnonymousVolumes() {
        CommandResult named = berthd_.docker({"volume", "create", "lc_named"});
        QVERIFY2(named.exitCode == 0, describe(named));
        CommandResult run =
            berthd_.docker({"run", "--name", "lc_vol", "-v", "/data", "busybox", "true"});
        QVERIFY2(run.exitCode == 0, describe(run));
        CommandResult removed = berthd_.docker({"rm", "lc_vol"});
        QVERIFY2(removed.exitCode == 0, describe(removed));

        window_->setCurrentPage(MainWindow::EngineIndex);
        EnginePage* page = window_->enginePage();
        page->includeUnused()->setChecked(false);
        QSignalSpy previewed(page, &EnginePage::previewReady);
        page->pruneButton(PruneKind::Volumes)->click();
        QVERIFY(previewed.wait(kStepMs));
        QCOMPARE(previewed.first().at(1).toInt(), 1);
        QMessageBox* box = page->confirmation();
        QVERIFY(box);
        QVERIFY2(!box->informativeText().contains(QStringLiteral("lc_named")),
                 qPrintable(box->informativeText()));

        QSignalSpy finished(page, &EnginePage::pruneFinished);
        for (QAbstractButton* button : box->buttons()) {
            if (box->buttonRole(button) == QMessageBox::DestructiveRole) {
                button->click();
            }
        }
        QVERIFY(finished.wait(kStepMs));
        QVERIFY2(finished.first().first().toBool(), qPrintable(page->banner()->text()));
        QVERIFY2(page->status()->text().contains(QStringLiteral("Removed 1 volume(s)")),
                 qPrintable(page->status()->text()));
        const CommandResult left = berthd_.docker({"volume", "ls", "-q"});
        QCOMPARE(QString::fromUtf8(left.out).trimmed(), QStringLiteral("lc_named"));
        CommandResult cleanup = berthd_.docker({"volume", "rm", "lc_named"});
        QVERIFY2(cleanup.exitCode == 0, describe(cleanup));
    }

    void healthShownInStateColumn() {
        CommandResult run = berthd_.docker({"run", "-d", "--name", "lc_health", "--health-cmd",
                                            "echo probe-output; test -e /tmp/ready",
                                            "--health-interval", "1s", "busybox", "sleep", "3600"});
        QVERIFY2(run.exitCode == 0, describe(run));
        const QString id = QString::fromUtf8(run.out).trimmed();
        if (inspect(id)["State"].toObject()["Health"].isUndefined()) {
            QSKIP("this berthd runs no health checks");
        }
        ContainersModel* model = window_->containersModel();
        const auto stateCell = [model, id] {
            return model->index(model->rowOfId(id), ContainersModel::State);
        };
        QTRY_VERIFY_WITH_TIMEOUT(model->rowOfId(id) >= 0, kStepMs);
        QTRY_COMPARE_WITH_TIMEOUT(stateCell().data(ContainersModel::HealthRole).toString(),
                                  QStringLiteral("unhealthy"), kStepMs);
        QCOMPARE(stateCell().data().toString(), QStringLiteral("running (unhealthy)"));
        QTRY_VERIFY_WITH_TIMEOUT(
            stateCell().data(Qt::ToolTipRole).toString().contains(QStringLiteral("probe-output")),
            kStepMs);

        CommandResult ready = berthd_.docker({"exec", id, "touch", "/tmp/ready"});
        QVERIFY2(ready.exitCode == 0, describe(ready));
        QTRY_COMPARE_WITH_TIMEOUT(stateCell().data(ContainersModel::HealthRole).toString(),
                                  QStringLiteral("healthy"), kStepMs);
        QTRY_VERIFY_WITH_TIMEOUT(
            stateCell().data(Qt::ToolTipRole).toString().contains(QStringLiteral("exited with 0")),
            kStepMs);
    }
};

QTEST_MAIN(StudioLifecycleTest)
#include "tst_studio_lifecycle.moc"
