#pragma once

// The Engine page: which engine the studio is connected to (name, version, API, OS, storage
// driver, cgroups, data root), its disk use per kind from /system/df, and a Prune action
// per kind. A prune first lists what it would remove, computed from the engine's lists
// because the API has no dry run, and waits for confirmation. Then it prunes and reports the
// space reclaimed.

#include "pruneplan.h"

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QMessageBox;
class QPushButton;
class QTableWidget;

namespace berth::studio {

class EngineConnection;
class ErrorBanner;

class EnginePage final : public QWidget {
    Q_OBJECT

public:
    explicit EnginePage(QWidget* parent = nullptr);

    // `bundled` is true when the studio started this engine itself.
    void setConnection(EngineConnection* connection, bool bundled);
    // Reads the engine's identity and disk use again.
    void refresh();
    // Refreshes only while the page is shown; the window calls it on engine events.
    void refreshIfVisible();

    // Lists what a prune of this kind would remove and opens a confirmation.
    void prune(PruneKind kind);

    [[nodiscard]] QLabel* identity() const { return identity_; }
    [[nodiscard]] QTableWidget* diskUse() const { return diskUse_; }
    [[nodiscard]] QLabel* status() const { return status_; }
    [[nodiscard]] ErrorBanner* banner() const { return banner_; }
    [[nodiscard]] QCheckBox* includeUnused() const { return includeUnused_; }
    [[nodiscard]] QPushButton* pruneButton(PruneKind kind) const;
    // The open confirmation of a prune, null when none is open.
    [[nodiscard]] QMessageBox* confirmation() const;

signals:
    void chooseEngineRequested();
    void refreshed();
    // The preview of a prune is ready; `count` is how many objects it would remove.
    void previewReady(berth::studio::PruneKind kind, int count);
    void pruneFinished(bool ok);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void buildLayout();
    void showIdentity(const client::Json& version, const client::Json& info);
    void showDiskUse(const client::Json& diskUsage);
    void confirmPrune(const PrunePlan& plan);
    void runPrune(PruneKind kind);
    [[nodiscard]] bool anonymousVolumesOnly() const;

    EngineConnection* connection_ = nullptr;
    bool bundled_ = false;
    bool loading_ = false;
    ErrorBanner* banner_;
    QLabel* identity_;
    QTableWidget* diskUse_;
    QCheckBox* includeUnused_;
    QLabel* status_;
    QList<QPushButton*> pruneButtons_;
    QPointer<QMessageBox> confirmation_;
};

// "containers", "images", ... as the page's messages name a kind.
[[nodiscard]] QString pruneKindName(PruneKind kind);
// "2 container(s)", "1 volume(s)": a count of a kind, plural through the translation.
[[nodiscard]] QString pruneCountText(PruneKind kind, int count);

} // namespace berth::studio

Q_DECLARE_METATYPE(berth::studio::PruneKind)
