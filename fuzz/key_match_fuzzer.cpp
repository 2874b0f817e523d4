// libFuzzer entry point: key_starts_with_words and key_equals answer without building the key
// when they can, and must answer exactly as the whole key does (normalize_key) on any input.
// Built by hand with clang (see fuzz/README.md).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "parser/normalize.h"

namespace {

bool starts_with_words(const std::string& key, std::string_view prefix) {
  return key.starts_with(prefix) && (key.size() == prefix.size() || key[prefix.size()] == ' ');
}

void check(std::string_view text, std::string_view expected) {
  const std::string key = issuelint::normalize_key(text);
  if (issuelint::key_starts_with_words(text, expected) != starts_with_words(key, expected)) {
    std::abort();
  }
  if (issuelint::key_equals(text, expected) != (key == expected)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The first byte splits the input into the text and a second text whose key is compared.
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t cut = data[0] % (input.size() + 1);
  const std::string_view text = input.substr(0, cut);
  const std::string other_key = issuelint::normalize_key(input.substr(cut));
  check(text, other_key);
  const std::string own_key = issuelint::normalize_key(text);
  for (std::size_t length = 0; length <= own_key.size(); ++length) {
    check(text, std::string_view(own_key).substr(0, length));
  }
  return 0;
}
