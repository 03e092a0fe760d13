#include "image/tar_split.h"

#include "common/sha256.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <vector>

namespace berth::image {

namespace {

constexpr size_t kBlockSize = 512;
constexpr size_t kFlushSize = 64 * 1024;
constexpr size_t kCopyBufferSize = 256 * 1024;
// Pax records and GNU long names above this are kept verbatim and not interpreted.
constexpr size_t kMaxCollected = 1 << 20;

constexpr char kRawRecord = 'R';
constexpr char kFileRecord = 'F';

// Ustar header fields (offset, length).
constexpr size_t kNameOffset = 0, kNameLength = 100;
constexpr size_t kSizeOffset = 124, kSizeLength = 12;
constexpr size_t kTypeOffset = 156;
constexpr size_t kMagicOffset = 257;
constexpr size_t kPrefixOffset = 345, kPrefixLength = 155;

std::string_view field(const std::array<char, 512>& header, size_t offset, size_t length) {
    std::string_view text(header.data() + offset, length);
    return text.substr(0, text.find('\0'));
}

// A numeric field: octal digits, or base-256 when the high bit of the first byte is set.
std::optional<uint64_t> parseNumber(const std::array<char, 512>& header, size_t offset,
                                    size_t length) {
    auto first = static_cast<unsigned char>(header[offset]);
    if ((first & 0x80) != 0) {
        if ((first & 0x40) != 0) {
            return std::nullopt; // negative
        }
        uint64_t value = first & 0x3f;
        for (size_t i = 1; i < length; ++i) {
            if (value > (UINT64_MAX >> 8)) {
                return std::nullopt;
            }
            value = (value << 8) | static_cast<unsigned char>(header[offset + i]);
        }
        return value;
    }
    uint64_t value = 0;
    bool digits = false;
    for (size_t i = 0; i < length; ++i) {
        char c = header[offset + i];
        if (c == ' ' && !digits) {
            continue;
        }
        if (c < '0' || c > '7') {
            break;
        }
        digits = true;
        value = value * 8 + uint64_t(c - '0');
    }
    return value;
}

// The path the layer unpacker gives an entry, or nothing when it would reject the name.
std::optional<std::string> cleanRelativePath(std::string_view raw) {
    if (raw.starts_with('/')) {
        return std::nullopt;
    }
    std::string clean;
    size_t start = 0;
    while (start <= raw.size()) {
        size_t slash = raw.find('/', start);
        std::string_view part = raw.substr(start, slash - start);
        if (part == "..") {
            return std::nullopt;
        }
        if (!part.empty() && part != ".") {
            if (!clean.empty()) {
                clean += '/';
            }
            clean += part;
        }
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    if (clean.empty()) {
        return std::nullopt;
    }
    return clean;
}

bool isWhiteout(const std::string& path) {
    size_t slash = path.rfind('/');
    std::string_view base = slash == std::string::npos ? std::string_view(path)
                                                       : std::string_view(path).substr(slash + 1);
    return base.starts_with(".wh.");
}

template <typename T> bool parseDecimal(std::string_view text, T& value) {
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return !text.empty() && error == std::errc() && end == text.data() + text.size();
}

bool isRegularFileType(char type) {
    return type == '0' || type == '\0' || type == '7';
}

void appendInteger(std::string& out, uint64_t value, size_t bytes) {
    for (size_t i = 0; i < bytes; ++i) {
        out += char((value >> (8 * i)) & 0xff);
    }
}

} // namespace

void TarSplitRecorder::feed(std::span<const char> bytes) {
    while (!bytes.empty()) {
        size_t taken = 0;
        switch (phase_) {
        case Phase::End:
            taken = bytes.size();
            appendRaw(std::string_view(bytes.data(), taken));
            break;
        case Phase::Header:
            taken = std::min(bytes.size(), kBlockSize - headerFill_);
            std::memcpy(header_.data() + headerFill_, bytes.data(), taken);
            headerFill_ += taken;
            appendRaw(std::string_view(bytes.data(), taken));
            if (headerFill_ == kBlockSize) {
                headerFill_ = 0;
                processHeader();
            }
            break;
        case Phase::Data:
            taken = size_t(std::min<uint64_t>(bytes.size(), remaining_));
            if (kind_ != DataKind::File) {
                appendRaw(std::string_view(bytes.data(), taken));
            }
            if (kind_ == DataKind::PaxRecords || kind_ == DataKind::LongName) {
                if (collected_.size() + taken <= kMaxCollected) {
                    collected_.append(bytes.data(), taken);
                } else {
                    verbatimOnly_ = true;
                }
            }
            remaining_ -= taken;
            if (remaining_ == 0) {
                endEntryData();
            }
            break;
        case Phase::Padding:
            taken = size_t(std::min<uint64_t>(bytes.size(), remaining_));
            appendRaw(std::string_view(bytes.data(), taken));
            remaining_ -= taken;
            if (remaining_ == 0) {
                phase_ = Phase::Header;
            }
            break;
        }
        bytes = bytes.subspan(taken);
    }
}

void TarSplitRecorder::processHeader() {
    if (std::ranges::all_of(header_, [](char c) { return c == '\0'; })) {
        phase_ = Phase::End; // the end-of-archive marker; the rest is kept verbatim
        return;
    }
    char type = header_[kTypeOffset];
    auto headerSize = parseNumber(header_, kSizeOffset, kSizeLength);
    if (!headerSize) {
        verbatimOnly_ = true;
        phase_ = Phase::End;
        return;
    }
    bool extension = type == 'x' || type == 'g' || type == 'L' || type == 'K';
    entrySize_ = !extension && nextSize_ ? *nextSize_ : *headerSize;

    std::string path;
    if (nextPath_) {
        path = *nextPath_;
    } else {
        path = std::string(field(header_, kNameOffset, kNameLength));
        bool posixUstar =
            std::string_view(header_.data() + kMagicOffset, 6) == std::string_view("ustar\0", 6);
        auto prefix = field(header_, kPrefixOffset, kPrefixLength);
        if (posixUstar && !prefix.empty()) {
            path = std::string(prefix) + "/" + path;
        }
    }

    kind_ = DataKind::Raw;
    if (type == 'x') {
        kind_ = DataKind::PaxRecords;
    } else if (type == 'L') {
        kind_ = DataKind::LongName;
    } else if (!extension && isRegularFileType(type) && entrySize_ > 0 && !verbatimOnly_ &&
               !nextSparse_ && !path.ends_with('/')) {
        auto clean = cleanRelativePath(path);
        if (clean && !isWhiteout(*clean)) {
            kind_ = DataKind::File;
            filePath_ = std::move(*clean);
        }
    }
    if (!extension) {
        nextPath_.reset();
        nextSize_.reset();
        nextSparse_ = false;
    }
    collected_.clear();
    remaining_ = entrySize_;
    phase_ = Phase::Data;
    if (remaining_ == 0) {
        endEntryData();
    }
}

void TarSplitRecorder::endEntryData() {
    if (kind_ == DataKind::File) {
        writeFileReference();
    } else if (kind_ == DataKind::LongName && !verbatimOnly_) {
        nextPath_ = collected_.substr(0, collected_.find('\0'));
    } else if (kind_ == DataKind::PaxRecords && !verbatimOnly_) {
        // Records read "<length> <key>=<value>\n", the length counting the whole record.
        std::string_view records = collected_;
        while (!records.empty()) {
            size_t space = records.find(' ');
            size_t length = 0;
            auto digits = records.substr(0, space);
            if (space == std::string_view::npos || !parseDecimal(digits, length) ||
                length <= space + 1 || length > records.size()) {
                verbatimOnly_ = true;
                break;
            }
            std::string_view record = records.substr(space + 1, length - space - 2);
            records.remove_prefix(length);
            size_t equals = record.find('=');
            if (equals == std::string_view::npos) {
                continue;
            }
            std::string_view key = record.substr(0, equals);
            std::string_view value = record.substr(equals + 1);
            if (key == "path") {
                nextPath_ = std::string(value);
            } else if (uint64_t size = 0; key == "size" && parseDecimal(value, size)) {
                nextSize_ = size;
            } else if (key.starts_with("GNU.sparse.")) {
                nextSparse_ = true;
            }
        }
    }
    remaining_ = (kBlockSize - entrySize_ % kBlockSize) % kBlockSize;
    phase_ = remaining_ > 0 ? Phase::Padding : Phase::Header;
}

void TarSplitRecorder::appendRaw(std::string_view bytes) {
    raw_.append(bytes);
    if (raw_.size() >= kFlushSize) {
        flushRaw();
    }
}

void TarSplitRecorder::flushRaw() {
    if (raw_.empty()) {
        return;
    }
    std::string record(1, kRawRecord);
    appendInteger(record, raw_.size(), 8);
    writeOut(record);
    writeOut(raw_);
    raw_.clear();
}

void TarSplitRecorder::writeFileReference() {
    flushRaw();
    if (!filePaths_.insert(filePath_).second) {
        duplicatePath_ = true;
    }
    std::string record(1, kFileRecord);
    appendInteger(record, entrySize_, 8);
    appendInteger(record, filePath_.size(), 4);
    record += filePath_;
    writeOut(record);
}

void TarSplitRecorder::writeOut(std::string_view bytes) {
    pending_.append(bytes);
    if (pending_.size() < kFlushSize || error_) {
        return;
    }
    std::string_view left = pending_;
    while (!left.empty()) {
        ssize_t n = ::write(output_.get(), left.data(), left.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            error_ = failSys("write tar-split record").error();
            break;
        }
        left.remove_prefix(size_t(n));
    }
    pending_.clear();
}

Result<void> TarSplitRecorder::finish() {
    flushRaw();
    if (!error_ && !pending_.empty()) {
        std::string last = std::move(pending_);
        pending_.clear();
        std::string_view left = last;
        while (!left.empty() && !error_) {
            ssize_t n = ::write(output_.get(), left.data(), left.size());
            if (n < 0 && errno != EINTR) {
                error_ = failSys("write tar-split record").error();
            } else if (n > 0) {
                left.remove_prefix(size_t(n));
            }
        }
    }
    if (error_) {
        return std::unexpected(*error_);
    }
    if (duplicatePath_) {
        return fail(ErrorKind::Unsupported,
                    "the layer tar holds the data of one file twice, so it cannot be written "
                    "again from the unpacked layer");
    }
    if (::fdatasync(output_.get()) != 0) {
        return failSys("sync tar-split record");
    }
    return {};
}

namespace {

// Reads the records of a tar-split file in order.
class RecordReader final {
public:
    struct Record {
        char type = 0;
        uint64_t size = 0; // raw length, or file size
        std::string path;  // for file records
    };

