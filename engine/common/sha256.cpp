#include "common/sha256.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

#include <fmt/format.h>

namespace berth {

struct Sha256::Context {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256()
    : context_(std::make_unique<Context>()) {
    EVP_DigestInit_ex(context_->ctx, EVP_sha256(), nullptr);
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(std::span<const std::byte> data) {
    EVP_DigestUpdate(context_->ctx, data.data(), data.size());
}

void Sha256::update(std::string_view data) {
    EVP_DigestUpdate(context_->ctx, data.data(), data.size());
}

std::string Sha256::finishHex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(context_->ctx, digest, &length);
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        hex += fmt::format("{:02x}", digest[i]);
    }
    return hex;
}

std::string sha256Hex(std::string_view data) {
    Sha256 hasher;
    hasher.update(data);
    return hasher.finishHex();
}

std::string randomHexId() {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) {
        // OpenSSL's generator only fails when the kernel has no entropy source at all.
        throw std::runtime_error("RAND_bytes failed");
    }
    std::string hex;
    hex.reserve(64);
    for (unsigned char b : bytes) {
        hex += fmt::format("{:02x}", b);
    }
    return hex;
}

} // namespace berth
