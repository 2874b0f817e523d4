#include "bot/server/webhook_signature.h"

#include <catch2/catch.hpp>

using issuelint::github_signature_header;
using issuelint::hmac_sha256_hex;
using issuelint::signature_matches;

TEST_CASE("GitHub's published signature test vector", "[server][signature]") {
  const std::string secret = "It's a Secret to Everybody";
  const std::string header =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
  CHECK(github_signature_header(secret, "Hello, World!") == header);
  CHECK(signature_matches(header, "Hello, World!", {secret}));
  CHECK_FALSE(signature_matches(header, "Hello, World?", {secret}));
}

TEST_CASE("octokit vectors: the raw bytes are signed, not re-serialized JSON",
          "[server][signature]") {
  CHECK(github_signature_header("mysecret", R"({"foo":"bar"})") ==
        "sha256=4864d2759938a15468b5df9ade20bf161da9b4f737ea61794142f3484236bda3");
  const std::string upper =
      "{\"foo\":\"Foo\\n\\u001B[34mbar: \xE2\x99\xA5\xE2\x99\xA5\xE2\x99\xA5\xE2\x99\xA5"
      "\xE2\x99\xA5\xE2\x99\xA5\xE2\x99\xA5\xE2\x99\xA5\\nthis-is-lost\\u001B[0m\\u001B[2K\"}";
  CHECK(github_signature_header("development", upper) ==
        "sha256=afecc3caa27548bb90d51a50384cb2868b9a3327b4ad6a01c9bd4ed0f8b0b12c");
  CHECK(github_signature_header("development", R"({"foo":"\\u001b"})") ==
        "sha256=6f8326efbacfbd04e870cea25b5652e635be8c9807f2fd5348ef60753c9e96ed");
}

TEST_CASE("malformed, missing and wrong signatures never match", "[server][signature]") {
  const std::string body = "{}";
  const std::string good = github_signature_header("s1", body);
  CHECK(signature_matches(good, body, {"s1"}));
  CHECK_FALSE(signature_matches("", body, {"s1"}));
  CHECK_FALSE(signature_matches("sha1=" + hmac_sha256_hex("s1", body), body, {"s1"}));
  CHECK_FALSE(signature_matches(good.substr(0, good.size() - 1), body, {"s1"}));
  CHECK_FALSE(signature_matches("SHA256=" + hmac_sha256_hex("s1", body), body, {"s1"}));
  CHECK_FALSE(signature_matches(good, body, {}));
  CHECK_FALSE(signature_matches(good, body, {""}));
  CHECK_FALSE(signature_matches(github_signature_header("", body), body, {""}));
}

TEST_CASE("rotation: any configured secret verifies", "[server][signature]") {
  const std::string body = R"({"zen":"x"})";
  CHECK(signature_matches(github_signature_header("old", body), body, {"new", "old"}));
  CHECK(signature_matches(github_signature_header("new", body), body, {"new", "old"}));
  CHECK_FALSE(signature_matches(github_signature_header("other", body), body, {"new", "old"}));
}
