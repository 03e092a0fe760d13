#include "runvolumechoices.h"

#include "containersmodel.h"
#include "engineconnection.h"
#include "imageports.h"
#include "rundialog.h"
#include "volumeusage.h"

namespace berth::studio {

namespace {

QStringList toQStringList(const std::vector<std::string>& list) {
    QStringList out;
    for (const std::string& item : list) {
        out << QString::fromStdString(item);
    }
    return out;
}

} // namespace

void feedVolumeChoices(RunDialog* dialog, EngineConnection* connection,
                       const ContainersModel* containers) {
    QStringList names;
    for (int row = 0; row < containers->rowCount(); ++row) {
        names << containerName(*containers->container(row));
    }
    names.sort();
    dialog->setContainerNames(names);
    dialog->setLinkTargets(runningContainerNames(*containers));
    dialog->setPortUses(publishedHostPorts(*containers));
    if (!connection) {
        return;
    }

    // A failed lookup leaves the picker empty; the user may still type a volume name.
    connection->run(
        dialog, [](client::Client& client) { return client.listVolumes(); },
        [dialog](Result<client::Json> volumes) {
            if (volumes) {
                dialog->setVolumeNames(toQStringList(volumeNames(*volumes)));
            }
        });
    QObject::connect(
        dialog, &RunDialog::imageChosen, dialog, [dialog, connection](const QString& reference) {
            connection->run(
                dialog,
                [image = reference.toStdString()](client::Client& client) {
                    return client.inspectImage(image);
                },
                [dialog, reference](Result<client::Json> image) {
                    // The user may have typed on while the engine responded.
                    if (QString::fromStdString(dialog->spec().image) != reference) {
                        return;
                    }
                    dialog->setImageVolumes(image ? toQStringList(imageVolumePaths(*image))
                                                  : QStringList());
                    dialog->setImagePorts(image ? imageExposedPorts(*image)
                                                : std::vector<PortForward>());
                });
        });
}

} // namespace berth::studio
