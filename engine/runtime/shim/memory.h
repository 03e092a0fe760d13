#pragma once

namespace berth::runtime {

// Shrinks an idle shim's resident set once the container is created: returns freed heap
// to the kernel, unmaps the clean file pages that setup touched (code of the JSON parser,
// mounts, capabilities; the page cache keeps them, so a later use is a minor fault) and
// the stack below the current frame.
void releaseSetupMemory();

} // namespace berth::runtime
