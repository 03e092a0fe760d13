// The studio's volume screens without an engine: the Run dialog's Volumes tab (table,
// inline checks that disable Run, the live docker run line, image VOLUME suggestions) and
// the sharing map drawn from canned inspect responses, with its click signals.

#include "rundialog.h"
#include "sharingview.h"
#include "volumesmodel.h"
#include "volumespage.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QGraphicsPathItem>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace berth::studio;
using berth::client::Json;

namespace {

RunSpec busyboxSpec() {
    RunSpec spec;
    spec.image = "busybox:latest";
    spec.detach = true;
    return spec;
}

// A data-volume container, a worker that repeats its volumes read-only and binds a host
// directory read-only, and an unused volume.
VolumesSnapshot cannedSnapshot() {
    const Json store = Json::parse(R"({
      "Id": "aaaa1111", "Name": "/store", "State": {"Status": "exited"},
      "HostConfig": {"VolumesFrom": null},
      "Mounts": [{"Type": "volume", "Name": "shared", "Source": "/v/shared",
                  "Destination": "/shared", "RW": true}]})");
    const Json worker = Json::parse(R"({
      "Id": "bbbb2222", "Name": "/worker", "State": {"Status": "running"},
      "HostConfig": {"VolumesFrom": ["store:ro"]},
      "Mounts": [{"Type": "bind", "Source": "/srv/webapp", "Destination": "/app_data",
                  "RW": false},
                 {"Type": "volume", "Name": "shared", "Source": "/v/shared",
                  "Destination": "/shared", "RW": false}]})");
    const Json volumes = Json::parse(R"({"Volumes": [
      {"Name": "shared", "Driver": "local", "Mountpoint": "/v/shared",
       "CreatedAt": "2026-12-04T20:00:00Z", "UsageData": {"Size": 2048, "RefCount": 2}},
      {"Name": "unused", "Driver": "local", "Mountpoint": "/v/unused",
       "CreatedAt": "2026-12-04T21:00:00Z"}]})");
    VolumesSnapshot snapshot;
    snapshot.containers = {containerMountsFromInspect(store), containerMountsFromInspect(worker)};
    snapshot.volumes = volumeRowsFromJson(volumes, snapshot.containers);
    return snapshot;
}

void saveScreenshot(QWidget* widget, const QString& fileName) {
    const QString shots = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
    if (shots.isEmpty() || !QDir().mkpath(shots)) {
        return;
    }
    widget->show();
    QVERIFY(QTest::qWaitForWindowExposed(widget));
    QTest::qWait(200);
    QVERIFY(widget->grab().save(shots + QLatin1Char('/') + fileName));
}

} // namespace

class StudioVolumeDialogTest : public QObject {
    Q_OBJECT

private slots:
    void volumesTabIsEnabled();
    void mappingsRoundTripThroughTable();
    void runLineIncludesEveryMapping();
    void relativeHostPathDisablesRun();
    void duplicateContainerPathNamesRow();
    void rootContainerPathIsRejected();
    void missingSingleFileIsRejected();
    void missingTypedPathGetsNote();
    void imageVolumesBecomeRows();
    void pastedVolumesFillTable();
    void modelListsVolumesWithUsers();
    void sharingMapHasNodesAndEdges();
    void readOnlyEdgesAreDashed();
    void clickingContainerAsksToSelectIt();
};

void StudioVolumeDialogTest::volumesTabIsEnabled() {
    RunDialog dialog;
    auto* tabs = dialog.findChild<QTabWidget*>(QStringLiteral("tabs"));
    QVERIFY(tabs);
    const int index = tabs->indexOf(dialog.findChild<QWidget*>(QStringLiteral("volumesTab")));
    QVERIFY(index >= 0);
    QVERIFY(tabs->isTabEnabled(index));
}

void StudioVolumeDialogTest::mappingsRoundTripThroughTable() {
    RunDialog dialog;
    RunSpec spec = busyboxSpec();
    spec.volumes = {{"/srv/app", "/app_data", false, false},
                    {"data", "/var/lib/db", true, false},
                    {"", "/cache", false, false}};
    spec.volumesFrom = {{"store", "ro"}, {"logs", ""}};
    dialog.setSpec(spec);
    auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("volumeTable"));
    QVERIFY(table);
    QCOMPARE(table->rowCount(), 3);
    QCOMPARE(table->item(1, 0)->text(), QStringLiteral("data"));
    QCOMPARE(table->item(1, 2)->checkState(), Qt::Checked);
    const RunSpec back = dialog.spec();
    QVERIFY(back.volumes == spec.volumes);
    QVERIFY(back.volumesFrom == spec.volumesFrom);
    QVERIFY(dialog.problems().isEmpty());
}

