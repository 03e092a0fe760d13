// The studio's volume screens against a real berthd. A host directory and a single file
// mapped in the Run dialog reach the started container: its inspect shows both mounts, and
// a file it writes shows on the host. The sharing map then has the container, both host
// paths, a solid edge and a dashed one. The map fits in the view, has a legend, and leaves
// out containers without volumes unless its check box is checked. With the engine's volumes
// API, a volume created on the Volumes page is mapped in the Run dialog, cannot be removed
// while in use, and is pruned once its container is gone. The berthd is the test's own
// (BerthdFixture), and teardown removes its containers and checks that nothing is left behind.

#include "api/berthd_fixture.h"
#include "containersmodel.h"
#include "containerspage.h"
#include "engineconnection.h"
#include "errorbanner.h"
#include "imagesmodel.h"
#include "imagespage.h"
#include "importdialog.h"
#include "mainwindow.h"
#include "rundialog.h"
#include "sharingview.h"
#include "volumesmodel.h"
#include "volumespage.h"

#include <QApplication>
#include <QCheckBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace berth::studio;

namespace {

constexpr int kEngineStartMs = 20000;
constexpr int kStepMs = 30000;

QString randomSuffix() {
    return QString::number(QRandomGenerator::global()->generate(), 16);
}

// Fills the last row of the dialog's mapping table as a user types into it.
void typeMapping(RunDialog* dialog, const QString& source, const QString& target) {
    auto* table = dialog->findChild<QTableWidget*>(QStringLiteral("volumeTable"));
    dialog->findChild<QPushButton*>(QStringLiteral("addVolumeButton"))->click();
    const int row = table->rowCount() - 1;
    table->item(row, 0)->setText(source);
    table->item(row, 1)->setText(target);
}

} // namespace

class StudioVolumesTest : public QObject {
    Q_OBJECT

private:
    BerthdFixture berthd_;
    QTemporaryDir hostDir_;
    std::unique_ptr<MainWindow> window_;
    QString containerName_;

    [[nodiscard]] QJsonObject inspect(const QString& name) const;
    // Opens the Run dialog with busybox and the command; the caller adds mappings.
    RunDialog* openRunDialog(const QString& name, const QString& command);
    void waitUntilRunning(const QString& name);

private slots:
    void initTestCase();
    void cleanupTestCase();
    void importsBusybox();
    void mappedHostPathsReachContainer();
    void sharingMapShowsBindMounts();
    void createdVolumeIsMappedAndProtected();
    void volumesFromDrawsSharing();
};

QJsonObject StudioVolumesTest::inspect(const QString& name) const {
    const HttpResult result = berthd_.request("GET", "/containers/" + name.toUtf8() + "/json");
    return result.status == 200 ? QJsonDocument::fromJson(result.body).object() : QJsonObject();
}

RunDialog* StudioVolumesTest::openRunDialog(const QString& name, const QString& command) {
    window_->setCurrentPage(MainWindow::ContainersIndex);
    ContainersPage* page = window_->containersPage();
    page->runAction()->trigger();
    auto* dialog = page->findChild<RunDialog*>();
    if (!dialog) {
        return nullptr;
    }
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("imageEdit")),
                     QStringLiteral("busybox:latest"));
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("nameEdit")), name);
    dialog->findChild<QLineEdit*>(QStringLiteral("commandEdit"))->setText(command);
    return dialog;
}

void StudioVolumesTest::waitUntilRunning(const QString& name) {
    ContainersPage* page = window_->containersPage();
    QTRY_VERIFY_WITH_TIMEOUT(inspect(name)["State"].toObject()["Running"].toBool() ||
                                 page->banner()->isVisible(),
                             kStepMs);
    QVERIFY2(!page->banner()->isVisible(),
             qPrintable(page->banner()->text() + QStringLiteral("\nberthd log:\n") +
                        QString::fromUtf8(berthd_.logText().right(3000))));
}

void StudioVolumesTest::initTestCase() {
    if (::geteuid() != 0) {
        QSKIP("berthd runs containers, which needs root");
    }
    if (!QFile::exists(qEnvironmentVariable("BERTH_BIN_DIR") + QStringLiteral("/berthd"))) {
        QSKIP("berthd is not built");
    }
    QVERIFY(hostDir_.isValid());
    const QString error = berthd_.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));

    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("BerthTest"));
    QApplication::setApplicationName(QStringLiteral("studio-volumes-") + randomSuffix());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       berthd_.dataRoot() + QStringLiteral("-settings"));
    QSettings().setValue(QStringLiteral("engine/endpoint"),
                         QStringLiteral("unix://") + berthd_.socketPath());

    window_ = std::make_unique<MainWindow>();
    window_->resize(1100, 720);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    window_->connectToEngine();
    QTRY_VERIFY_WITH_TIMEOUT(window_->connection()->isConnected(), kEngineStartMs);
}

