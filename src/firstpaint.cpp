#include "firstpaint.h"

#include <QApplication>
#include <QEvent>
#include <QTimer>

namespace berth::studio {

namespace {

class FirstPaintProbe final : public QObject {
public:
    explicit FirstPaintProbe(QApplication* app)
        : QObject(app) {}

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Paint && !seen_) {
            seen_ = true;
            // Quit from the event loop, after the paint has reached the window system.
            QTimer::singleShot(0, qApp, &QCoreApplication::quit);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool seen_ = false;
};

} // namespace

void quitAfterFirstPaintIfRequested(QApplication* app) {
    if (qEnvironmentVariable("BERTH_STUDIO_QUIT_AFTER_PAINT") != QLatin1String("1")) {
        return;
    }
    app->installEventFilter(new FirstPaintProbe(app));
}

} // namespace berth::studio
