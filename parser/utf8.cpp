#include "parser/utf8.h"

namespace issuelint::utf8 {
namespace {

struct LeadByte {
  int length = 0;        // 0 when the byte cannot start a sequence
  char32_t initial = 0;  // the payload bits of the lead byte
  char32_t minimum = 0;  // smallest code point this length may encode (rejects overlongs)
};

LeadByte classify(unsigned char byte) {
  if (byte < 0x80) return {1, byte, 0};
  if ((byte & 0xE0) == 0xC0) return {2, static_cast<char32_t>(byte & 0x1F), 0x80};
  if ((byte & 0xF0) == 0xE0) return {3, static_cast<char32_t>(byte & 0x0F), 0x800};
  if ((byte & 0xF8) == 0xF0) return {4, static_cast<char32_t>(byte & 0x07), 0x10000};
  return {};
}

// What broken UTF-16 becomes: a byte no UTF-8 text holds, for the reader to repair and report.
constexpr char kNotUtf8 = '\xFF';

}  // namespace

char32_t decode(std::string_view text, std::size_t& offset) {
  const LeadByte lead = classify(static_cast<unsigned char>(text[offset]));
  if (lead.length == 0 || offset + lead.length > text.size()) {
    ++offset;
    return kInvalid;
  }
  char32_t code_point = lead.initial;
  for (int i = 1; i < lead.length; ++i) {
    const auto byte = static_cast<unsigned char>(text[offset + i]);
    if (!is_continuation_byte(byte)) {
      ++offset;
      return kInvalid;
    }
    code_point = (code_point << 6) | (byte & 0x3F);
  }
  const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
  if (code_point < lead.minimum || code_point > 0x10FFFF || surrogate) {
    ++offset;
    return kInvalid;
  }
  offset += lead.length;
  return code_point;
}

void append(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

std::optional<std::string> from_utf16_with_bom(std::string_view bytes) {
  if (bytes.size() < 2) return std::nullopt;
  const auto first = static_cast<unsigned char>(bytes[0]);
  const auto second = static_cast<unsigned char>(bytes[1]);
  const bool little = first == 0xFF && second == 0xFE;
  if (!little && !(first == 0xFE && second == 0xFF)) return std::nullopt;
  const auto unit_at = [&](std::size_t at) -> char32_t {
    const auto a = static_cast<unsigned char>(bytes[at]);
    const auto b = static_cast<unsigned char>(bytes[at + 1]);
    return little ? static_cast<char32_t>(a | (b << 8)) : static_cast<char32_t>((a << 8) | b);
  };
  std::string out;
  out.reserve(bytes.size() / 2 * 3 / 2);
  std::size_t at = 2;
  for (; at + 1 < bytes.size(); at += 2) {
    const char32_t unit = unit_at(at);
    if (unit >= 0xD800 && unit <= 0xDBFF && at + 3 < bytes.size()) {
      const char32_t low = unit_at(at + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        append(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
        at += 2;
        continue;
      }
    }
    const bool surrogate = unit >= 0xD800 && unit <= 0xDFFF;
    if (surrogate) {
      out += kNotUtf8;
    } else {
      append(out, unit);
    }
  }
  if (at < bytes.size()) out += kNotUtf8;  // an odd last byte
  return out;
}

}  // namespace issuelint::utf8