    static Result<RecordReader> open(const std::filesystem::path& path) {
        UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        if (!fd) {
            return failSys(fmt::format("open tar-split record {}", path.string()));
        }
        return RecordReader(std::move(fd), path.string());
    }

    // The next record, or nothing at the end. Raw bytes are read with readRaw().
    Result<std::optional<Record>> next() {
        char type = 0;
        auto got = readExact(&type, 1, true);
        if (!got) {
            return std::unexpected(got.error());
        }
        if (!*got) {
            return std::optional<Record>();
        }
        Record record;
        record.type = type;
        if (auto size = readInteger(8); size) {
            record.size = *size;
        } else {
            return std::unexpected(size.error());
        }
        if (type == kFileRecord) {
            auto length = readInteger(4);
            if (!length) {
                return std::unexpected(length.error());
            }
            record.path.resize(size_t(*length));
            if (auto read = readExact(record.path.data(), record.path.size(), false); !read) {
                return std::unexpected(read.error());
            }
        } else if (type != kRawRecord) {
            return corrupt();
        }
        return std::optional<Record>(std::move(record));
    }

    Result<void> readRaw(char* buffer, size_t size) {
        auto read = readExact(buffer, size, false);
        if (!read) {
            return std::unexpected(read.error());
        }
        return {};
    }

