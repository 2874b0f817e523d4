#include "bot/server/webhook_signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>

namespace issuelint {

namespace {
constexpr std::string_view kPrefix = "sha256=";
}

std::string hmac_sha256_hex(std::string_view secret, std::string_view payload) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), digest.data(),
       &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0f]);
  }
  return hex;
}

std::string github_signature_header(std::string_view secret, std::string_view payload) {
  return std::string(kPrefix) + hmac_sha256_hex(secret, payload);
}

bool signature_matches(std::string_view header_value, std::string_view body,
                       const std::vector<std::string>& secrets) {
  if (header_value.size() != kPrefix.size() + 64 ||
      header_value.substr(0, kPrefix.size()) != kPrefix) {
    return false;
  }
  const std::string_view given = header_value.substr(kPrefix.size());
  // Every secret is tried (no early exit), so timing does not tell which one matched.
  bool matched = false;
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    const std::string expected = hmac_sha256_hex(secret, body);
    matched |= CRYPTO_memcmp(expected.data(), given.data(), expected.size()) == 0;
  }
  return matched;
}

}  // namespace issuelint
