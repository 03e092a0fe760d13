#pragma once

// The tags of a repository on a registry (GET /v2/<name>/tags/list), for the studio's pull
// dialog. Docker's Engine API has no such call; Berth serves it as /berth/registry/tags.

#include "common/error.h"
#include "image/registry_client.h"

#include <string>
#include <vector>

namespace berth::image {

// Lists the repository's tags in the registry's order, following the registry's Link
// header from page to page. A registry that does not know the repository is NotFound; one
// that rejects the credentials is InvalidArgument with the registry's reason.
[[nodiscard]] Result<std::vector<std::string>> listRepositoryTags(RegistryClient& client);

// The target of a Link header's rel="next" page ("/v2/app/tags/list?last=b&n=100"), empty
// when there is no next page.
[[nodiscard]] std::string nextPageTarget(std::string_view linkHeader);

} // namespace berth::image