    Result<void> skip(uint64_t size) {
        if (::lseek(fd_.get(), off_t(size), SEEK_CUR) < 0) {
            return failSys(fmt::format("seek in tar-split record {}", path_));
        }
        return {};
    }

private:
    RecordReader(UniqueFd fd, std::string path)
        : fd_(std::move(fd))
        , path_(std::move(path)) {}

    std::unexpected<Error> corrupt() const {
        return fail(ErrorKind::System, fmt::format("tar-split record {} is corrupt", path_));
    }

    // Reads size bytes; false when the file ends before the first byte and atEndOk.
    Result<bool> readExact(char* buffer, size_t size, bool atEndOk) {
        size_t done = 0;
        while (done < size) {
            ssize_t n = ::read(fd_.get(), buffer + done, size - done);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n < 0) {
                return failSys(fmt::format("read tar-split record {}", path_));
            }
            if (n == 0) {
                if (done == 0 && atEndOk) {
                    return false;
                }
                return corrupt();
            }
            done += size_t(n);
        }
        return true;
    }

    Result<uint64_t> readInteger(size_t bytes) {
        unsigned char data[8] = {};
        auto read = readExact(reinterpret_cast<char*>(data), bytes, false);
        if (!read) {
            return std::unexpected(read.error());
        }
        uint64_t value = 0;
        for (size_t i = 0; i < bytes; ++i) {
            value |= uint64_t(data[i]) << (8 * i);
        }
        return value;
    }