void StudioVolumesTest::cleanupTestCase() {
    window_.reset();
    const QStringList leftovers = berthd_.stop();
    QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(QLatin1Char('\n'))));
}

void StudioVolumesTest::importsBusybox() {
    ImagesPage* page = window_->imagesPage();
    QTRY_VERIFY_WITH_TIMEOUT(page->importAction()->isEnabled(), kStepMs);
    page->startImport(berthd_.busyboxTar(), QStringLiteral("busybox:latest"));
    QTRY_VERIFY_WITH_TIMEOUT(
        window_->imagesModel()->rowOfReference(QStringLiteral("busybox:latest")) >= 0, kStepMs);
}

// A directory bound read-write and a single file bound read-only, typed into the table.
void StudioVolumesTest::mappedHostPathsReachContainer() {
    const QString file = hostDir_.filePath(QStringLiteral("app.conf"));
    QFile conf(file);
    QVERIFY(conf.open(QIODevice::WriteOnly));
    QVERIFY(conf.write("setting=1\n") > 0);
    conf.close();
    const QString data = hostDir_.filePath(QStringLiteral("data"));
    QVERIFY(QDir().mkpath(data));

    containerName_ = QStringLiteral("mapped-") + randomSuffix();
    RunDialog* dialog = openRunDialog(
        containerName_, QStringLiteral("sh -c 'cat /etc/app.conf > /app_data/copied; sleep 300'"));
    QVERIFY(dialog);
    typeMapping(dialog, data, QStringLiteral("/app_data"));
    typeMapping(dialog, file, QStringLiteral("/etc/app.conf"));
    auto* table = dialog->findChild<QTableWidget*>(QStringLiteral("volumeTable"));
    table->item(1, 2)->setCheckState(Qt::Checked);
    QVERIFY2(dialog->runLine().contains(QStringLiteral("-v %1:/app_data").arg(data)),
             qPrintable(dialog->runLine()));
    QVERIFY2(dialog->runLine().contains(QStringLiteral("-v %1:/etc/app.conf:ro").arg(file)),
             qPrintable(dialog->runLine()));
    QVERIFY2(dialog->problems().isEmpty(), qPrintable(dialog->problems().join('\n')));
    dialog->runButton()->click();
    waitUntilRunning(containerName_);

    const QJsonArray mounts = inspect(containerName_)["Mounts"].toArray();
    QCOMPARE(mounts.size(), 2);
    QJsonObject dataMount, fileMount;
    for (const QJsonValue& mount : mounts) {
        const QJsonObject object = mount.toObject();
        (object["Destination"].toString() == QLatin1String("/app_data") ? dataMount : fileMount) =
            object;
    }
    QCOMPARE(dataMount["Type"].toString(), QStringLiteral("bind"));
    QCOMPARE(dataMount["Source"].toString(), data);
    QVERIFY(dataMount["RW"].toBool());
    QCOMPARE(fileMount["Destination"].toString(), QStringLiteral("/etc/app.conf"));
    QCOMPARE(fileMount["Source"].toString(), file);
    QVERIFY(!fileMount["RW"].toBool());

    // What the container wrote through the bind is on the host.
    QFile copied(data + QStringLiteral("/copied"));
    QTRY_VERIFY_WITH_TIMEOUT(copied.exists() && copied.size() > 0, kStepMs);
    QVERIFY(copied.open(QIODevice::ReadOnly));
    QCOMPARE(copied.readAll(), QByteArray("setting=1\n"));
}

