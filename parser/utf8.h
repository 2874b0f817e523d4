// Small UTF-8 primitives shared by the parser: strict decoding and encoding.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace issuelint::utf8 {

constexpr char32_t kInvalid = 0xFFFFFFFF;
constexpr char32_t kReplacement = 0xFFFD;

// Decodes the code point at `offset` and advances `offset` past it. An ill-formed sequence
// (overlong, surrogate, truncated, out of range) yields kInvalid and advances one byte.
char32_t decode(std::string_view text, std::size_t& offset);

void append(std::string& out, char32_t code_point);

inline bool is_continuation_byte(unsigned char byte) { return (byte & 0xC0) == 0x80; }

}  // namespace issuelint::utf8
