#include "shim/memory.h"

#include <malloc.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace berth::runtime {

namespace {

constexpr uintptr_t kPage = 4096;

// The stack below this frame contains no live data. A margin is kept for the red zone and
// the frames of the calls made from here.
[[gnu::noinline]] void releaseStackBelow(uintptr_t stackStart) {
    volatile char marker = 0;
    uintptr_t sp = reinterpret_cast<uintptr_t>(&marker);
    uintptr_t end = (sp - 8 * 1024) & ~(kPage - 1);
    if (end > stackStart) {
        ::madvise(reinterpret_cast<void*>(stackStart), end - stackStart, MADV_DONTNEED);
    }
}

} // namespace

void releaseSetupMemory() {
    ::malloc_trim(0);
    // smaps lists, per mapping, how much of it is anonymous (written, copy-on-write) memory.
    // Only mappings that are read-only and have no anonymous page are released: dropping a
    // written page of a private mapping would lose what was written.
    FILE* smaps = std::fopen("/proc/self/smaps", "re");
    if (smaps == nullptr) {
        return;
    }
    char line[512];
    uintptr_t start = 0;
    uintptr_t end = 0;
    bool candidate = false;
    bool stack = false;
    uintptr_t stackStart = 0;
    while (std::fgets(line, sizeof line, smaps) != nullptr) {
        unsigned long low = 0;
        unsigned long high = 0;
        char permissions[8] = {};
        // Only a mapping's header line starts with "LOW-HIGH "; field lines fail the parse.
        if (std::sscanf(line, "%lx-%lx %7s", &low, &high, permissions) == 3) {
            start = low;
            end = high;
            stack = std::strstr(line, "[stack]") != nullptr;
            if (stack) {
                stackStart = start;
            }
            // A file mapping's line ends with its path; anonymous ones end with the inode 0.
            candidate =
                permissions[1] != 'w' && permissions[0] == 'r' && std::strchr(line, '/') != nullptr;
            continue;
        }
        if (candidate && std::strncmp(line, "Anonymous:", 10) == 0) {
            if (std::strtoul(line + 10, nullptr, 10) == 0) {
                ::madvise(reinterpret_cast<void*>(start), end - start, MADV_DONTNEED);
            }
            candidate = false;
        }
    }
    std::fclose(smaps);
    if (stackStart != 0) {
        releaseStackBelow(stackStart);
    }
}

} // namespace berth::runtime
