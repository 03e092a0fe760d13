// berth-studio: the desktop container studio.

#include "firstpaint.h"
#include "language.h"
#include "mainwindow.h"
#include "quitonsignal.h"

#include <QApplication>

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Berth"));
    QApplication::setApplicationName(QStringLiteral("berth-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("Berth Studio"));
    QApplication::setApplicationVersion(QStringLiteral(BERTH_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("berth-studio"));

    berth::studio::installTranslations(&app, berth::studio::languageSetting());

    berth::studio::quitOnTerminationSignals(&app);
    berth::studio::quitAfterFirstPaintIfRequested(&app);

    berth::studio::MainWindow window;
    window.show();
    window.connectToEngine();
    return QApplication::exec();
}
