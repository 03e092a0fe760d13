#pragma once

// A probe for the startup benchmark: quits the application once its first widget has
// painted, so that timing the whole process gives the time to first paint.

class QApplication;

namespace berth::studio {

// Installs the probe when the environment sets BERTH_STUDIO_QUIT_AFTER_PAINT=1.
void quitAfterFirstPaintIfRequested(QApplication* app);

} // namespace berth::studio
