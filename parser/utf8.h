// Small UTF-8 primitives shared by the parser: strict decoding and encoding.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace issuelint::utf8 {

constexpr char32_t kInvalid = 0xFFFFFFFF;
constexpr char32_t kReplacement = 0xFFFD;

// Decodes the code point at `offset` and advances `offset` past it. An ill-formed sequence
// (overlong, surrogate, truncated, out of range) yields kInvalid and advances one byte.
char32_t decode(std::string_view text, std::size_t& offset);

void append(std::string& out, char32_t code_point);

// A file written as UTF-16 (Windows PowerShell's `>` writes it) is decoded to UTF-8 when it
// starts with a byte order mark (FF FE little-endian, FE FF big-endian); the mark is dropped,
// and an unpaired surrogate or a last odd byte becomes the byte FF, which is not UTF-8: the
// reader then repairs and reports it as any bad byte of a UTF-8 file (a draft's
// `input-repaired` note at its line; an issue form's error at its line and column), where a
// U+FFFD written here went unsaid. Nothing without such a mark.
std::optional<std::string> from_utf16_with_bom(std::string_view bytes);

inline bool is_continuation_byte(unsigned char byte) { return (byte & 0xC0) == 0x80; }

}  // namespace issuelint::utf8
