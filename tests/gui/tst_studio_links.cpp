// The Networks & links page against a real berthd with a bridge. Two containers linked
// with --link and one published with -p in the Run dialog show as nodes, with an edge labelled with
// the alias and a host-port node whose edge reads "PORT→80/tcp"; a click on a container selects it
// on the Containers page. The test process enters a network namespace of its own before it starts
// berthd, so the bridge and the nftables table stay out of the host's, and berthd --cleanup-network
// removes both at the end.

#include "api/berthd_fixture.h"
#include "containersmodel.h"
#include "containerspage.h"
#include "editnetworkingdialog.h"
#include "engineconnection.h"
#include "errorbanner.h"
#include "linkeditor.h"
#include "linkview.h"
#include "mainwindow.h"
#include "networkspage.h"
#include "portforwardeditor.h"
#include "recreate.h"
#include "rundialog.h"

#include <QApplication>
#include <QFile>
#include <QHelpEvent>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QToolTip>
#include <QTreeWidget>

#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace berth::studio;

namespace {

constexpr int kEngineStartMs = 20000;
constexpr int kStepMs = 30000;

QString randomSuffix() {
    return QString::number(QRandomGenerator::global()->generate() & 0xffffff, 16)
        .rightJustified(6, QLatin1Char('0'));
}

// Runs a command of this machine's tools; returns its exit code, -1 if it did not finish.
int runTool(const QString& program, const QStringList& arguments) {
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(30000)) {
        return -1;
    }
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

int findEdge(const LinkGraph& graph, LinkEdge::Kind kind, const std::string& label) {
    for (size_t i = 0; i < graph.edges.size(); ++i) {
        if (graph.edges[i].kind == kind && graph.edges[i].label == label) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

int findContainerNamed(const LinkGraph& graph, const std::string& name) {
    for (size_t i = 0; i < graph.nodes.size(); ++i) {
        if (graph.nodes[i].kind == LinkNode::Kind::Container && graph.nodes[i].label == name) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

} // namespace

class StudioLinksTest : public QObject {
    Q_OBJECT

private:
    BerthdFixture berthd_;
    QString bridgeName_;
    QString tableName_;
    QString suffix_;
    uint16_t hostPort_ = 0;
    std::unique_ptr<MainWindow> window_;

    void runContainer(const QStringList& arguments);

private slots:
    void initTestCase();
    void cleanupTestCase();
    void runDialogPublishesPort();
    void diagramShowsLinksAndPorts();
    void exportWritesSvgAndPng();
    void editingPortsRecreatesContainer();
    void editDialogConfirmsAndRecreates();
    void clickSelectsContainer();
    void hoverShowsAddressDoubleClickOpens();
    void networkListCreatesAndRemoves();
};

void StudioLinksTest::runContainer(const QStringList& arguments) {
    const CommandResult result = berthd_.docker(QStringList{"run", "-d"} + arguments);
    QVERIFY2(result.exitCode == 0, qPrintable(describe(result)));
}

void StudioLinksTest::initTestCase() {
    if (const QString missing = BerthdFixture::missingPrerequisite(); !missing.isEmpty()) {
        QSKIP(qPrintable(missing));
    }
    if (!QFile::exists(qEnvironmentVariable("BERTH_BIN_DIR") + QStringLiteral("/berthd"))) {
        QSKIP("berthd is not built");
    }
    QVERIFY2(::unshare(CLONE_NEWNET) == 0, "unshare(CLONE_NEWNET) failed");
    QCOMPARE(runTool(QStringLiteral("ip"), {"link", "set", "lo", "up"}), 0);

    suffix_ = randomSuffix();
    bridgeName_ = QStringLiteral("bl") + suffix_;
    tableName_ = QStringLiteral("berth-links-") + suffix_;
    berthd_.setNetworkArguments(
        {"--bridge", bridgeName_, "--bridge-subnet", "10.216.0.0/24", "--nat-table", tableName_});
    const QString error = berthd_.startWithBusybox();
    QVERIFY2(error.isEmpty(), qPrintable(error));

    // The namespace is new, so any port is free in it.
    hostPort_ = 18080;
    runContainer({"--name", "db-" + suffix_, "busybox", "sleep", "300"});
    runContainer({"--name", "web-" + suffix_, "--link", "db-" + suffix_ + ":database", "busybox",
                  "sleep", "300"});

    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("BerthTest"));
    QApplication::setApplicationName(QStringLiteral("studio-links-") + suffix_);
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

void StudioLinksTest::cleanupTestCase() {
    window_.reset();
    const QStringList leftovers = berthd_.stop();
    QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(QLatin1Char('\n'))));
    if (bridgeName_.isEmpty()) {
        return;
    }
    // berthd --cleanup-network removes the bridge and the table it made.
    QCOMPARE(runTool(qEnvironmentVariable("BERTH_BIN_DIR") + QStringLiteral("/berthd"),
                     {"--data-root", berthd_.dataRoot(), "--bridge", bridgeName_, "--nat-table",
                      tableName_, "--cleanup-network"}),
             0);
    QVERIFY(runTool(QStringLiteral("ip"), {"link", "show", bridgeName_}) != 0);
    QVERIFY(runTool(QStringLiteral("nft"), {"list", "table", "ip", tableName_}) != 0);
}

// The third container comes from the Run dialog, so that its create request carries the
// port forward as the dialog sends it.
void StudioLinksTest::runDialogPublishesPort() {
    window_->setCurrentPage(MainWindow::ContainersIndex);
    ContainersPage* page = window_->containersPage();
    QTRY_VERIFY_WITH_TIMEOUT(page->runAction()->isEnabled(), kStepMs);
    RunDialog* dialog = page->showRunDialog();
    QVERIFY(dialog);
    const QString name = "pub-" + suffix_;
    QVERIFY(dialog->applyRunLine(QStringLiteral("docker run -d --name %1 -p %2:80 "
                                                "busybox:latest sleep 300")
                                     .arg(name)
                                     .arg(hostPort_)));
    QCOMPARE(dialog->spec().ports.size(), size_t(1));
    QVERIFY2(dialog->problems().isEmpty(), qPrintable(dialog->problems().join('\n')));
    dialog->runButton()->click();

    const auto inspect = [this, &name] {
        const HttpResult result = berthd_.request("GET", "/containers/" + name.toUtf8() + "/json");
        return result.status == 200 ? QJsonDocument::fromJson(result.body).object() : QJsonObject();
    };
    QTRY_VERIFY_WITH_TIMEOUT(
        inspect()["State"].toObject()["Running"].toBool() || page->banner()->isVisible(), kStepMs);
    QVERIFY2(!page->banner()->isVisible(), qPrintable(page->banner()->text()));
    const QJsonObject bindings = inspect()["HostConfig"].toObject()["PortBindings"].toObject();
    const QJsonArray http = bindings["80/tcp"].toArray();
    QCOMPARE(http.size(), 1);
    QCOMPARE(http[0].toObject()["HostPort"].toString(), QString::number(hostPort_));
}

void StudioLinksTest::diagramShowsLinksAndPorts() {
    window_->setCurrentPage(MainWindow::NetworksIndex);
    NetworksPage* page = window_->networksPage();
    LinkView* view = page->linkView();
    const std::string db = ("db-" + suffix_).toStdString();
    const std::string web = ("web-" + suffix_).toStdString();
    const std::string pub = ("pub-" + suffix_).toStdString();
    QTRY_VERIFY_WITH_TIMEOUT(findContainerNamed(view->graph(), pub) >= 0, kStepMs);
    const LinkGraph& graph = view->graph();
    const int dbNode = findContainerNamed(graph, db);
    const int webNode = findContainerNamed(graph, web);
    const int pubNode = findContainerNamed(graph, pub);
    QVERIFY(dbNode >= 0);
    QVERIFY(webNode >= 0);
    QCOMPARE(graph.nodes[size_t(pubNode)].state, std::string("running"));
    // Each running container has an address on the test's bridge subnet.
    QVERIFY2(graph.nodes[size_t(webNode)].ipAddress.starts_with("10.216.0."),
             graph.nodes[size_t(webNode)].ipAddress.c_str());

    const int link = findEdge(graph, LinkEdge::Kind::Link, "database");
    QVERIFY(link >= 0);
    QCOMPARE(graph.edges[size_t(link)].from, size_t(webNode));
    QCOMPARE(graph.edges[size_t(link)].to, size_t(dbNode));

    const std::string portLabel = std::to_string(hostPort_) + "→80/tcp";
    const int published = findEdge(graph, LinkEdge::Kind::PublishedPort, portLabel);
    QVERIFY2(published >= 0, portLabel.c_str());
    QCOMPARE(graph.edges[size_t(published)].to, size_t(pubNode));
    const LinkNode& hostNode = graph.nodes[graph.edges[size_t(published)].from];
    QCOMPARE(hostNode.kind, LinkNode::Kind::HostPort);
    QVERIFY(hostNode.label.ends_with(std::to_string(hostPort_)));
    QCOMPARE(view->edgeItems().size(), qsizetype(graph.edges.size()));

    const QString shots = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        QVERIFY(window_->grab().save(shots + QStringLiteral("/studio-links.png")));
    }
}

// The diagram exports as an SVG whose text names every container, and as a PNG.
void StudioLinksTest::exportWritesSvgAndPng() {
    window_->setCurrentPage(MainWindow::NetworksIndex);
    NetworksPage* page = window_->networksPage();
    QTRY_VERIFY_WITH_TIMEOUT(
        findContainerNamed(page->linkView()->graph(), ("pub-" + suffix_).toStdString()) >= 0,
        kStepMs);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    const QString svgPath = dir.filePath(QStringLiteral("diagram.svg"));
    auto svg = page->exportDiagram(svgPath);
    QVERIFY2(svg.has_value(), svg ? "" : svg.error().message.c_str());
    QFile svgFile(svgPath);
    QVERIFY(svgFile.open(QIODevice::ReadOnly));
    const QByteArray content = svgFile.readAll();
    QVERIFY2(content.startsWith("<?xml"), content.left(80).constData());
    QVERIFY(content.contains("<svg"));
    QVERIFY(content.trimmed().endsWith("</svg>"));
    for (const QString& name : {"db-" + suffix_, "web-" + suffix_, "pub-" + suffix_}) {
        QVERIFY2(content.contains(name.toUtf8()), qPrintable(name));
    }
    QVERIFY(content.contains("database"));

    const QString pngPath = dir.filePath(QStringLiteral("diagram.png"));
    auto png = page->exportDiagram(pngPath);
    QVERIFY2(png.has_value(), png ? "" : png.error().message.c_str());
    const QImage image(pngPath);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > 100);