void StudioVolumeDialogTest::runLineIncludesEveryMapping() {
    RunDialog dialog;
    RunSpec spec = busyboxSpec();
    spec.volumes = {{"/srv/app", "/app_data", true, false}, {"", "/cache", false, false}};
    spec.volumesFrom = {{"store", ""}};
    dialog.setSpec(spec);
    QCOMPARE(dialog.runLine(), QStringLiteral("docker run -d -v /srv/app:/app_data:ro -v /cache "
                                              "--volumes-from store busybox:latest"));

    // Typing in the table updates the line at once.
    auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("volumeTable"));
    table->item(1, 0)->setText(QStringLiteral("cachevol"));
    QVERIFY2(dialog.runLine().contains(QStringLiteral("-v cachevol:/cache")),
             qPrintable(dialog.runLine()));
}

void StudioVolumeDialogTest::relativeHostPathDisablesRun() {
    RunDialog dialog;
    RunSpec spec = busyboxSpec();
    spec.volumes = {{"./data", "/data", false, false}};
    dialog.setSpec(spec);
    QVERIFY(!dialog.runButton()->isEnabled());
    const QString problems = dialog.problems().join('\n');
    QVERIFY2(problems.contains(QStringLiteral("Row 1")), qPrintable(problems));
    QVERIFY2(problems.contains(QStringLiteral("./data")), qPrintable(problems));
    auto* label = dialog.findChild<QLabel*>(QStringLiteral("volumeProblem"));
    QVERIFY(label);
    QVERIFY(!label->text().isEmpty());
    QVERIFY(dialog.runButton()->toolTip().contains(QStringLiteral("./data")));
}

void StudioVolumeDialogTest::duplicateContainerPathNamesRow() {
    RunDialog dialog;
    RunSpec spec = busyboxSpec();
    spec.volumes = {{"/srv/a", "/data", false, false}, {"vol", "/data/", false, false}};
    dialog.setSpec(spec);
    QVERIFY(!dialog.runButton()->isEnabled());
    const QString problems = dialog.problems().join('\n');
    QVERIFY2(problems.contains(QStringLiteral("Row 2")), qPrintable(problems));
    QVERIFY2(!problems.contains(QStringLiteral("Row 1")), qPrintable(problems));
}

void StudioVolumeDialogTest::rootContainerPathIsRejected() {
    RunDialog dialog;
    RunSpec spec = busyboxSpec();
    spec.volumes = {{"/srv/a", "/", false, false}};
    dialog.setSpec(spec);
    QVERIFY(!dialog.runButton()->isEnabled());

    auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("volumeTable"));
    table->item(0, 1)->setText(QStringLiteral("relative/path"));
    QVERIFY(!dialog.runButton()->isEnabled());
    table->item(0, 1)->setText(QStringLiteral("/data"));
    QVERIFY2(dialog.runButton()->isEnabled(), qPrintable(dialog.problems().join('\n')));
}

void StudioVolumeDialogTest::missingSingleFileIsRejected() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("app.conf"));
    RunDialog dialog;
    RunSpec spec = busyboxSpec();
    spec.volumes = {{file.toStdString(), "/etc/app.conf", true, true}};
    dialog.setSpec(spec);
    QVERIFY(!dialog.runButton()->isEnabled());
    QVERIFY2(dialog.problems().join('\n').contains(QStringLiteral("does not exist")),
             qPrintable(dialog.problems().join('\n')));

    QFile created(file);
    QVERIFY(created.open(QIODevice::WriteOnly));
    created.close();
    dialog.setSpec(spec);
    QVERIFY2(dialog.runButton()->isEnabled(), qPrintable(dialog.problems().join('\n')));
}

// A typed path that does not exist does not stop the run: Docker makes a directory there,
// and the dialog says so.
void StudioVolumeDialogTest::missingTypedPathGetsNote() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString missing = dir.filePath(QStringLiteral("not-yet"));
    RunDialog dialog;
    RunSpec spec = busyboxSpec();
    spec.volumes = {{missing.toStdString(), "/data", false, false}};
    dialog.setSpec(spec);
    auto* note = dialog.findChild<QLabel*>(QStringLiteral("volumeNote"));
    QVERIFY(note);
    QVERIFY2(note->text().contains(missing), qPrintable(note->text()));
    QVERIFY2(note->text().contains(QStringLiteral("empty directory")), qPrintable(note->text()));
    QVERIFY2(dialog.runButton()->isEnabled(), qPrintable(dialog.problems().join('\n')));

    QVERIFY(QDir().mkpath(missing));
    dialog.setSpec(spec);
    QVERIFY2(note->text().isEmpty(), qPrintable(note->text()));
}

