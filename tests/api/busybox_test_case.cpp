#include "busybox_test_case.h"

#include <QTest>

void BusyboxTestCase::initTestCase() {
    if (QString missing = BerthdFixture::missingPrerequisite(); !missing.isEmpty()) {
        QSKIP(qPrintable(missing));
    }
    QString error = daemon_.startWithBusybox();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void BusyboxTestCase::cleanup() {
    QStringList problems = daemon_.removeAllContainers();
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
}

void BusyboxTestCase::cleanupTestCase() {
    QStringList problems = daemon_.stop();
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
}
