// Verifies GitHub's X-Hub-Signature-256 header: HMAC-SHA256 of the raw body, compared in
// constant time, against every configured secret (several during a rotation).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace issuelint {

// Lower-case hex HMAC-SHA256 of `payload` keyed by `secret`.
std::string hmac_sha256_hex(std::string_view secret, std::string_view payload);

// "sha256=" + hmac_sha256_hex(secret, payload): what GitHub sends.
std::string github_signature_header(std::string_view secret, std::string_view payload);

// True when `header_value` is a valid signature of `body` under at least one secret. The body
// must be the bytes as received: re-serialized JSON does not match (upper-case \u001B escapes).
bool signature_matches(std::string_view header_value, std::string_view body,
                       const std::vector<std::string>& secrets);

}  // namespace issuelint