void StudioVolumeDialogTest::imageVolumesBecomeRows() {
    RunDialog dialog;
    RunSpec spec = busyboxSpec();
    spec.volumes = {{"logsvol", "/var/log", false, false}};
    dialog.setSpec(spec);
    dialog.setImageVolumes({QStringLiteral("/data"), QStringLiteral("/var/log")});
    auto* label = dialog.findChild<QLabel*>(QStringLiteral("imageVolumesLabel"));
    QVERIFY(label->text().contains(QStringLiteral("/data, /var/log")));
    auto* button = dialog.findChild<QToolButton*>(QStringLiteral("imageVolumesButton"));
    button->click();
    // /var/log is mapped already; only /data gets a row, as an anonymous volume.
    const RunSpec back = dialog.spec();
    QCOMPARE(back.volumes.size(), size_t(2));
    QCOMPARE(back.volumes[1].target, std::string("/data"));
    QVERIFY(back.volumes[1].source.empty());
    QVERIFY(dialog.runButton()->isEnabled());

    dialog.setVolumeNames({QStringLiteral("logsvol"), QStringLiteral("shared")});
    dialog.setContainerNames({QStringLiteral("store")});
    dialog.resize(720, 560);
    dialog.findChild<QTabWidget*>(QStringLiteral("tabs"))
        ->setCurrentWidget(dialog.findChild<QWidget*>(QStringLiteral("volumesTab")));
    RunSpec screenshotSpec = dialog.spec();
    screenshotSpec.volumes.insert(screenshotSpec.volumes.begin(),
                                  {"/srv/webapp", "/app_data", true, false});
    screenshotSpec.volumesFrom = {{"store", ""}};
    dialog.setSpec(screenshotSpec);
    saveScreenshot(&dialog, QStringLiteral("studio-volume-dialog.png"));
}

void StudioVolumeDialogTest::pastedVolumesFillTable() {
    RunDialog dialog;
    QVERIFY(dialog.applyRunLine(QStringLiteral(
        "docker run -d -v /srv:/srv:ro -v data:/data --volumes-from=store:ro busybox")));
    auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("volumeTable"));
    auto* from = dialog.findChild<QTableWidget*>(QStringLiteral("volumesFromTable"));
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(from->rowCount(), 1);
    QCOMPARE(from->item(0, 0)->text(), QStringLiteral("store"));
    QCOMPARE(from->item(0, 1)->checkState(), Qt::Checked);
    QCOMPARE(dialog.pasteResult(), QStringLiteral("Every flag was placed."));
}

void StudioVolumeDialogTest::modelListsVolumesWithUsers() {
    VolumesModel model;
    model.setSnapshot(cannedSnapshot());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, VolumesModel::Name).data().toString(), QStringLiteral("shared"));
    QCOMPARE(model.index(0, VolumesModel::UsedBy).data().toString(),
             QStringLiteral("store, worker"));
    QCOMPARE(model.index(1, VolumesModel::UsedBy).data().toString(), QStringLiteral("unused"));
    QCOMPARE(model.index(0, VolumesModel::Size).data().toString(), QStringLiteral("2.05 kB"));
    QCOMPARE(model.rowOfName(QStringLiteral("unused")), 1);
}

void StudioVolumeDialogTest::sharingMapHasNodesAndEdges() {
    VolumesModel model;
    VolumesPage page(&model);
    model.setSnapshot(cannedSnapshot());
    emit model.loaded();
    const SharingGraph& graph = page.sharingView()->graph();
    // store, worker, shared, unused, /srv/webapp
    QCOMPARE(graph.nodes.size(), size_t(5));
    // shared→store, webapp→worker, shared→worker, store→worker (volumes-from)
    QCOMPARE(graph.edges.size(), size_t(4));
    QCOMPARE(page.sharingView()->edgeItems().size(), 4);
    QVERIFY(graph.find(SharingNode::Kind::HostPath, "/srv/webapp") >= 0);

    page.resize(900, 520);
    page.showMap(true);
    QVERIFY(page.mapAction()->isChecked());
    saveScreenshot(&page, QStringLiteral("studio-volume-sharing.png"));
}

void StudioVolumeDialogTest::readOnlyEdgesAreDashed() {
    SharingView view;
    VolumesModel model;
    model.setSnapshot(cannedSnapshot());
    view.setGraph(model.sharingGraph());
    const SharingGraph& graph = view.graph();
    for (size_t i = 0; i < graph.edges.size(); ++i) {
        const Qt::PenStyle style = view.edgeItems()[int(i)]->pen().style();
        QCOMPARE(style, graph.edges[i].readOnly ? Qt::DashLine : Qt::SolidLine);
        QVERIFY(!view.edgeItems()[int(i)]->path().isEmpty());
    }
}

void StudioVolumeDialogTest::clickingContainerAsksToSelectIt() {
    VolumesModel model;
    VolumesPage page(&model);
    model.setSnapshot(cannedSnapshot());
    emit model.loaded();
    page.resize(900, 520);
    page.showMap(true);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    SharingView* view = page.sharingView();
    QSignalSpy activated(&page, &VolumesPage::containerActivated);

    const int worker = view->graph().find(SharingNode::Kind::Container, "bbbb2222");
    QVERIFY(worker >= 0);
    view->centerOn(view->nodeCenter(worker));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->mapFromScene(view->nodeCenter(worker)));
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated[0][0].toString(), QStringLiteral("bbbb2222"));

    // A click on a volume selects its row in the list behind the map.
    const int unused = view->graph().find(SharingNode::Kind::Volume, "unused");
    view->centerOn(view->nodeCenter(unused));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->mapFromScene(view->nodeCenter(unused)));
    QCOMPARE(activated.size(), 1);
    const QModelIndexList selected = page.view()->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected[0].data(VolumesModel::NameRole).toString(), QStringLiteral("unused"));
}

QTEST_MAIN(StudioVolumeDialogTest)
#include "tst_studio_volumedialog.moc"
