#include "image/transfer_workers.h"

#include <algorithm>
#include <optional>
#include <thread>
#include <vector>

namespace berth::image {

Result<void> runTransferTasks(size_t count, size_t threads, const ClientFactory& makeClient,
                              const TransferTask& task) {
    std::mutex mutex;
    size_t next = 0;
    std::optional<Error> firstError;
    auto worker = [&] {
        std::unique_ptr<RegistryClient> client = makeClient();
        for (;;) {
            size_t index = 0;
            {
                std::lock_guard lock(mutex);
                if (firstError || next == count) {
                    return;
                }
                index = next++;
            }
            if (auto done = task(*client, index); !done) {
                std::lock_guard lock(mutex);
                if (!firstError) {
                    firstError = done.error();
                }
                return;
            }
        }
    };
    std::vector<std::jthread> workers;
    for (size_t i = 0; i < std::min(threads, count); ++i) {
        workers.emplace_back(worker);
    }
    workers.clear(); // joins
    if (firstError) {
        return std::unexpected(*firstError);
    }
    return {};
}

TransferRequest withSerialProgress(const TransferRequest& request, std::mutex& mutex) {
    TransferRequest serial = request;
    if (request.progress) {
        serial.progress = [&request, &mutex](const TransferEvent& event) {
            std::lock_guard lock(mutex);
            request.progress(event);
        };
    }
    return serial;
}

} // namespace berth::image
