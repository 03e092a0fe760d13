#pragma once

// Feeds an import's tar stream to image::Store::importTar through a pipe, from the request
// body or from a URL (libcurl), so the archive is never held in memory whole.

#include "api/http.h"
#include "common/error.h"
#include "image/store.h"

#include <string>

namespace berth::api {

// Streams the request body into the store. On an import error the rest of the body is
// read and dropped, so that the client can read the error answer.
[[nodiscard]] Result<image::Image> importFromBody(image::Store& store, BodyReader& body,
                                                  const image::ImportOptions& options);

// Downloads url (http or https) into the store.
[[nodiscard]] Result<image::Image> importFromUrl(image::Store& store, const std::string& url,
                                                 const image::ImportOptions& options);

} // namespace berth::api
