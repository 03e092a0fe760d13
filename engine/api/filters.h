#pragma once

// The "filters" query parameter: JSON {"name": {"x": true}} or the older {"name": ["x"]}.

#include "common/error.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace berth::api {

using Filters = std::map<std::string, std::vector<std::string>>;

[[nodiscard]] Result<Filters> parseFilters(std::string_view json);

// "key" or "key=value" label filters against a label map.
[[nodiscard]] bool labelsMatch(const std::vector<std::string>& wanted,
                               const std::map<std::string, std::string>& labels);

} // namespace berth::api