    auto unknown = page->exportDiagram(dir.filePath(QStringLiteral("diagram.bmp")));
    QVERIFY(!unknown.has_value());
    QCOMPARE(unknown.error().kind, berth::ErrorKind::InvalidArgument);
}

// Editing a container's ports recreates it: the name, the named volume with its data and
// the link stay; the new port is published and the old one is gone.
void StudioLinksTest::editingPortsRecreatesContainer() {
    const QString name = "edited-" + suffix_;
    const QString volume = "keep-" + suffix_;
    runContainer({"--name", name, "-v", volume + ":/data", "-p", "18090:80", "--link",
                  "db-" + suffix_ + ":database", "busybox", "sleep", "600"});
    const CommandResult wrote =
        berthd_.docker({"exec", name, "sh", "-c", "echo kept > /data/file"});
    QVERIFY2(wrote.exitCode == 0, qPrintable(describe(wrote)));

    berth::client::Client client(
        berth::client::Endpoint::unixSocket(berthd_.socketPath().toStdString()));
    auto inspect = client.inspectContainer(name.toStdString());
    QVERIFY(inspect.has_value());
    const std::string oldId = inspect->value("Id", "");
    NetworkingEdit before = networkingOf(*inspect);
    QCOMPARE(before.ports.size(), size_t(1));
    QCOMPARE(before.links, std::vector<std::string>{("db-" + suffix_ + ":database").toStdString()});

    NetworkingEdit after = before;
    after.ports = {PortForward{"", "18091", "80", "tcp"}};
    NetworkingChanges changes = diffNetworking(before, after);
    QCOMPARE(changes.removedPorts.size(), size_t(1));
    QCOMPARE(changes.addedPorts.size(), size_t(1));
    QVERIFY(changes.removedLinks.empty());
    QVERIFY(changes.addedLinks.empty());

    auto recreated = recreateContainer(client, oldId, after);
    QVERIFY2(recreated.has_value(), recreated ? "" : recreated.error().message.c_str());
    QVERIFY(*recreated != oldId);
    QVERIFY(!client.inspectContainer(oldId).has_value());

    auto fresh = client.inspectContainer(name.toStdString());
    QVERIFY(fresh.has_value());
    QCOMPARE(fresh->value("Id", ""), *recreated);
    QVERIFY(fresh->value("State", berth::client::Json::object()).value("Running", false));
    QCOMPARE(networkingOf(*fresh), after);
    const berth::client::Json& ports = (*fresh)["NetworkSettings"]["Ports"]["80/tcp"];
    QVERIFY(ports.is_array() && ports.size() == 1);
    QCOMPARE(ports[0].value("HostPort", ""), std::string("18091"));
    const CommandResult kept = berthd_.docker({"exec", name, "cat", "/data/file"});
    QCOMPARE(kept.out.trimmed(), QByteArray("kept"));
    const CommandResult link = berthd_.docker({"exec", name, "ping", "-c1", "-W5", "database"});
    QVERIFY2(link.exitCode == 0, qPrintable(describe(link)));

    const CommandResult removed = berthd_.docker({"rm", "-f", name});
    QVERIFY2(removed.exitCode == 0, qPrintable(describe(removed)));
    const CommandResult volumeRemoved = berthd_.docker({"volume", "rm", volume});
    QVERIFY2(volumeRemoved.exitCode == 0, qPrintable(describe(volumeRemoved)));
}