void StudioVolumesTest::sharingMapShowsBindMounts() {
    window_->setCurrentPage(MainWindow::VolumesIndex);
    VolumesPage* page = window_->volumesPage();
    page->showMap(true);
    const QString id = inspect(containerName_)["Id"].toString();
    SharingView* view = page->sharingView();
    const auto edgeFrom = [&](const QString& source) -> const SharingEdge* {
        const int from = view->graph().find(SharingNode::Kind::HostPath, source.toStdString());
        const int to = view->graph().find(SharingNode::Kind::Container, id.toStdString());
        for (const SharingEdge& edge : view->graph().edges) {
            if (int(edge.from) == from && int(edge.to) == to) {
                return &edge;
            }
        }
        return nullptr;
    };
    const QString data = hostDir_.filePath(QStringLiteral("data"));
    const QString file = hostDir_.filePath(QStringLiteral("app.conf"));
    QTRY_VERIFY_WITH_TIMEOUT(edgeFrom(data) && edgeFrom(file), kStepMs);
    QVERIFY(!edgeFrom(data)->readOnly);
    QCOMPARE(edgeFrom(data)->label, std::string("/app_data"));
    QVERIFY(edgeFrom(file)->readOnly);
    QCOMPARE(view->edgeItems().size(), int(view->graph().edges.size()));

    // Clicking the container in the map selects it on the Containers page.
    const int node = view->graph().find(SharingNode::Kind::Container, id.toStdString());
    view->centerOn(view->nodeCenter(node));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->mapFromScene(view->nodeCenter(node)));
    QCOMPARE(window_->currentPage(), int(MainWindow::ContainersIndex));
    const QModelIndexList selected =
        window_->containersPage()->view()->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected[0].data(ContainersModel::IdRole).toString(), id);
}

void StudioVolumesTest::createdVolumeIsMappedAndProtected() {
    const QString volume = QStringLiteral("studio-") + randomSuffix();
    window_->setCurrentPage(MainWindow::VolumesIndex);
    VolumesPage* page = window_->volumesPage();
    page->showMap(false);
    page->createVolume(volume);
    VolumesModel* model = window_->volumesModel();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowOfName(volume) >= 0, kStepMs);

    const QString name = QStringLiteral("uses-volume-") + randomSuffix();
    RunDialog* dialog =
        openRunDialog(name, QStringLiteral("sh -c 'echo kept > /vol/file; sleep 300'"));
    QVERIFY(dialog);
    typeMapping(dialog, volume, QStringLiteral("/vol"));
    QVERIFY2(dialog->problems().isEmpty(), qPrintable(dialog->problems().join('\n')));
    dialog->runButton()->click();
    waitUntilRunning(name);
    const QJsonArray mounts = inspect(name)["Mounts"].toArray();
    QCOMPARE(mounts.size(), 1);
    QCOMPARE(mounts[0].toObject()["Type"].toString(), QStringLiteral("volume"));
    QCOMPARE(mounts[0].toObject()["Name"].toString(), volume);

    QTRY_VERIFY_WITH_TIMEOUT(model->rowOfName(volume) >= 0 &&
                                 model->volume(model->rowOfName(volume))->usedBy ==
                                     std::vector<std::string>{name.toStdString()},
                             kStepMs);
    window_->setCurrentPage(MainWindow::VolumesIndex);
    page->removeVolumes({volume});
    QTRY_VERIFY_WITH_TIMEOUT(page->banner()->isVisible(), kStepMs);
    QVERIFY2(page->banner()->text().contains(volume), qPrintable(page->banner()->text()));
    QVERIFY(berthd_.request("GET", "/volumes/" + volume.toUtf8()).status == 200);

    // Once its container is gone, pruning with named volumes included removes it.
    QCOMPARE(berthd_.request("DELETE", "/containers/" + name.toUtf8() + "?force=1").status, 204);
    QTRY_VERIFY_WITH_TIMEOUT(model->rowOfName(volume) >= 0 &&
                                 model->volume(model->rowOfName(volume))->usedBy.empty(),
                             kStepMs);
    page->pruneVolumes(true);
    QTRY_VERIFY_WITH_TIMEOUT(model->rowOfName(volume) < 0, kStepMs);
    QCOMPARE(berthd_.request("GET", "/volumes/" + volume.toUtf8()).status, 404);
}

