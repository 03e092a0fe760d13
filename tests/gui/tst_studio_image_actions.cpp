// The Images page's Run…, Tag… and Build… against a real berthd, and the Tag dialog's name
// checks, which follow the engine's reference rules.

#include "api/berthd_fixture.h"
#include "containerspage.h"
#include "engineconnection.h"
#include "errorbanner.h"
#include "imagesmodel.h"
#include "imagespage.h"
#include "mainwindow.h"
#include "rundialog.h"
#include "studio_window.h"
#include "tagdialog.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace berth;
using namespace berth::studio;

namespace {

constexpr int kEngineStartMs = 20000;
constexpr int kStepMs = 30000;

} // namespace

class StudioImageActionsTest : public QObject {
    Q_OBJECT

private:
    BerthdFixture berthd_;
    std::unique_ptr<MainWindow> window_;

    [[nodiscard]] ImagesPage* page() const { return window_->imagesPage(); }

    bool selectImage(const QString& reference) {
        ImagesModel* model = window_->imagesModel();
        model->reload();
        if (!QTest::qWaitFor([&] { return model->rowOfReference(reference) >= 0; }, kStepMs)) {
            return false;
        }
        auto* proxy = qobject_cast<QSortFilterProxyModel*>(page()->view()->model());
        const QModelIndex index =
            proxy->mapFromSource(model->index(model->rowOfReference(reference), 0));
        page()->view()->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect |
                                                            QItemSelectionModel::Rows);
        return page()->view()->selectionModel()->selectedRows().size() == 1;
    }