// The Containers page's editor with the Run dialog's tables. The container's own port
// is not reported as in use, a port another container publishes is, with its name, and OK
// stays disabled until the rows are valid and differ from the container. A port changed
// in the table and a link added from the picker show in the confirmation, and confirming
// recreates the container with both.
void StudioLinksTest::editDialogConfirmsAndRecreates() {
    const QString name = "dialog-" + suffix_;
    const QString db = "db-" + suffix_;
    runContainer({"--name", name, "-p", "18092:80", "busybox", "sleep", "600"});
    window_->setCurrentPage(MainWindow::ContainersIndex);
    ContainersPage* page = window_->containersPage();
    auto* proxy = qobject_cast<QSortFilterProxyModel*>(page->view()->model());
    QVERIFY(proxy != nullptr);
    auto* model = qobject_cast<ContainersModel*>(proxy->sourceModel());
    QVERIFY(model != nullptr);
    model->reload();
    QString id;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (int row = 0; row < model->rowCount(); ++row) {
                const QModelIndex index = model->index(row, 0);
                if (model->container(row) &&
                    QString::fromStdString(model->container(row)->names.empty()
                                               ? std::string()
                                               : model->container(row)->names.front())
                        .endsWith(name)) {
                    id = index.data(ContainersModel::IdRole).toString();
                    return true;
                }
            }
            return false;
        }(),
        kStepMs);
    const QModelIndex viewIndex = proxy->mapFromSource(model->index(model->rowOfId(id), 0));
    page->view()->selectionModel()->select(viewIndex, QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);

    page->showEditNetworkingDialog();
    EditNetworkingDialog* dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = page->findChild<EditNetworkingDialog*>()) != nullptr,
                             kStepMs);
    auto* portTable = dialog->findChild<QTableWidget*>(QStringLiteral("portTable"));
    QVERIFY(portTable != nullptr);
    QCOMPARE(portTable->rowCount(), 1);
    QCOMPARE(portTable->item(0, 1)->text(), QStringLiteral("18092"));
    QCOMPARE(portTable->item(0, 2)->text(), QStringLiteral("80"));
    // berthd has 18092 bound for this container, so the editor must not report it as in use.
    QVERIFY2(dialog->portEditor()->problemText().isEmpty(),
             qPrintable(dialog->portEditor()->problemText()));
    QVERIFY(!dialog->okButton()->isEnabled());
    QVERIFY2(dialog->problem().contains(QStringLiteral("Nothing changed")),
             qPrintable(dialog->problem()));

    portTable->item(0, 1)->setText(QString::number(hostPort_));
    const QString inUseText = dialog->portEditor()->problemText();
    QVERIFY2(inUseText.contains(QStringLiteral("in use by the container pub-") + suffix_),
             qPrintable(inUseText));
    QVERIFY(!dialog->okButton()->isEnabled());
    QVERIFY2(dialog->okButton()->toolTip().contains(QStringLiteral("Row 1")),
             qPrintable(dialog->okButton()->toolTip()));
    QVERIFY(portTable->item(0, 1)->background().style() != Qt::NoBrush);

    portTable->item(0, 1)->setText(QStringLiteral("notaport"));
    QVERIFY(!dialog->okButton()->isEnabled());
    portTable->item(0, 1)->setText(QStringLiteral("18093"));
    QVERIFY2(dialog->problem().isEmpty(), qPrintable(dialog->problem()));
    QVERIFY(dialog->okButton()->isEnabled());
    QCOMPARE(portTable->item(0, 1)->background().style(), Qt::NoBrush);

    auto* pick = dialog->findChild<QToolButton*>(QStringLiteral("pickLinkButton"));
    QVERIFY(pick != nullptr && pick->menu() != nullptr);
    QAction* dbAction = nullptr;
    QStringList offered;
    for (QAction* action : pick->menu()->actions()) {
        offered << action->text();
        if (action->text() == db) {
            dbAction = action;
        }
    }
    QVERIFY2(dbAction != nullptr, qPrintable(offered.join(", ")));
    QVERIFY2(!offered.contains(name), qPrintable(offered.join(", ")));
    dbAction->trigger();
    auto* linkTable = dialog->findChild<QTableWidget*>(QStringLiteral("linkTable"));
    QVERIFY(linkTable != nullptr);
    QCOMPARE(linkTable->rowCount(), 1);
    QCOMPARE(linkTable->item(0, 0)->text(), db);
    linkTable->item(0, 1)->setText(QStringLiteral("store"));
    QVERIFY2(dialog->problem().isEmpty(), qPrintable(dialog->problem()));

    const QString shots = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QVERIFY(dialog->grab().save(shots + QStringLiteral("/studio-edit-networking.png")));
    }
    dialog->okButton()->click();

    QMessageBox* box = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (box = page->findChild<QMessageBox*>(QStringLiteral("confirmRecreate"))) != nullptr,
        kStepMs);
    const QString confirmation = box->informativeText();
    QVERIFY2(confirmation.contains(QStringLiteral("Removed port: 18092:80")),
             qPrintable(confirmation));
    QVERIFY2(confirmation.contains(QStringLiteral("Added port: 18093:80")),
             qPrintable(confirmation));
    QVERIFY2(confirmation.contains(QStringLiteral("Added link: ") + db + QStringLiteral(":store")),
             qPrintable(confirmation));
    QVERIFY2(!confirmation.contains(QStringLiteral("Removed link")), qPrintable(confirmation));
    QAbstractButton* recreate = nullptr;
    for (QAbstractButton* button : box->buttons()) {
        if (box->buttonRole(button) == QMessageBox::AcceptRole) {
            recreate = button;
        }
    }
    QVERIFY(recreate != nullptr);
    recreate->click();

    QTRY_VERIFY_WITH_TIMEOUT(berthd_.docker({"port", name, "80"}).out.contains(":18093"), kStepMs);
    QVERIFY2(!page->banner()->isVisible(), qPrintable(page->banner()->text()));
    berth::client::Client client(
        berth::client::Endpoint::unixSocket(berthd_.socketPath().toStdString()));
    auto fresh = client.inspectContainer(name.toStdString());
    QVERIFY(fresh.has_value());
    QVERIFY(fresh->value("Id", "") != id.toStdString());
    const NetworkingEdit recreated = networkingOf(*fresh);
    QCOMPARE(recreated.links, std::vector<std::string>{(db + ":store").toStdString()});
    QCOMPARE(recreated.ports, std::vector<PortForward>{(PortForward{"", "18093", "80", "tcp"})});
    const CommandResult reached = berthd_.docker({"exec", name, "ping", "-c1", "-W5", "store"});
    QVERIFY2(reached.exitCode == 0, qPrintable(describe(reached)));
    const CommandResult removed = berthd_.docker({"rm", "-f", name});
    QVERIFY2(removed.exitCode == 0, qPrintable(describe(removed)));
}

