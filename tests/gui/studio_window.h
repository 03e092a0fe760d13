#pragma once

// The main window of a GUI test that runs against its own berthd: settings in a file beside
// berthd's data root, under an application name of their own, so that tests never share or
// touch the user's settings.

#include "api/berthd_fixture.h"
#include "mainwindow.h"

#include <QApplication>
#include <QRandomGenerator>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

#include <memory>

// Opens the studio on page with its endpoint set to berthd and starts connecting. Returns
// nullptr when the window was not exposed; the caller waits for the connection.
inline std::unique_ptr<berth::studio::MainWindow>
openStudioWindow(const BerthdFixture& berthd, const QString& testName, int page) {
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("BerthTest"));
    QApplication::setApplicationName(testName + QLatin1Char('-') +
                                     QString::number(QRandomGenerator::global()->generate(), 16));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       berthd.dataRoot() + QStringLiteral("-settings"));
    QSettings().setValue(QStringLiteral("engine/endpoint"),
                         QStringLiteral("unix://") + berthd.socketPath());
    auto window = std::make_unique<berth::studio::MainWindow>();
    window->resize(1100, 760);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get())) {
        return nullptr;
    }
    window->setCurrentPage(page);
    window->connectToEngine();
    return window;
}