private slots:
    void tagProblems_data() {
        QTest::addColumn<QString>("repository");
        QTest::addColumn<QString>("tag");
        QTest::addColumn<QString>("problem"); // a part of the expected text, empty for none

        // Names Docker accepts.
        QTest::newRow("plain name") << "busybox"
                                    << ""
                                    << "";
        QTest::newRow("registry with port and path") << "registry.example:5000/team/app"
                                                     << "v1.2_rc-3"
                                                     << "";
        QTest::newRow("localhost registry") << "localhost/app"
                                            << "dev"
                                            << "";
        QTest::newRow("separators inside a component") << "my__app.v2-x"
                                                       << "1"
                                                       << "";

        // Names the dialog explains itself.
        QTest::newRow("empty repository") << ""
                                          << "v1"
                                          << "Enter a repository";
        QTest::newRow("upper case path") << "team/App"
                                         << "v1"
                                         << "must be lowercase";
        QTest::newRow("tag after a colon") << "app:v1"
                                           << ""
                                           << "Tag field";
        QTest::newRow("digest in the repository") << "app@sha256:" + QString(64, 'a') << ""
                                                  << "no digest";

        // Names the engine's reference parser rejects.
        QTest::newRow("tag with a space") << "app"
                                          << "v 1"
                                          << "invalid reference format";
        QTest::newRow("tag starting with a dash") << "app"
                                                  << "-v1"
                                                  << "invalid reference format";
        QTest::newRow("tag of 129 characters")
            << "app" << QString(129, 'a') << "invalid reference format";
        QTest::newRow("digest as the tag") << "app"
                                           << "sha256:" + QString(64, 'a') << "colon";
        QTest::newRow("component ending in a separator") << "app-/x"
                                                         << "v1"
                                                         << "invalid reference format";
        QTest::newRow("64 hexadecimal digits") << QString(64, 'f') << "v1"
                                               << "hexadecimal";
        QTest::newRow("name of 256 characters") << QString(256, 'a') << "v1"
                                                << "255";
    }

    void tagProblems() {
        QFETCH(QString, repository);
        QFETCH(QString, tag);
        QFETCH(QString, problem);
        const QString found = imageTagProblem(repository, tag);
        if (problem.isEmpty()) {
            QVERIFY2(found.isEmpty(), qPrintable(found));
        } else {
            QVERIFY2(found.contains(problem), qPrintable(found));
        }

        TagDialog dialog(QStringLiteral("busybox:latest"));
        dialog.setRepository(repository);
        dialog.setTag(tag);
        QCOMPARE(dialog.problem(), found);
        QCOMPARE(dialog.tagButton()->isEnabled(), found.isEmpty());
        if (!found.isEmpty()) {
            QCOMPARE(dialog.tagButton()->toolTip(), found);
        }
    }

    void tagDialogDefaultsToLatest() {
        TagDialog dialog(QStringLiteral("busybox:latest"));
        QVERIFY(!dialog.tagButton()->isEnabled());
        auto* repository = dialog.findChild<QLineEdit*>(QStringLiteral("repositoryEdit"));
        QVERIFY(repository);
        QTest::keyClicks(repository, QStringLiteral("team/box"));
        QVERIFY(dialog.tagButton()->isEnabled());
        QCOMPARE(dialog.tag(), QStringLiteral("latest"));

        const QString shots = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
        if (!shots.isEmpty()) {
            dialog.setTag(QStringLiteral("v 1"));
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            QVERIFY(dialog.grab().save(shots + QStringLiteral("/studio-tag-dialog.png")));
        }
    }

    void initEngine() {
        if (QString missing = BerthdFixture::missingPrerequisite(); !missing.isEmpty()) {
            QSKIP(qPrintable(missing));
        }
        const QString error = berthd_.startWithBusybox("busybox:latest");
        QVERIFY2(error.isEmpty(), qPrintable(error));

        window_ = openStudioWindow(berthd_, QStringLiteral("studio-image-actions"),
                                   MainWindow::ImagesIndex);
        QVERIFY(window_ != nullptr);
        QTRY_VERIFY_WITH_TIMEOUT(window_->connection()->isConnected(), kEngineStartMs);
    }

    void actionsNeedOneImage() {
        if (!window_) {
            QSKIP("no engine");
        }
        page()->view()->clearSelection();
        QVERIFY(!page()->runAction()->isEnabled());
        QVERIFY(!page()->tagAction()->isEnabled());
        QVERIFY(page()->buildAction()->isEnabled());
        QVERIFY(selectImage(QStringLiteral("busybox:latest")));
        QVERIFY(page()->runAction()->isEnabled());
        QVERIFY(page()->tagAction()->isEnabled());

        const QString shots = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
        if (!shots.isEmpty()) {
            QVERIFY(window_->grab().save(shots + QStringLiteral("/studio-image-actions.png")));
        }
    }

    void tagActionAddsTag() {
        if (!window_) {
            QSKIP("no engine");
        }
        QVERIFY(selectImage(QStringLiteral("busybox:latest")));
        TagDialog* dialog = page()->showTagDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->repository(), QStringLiteral("busybox"));
        dialog->setRepository(QStringLiteral("localhost:5000/team/box"));
        dialog->setTag(QStringLiteral("v2"));
        QVERIFY2(dialog->problem().isEmpty(), qPrintable(dialog->problem()));
        dialog->tagButton()->click();

        QTRY_VERIFY_WITH_TIMEOUT(window_->imagesModel()->rowOfReference(
                                     QStringLiteral("localhost:5000/team/box:v2")) >= 0,
                                 kStepMs);
        CommandResult inspected = berthd_.docker(
            {"image", "inspect", "--format", "{{.Id}}", "localhost:5000/team/box:v2"});
        QVERIFY2(inspected.exitCode == 0, describe(inspected));
        CommandResult original =
            berthd_.docker({"image", "inspect", "--format", "{{.Id}}", "busybox:latest"});
        QCOMPARE(inspected.out, original.out);
        QVERIFY2(!page()->banner()->isVisible(), qPrintable(page()->banner()->text()));
    }

    void runActionOpensRunDialog() {
        if (!window_) {
            QSKIP("no engine");
        }
        QVERIFY(selectImage(QStringLiteral("busybox:latest")));
        page()->runAction()->trigger();
        QCOMPARE(window_->currentPage(), int(MainWindow::ContainersIndex));
        auto* dialog = window_->containersPage()->findChild<RunDialog*>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(dialog->spec().image, std::string("busybox:latest"));
        QVERIFY(dialog->runLine().endsWith(QStringLiteral(" busybox:latest")));
        dialog->reject();
        QTRY_VERIFY(!window_->containersPage()->findChild<RunDialog*>());
        window_->setCurrentPage(MainWindow::ImagesIndex);
    }

    void buildActionShowsDockerfileStudio() {
        if (!window_) {
            QSKIP("no engine");
        }
        page()->buildAction()->trigger();
        QCOMPARE(window_->currentPage(), int(MainWindow::DockerfileIndex));
        window_->setCurrentPage(MainWindow::ImagesIndex);
    }

    void cleanupTestCase() {
        window_.reset();
        const QStringList leftovers = berthd_.stop();
        QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(StudioImageActionsTest)
#include "tst_studio_image_actions.moc"
