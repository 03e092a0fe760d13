#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace berth {

// Incremental SHA-256 (OpenSSL EVP).
class Sha256 final {
public:
    Sha256();
    ~Sha256();
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;

    void update(std::span<const std::byte> data);
    void update(std::string_view data);

    // Lower-case hex of the digest; the hasher cannot be used afterwards.
    [[nodiscard]] std::string finishHex();

private:
    struct Context;
    std::unique_ptr<Context> context_;
};

[[nodiscard]] std::string sha256Hex(std::string_view data);

// "sha256:" + hex.
[[nodiscard]] inline std::string digestOf(std::string_view hex) {
    return "sha256:" + std::string(hex);
}

// 64 random hex characters, the form of container and exec ids.
[[nodiscard]] std::string randomHexId();

} // namespace berth
