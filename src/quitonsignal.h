#pragma once

// Quits the application on SIGTERM, SIGINT and SIGHUP through the event loop, so that the
// main window's destructor still stops the bundled engine. A handler only writes to a
// socket pair; a QSocketNotifier reads it in the GUI thread.

#include <QObject>

namespace berth::studio {

// Installs the handlers; call once after the QApplication exists.
void quitOnTerminationSignals(QObject* parent);

} // namespace berth::studio
