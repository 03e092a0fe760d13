#pragma once

// Feeds the Run dialog's pickers from the engine: the named volumes, the containers for
// --volumes-from, the running containers for --link, the host ports containers publish,
// and the VOLUME paths and EXPOSE ports of the image the user chose.

namespace berth::studio {

class ContainersModel;
class EngineConnection;
class RunDialog;

void feedVolumeChoices(RunDialog* dialog, EngineConnection* connection,
                       const ContainersModel* containers);

} // namespace berth::studio
