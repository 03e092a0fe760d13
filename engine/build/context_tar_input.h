#pragma once

// The build context's tar as libarchive input: the state its read callback keeps, the
// callback, an owner that frees a libarchive handle, and its error text. Shared by
// context.cpp and context_refresh.cpp.

#include "image/input.h"

#include <archive.h>

#include <memory>
#include <string>
#include <vector>

namespace berth::build {

struct ContextTarInput {
    const image::ReadFunction* read;
    std::vector<char> buffer = std::vector<char>(256 * 1024);
    std::string error; // the read function's error, when it failed
};

// libarchive's read callback over a ContextTarInput.
inline la_ssize_t readContextTar(archive*, void* opaque, const void** block) {
    auto* input = static_cast<ContextTarInput*>(opaque);
    auto count = (*input->read)(input->buffer);
    if (!count) {
        input->error = count.error().message;
        return -1;
    }
    *block = input->buffer.data();
    return la_ssize_t(*count);
}

struct ArchiveFree {
    void operator()(archive* handle) const { archive_free(handle); }
};
using ArchiveHandle = std::unique_ptr<archive, ArchiveFree>;

inline std::string archiveErrorText(archive* handle) {
    const char* text = archive_error_string(handle);
    return text ? text : "unknown libarchive error";
}

} // namespace berth::build
