#pragma once

namespace berth::runtime {

// Shrinks an idle shim's resident set once the container is created. It returns freed
// heap to the kernel and unmaps the stack below the current frame and the clean read-only
// file pages that setup touched. The page cache keeps those pages, so a later use of them
// is a minor fault.
void releaseSetupMemory();

} // namespace berth::runtime
