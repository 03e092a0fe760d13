// The studio in Simplified Chinese: the language chosen in Settings loads the studio's own
// catalogue and Qt's, so page names, actions and standard dialog buttons are Chinese, while
// an engine error keeps the engine's English text under a translated sentence. With
// BERTH_SCREENSHOT_DIR set it also saves screenshots of the window and the Settings dialog.
// With BERTH_TEST_SYSTEM_LANGUAGE set, the setting is left at the system default, and the
// environment's LANGUAGE=zh_CN must give the same result. No test connects to an engine.

#include "containersmodel.h"
#include "containerspage.h"
#include "errorbanner.h"
#include "language.h"
#include "mainwindow.h"
#include "settingsdialog.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace berth::studio;

namespace {

const QString kLanguageKey = QStringLiteral("ui/language");

// The language setting the studio starts with: Chinese, or the system default.
QString startLanguage() {
    return qEnvironmentVariableIsSet("BERTH_TEST_SYSTEM_LANGUAGE") ? QString()
                                                                   : QStringLiteral("zh_CN");
}

// No engine: the studio shows its first-run page rather than starting berthd.
StartupOptions withoutEngine(const QTemporaryDir& dir) {
    StartupOptions options;
    options.systemSocket = dir.filePath(QStringLiteral("missing/berth.sock"));
    options.mayStartBundled = false;
    return options;
}

} // namespace

class StudioLanguageTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void catalogueInstalled();
    void mainWindowInChinese();
    void standardButtonsInChinese();
    void containerStatesInChinese();
    void settingsKeepsLanguageChoice();
    void engineErrorKeepsEngineText();
    void screenshots();

private:
    QTemporaryDir dir_{QStringLiteral("/tmp/bsl-XXXXXX")};
    InstalledTranslations installed_;
};

