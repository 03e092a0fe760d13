// Times the Dockerfile studio's layer preview: from a keystroke (an edited line of the
// Dockerfile) to the rows updated with the engine's plan, with the debounce left out,
// and the in-process parse alone. Prints min, median, p95 and max in milliseconds.
//
//   berth-bench-preview SOCKET CONTEXT_DIR [RUNS]
//
// The context's Dockerfile should have been built once, so that the plan finds its cache.

#include "dockerfile/previewplanner.h"
#include "dockerfile/previewsteps.h"
#include "engineconnection.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace berth::studio;

namespace {

void report(const char* name, std::vector<double> samples) {
    if (samples.empty()) {
        std::printf("%s: no samples\n", name);
        return;
    }
    std::ranges::sort(samples);
    auto at = [&](double fraction) {
        return samples[std::min(samples.size() - 1,
                                std::size_t(fraction * double(samples.size())))];
    };
    std::printf("%s (ms, %zu runs): min %.1f median %.1f p95 %.1f max %.1f\n", name, samples.size(),
                samples.front(), at(0.5), at(0.95), samples.back());
}

} // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: berth-bench-preview SOCKET CONTEXT_DIR [RUNS]\n");
        return 2;
    }
    const QString context = QString::fromLocal8Bit(argv[2]);
    const int runs = argc > 3 ? std::max(1, std::atoi(argv[3])) : 15;
    QFile file(context + "/Dockerfile");
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s/Dockerfile\n", argv[2]);
        return 1;
    }
    const QString text = QString::fromUtf8(file.readAll());

    EngineConnection connection(berth::client::Endpoint::unixSocket(argv[1]));
    PreviewPlanner planner;
    planner.setConnection(&connection);
    planner.setContext(context, "Dockerfile");

    std::vector<double> parse;
    std::vector<double> preview;
    for (int run = -1; run < runs; ++run) {
        // Alternate the last line so that each run is an edit, as a keystroke is.
        QString edited = text;
        edited += run % 2 == 0 ? "\n" : "\n# edited\n";
        QElapsedTimer timer;
        timer.start();
        (void)parseSteps(edited, CacheState::Pending);
        const double parsed = double(timer.nsecsElapsed()) / 1e6;

        QSignalSpy planned(&planner, &PreviewPlanner::planned);
        QSignalSpy failed(&planner, &PreviewPlanner::planFailed);
        timer.restart();
        planner.setText(edited);
        planner.planNow();
        if (!planned.wait(60000) || !failed.isEmpty()) {
            std::fprintf(stderr, "the plan did not arrive: %s\n",
                         failed.isEmpty() ? "timed out"
                                          : qPrintable(failed.first().first().toString()));
            return 1;
        }
        if (run >= 0) { // the first run warms the engine's layer cache
            preview.push_back(double(timer.nsecsElapsed()) / 1e6);
            parse.push_back(parsed);
        }
    }
    report("parse only", parse);
    report("keystroke to preview", preview);
    return 0;
}
