#pragma once

// Tar-split: enough of a layer's original tar stream to write it again byte for byte from
// its unpacked directory, so `docker save` and push produce blobs whose sha256 is the
// layer's diff id. Docker keeps the same kind of record (vbatts/tar-split).
//
// The record keeps every byte of the uncompressed stream except the data of regular files,
// which it replaces with a reference to the unpacked file by path and size. Headers, pax
// records, padding and whatever follows the end-of-archive marker stay verbatim. Entries
// whose data cannot be found again on disk (whiteouts, sparse files, unclean paths) keep
// their data verbatim too, so the record is always correct and at worst larger.
//
// File format, a sequence of records:
//   'R' <u64 length> <length bytes>                 raw bytes of the stream
//   'F' <u64 size> <u32 path length> <path bytes>   size bytes of the file at path
// Integers are little-endian; paths are relative to the layer's diff directory.

#include "common/error.h"
#include "common/unique_fd.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>

namespace berth::image {

// Parses a tar stream as it passes and writes its tar-split record to a file.
class TarSplitRecorder final {
public:
    explicit TarSplitRecorder(UniqueFd output)
        : output_(std::move(output)) {}

    // Takes the next bytes of the uncompressed stream. A write error is kept for finish().
    void feed(std::span<const char> bytes);

    // Writes what is buffered and syncs the file. Fails when a write failed, or when a
    // path held file data twice, since the first data is then lost from the directory.
    [[nodiscard]] Result<void> finish();

private:
    enum class Phase { Header, Data, Padding, End };
    enum class DataKind { Raw, File, PaxRecords, LongName };

    void processHeader();
    void endEntryData();
    void appendRaw(std::string_view bytes);
    void writeFileReference();
    void flushRaw();
    void writeOut(std::string_view bytes);

    UniqueFd output_;
    std::optional<Error> error_;
    std::string raw_;     // raw bytes not yet written as an 'R' record
    std::string pending_; // encoded records not yet written to output_

    Phase phase_ = Phase::Header;
    std::array<char, 512> header_{};
    size_t headerFill_ = 0;
    DataKind kind_ = DataKind::Raw;
    uint64_t remaining_ = 0;
    uint64_t entrySize_ = 0;
    std::string collected_; // pax records or a GNU long name being read

    // Overrides from pax and GNU long-name headers for the entry that follows them.
    std::optional<std::string> nextPath_;
    std::optional<uint64_t> nextSize_;
    bool nextSparse_ = false;
    bool verbatimOnly_ = false; // set after a header this parser could not follow

    std::string filePath_;
    std::unordered_set<std::string> filePaths_;
    bool duplicatePath_ = false;
};

// Writes the layer tar that the tar-split record at recordPath describes, reading file data
// from diffDir, and checks that its sha256 is diffId. Returns the number of bytes written.
// write receives the stream in order and may stop it by returning an error.
[[nodiscard]] Result<int64_t>
writeLayerTarFromSplit(const std::filesystem::path& recordPath,
                       const std::filesystem::path& diffDir, const std::string& diffId,
                       const std::function<Result<void>(std::string_view)>& write);

// The size in bytes of the tar that the record at recordPath describes.
[[nodiscard]] Result<int64_t> layerTarSizeFromSplit(const std::filesystem::path& recordPath);

} // namespace berth::image
