// The Containers page's detail tabs against a real berthd: the Overview's inspect sections
// and "Copy as docker run", the Inspect tab's JSON and its search, refreshed when the
// container changes, and the Logs tab's search, timestamps, wrap and Save.

#include "api/berthd_fixture.h"
#include "containerinspectview.h"
#include "containerlogsview.h"
#include "containeroverview.h"
#include "containersmodel.h"
#include "containerspage.h"
#include "engineconnection.h"
#include "mainwindow.h"
#include "rundialog.h"
#include "runline.h"
#include "studio_window.h"
#include "textsearchbar.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace berth;
using namespace berth::studio;

namespace {

constexpr int kEngineStartMs = 20000;
constexpr int kStepMs = 30000;

// The container's output: "alpha" twice and "beta" once, then silence.
const QStringList kLogLines = {QStringLiteral("alpha one"), QStringLiteral("beta two"),
                               QStringLiteral("ALPHA three")};

} // namespace

class StudioDetailsTest : public QObject {
    Q_OBJECT

private:
    BerthdFixture berthd_;
    std::unique_ptr<MainWindow> window_;
    QString webId_;
    // Bound into the container at /host, read-only.
    QTemporaryDir hostDir_;

    [[nodiscard]] ContainersPage* page() const { return window_->containersPage(); }

    void selectWeb() {
        QTRY_VERIFY_WITH_TIMEOUT(window_->containersModel()->rowOfId(webId_) >= 0, kStepMs);
        QVERIFY(page()->selectContainer(webId_));
    }

    void saveScreenshot(const QString& file) {
        const QString shots = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
        if (!shots.isEmpty()) {
            QVERIFY(window_->grab().save(shots + QLatin1Char('/') + file));
        }
    }

private slots:
    void initTestCase() {
        if (QString missing = BerthdFixture::missingPrerequisite(); !missing.isEmpty()) {
            QSKIP(qPrintable(missing));
        }
        const QString error = berthd_.startWithBusybox("busybox");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(hostDir_.isValid());
        CommandResult web = berthd_.docker(
            {"run", "-d", "--name", "dt_web", "-e", "GREETING=hello", "-l", "tier=front", "-v",
             "dt_data:/data", "-v", hostDir_.path() + ":/host:ro", "--memory", "64m", "busybox",
             "sh", "-c", "echo '" + kLogLines.join("'; echo '") + "'; exec sleep 3600"});
        QVERIFY2(web.exitCode == 0, describe(web));
        webId_ = QString::fromUtf8(web.out).trimmed();

        window_ = openStudioWindow(berthd_, QStringLiteral("studio-details"),
                                   MainWindow::ContainersIndex);
        QVERIFY(window_ != nullptr);
        QTRY_VERIFY_WITH_TIMEOUT(window_->connection()->isConnected(), kEngineStartMs);
        QTRY_VERIFY_WITH_TIMEOUT(window_->containersModel()->rowCount() == 1, kStepMs);
    }