void StudioLanguageTest::initTestCase() {
    QVERIFY(dir_.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("BerthTest"));
    QApplication::setApplicationName(QStringLiteral("studio-language"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       dir_.filePath(QStringLiteral("settings")));
    setLanguageSetting(startLanguage());
    // As main() does at start-up, before any widget exists.
    installed_ = installTranslations(qApp, languageSetting());
}

void StudioLanguageTest::catalogueInstalled() {
    QVERIFY2(installed_.studio, "berth_zh_CN.qm is not in the resources at :/i18n");
    QVERIFY2(installed_.qt, "qtbase_zh_CN.qm is missing from Qt's translations directory: "
                            "apt-get install qt6-translations-l10n");
    if (!startLanguage().isEmpty()) {
        QCOMPARE(QLocale().name(), QStringLiteral("zh_CN"));
    }
}

void StudioLanguageTest::mainWindowInChinese() {
    MainWindow window;
    auto* rail = window.findChild<QListWidget*>(QStringLiteral("navigationRail"));
    QVERIFY(rail != nullptr);
    QCOMPARE(rail->item(MainWindow::ContainersIndex)->text(), QStringLiteral("容器"));
    QCOMPARE(rail->item(MainWindow::ImagesIndex)->text(), QStringLiteral("镜像"));
    QCOMPARE(rail->item(MainWindow::VolumesIndex)->text(), QStringLiteral("卷"));
    QCOMPARE(window.menuBar()->actions().first()->text(), QStringLiteral("文件(&F)"));
    QCOMPARE(window.containersPage()->runAction()->text(), QStringLiteral("运行(&R)…"));
}

void StudioLanguageTest::containerStatesInChinese() {
    QCOMPARE(stateText(QStringLiteral("running")), QStringLiteral("运行中"));
    QCOMPARE(stateText(QStringLiteral("exited")), QStringLiteral("已退出"));
    QCOMPARE(stateText(QStringLiteral("unhealthy")), QStringLiteral("不健康"));
    // A state this studio does not know stays as the engine sent it.
    QCOMPARE(stateText(QStringLiteral("hibernating")), QStringLiteral("hibernating"));
}

void StudioLanguageTest::standardButtonsInChinese() {
    SettingsDialog dialog;
    auto* buttons = dialog.findChild<QDialogButtonBox*>();
    QVERIFY(buttons != nullptr);
    // These two come from Qt's catalogue, not the studio's.
    QCOMPARE(buttons->button(QDialogButtonBox::Ok)->text(), QStringLiteral("确定"));
    QCOMPARE(buttons->button(QDialogButtonBox::Cancel)->text(), QStringLiteral("取消"));
    QCOMPARE(dialog.windowTitle(), QStringLiteral("设置"));
}

void StudioLanguageTest::settingsKeepsLanguageChoice() {
    MainWindow window;
    window.setStartupOptions(withoutEngine(dir_));
    window.showSettings();
    auto* dialog = window.findChild<SettingsDialog*>();
    QVERIFY(dialog != nullptr);
    QCOMPARE(dialog->language(), startLanguage());
    auto* combo = dialog->findChild<QComboBox*>(QStringLiteral("languageCombo"));
    QVERIFY(combo != nullptr);
    QCOMPARE(combo->count(), languageOptions().size());
    QCOMPARE(combo->itemText(0), QStringLiteral("系统默认"));
    QVERIFY(combo->findText(QStringLiteral("简体中文")) >= 0);
    QVERIFY(combo->findText(QStringLiteral("Deutsch")) >= 0);
    QVERIFY(combo->findText(QStringLiteral("English")) >= 0);

    dialog->setLanguage(QStringLiteral("de"));
    dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    QCOMPARE(QSettings().value(kLanguageKey).toString(), QStringLiteral("de"));

    // The system default is no stored value at all, so the locale decides at each start.
    setLanguageSetting(QString());
    QVERIFY(!QSettings().contains(kLanguageKey));
    setLanguageSetting(startLanguage());
}

void StudioLanguageTest::engineErrorKeepsEngineText() {
    ErrorBanner banner;
    const QString engineText = QStringLiteral("No such container: web");
    banner.showError(ContainersPage::tr("Could not start %1").arg(QStringLiteral("web")),
                     engineText);
    const QString shown = banner.findChild<QLabel*>()->text();
    QVERIFY2(shown.contains(QStringLiteral("无法启动 web")), qPrintable(shown));
    QVERIFY2(shown.contains(QStringLiteral("引擎返回")), qPrintable(shown));
    QVERIFY2(shown.contains(engineText), qPrintable(shown));

    // A failure the studio found itself is not put in the engine's mouth.
    banner.showProblem(QStringLiteral("无法打开 Dockerfile"), QStringLiteral("/x: No such file"));
    const QString problem = banner.findChild<QLabel*>()->text();
    QVERIFY2(!problem.contains(QStringLiteral("引擎返回")), qPrintable(problem));
    QVERIFY2(problem.contains(QStringLiteral("/x: No such file")), qPrintable(problem));
}

void StudioLanguageTest::screenshots() {
    const QString shots = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
    if (shots.isEmpty()) {
        QSKIP("BERTH_SCREENSHOT_DIR is not set");
    }
    MainWindow window;
    window.setStartupOptions(withoutEngine(dir_));
    window.resize(1100, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.containersPage()->banner()->showError(
        ContainersPage::tr("Could not start %1").arg(QStringLiteral("web")),
        QStringLiteral("No such container: web"));
    QTest::qWait(100);
    QVERIFY(window.grab().save(shots + QStringLiteral("/studio-zh_CN.png")));

    window.showSettings();
    auto* dialog = window.findChild<SettingsDialog*>();
    QVERIFY(dialog != nullptr);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QVERIFY(dialog->grab().save(shots + QStringLiteral("/studio-zh_CN-settings.png")));
    dialog->reject();
}

QTEST_MAIN(StudioLanguageTest)
#include "tst_studio_language.moc"