    UniqueFd fd_;
    std::string path_;
};

UniqueFd openBeneath(int rootFd, const std::string& path) {
    open_how how{};
    how.flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    int fd;
    do {
        fd = int(::syscall(SYS_openat2, rootFd, path.c_str(), &how, sizeof how));
    } while (fd < 0 && (errno == EINTR || errno == EAGAIN));
    return UniqueFd(fd);
}

Result<void> copyFileData(int rootFd, const std::string& path, uint64_t size,
                          std::vector<char>& buffer, Sha256& hasher,
                          const std::function<Result<void>(std::string_view)>& write) {
    UniqueFd file = openBeneath(rootFd, path);
    if (!file) {
        return failSys(fmt::format("open layer file {}", path));
    }
    struct stat info {};
    if (::fstat(file.get(), &info) != 0) {
        return failSys(fmt::format("stat layer file {}", path));
    }
    if (!S_ISREG(info.st_mode) || uint64_t(info.st_size) != size) {
        return fail(ErrorKind::System,
                    fmt::format("layer file {} no longer matches its tar entry ({} bytes "
                                "expected)",
                                path, size));
    }
    uint64_t left = size;
    while (left > 0) {
        ssize_t n = ::read(file.get(), buffer.data(), std::min<uint64_t>(buffer.size(), left));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return n < 0 ? failSys(fmt::format("read layer file {}", path))
                         : fail(ErrorKind::System, fmt::format("layer file {} ended early", path));
        }
        std::string_view chunk(buffer.data(), size_t(n));
        hasher.update(chunk);
        if (auto written = write(chunk); !written) {
            return written;
        }
        left -= uint64_t(n);
    }
    return {};
}

} // namespace

Result<int64_t> writeLayerTarFromSplit(const std::filesystem::path& recordPath,
                                       const std::filesystem::path& diffDir,
                                       const std::string& diffId,
                                       const std::function<Result<void>(std::string_view)>& write) {
    auto reader = RecordReader::open(recordPath);
    if (!reader) {
        return std::unexpected(reader.error());
    }
    UniqueFd root(::open(diffDir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!root) {
        return failSys(fmt::format("open layer directory {}", diffDir.string()));
    }
    std::vector<char> buffer(kCopyBufferSize);
    Sha256 hasher;
    int64_t total = 0;
    for (;;) {
        auto record = reader->next();
        if (!record) {
            return std::unexpected(record.error());
        }
        if (!*record) {
            break;
        }
        if ((*record)->type == kFileRecord) {
            auto copied =
                copyFileData(root.get(), (*record)->path, (*record)->size, buffer, hasher, write);
            if (!copied) {
                return std::unexpected(copied.error());
            }
            total += int64_t((*record)->size);
            continue;
        }
        uint64_t left = (*record)->size;
        while (left > 0) {
            size_t chunk = size_t(std::min<uint64_t>(left, buffer.size()));
            if (auto read = reader->readRaw(buffer.data(), chunk); !read) {
                return std::unexpected(read.error());
            }
            std::string_view bytes(buffer.data(), chunk);
            hasher.update(bytes);
            if (auto written = write(bytes); !written) {
                return std::unexpected(written.error());
            }
            left -= chunk;
        }
        total += int64_t((*record)->size);
    }
    std::string digest = digestOf(hasher.finishHex());
    if (digest != diffId) {
        return fail(ErrorKind::System,
                    fmt::format("layer {} was written again as {}: its unpacked files changed",
                                diffId, digest));
    }
    return total;
}

Result<int64_t> layerTarSizeFromSplit(const std::filesystem::path& recordPath) {
    auto reader = RecordReader::open(recordPath);
    if (!reader) {
        return std::unexpected(reader.error());
    }
    int64_t total = 0;
    for (;;) {
        auto record = reader->next();
        if (!record) {
            return std::unexpected(record.error());
        }
        if (!*record) {
            return total;
        }
        total += int64_t((*record)->size);
        if ((*record)->type == kRawRecord) {
            if (auto skipped = reader->skip((*record)->size); !skipped) {
                return std::unexpected(skipped.error());
            }
        }
    }
}

} // namespace berth::image
