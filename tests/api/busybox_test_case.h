#pragma once

#include "berthd_fixture.h"

#include <QObject>

// A test class whose tests share one private berthd with busybox:latest imported. Qt Test
// runs these slots of the base class like its own: the daemon starts before the first
// test, every container is removed after each test, and the daemon stops after the last.
class BusyboxTestCase : public QObject {
    Q_OBJECT

protected:
    BerthdFixture daemon_;

private slots:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();
};