void StudioLinksTest::clickSelectsContainer() {
    window_->setCurrentPage(MainWindow::NetworksIndex);
    LinkView* view = window_->networksPage()->linkView();
    const int node = findContainerNamed(view->graph(), ("web-" + suffix_).toStdString());
    QVERIFY(node >= 0);
    const std::string id = view->graph().nodes[size_t(node)].key;
    view->centerOn(view->nodeCenter(node));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->mapFromScene(view->nodeCenter(node)));
    QCOMPARE(window_->currentPage(), int(MainWindow::ContainersIndex));
    // The containers model may still be loading when the page opens.
    QTableView* table = window_->containersPage()->view();
    QTRY_COMPARE_WITH_TIMEOUT(table->selectionModel()->selectedRows().size(), 1, kStepMs);
    const QModelIndex selected = table->selectionModel()->selectedRows().first();
    QCOMPARE(selected.data(ContainersModel::IdRole).toString(), QString::fromStdString(id));
}

// Hovering a container shows its state and address in a tooltip, through the view's own
// tooltip event. A double click opens the container on the Containers page.
void StudioLinksTest::hoverShowsAddressDoubleClickOpens() {
    window_->setCurrentPage(MainWindow::NetworksIndex);
    LinkView* view = window_->networksPage()->linkView();
    const int node = findContainerNamed(view->graph(), ("db-" + suffix_).toStdString());
    QVERIFY(node >= 0);
    const LinkNode& db = view->graph().nodes[size_t(node)];
    QVERIFY2(db.ipAddress.starts_with("10.216.0."), db.ipAddress.c_str());
    const QString address = QString::fromStdString(db.ipAddress);
    const QString id = QString::fromStdString(db.key);
    view->centerOn(view->nodeCenter(node));
    const QPoint point = view->mapFromScene(view->nodeCenter(node));

    QHelpEvent hover(QEvent::ToolTip, point, view->viewport()->mapToGlobal(point));
    QApplication::sendEvent(view->viewport(), &hover);
    QTRY_VERIFY_WITH_TIMEOUT(QToolTip::isVisible(), kStepMs);
    QVERIFY2(QToolTip::text().contains(address), qPrintable(QToolTip::text()));
    QVERIFY2(QToolTip::text().contains(QStringLiteral("running")), qPrintable(QToolTip::text()));
    QToolTip::hideText();

    window_->containersPage()->view()->clearSelection();
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, point);
    QCOMPARE(window_->currentPage(), int(MainWindow::ContainersIndex));
    QTableView* table = window_->containersPage()->view();
    QTRY_COMPARE_WITH_TIMEOUT(table->selectionModel()->selectedRows().size(), 1, kStepMs);
    QCOMPARE(
        table->selectionModel()->selectedRows().first().data(ContainersModel::IdRole).toString(),
        id);
}

