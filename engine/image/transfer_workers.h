#pragma once

// The threads of a pull or push: a few blobs move at once, as Docker's
// max-concurrent-downloads and max-concurrent-uploads allow. Each thread has its own
// RegistryClient, because a client's token and connection are not shared between threads.

#include "common/error.h"
#include "image/image_transfer.h"
#include "image/registry_client.h"

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>

namespace berth::image {

using ClientFactory = std::function<std::unique_ptr<RegistryClient>()>;
using TransferTask = std::function<Result<void>(RegistryClient& client, size_t index)>;

// Calls task for every index below count on at most threads threads, each thread with a
// client from makeClient. After the first error no further index starts; that error is
// returned once the tasks already running have ended.
[[nodiscard]] Result<void> runTransferTasks(size_t count, size_t threads,
                                            const ClientFactory& makeClient,
                                            const TransferTask& task);

// A copy of request whose progress callback holds mutex while it runs, so that the threads
// report one line at a time.
[[nodiscard]] TransferRequest withSerialProgress(const TransferRequest& request, std::mutex& mutex);

} // namespace berth::image
