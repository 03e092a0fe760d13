// docker export: a container's files as one flat tar.

#include "container/container_root.h"
#include "container/entry.h"
#include "container/manager.h"
#include "container/spec_builder.h"
#include "container/tar_tree_writer.h"
#include "image/store.h"

#include <fmt/format.h>

namespace berth::container {

Result<void> Manager::exportFilesystem(std::string_view reference, const TarSink& sink) {
    auto entry = lookup(reference);
    if (!entry) {
        return std::unexpected(entry.error());
    }
    Container container;
    {
        std::lock_guard lock((*entry)->mutex);
        container = (*entry)->container;
    }
    if (!options_.images) {
        return fail(ErrorKind::System, "export container: no image store");
    }
    auto image = options_.images->resolve(container.imageId);
    if (!image) {
        return std::unexpected(image.error().context("export container"));
    }
    auto lowerDirs = options_.images->layerDirs(*image);
    if (!lowerDirs) {
        return std::unexpected(lowerDirs.error().context("export container"));
    }
    auto spec = buildSpec(container, std::move(*lowerDirs), options_.cgroupParent);
    if (!spec) {
        return std::unexpected(spec.error().context("export container"));
    }

    // Docker exports the root file system alone: volumes, binds and the generated
    // /etc/hosts, /etc/hostname and /etc/resolv.conf stay out.
    spec->mounts.clear();
    spec->hostsFile.clear();
    spec->hostnameFile.clear();
    spec->resolvConfFile.clear();
    // NOTE: for a running container this mounts its upper directory a second time, which
    // overlayfs allows; files written during the export may or may not be in the tar.
    auto root = ContainerRoot::mountStopped(*spec, container.directory);
    if (!root) {
        return std::unexpected(root.error().context("export container"));
    }
    return writeTarTreeContents(root->fd(), "/", sink);
}

} // namespace berth::container