// A network made on the page gets a row and, once a container runs on it, a cluster around
// that container; removing it through the page deletes it from the engine.
void StudioLinksTest::networkListCreatesAndRemoves() {
    window_->setCurrentPage(MainWindow::NetworksIndex);
    NetworksPage* page = window_->networksPage();
    QTreeWidget* list = page->networkList();
    const QString network = "studio-net-" + suffix_;
    const auto rowOf = [list](const QString& name) -> QTreeWidgetItem* {
        const QList<QTreeWidgetItem*> found = list->findItems(name, Qt::MatchExactly, 0);
        return found.isEmpty() ? nullptr : found.first();
    };
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(QStringLiteral("bridge")) != nullptr, kStepMs);
    page->createNetwork(network, QStringLiteral("10.228.0.0/24"));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(network) != nullptr, kStepMs);
    QCOMPARE(rowOf(network)->text(2), QStringLiteral("10.228.0.0/24"));

    const QString member = "member-" + suffix_;
    runContainer({"--name", member, "--network", network, "busybox", "sleep", "300"});
    page->reload();
    LinkView* view = page->linkView();
    const auto memberNode = [&] { return findContainerNamed(view->graph(), member.toStdString()); };
    QTRY_VERIFY_WITH_TIMEOUT(memberNode() >= 0, kStepMs);
    const LinkGraph& graph = view->graph();
    const int cluster = graph.nodes[size_t(memberNode())].network;
    QVERIFY(cluster >= 0);
    QCOMPARE(graph.networks[size_t(cluster)], network.toStdString());
    QCOMPARE(view->clusterRects().size(), graph.networks.size());
    QVERIFY(view->clusterRects()[size_t(cluster)].contains(view->nodeCenter(memberNode())));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(network) && rowOf(network)->text(3) == member, kStepMs);

    const CommandResult removed = berthd_.docker({"rm", "-f", member});
    QVERIFY2(removed.exitCode == 0, qPrintable(describe(removed)));
    list->setCurrentItem(rowOf(network));
    QVERIFY(rowOf(network)->isSelected());
    page->removeSelectedNetwork();
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(network) == nullptr, kStepMs);
    const CommandResult listed = berthd_.docker({"network", "ls", "--format", "{{.Name}}"});
    QVERIFY2(!listed.out.contains(network.toUtf8()), qPrintable(describe(listed)));
}

QTEST_MAIN(StudioLinksTest)
#include "tst_studio_links.moc"
