// English plural forms come from berth_en.qm, which contains nothing else: "%n container(s)"
// reads "1 container" and "2 containers" when the user picks English, and also when the
// system language has no catalogue, so its texts stay English.

#include "language.h"

#include <QCoreApplication>
#include <QTest>
#include <QTranslator>

using namespace berth::studio;

class StudioEnglishTest : public QObject {
    Q_OBJECT

private slots:
    void cleanup() {
        // A translator leaves the application when it is deleted.
        qDeleteAll(qApp->findChildren<QTranslator*>());
    }

    void pluralForms_data() {
        QTest::addColumn<QString>("language");
        QTest::newRow("English chosen") << QStringLiteral("en");
        QTest::newRow("British English") << QStringLiteral("en_GB");
        QTest::newRow("language without a catalogue") << QStringLiteral("fr");
    }

    void pluralForms() {
        QFETCH(QString, language);
        installTranslations(qApp, language);
        auto containers = [](int count) {
            return QCoreApplication::translate("berth::studio::ContainersPage", "%n container(s)",
                                               nullptr, count);
        };
        QCOMPARE(containers(1), QStringLiteral("1 container"));
        QCOMPARE(containers(2), QStringLiteral("2 containers"));
        QCOMPARE(containers(0), QStringLiteral("0 containers"));
        QCOMPARE(QCoreApplication::translate("berth::studio::PullDialog", "%n tag(s)", nullptr, 1),
                 QStringLiteral("1 tag"));
        // Strings without a plural stay the source text.
        QCOMPARE(QCoreApplication::translate("berth::studio::ContainersPage", "Containers"),
                 QStringLiteral("Containers"));
    }

    void chineseStillChinese() {
        installTranslations(qApp, QStringLiteral("zh_CN"));
        QCOMPARE(QCoreApplication::translate("berth::studio::ContainersPage", "%n container(s)",
                                             nullptr, 2),
                 QStringLiteral("2 个容器"));
    }
};

QTEST_GUILESS_MAIN(StudioEnglishTest)
#include "tst_studio_english.moc"
