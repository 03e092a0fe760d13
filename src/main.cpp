// berth-studio: the desktop container studio.

#include "firstpaint.h"
#include "mainwindow.h"
#include "quitonsignal.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Berth"));
    QApplication::setApplicationName(QStringLiteral("berth-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("Berth Studio"));
    QApplication::setApplicationVersion(QStringLiteral(BERTH_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("berth-studio"));

    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QApplication::installTranslator(&qtTranslator);
    }
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("berth"), QStringLiteral("_"),
                        QStringLiteral(":/i18n"))) {
        QApplication::installTranslator(&translator);
    }

    berth::studio::quitOnTerminationSignals(&app);
    berth::studio::quitAfterFirstPaintIfRequested(&app);

    berth::studio::MainWindow window;
    window.show();
    window.connectToEngine();
    return QApplication::exec();
}