// A data-volume container with an anonymous volume, and a worker that repeats its mounts
// read-only through the --volumes-from table: the map has the volume feeding both and an
// edge from the store to the worker.
void StudioVolumesTest::volumesFromDrawsSharing() {
    const QString store = QStringLiteral("store-") + randomSuffix();
    RunSpec spec;
    spec.image = "busybox:latest";
    spec.name = store.toStdString();
    spec.detach = true;
    spec.command = {"sh", "-c", "echo shared > /shared/file"};
    spec.volumes = {{"", "/shared", false, false}};
    window_->containersPage()->runContainer(spec);
    QTRY_VERIFY_WITH_TIMEOUT(inspect(store)["Mounts"].toArray().size() == 1, kStepMs);
    const QString anonymous = inspect(store)["Mounts"].toArray()[0].toObject()["Name"].toString();
    QVERIFY(!anonymous.isEmpty());

    const QString worker = QStringLiteral("worker-") + randomSuffix();
    RunDialog* dialog = openRunDialog(worker, QStringLiteral("sleep 300"));
    QVERIFY(dialog);
    dialog->setContainerNames({store});
    auto* from = dialog->findChild<QTableWidget*>(QStringLiteral("volumesFromTable"));
    RunSpec withFrom = dialog->spec();
    withFrom.volumesFrom = {{store.toStdString(), "ro"}};
    dialog->setSpec(withFrom);
    QCOMPARE(from->rowCount(), 1);
    QVERIFY2(dialog->runLine().contains(QStringLiteral("--volumes-from %1:ro").arg(store)),
             qPrintable(dialog->runLine()));
    dialog->runButton()->click();
    waitUntilRunning(worker);
    const QJsonArray mounts = inspect(worker)["Mounts"].toArray();
    QCOMPARE(mounts.size(), 1);
    QCOMPARE(mounts[0].toObject()["Name"].toString(), anonymous);
    QVERIFY(!mounts[0].toObject()["RW"].toBool());

    window_->setCurrentPage(MainWindow::VolumesIndex);
    window_->volumesPage()->showMap(true);
    SharingView* view = window_->volumesPage()->sharingView();
    const auto node = [&](SharingNode::Kind kind, const QString& key) {
        return view->graph().find(kind, key.toStdString());
    };
    const auto hasEdge = [&](int from, int to, SharingEdge::Kind kind, bool readOnly) {
        const auto& edges = view->graph().edges;
        return from >= 0 && to >= 0 &&
               std::any_of(edges.begin(), edges.end(), [&](const SharingEdge& edge) {
                   return int(edge.from) == from && int(edge.to) == to && edge.kind == kind &&
                          edge.readOnly == readOnly;
               });
    };
    const QString storeId = inspect(store)["Id"].toString();
    const QString workerId = inspect(worker)["Id"].toString();
    using Kind = SharingNode::Kind;
    QTRY_VERIFY_WITH_TIMEOUT(hasEdge(node(Kind::Container, storeId),
                                     node(Kind::Container, workerId),
                                     SharingEdge::Kind::VolumesFrom, true),
                             kStepMs);
    QVERIFY(hasEdge(node(Kind::Volume, anonymous), node(Kind::Container, storeId),
                    SharingEdge::Kind::Mount, false));
    QVERIFY(hasEdge(node(Kind::Volume, anonymous), node(Kind::Container, workerId),
                    SharingEdge::Kind::Mount, true));
    QCOMPARE(view->edgeItems().size(), int(view->graph().edges.size()));

    // The whole map fits in the view when it opens, and the legend sits above it.
    const QRect drawn = view->mapFromScene(view->sceneRect()).boundingRect();
    QVERIFY2(view->viewport()->rect().adjusted(-1, -1, 1, 1).contains(drawn),
             qPrintable(QStringLiteral("%1x%2 at %3,%4")
                            .arg(drawn.width())
                            .arg(drawn.height())
                            .arg(drawn.x())
                            .arg(drawn.y())));
    auto* legend = view->findChild<QWidget*>(QStringLiteral("sharingLegend"));
    QVERIFY(legend);
    QVERIFY(legend->isVisible());

    // A container without volumes shows only while its check box is checked.
    const QString lone = QStringLiteral("lone-") + randomSuffix();
    RunSpec loneSpec;
    loneSpec.image = "busybox:latest";
    loneSpec.name = lone.toStdString();
    loneSpec.detach = true;
    loneSpec.command = {"sleep", "300"};
    window_->containersPage()->runContainer(loneSpec);
    waitUntilRunning(lone);
    const QString loneId = inspect(lone)["Id"].toString();
    auto* showUnconnected =
        view->findChild<QCheckBox*>(QStringLiteral("showUnconnectedContainers"));
    QVERIFY(showUnconnected);
    QVERIFY(!showUnconnected->isChecked());
    showUnconnected->setChecked(true);
    QTRY_VERIFY_WITH_TIMEOUT(node(Kind::Container, loneId) >= 0, kStepMs);
    showUnconnected->setChecked(false);
    QCOMPARE(node(Kind::Container, loneId), -1);
    if (const QString shots = qEnvironmentVariable("BERTH_SCREENSHOT_DIR"); !shots.isEmpty()) {
        QVERIFY(window_->grab().save(shots + QStringLiteral("/sharing-map.png")));
    }
    QVERIFY(node(Kind::Container, workerId) >= 0);
}

QTEST_MAIN(StudioVolumesTest)
#include "tst_studio_volumes.moc"