    void cleanupTestCase() {
        window_.reset();
        const QStringList leftovers = berthd_.stop();
        QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(QLatin1Char('\n'))));
    }

    void overviewShowsInspectSections() {
        selectWeb();
        ContainerOverview* overview = page()->overview();
        page()->details()->setCurrentWidget(overview);
        QTRY_VERIFY_WITH_TIMEOUT(
            overview->text()->toPlainText().contains(QStringLiteral("GREETING=hello")), kStepMs);
        const QString text = overview->text()->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("Name: dt_web")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("\nMounts:\n")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("volume dt_data → /data")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("bind ") + hostDir_.path() +
                               QStringLiteral(" → /host (read-only)")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("\nLinks:\n    none")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("\nEnvironment:\n")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("\nLabels:\n    tier=front")), qPrintable(text));
        saveScreenshot(QStringLiteral("studio-overview.png"));
    }

    void copyAsDockerRunRecreates() {
        selectWeb();
        ContainerOverview* overview = page()->overview();
        page()->details()->setCurrentWidget(overview);
        QVERIFY(overview->copyButton()->isEnabled());
        QSignalSpy copied(overview, &ContainerOverview::runLineCopied);
        overview->copyButton()->click();
        QVERIFY(copied.wait(kStepMs));
        const QString line = copied.first().first().toString();
        QCOMPARE(QGuiApplication::clipboard()->text(), line);
        for (const QString& part :
             {QStringLiteral("docker run -d --name dt_web -e GREETING=hello "),
              QStringLiteral(" -v dt_data:/data "),
              QStringLiteral(" -v ") + hostDir_.path() + QStringLiteral(":/host:ro "),
              QStringLiteral(" -l tier=front "), QStringLiteral(" --memory 64m "),
              QStringLiteral(" busybox sh -c ")}) {
            QVERIFY2(line.contains(part), qPrintable(line + QStringLiteral("\nlacks: ") + part));
        }
        // The engine's defaults stay off the line: the hostname and the swap limit.
        QVERIFY2(!line.contains(QStringLiteral("--hostname")), qPrintable(line));
        QVERIFY2(!line.contains(QStringLiteral("--memory-swap")), qPrintable(line));

        // The line runs: under another name it makes a container with the same settings.
        auto parsed = parseRunLine(line.toStdString());
        QVERIFY2(parsed.has_value(), qPrintable(line));
        QVERIFY(parsed->unplaced.empty());
        RunSpec spec = parsed->spec;
        spec.name = "dt_copy";
        const auto split = splitShellWords(formatRunLine(spec));
        QVERIFY(split.has_value());
        QStringList words;
        for (const std::string& word : *split) {
            words << QString::fromStdString(word);
        }
        QCOMPARE(words.takeFirst(), QStringLiteral("docker"));
        CommandResult copy = berthd_.docker(words);
        QVERIFY2(copy.exitCode == 0, describe(copy));
        const QJsonObject inspected =
            QJsonDocument::fromJson(berthd_.request("GET", "/containers/dt_copy/json").body)
                .object();
        const QJsonObject config = inspected[QStringLiteral("Config")].toObject();
        QVERIFY(config[QStringLiteral("Env")].toArray().contains(QStringLiteral("GREETING=hello")));
        QCOMPARE(config[QStringLiteral("Labels")].toObject()[QStringLiteral("tier")].toString(),
                 QStringLiteral("front"));
        QCOMPARE(inspected[QStringLiteral("HostConfig")]
                     .toObject()[QStringLiteral("Memory")]
                     .toInteger(),
                 qint64(64) * 1024 * 1024);
        CommandResult removed = berthd_.docker({"rm", "-f", "dt_copy"});
        QVERIFY2(removed.exitCode == 0, describe(removed));
        QTRY_COMPARE_WITH_TIMEOUT(window_->containersModel()->rowCount(), 1, kStepMs);
    }

    // Duplicate… opens the Run dialog with the container's settings under a free name, and
    // running it makes a container with the same limits and environment.
    void duplicateFillsRunDialog() {
        selectWeb();
        QTRY_VERIFY_WITH_TIMEOUT(page()->duplicateAction()->isEnabled(), kStepMs);
        page()->duplicateAction()->trigger();
        RunDialog* dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = page()->findChild<RunDialog*>()) != nullptr &&
                                     dialog->spec().name == "dt_web-copy",
                                 kStepMs);
        const RunSpec spec = dialog->spec();
        QCOMPARE(QString::fromStdString(spec.image), QStringLiteral("busybox"));
        QCOMPARE(spec.resources.memoryBytes, int64_t(64) << 20);
        QVERIFY(std::ranges::find(spec.env, "GREETING=hello") != spec.env.end());
        dialog->accept();

        QTRY_COMPARE_WITH_TIMEOUT(window_->containersModel()->rowCount(), 2, kStepMs);
        const QJsonObject inspected =
            QJsonDocument::fromJson(berthd_.request("GET", "/containers/dt_web-copy/json").body)
                .object();
        QCOMPARE(inspected[QStringLiteral("HostConfig")]
                     .toObject()[QStringLiteral("Memory")]
                     .toInteger(),
                 qint64(64) * 1024 * 1024);
        QVERIFY(inspected[QStringLiteral("Config")]
                    .toObject()[QStringLiteral("Env")]
                    .toArray()
                    .contains(QStringLiteral("GREETING=hello")));
        CommandResult removed = berthd_.docker({"rm", "-f", "dt_web-copy"});
        QVERIFY2(removed.exitCode == 0, describe(removed));
        QTRY_COMPARE_WITH_TIMEOUT(window_->containersModel()->rowCount(), 1, kStepMs);
    }

    void inspectShowsIndentedJson() {
        selectWeb();
        ContainerInspectView* inspect = page()->inspectView();
        page()->details()->setCurrentWidget(inspect);
        QPlainTextEdit* text = inspect->text();
        QTRY_VERIFY_WITH_TIMEOUT(!text->toPlainText().isEmpty(), kStepMs);

        QVERIFY(text->isReadOnly());
        QVERIFY(QFontInfo(text->font()).fixedPitch());
        const QString json = text->toPlainText();
        QVERIFY2(json.contains(QStringLiteral("\n  \"Id\": \"") + webId_ + '"'), qPrintable(json));
        QVERIFY(json.contains(QStringLiteral("\"GREETING=hello\"")));
        const QJsonDocument parsed = QJsonDocument::fromJson(json.toUtf8());
        QCOMPARE(parsed.object()[QStringLiteral("Id")].toString(), webId_);
        QCOMPARE(inspect->inspect().value("Id", ""), webId_.toStdString());
        saveScreenshot(QStringLiteral("studio-inspect.png"));
    }

    void inspectSearchHighlightsMatches() {
        selectWeb();
        ContainerInspectView* inspect = page()->inspectView();
        page()->details()->setCurrentWidget(inspect);
        QTRY_VERIFY_WITH_TIMEOUT(!inspect->text()->toPlainText().isEmpty(), kStepMs);
        TextSearchBar* search = inspect->search();

        // "greeting" matches "GREETING=hello" in Config.Env, ignoring case.
        search->setSearchText(QStringLiteral("greeting"));
        QCOMPARE(search->matchCount(), 1);
        QCOMPARE(search->highlightedTexts(), QStringList{QStringLiteral("GREETING")});
        QCOMPARE(search->currentMatch(), 0);
        QCOMPARE(inspect->text()->textCursor().selectedText(), QStringLiteral("GREETING"));
        QCOMPARE(search->countLabel()->text(), QStringLiteral("1 of 1"));

        search->setSearchText(QStringLiteral("no such text anywhere"));
        QCOMPARE(search->matchCount(), 0);
        QVERIFY(search->highlightedTexts().isEmpty());
        QCOMPARE(search->countLabel()->text(), QStringLiteral("No matches"));
        QVERIFY(!search->nextButton()->isEnabled());

        // Ctrl+F in the text goes to the tab's search field, not to the page's filter.
        search->setSearchText({});
        window_->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window_.get()));
        inspect->text()->setFocus();
        QTest::keyClick(inspect->text(), Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(search->field()->hasFocus());
        QVERIFY(!page()->filter()->hasFocus());
        QTest::keyClicks(search->field(), QStringLiteral("dt_web"));
        QVERIFY(search->matchCount() >= 1);
        QTest::keyClick(search->field(), Qt::Key_Escape);
        QVERIFY(inspect->text()->hasFocus());
    }

    void inspectFollowsRename() {
        selectWeb();
        ContainerInspectView* inspect = page()->inspectView();
        page()->details()->setCurrentWidget(inspect);
        QTRY_VERIFY_WITH_TIMEOUT(
            inspect->text()->toPlainText().contains(QStringLiteral("\"Name\": \"/dt_web\"")),
            kStepMs);

        CommandResult renamed = berthd_.docker({"rename", "dt_web", "dt_renamed"});
        QVERIFY2(renamed.exitCode == 0, describe(renamed));
        QTRY_VERIFY_WITH_TIMEOUT(
            inspect->text()->toPlainText().contains(QStringLiteral("\"Name\": \"/dt_renamed\"")),
            kStepMs);

        renamed = berthd_.docker({"rename", "dt_renamed", "dt_web"});
        QVERIFY2(renamed.exitCode == 0, describe(renamed));
        QTRY_VERIFY_WITH_TIMEOUT(
            inspect->text()->toPlainText().contains(QStringLiteral("\"Name\": \"/dt_web\"")),
            kStepMs);
    }

    void logsSearchStepsThroughMatches() {
        selectWeb();
        ContainerLogsView* logs = page()->logs();
        page()->details()->setCurrentWidget(logs);
        QTRY_VERIFY_WITH_TIMEOUT(logs->text()->toPlainText().contains(kLogLines.last()), kStepMs);
        TextSearchBar* search = logs->search();

        search->setSearchText(QStringLiteral("alpha"));
        QCOMPARE(search->matchCount(), 2);
        QCOMPARE(search->highlightedTexts(),
                 QStringList({QStringLiteral("alpha"), QStringLiteral("ALPHA")}));
        QCOMPARE(search->currentMatch(), 0);

        // Enter and F3 go forward, Shift+Enter back, both wrapping around.
        QTest::keyClick(search->field(), Qt::Key_Return);
        QCOMPARE(search->currentMatch(), 1);
        QCOMPARE(logs->text()->textCursor().selectedText(), QStringLiteral("ALPHA"));
        QTest::keyClick(search->field(), Qt::Key_F3);
        QCOMPARE(search->currentMatch(), 0);
        QTest::keyClick(search->field(), Qt::Key_Return, Qt::ShiftModifier);
        QCOMPARE(search->currentMatch(), 1);
        search->previousButton()->click();
        QCOMPARE(search->currentMatch(), 0);
        QCOMPARE(search->countLabel()->text(), QStringLiteral("1 of 2"));
        saveScreenshot(QStringLiteral("studio-logs-search.png"));
        search->setSearchText({});
        QVERIFY(search->highlightedTexts().isEmpty());

        // Ctrl+F reaches the search field from the tab's other controls too.
        window_->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window_.get()));
        logs->timestampsCheck()->setFocus();
        QTRY_VERIFY(logs->timestampsCheck()->hasFocus());
        QTest::keyClick(logs->timestampsCheck(), Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(search->field()->hasFocus());
        QVERIFY(!page()->filter()->hasFocus());
    }

    void logsTimestampsAndWrapToggle() {
        selectWeb();
        ContainerLogsView* logs = page()->logs();
        page()->details()->setCurrentWidget(logs);
        QTRY_VERIFY_WITH_TIMEOUT(logs->text()->toPlainText().contains(kLogLines.last()), kStepMs);
        const QRegularExpression stamped(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S*Z )"));

        logs->timestampsCheck()->click();
        QTRY_VERIFY_WITH_TIMEOUT(logs->text()->toPlainText().contains(kLogLines.last()), kStepMs);
        const QStringList lines = logs->text()->toPlainText().split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), kLogLines.size());
        for (int i = 0; i < lines.size(); ++i) {
            QVERIFY2(stamped.match(lines[i]).hasMatch(), qPrintable(lines[i]));
            QVERIFY2(lines[i].endsWith(kLogLines[i]), qPrintable(lines[i]));
        }

        logs->timestampsCheck()->click();
        QTRY_COMPARE_WITH_TIMEOUT(logs->text()->toPlainText().split('\n', Qt::SkipEmptyParts),
                                  kLogLines, kStepMs);

        QCOMPARE(logs->text()->lineWrapMode(), QPlainTextEdit::WidgetWidth);
        logs->wrapCheck()->click();
        QCOMPARE(logs->text()->lineWrapMode(), QPlainTextEdit::NoWrap);
        logs->wrapCheck()->click();
        QCOMPARE(logs->text()->lineWrapMode(), QPlainTextEdit::WidgetWidth);
    }

    void logsSaveWritesShownText() {
        selectWeb();
        ContainerLogsView* logs = page()->logs();
        page()->details()->setCurrentWidget(logs);
        logs->timestampsCheck()->setChecked(true);
        QTRY_VERIFY_WITH_TIMEOUT(logs->text()->toPlainText().contains(kLogLines.last()), kStepMs);
        QVERIFY(logs->saveButton()->isEnabled());

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("web.log"));
        QFileDialog* picker = logs->showSaveDialog();
        QVERIFY(picker);
        QCOMPARE(picker->objectName(), QStringLiteral("logPicker"));
        picker->selectFile(path);
        // accept() is protected in QFileDialog; the Save button calls the same slot.
        QVERIFY(QMetaObject::invokeMethod(picker, "accept"));
        QTRY_VERIFY(QFileInfo::exists(path));
        QFile saved(path);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QString content = QString::fromUtf8(saved.readAll());
        // The shown text ends with the last line's newline, so the file is the same text.
        QCOMPARE(content, logs->text()->toPlainText());
        QCOMPARE(content.count('\n'), kLogLines.size());
        QVERIFY2(content.startsWith(QStringLiteral("20")), qPrintable(content));
        logs->timestampsCheck()->setChecked(false);

        // A directory that does not exist fails with the reason.
        const Result<void> failed = logs->saveTo(dir.filePath(QStringLiteral("missing/web.log")));
        QVERIFY(!failed);
        QVERIFY(!failed.error().message.empty());
    }
};

QTEST_MAIN(StudioDetailsTest)
#include "tst_studio_details.moc"
