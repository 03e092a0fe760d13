#pragma once

// The Run dialog: a form over a RunSpec, the live docker run line, and "Paste a docker run
// line…". Problems show beside their field as the user types, and Run stays disabled, with
// a tooltip that says why, until none remains.

#include "runline.h"

#include <QDialog>
#include <QStringList>

#include <memory>

class QMenu;
class QPushButton;
class QTimer;

namespace Ui {
class RunDialog;
}

namespace berth::studio {

class RunDialog final : public QDialog {
    Q_OBJECT

public:
    explicit RunDialog(QWidget* parent = nullptr);
    ~RunDialog() override;

    [[nodiscard]] RunSpec spec() const;
    void setSpec(const RunSpec& spec);
    void setImageSuggestions(const QStringList& references);
    // The engine's CPU count, the maximum for the Resources tab's CPU limit.
    void setOnlineCpus(int cpus);
    // The named volumes the volume picker offers.
    void setVolumeNames(const QStringList& names);
    // The containers the --volumes-from picker offers.
    void setContainerNames(const QStringList& names);
    // The running containers the --link picker offers.
    void setLinkTargets(const QStringList& names);
    // The host ports the engine's containers publish, named when a port is in use.
    void setPortUses(std::vector<HostPortUse> uses);
    // The paths the chosen image declares with VOLUME, offered as mappings.
    void setImageVolumes(const QStringList& paths);
    [[nodiscard]] QStringList imageVolumes() const { return imageVolumes_; }
    // The ports the chosen image declares with EXPOSE, offered as port forwards.
    void setImagePorts(const std::vector<PortForward>& ports);

    // Fills the dialog from a docker run line. Returns false with the parse error shown
    // below the line; otherwise lists every flag it could not place there.
    bool applyRunLine(const QString& line);

    // The problems that keep Run disabled, one sentence each; empty when it may run.
    [[nodiscard]] QStringList problems() const;
    [[nodiscard]] QString runLine() const;
    [[nodiscard]] QString pasteResult() const;
    [[nodiscard]] QPushButton* runButton() const { return runButton_; }

signals:
    // The image field holds a new reference and the user stopped typing; the owner may
    // look the image up and call setImageVolumes().
    void imageChosen(const QString& reference);

private:
    // The Volumes tab, in rundialog_volumes.cpp.
    void setupVolumesTab();
    void addMappingRow(const VolumeMapping& mapping);
    void addVolumesFromRow(const VolumesFrom& entry);
    void fillVolumes(const RunSpec& spec);
    void browseHostPath(bool singleFile);
    void mapImageVolumes();
    void rebuildVolumeMenu();
    void rebuildContainerMenu();
    [[nodiscard]] std::vector<VolumeMapping> mappingRows() const;
    [[nodiscard]] std::vector<VolumesFrom> volumesFromRows() const;
    [[nodiscard]] QString volumeProblemText() const;
    // Notes that do not stop a run: a typed host path that does not exist yet.
    [[nodiscard]] QString volumeNoteText() const;

    void updateState();
    void pasteRunLine();
    void addEnvRow(const QString& name, const QString& value, bool passThrough);
    void applyShellDefaults();

    std::unique_ptr<Ui::RunDialog> ui_;
    QPushButton* runButton_;
    // Set once the user picks -i or -t by hand; the shell default then leaves them alone.
    bool interactiveChosen_ = false;
    // The -l labels of a pasted line or a duplicated container. They stay in the spec and the
    // line, although no tab shows them.
    std::vector<std::string> labels_;
    QStringList volumeNames_;
    QStringList containerNames_;
    QStringList imageVolumes_;
    QMenu* volumeMenu_;
    QMenu* containerMenu_;
    QTimer* imageTimer_;
};

} // namespace berth::studio
