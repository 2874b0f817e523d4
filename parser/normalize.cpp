#include "parser/normalize.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "parser/byte_blocks.h"
#include "parser/utf8.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace issuelint {
namespace {

// Windows-1252 0x80..0x9F. The five bytes cp1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D)
// appear as the C1 code points of the same value when a decoder passes them through.
constexpr std::array<char32_t, 32> kCp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

constexpr char32_t kLargestCp1252High = *std::max_element(kCp1252High.begin(), kCp1252High.end());

// The byte a cp1252/latin-1 decoder turned into `code_point`, if it was a byte >= 0x80.
std::optional<unsigned char> cp1252_byte(char32_t code_point) {
  if (code_point < 0x80) return std::nullopt;
  if (code_point >= 0xA0 && code_point <= 0xFF) return static_cast<unsigned char>(code_point);
  if (code_point >= 0x80 && code_point <= 0x9F) return static_cast<unsigned char>(code_point);
  // Past the table's largest entry (U+2122): every emoji, asked before every bold box name
  // that follows one, answered without a look at the 32 entries.
  if (code_point > kLargestCp1252High) return std::nullopt;
  for (std::size_t i = 0; i < kCp1252High.size(); ++i) {
    if (kCp1252High[i] == code_point) return static_cast<unsigned char>(0x80 + i);
  }
  return std::nullopt;
}

// Only code points a cp1252/latin-1 decoder produces from bytes >= 0x80 can start a repair;
// text without any (ASCII, real emoji, most scripts) is returned as is without decoding runs.
bool may_be_mojibake(std::string_view text) {
  std::size_t offset = 0;
  while (offset < text.size()) {
    if ((static_cast<unsigned char>(text[offset]) & 0x80) == 0) {
      ++offset;
      continue;
    }
    if (cp1252_byte(utf8::decode(text, offset))) return true;
  }
  return false;
}

int expected_length(unsigned char lead) {
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 0;
}

// Decodes the bytes of one run as UTF-8. A sequence cut short (the decoder dropped one of the
// undefined cp1252 bytes, as editors do with the 0x9D of "📝") becomes U+FFFD, but only when at
// least a lead and one continuation byte survived. Anything else means the run was not mojibake;
// so does a run with only short cut sequences ("é…" is E9 85: plausible text, not an emoji).
std::optional<std::string> decode_run(const std::string& bytes) {
  std::string out;
  std::size_t offset = 0;
  bool decoded_any = false;
  while (offset < bytes.size()) {
    std::size_t next = offset;
    const char32_t code_point = utf8::decode(bytes, next);
    if (code_point != utf8::kInvalid && code_point >= 0x80) {
      utf8::append(out, code_point);
      offset = next;
      decoded_any = true;
      continue;
    }
    const int length = expected_length(static_cast<unsigned char>(bytes[offset]));
    std::size_t continuation = 0;
    while (
        offset + 1 + continuation < bytes.size() && continuation + 1 < std::size_t(length) &&
        utf8::is_continuation_byte(static_cast<unsigned char>(bytes[offset + 1 + continuation]))) {
      ++continuation;
    }
    if (length == 0 || continuation == 0) return std::nullopt;
    if (continuation >= 2) decoded_any = true;
    utf8::append(out, utf8::kReplacement);
    offset += 1 + continuation;
  }
  if (!decoded_any) return std::nullopt;
  return out;
}

struct CodePoint {
  char32_t value;
  std::size_t begin;
  std::size_t end;
};

std::vector<CodePoint> code_points(std::string_view text) {
  std::vector<CodePoint> points;
  points.reserve(text.size());
  std::size_t offset = 0;
  while (offset < text.size()) {
    const std::size_t begin = offset;
    points.push_back({utf8::decode(text, offset), begin, offset});
  }
  return points;
}

bool is_separator_or_symbol(char32_t c) {
  if (c < 0x80)
    return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  if (c == 0xAA || c == 0xB5 || c == 0xBA) return false;  // ª µ º are letters
  if (c <= 0xBF || c == 0xD7 || c == 0xF7) return true;   // Latin-1 punctuation, × ÷
  if (c >= 0x2000 && c <= 0x2BFF) return true;  // punctuation, ZWJ, currency, arrows, symbols
  if (c >= 0x2E00 && c <= 0x2E7F) return true;
  if (c >= 0x3000 && c <= 0x303F) return true;
  if (c >= 0xFE00 && c <= 0xFE0F) return true;  // variation selectors
  if (c >= 0xFE10 && c <= 0xFE6F) return true;
  if (c >= 0xFF00 && c <= 0xFF0F) return true;
  if (c >= 0xFFF0 && c <= 0xFFFF) return true;    // specials, including U+FFFD
  if (c >= 0x1F000 && c <= 0x1FAFF) return true;  // emoji and pictographs
  if (c >= 0xE0000 && c <= 0xE01EF) return true;  // tags and variation selectors supplement
  return c == utf8::kInvalid;
}

char32_t to_lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 0x20;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x138 && c != 0x149) {
    const bool odd_block = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    const bool upper = odd_block ? (c % 2 == 1) : (c % 2 == 0);
    return upper ? c + 1 : c;
  }
  if (c >= 0x391 && c <= 0x3A9) return c + 0x20;  // Greek
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;  // Cyrillic
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  return c;
}

// Emoji-ish code points that display_title drops (it keeps punctuation, unlike keys): with
// the ranges, the Extended_Pictographic code points outside them (© ® ‼ ⁉ ™ ℹ 〰 〽 ㊗ ㊙),
// which are emoji with or without a U+FE0F after them.
bool is_pictograph(char32_t c) {
  if (c >= 0x2190 && c <= 0x2BFF) return true;
  if (c == 0xA9 || c == 0xAE || c == 0x203C || c == 0x2049 || c == 0x2122 || c == 0x2139 ||
      c == 0x3030 || c == 0x303D || c == 0x3297 || c == 0x3299) {
    return true;
  }
  if (c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) || c == 0x20E3) return true;
  if (c >= 0x1F000 && c <= 0x1FAFF) return true;
  if (c >= 0xE0000 && c <= 0xE01EF) return true;
  return c == utf8::kReplacement || c == utf8::kInvalid;
}

// The bytes of the keycap emoji starting at `offset` ("1️⃣": a digit, '#' or '*', an optional
// U+FE0F, then U+20E3), or 0: its base is ASCII, which would otherwise be kept as text.
std::size_t keycap_size(std::string_view text, std::size_t offset) {
  constexpr std::string_view kVariationSelector = "\xEF\xB8\x8F";  // U+FE0F
  constexpr std::string_view kCombiningKeycap = "\xE2\x83\xA3";    // U+20E3
  if (offset >= text.size()) return 0;
  const char base = text[offset];
  if (!((base >= '0' && base <= '9') || base == '#' || base == '*')) return 0;
  std::string_view rest = text.substr(offset + 1);
  std::size_t size = 1;
  if (rest.starts_with(kVariationSelector)) {
    rest.remove_prefix(kVariationSelector.size());
    size += kVariationSelector.size();
  }
  return rest.starts_with(kCombiningKeycap) ? size + kCombiningKeycap.size() : 0;
}

std::string lowercase_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 0x20) : c; });
  return out;
}

constexpr std::array<std::string_view, 9> kHintStarts = {"if ",       "optional", "when ",
                                                         "where ",    "only if",  "not required",
                                                         "as needed", "if any",   "recommended"};

// One character more than the longest hint start: a text folded to more equals none of them.
constexpr std::size_t kHintWindow =
    std::max_element(kHintStarts.begin(), kHintStarts.end(),
                     [](std::string_view a, std::string_view b) { return a.size() < b.size(); })
        ->size() +
    1;

// The first kHintWindow characters of the text lowercased (ASCII), its runs of white space
// folded to one space and none at its edges, written to `window`; returns how many. Builds no
// string (two were built and folded before): every title that ends in ')' asks this.
std::size_t folded_hint_window(std::string_view text, std::array<char, kHintWindow>& window) {
  std::size_t length = 0;
  bool pending_space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      pending_space = length != 0;
      continue;
    }
    if (c == '*' || c == '_') continue;  // "(* if any *)", "(_optional_)" written literally
    if (pending_space && length < kHintWindow) window[length++] = ' ';
    pending_space = false;
    if (length == kHintWindow) break;
    window[length++] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 0x20) : c;
  }
  return length;
}

// The trailing "(if applicable)" of a title, as a byte offset where it starts.
std::optional<std::size_t> optional_hint_start(std::string_view text) {
  // A loop, not find_last_not_of, which calls memchr for each byte it tests.
  std::size_t end = text.size();
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == ':')) --end;
  if (end == 0 || text[--end] != ')') return std::nullopt;
  const std::size_t open = text.rfind('(', end);
  if (open == std::string_view::npos) return std::nullopt;
  std::array<char, kHintWindow> window;
  const std::string_view inside(window.data(),
                                folded_hint_window(text.substr(open + 1, end - open - 1), window));
  for (std::string_view start : kHintStarts) {
    // A start written with its space ("if ") is also the whole hint without it ("(if)").
    const std::string_view whole = start.ends_with(' ') ? start.substr(0, start.size() - 1) : start;
    if (inside.starts_with(start) || inside == whole) return open;
  }
  return std::nullopt;
}

}  // namespace

std::string repair_mojibake(std::string_view text) {
  if (!may_be_mojibake(text)) return std::string(text);
  const std::vector<CodePoint> points = code_points(text);
  std::string out;
  std::size_t i = 0;
  while (i < points.size()) {
    if (!cp1252_byte(points[i].value)) {
      out.append(text.substr(points[i].begin, points[i].end - points[i].begin));
      ++i;
      continue;
    }
    std::string bytes;
    const std::size_t run_begin = i;
    for (; i < points.size(); ++i) {
      const auto byte = cp1252_byte(points[i].value);
      if (!byte) break;
      bytes += static_cast<char>(*byte);
    }
    const std::size_t begin = points[run_begin].begin;
    const std::string_view original = text.substr(begin, points[i - 1].end - begin);
    const std::optional<std::string> repaired = decode_run(bytes);
    out.append(repaired && *repaired != original ? std::string_view(*repaired) : original);
  }
  return out;
}

namespace {

// ASCII key characters: the lowercase letter or digit a byte keys to, 0 for a separator.
constexpr std::array<char, 128> kAsciiKeyChar = [] {
  std::array<char, 128> table{};
  for (int c = '0'; c <= '9'; ++c) table[c] = static_cast<char>(c);
  for (int c = 'a'; c <= 'z'; ++c) table[c] = static_cast<char>(c);
  for (int c = 'A'; c <= 'Z'; ++c) table[c] = static_cast<char>(c + 0x20);
  return table;
}();

// What fold_ascii does with each byte: 0 separates, kNotAscii stops the fold, anything else
// is the character the byte becomes.
using FoldTable = std::array<char, 256>;
constexpr char kNotAscii = '\x80';  // tables map ASCII to ASCII, so no byte maps to it

constexpr FoldTable fold_table(char (*map)(unsigned char)) {
  FoldTable table{};
  for (int byte = 0; byte < 256; ++byte) {
    table[static_cast<std::size_t>(byte)] =
        byte >= 0x80 ? kNotAscii : map(static_cast<unsigned char>(byte));
  }
  return table;
}

// Bytes of `word` in [low, high] (both below 0x80), as 0x80 in their byte. A byte >= 0x80 can
// carry into the bytes after it only: callers rule such words out.
constexpr std::uint64_t kByteOnes = 0x0101010101010101;
constexpr std::uint64_t kByteHighs = 0x8080808080808080;
std::uint64_t bytes_in_range(std::uint64_t word, unsigned char low, unsigned char high) {
  const std::uint64_t at_least_low = word + (0x80 - low) * kByteOnes;
  const std::uint64_t above_high = word + (0x7F - high) * kByteOnes;
  return at_least_low & ~above_high & kByteHighs;
}

// Pure ASCII text mapped byte by byte by `table` into `out` (resized): runs of separators fold
// to one space, none at the edges. Words and separator runs are each copied by a loop of their
// own (one table look-up per byte, no per-byte state). False at the first byte >= 0x80, leaving
// the text to a code-point path.
bool fold_ascii(std::string_view text, std::string& out, const FoldTable& table) {
  out.resize(text.size());
  char* write = out.data();
  char* const begin = write;
  const auto* at = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = at + text.size();
  while (at != end) {
    char mapped = table[*at];
    for (; mapped == 0; mapped = table[*at]) {
      if (++at == end) break;
    }
    if (at == end) break;
    if (mapped == kNotAscii) return false;
    if (write != begin) *write++ = ' ';
    for (; mapped != 0 && mapped != kNotAscii; mapped = table[*at]) {
      *write++ = mapped;
      if (++at == end) break;
    }
    if (mapped == kNotAscii) return false;
  }
  out.resize(static_cast<std::size_t>(write - begin));
  return true;
}

// Writes the key of the eight bytes at `at` to `write` and returns true when they are ASCII
// words and single separators with no separator right before them: each separator then keys to
// the one space it stands for, and the eight bytes to eight (letters lowered, digits kept).
// Keys are mostly such words ("new table", "add an audit log table that records"); any other
// eight bytes are left to the byte loop. `after_separator` says whether the byte before them
// was one (or that nothing was written yet), and is set for the next eight.
bool key_eight_bytes(const unsigned char* at, char* write, bool& after_separator) {
  std::uint64_t word = 0;
  std::memcpy(&word, at, sizeof word);
  const std::uint64_t upper = bytes_in_range(word, 'A', 'Z');
  const std::uint64_t key_bytes =
      upper | bytes_in_range(word, 'a', 'z') | bytes_in_range(word, '0', '9');
  const std::uint64_t separators = ~key_bytes & kByteHighs;
  const std::uint64_t separator_before = (separators << 8) | (after_separator ? 0x80 : 0);
  if (((word & kByteHighs) | (separators & separator_before)) != 0) return false;
  const std::uint64_t key_mask = (key_bytes >> 7) * 0xFF;  // 0xFF in each key byte
  const std::uint64_t keyed = ((word | (upper >> 2)) & key_mask) | (' ' * kByteOnes & ~key_mask);
  std::memcpy(write, &keyed, sizeof keyed);  // 0x80 >> 2 above is 'a' - 'A'
  after_separator = (separators >> 63) != 0;
  return true;
}

#ifdef __SSE2__
// key_eight_bytes for sixteen bytes: a signed compare per range end (bytes >= 0x80 are ruled
// out first, so the sign does not matter), a movemask for the key bytes, the same test on the
// separators as bits.
bool key_sixteen_bytes(const unsigned char* at, char* write, bool& after_separator) {
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
  const auto in_range = [&bytes](char low, char high) {
    return _mm_and_si128(_mm_cmpgt_epi8(bytes, _mm_set1_epi8(static_cast<char>(low - 1))),
                         _mm_cmplt_epi8(bytes, _mm_set1_epi8(static_cast<char>(high + 1))));
  };
  const __m128i upper = in_range('A', 'Z');
  const __m128i key_bytes =
      _mm_or_si128(upper, _mm_or_si128(in_range('a', 'z'), in_range('0', '9')));
  const auto separators = static_cast<unsigned>(~_mm_movemask_epi8(key_bytes)) & 0xFFFF;
  const unsigned separator_before = (separators << 1) | (after_separator ? 1 : 0);
  if (_mm_movemask_epi8(bytes) != 0 || (separators & separator_before) != 0) return false;
  const __m128i lowered = _mm_add_epi8(bytes, _mm_and_si128(upper, _mm_set1_epi8('a' - 'A')));
  const __m128i keyed = _mm_or_si128(_mm_and_si128(key_bytes, lowered),
                                     _mm_andnot_si128(key_bytes, _mm_set1_epi8(' ')));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(write), keyed);
  after_separator = (separators >> 15) != 0;
  return true;
}
#endif

// One byte of ASCII key text: its key character, or a space for the first separator after a
// word. False for a byte >= 0x80.
bool key_one_byte(unsigned char byte, char*& write, bool& after_separator) {
  const char mapped = kAsciiKeyChar[byte & 0x7F];
  if (byte >= 0x80) return false;
  if (mapped != 0) {
    *write++ = mapped;
    after_separator = false;
  } else if (!after_separator) {
    *write++ = ' ';
    after_separator = true;
  }
  return true;
}

// The key of pure ASCII text (see ascii_key_into).
bool ascii_key(std::string_view text, std::string& out) {
  out.resize(text.size());
  const std::size_t length = ascii_key_into(text, out.data());
  if (length == std::string_view::npos) return false;
  out.resize(length);
  return true;
}

// The text with mojibake repaired, held in `storage` when a repair was needed.
std::string_view without_mojibake(std::string_view text, std::string& storage) {
  if (!may_be_mojibake(text)) return text;
  storage = repair_mojibake(text);
  return storage;
}

// Text with emoji, other scripts or mojibake: repair, then map code point by code point.
std::string code_point_key(std::string_view text) {
  std::string repaired;
  text = without_mojibake(text, repaired);
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  std::size_t offset = 0;
  while (offset < text.size()) {
    if (const std::size_t keycap = keycap_size(text, offset); keycap > 0) {
      offset += keycap;
      pending_space = !out.empty();
      continue;
    }
    const auto byte = static_cast<unsigned char>(text[offset]);
    const char32_t point =
        byte < 0x80 ? static_cast<char32_t>(text[offset++]) : utf8::decode(text, offset);
    if (is_separator_or_symbol(point)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    utf8::append(out, to_lower(point));
  }
  return out;
}

}  // namespace

// Keys are computed for every heading, box and paragraph of every draft, so the common case
// (ASCII) is one pass over a table with no allocation beyond the result.
std::string normalize_key(std::string_view text) {
  std::string key;
  if (ascii_key(text, key)) return key;
  return code_point_key(text);
}

std::string_view normalize_key(std::string_view text, std::string& buffer) {
  if (!ascii_key(text, buffer)) buffer = code_point_key(text);
  return buffer;
}

// Eight bytes at a time where they are words and single separators (about a third of the
// instructions of a loop per word, which paid a start-up for every word), else byte by byte. A
// space is written for the first separator after a word, and taken back if the text ends there.
// Never more than one byte is written per byte read, so the text's size is room enough.
std::size_t ascii_key_into(std::string_view text, char* out) {
  const auto* at = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = at + text.size();
  char* write = out;
  bool after_separator = true;  // separators before the first word key to nothing
  while (at != end) {
#ifdef __SSE2__
    if (end - at >= 16 && key_sixteen_bytes(at, write, after_separator)) {
      at += 16;
      write += 16;
      continue;
    }
#endif
    if (end - at >= 8 && key_eight_bytes(at, write, after_separator)) {
      at += 8;
      write += 8;
      continue;
    }
    // Byte by byte up to the next eight: retrying every byte could cost seven failed tries.
    for (const auto* stop = at + std::min<std::ptrdiff_t>(8, end - at); at != stop; ++at) {
      if (!key_one_byte(*at, write, after_separator)) return std::string_view::npos;
    }
  }
  if (write != out && write[-1] == ' ') --write;
  return static_cast<std::size_t>(write - out);
}

bool has_key_text(std::string_view text) {
  bool repair_ruled_out = false;
  for (std::size_t offset = 0; offset < text.size();) {
    const auto byte = static_cast<unsigned char>(text[offset]);
    if (byte < 0x80) {
      if (kAsciiKeyChar[byte] != 0) return true;
      ++offset;
      continue;
    }
    // A repair can turn symbols into letters: decide on the whole key then. Without one, each
    // code point keys on its own (the emoji before a bold option name, "🆕 **New Table**").
    // Asked once: asking per code point made a run of emoji quadratic.
    if (!repair_ruled_out) {
      if (may_be_mojibake(text)) return !code_point_key(text).empty();
      repair_ruled_out = true;
    }
    if (!is_separator_or_symbol(utf8::decode(text, offset))) return true;
  }
  return false;
}

namespace {

enum class KeyMatch { whole_words, whole_key };

// key_matches decided on the whole key, for text that is not plain ASCII.
[[gnu::noinline, gnu::cold]] bool key_matches_by_whole_key(std::string_view text,
                                                           std::string_view expected,
                                                           KeyMatch match) {
  const std::string key = normalize_key(text);
  if (match == KeyMatch::whole_key) return key == expected;
  return key.starts_with(expected) &&
         (key.size() == expected.size() || key[expected.size()] == ' ');
}

// Does normalize_key(text) start with (whole_words) or equal (whole_key) `expected`? One pass
// over ASCII text that stops at the first differing key character.
[[gnu::always_inline]] inline bool key_matches(std::string_view text, std::string_view expected,
                                               KeyMatch match) {
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  // The answer decided at `at`, whose key character is `key_char`, unless `at` is the base of a
  // keycap emoji ("1️⃣ Steps" keys as "steps"): then the whole key decides, as the bytes after
  // it drop it. Asked only of the byte that decides: a keycap before it has had its bytes
  // >= 0x80 read. A key character that is no digit (letters key above '9') is no keycap's.
  const auto decided_at = [&](const char* at, char key_char, bool answer) {
    if (key_char > '9' || at + 1 == end || static_cast<unsigned char>(at[1]) < 0x80) {
      return answer;
    }
    if (keycap_size(text, static_cast<std::size_t>(at - begin)) == 0) return answer;
    return key_matches_by_whole_key(text, expected, match);
  };
  std::size_t matched = 0;  // key characters of text equal to expected so far
  bool pending_space = false;
  for (const char& c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80) {
      // Repair and code points could key what follows differently: decide on the whole key.
      // (ASCII before this byte keys the same either way, so an earlier "no" stands.)
      return key_matches_by_whole_key(text, expected, match);
    }
    const char key_char = kAsciiKeyChar[byte];
    if (key_char == 0) {
      pending_space = matched != 0;
      continue;
    }
    if (pending_space) {
      // The key goes on after a whole word of it.
      if (matched == expected.size()) {
        return decided_at(&c, key_char, match == KeyMatch::whole_words);
      }
      if (expected[matched++] != ' ') return decided_at(&c, key_char, false);
      pending_space = false;
    }
    if (matched == expected.size() || expected[matched++] != key_char) {
      return decided_at(&c, key_char, false);
    }
  }
  return matched == expected.size();
}

}  // namespace

bool key_starts_with_words(std::string_view text, std::string_view prefix) {
  return key_matches(text, prefix, KeyMatch::whole_words);
}

bool key_equals(std::string_view text, std::string_view key) {
  return key_matches(text, key, KeyMatch::whole_key);
}

namespace {

std::string_view without_trailing_colons_and_spaces(std::string_view text) {
  while (!text.empty() && (text.back() == ':' || text.back() == ' ')) text.remove_suffix(1);
  return text;
}

void drop_trailing_colons_and_spaces(std::string& text) {
  text.resize(without_trailing_colons_and_spaces(text).size());
}

// Only white space: a title comes as md4c's text of the heading, with its emphasis and code
// span markers gone already; a '*', '_' or '`' still there is literal ("user_id", "2*3").
constexpr bool drops_from_title(unsigned char byte) {
  return byte == ' ' || byte == '\t' || byte == '\n' || byte == '\r';
}

// A NUL is kept in a title, and 0 means "separator" here: leave such a text to the slow path.
constexpr FoldTable kTitleTable = fold_table([](unsigned char byte) {
  if (byte == 0) return kNotAscii;
  return drops_from_title(byte) ? '\0' : static_cast<char>(byte);
});

// True when folding leaves the text as it is, but for a trailing ':' or space: ASCII with no
// NUL, one space between words and none in front (control bytes other than NUL, tab and line
// ends are kept as they are). A heading's title comes from the walker already folded, and this
// test costs about half of folding it again.
bool is_folded_ascii_title(std::string_view text) {
  return !text.starts_with(' ') &&
         !byte_blocks::holds_any_or_doubled_space<true>(text, '\0', '\t', '\n', '\r');
}

// folded_title of pure ASCII text (most headings): see fold_ascii.
bool ascii_folded_title(std::string_view text, std::string& out) {
  if (is_folded_ascii_title(text)) {
    out.assign(text);
    drop_trailing_colons_and_spaces(out);
    return true;
  }
  const bool ascii = fold_ascii(text, out, kTitleTable);
  if (ascii) drop_trailing_colons_and_spaces(out);
  return ascii;
}

// A title with emoji (keycaps included) dropped (each leaves a space), runs of space folded to
// one, and a trailing ':' removed; hints kept. One pass.
std::string folded_title(std::string_view text) {
  if (std::string ascii; ascii_folded_title(text, ascii)) return ascii;
  std::string repaired;
  text = without_mojibake(text, repaired);
  std::string folded;
  folded.reserve(text.size());
  bool pending_space = false;
  std::size_t offset = 0;
  while (offset < text.size()) {
    const std::size_t begin = offset;
    const auto byte = static_cast<unsigned char>(text[offset]);
    const std::size_t keycap = keycap_size(text, offset);
    offset += keycap;
    const char32_t point = keycap > 0    ? utf8::kInvalid
                           : byte < 0x80 ? static_cast<char32_t>(text[offset++])
                                         : utf8::decode(text, offset);
    const bool dropped =
        keycap > 0 ||
        (point < 0x80 ? drops_from_title(static_cast<unsigned char>(point)) : is_pictograph(point));
    if (dropped) {
      pending_space = !folded.empty();
      continue;
    }
    if (pending_space) folded += ' ';
    pending_space = false;
    if (byte < 0x80) {
      folded += static_cast<char>(byte);  // push_back: cheaper than appending a substring
    } else {
      folded.append(text.substr(begin, offset - begin));
    }
  }
  drop_trailing_colons_and_spaces(folded);
  return folded;
}

}  // namespace

namespace {

constexpr bool is_shortcode_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-';
}

// The length of the ":name:" at text[0], or 0.
std::size_t shortcode_at_start(std::string_view text) {
  if (text.size() < 3 || text[0] != ':') return 0;
  std::size_t end = 1;
  while (end < text.size() && is_shortcode_char(text[end])) ++end;
  return end > 1 && end < text.size() && text[end] == ':' ? end + 1 : 0;
}

// A title's shortcodes at either end dropped, and the spaces they leave; hints and a trailing
// ':' after them are dropped by the caller.
std::string_view without_edge_shortcodes(std::string_view title) {
  // A title may still hold the white space around it (the fold drops it anyway).
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!title.empty() && is_space(title.front())) title.remove_prefix(1);
  while (!title.empty() && is_space(title.back())) title.remove_suffix(1);
  for (std::size_t size = leading_shortcode_size(title); size > 0 && size < title.size();
       size = leading_shortcode_size(title)) {
    title.remove_prefix(size);
  }
  for (std::size_t size = trailing_shortcode_size(title); size > 0 && size < title.size();
       size = trailing_shortcode_size(title)) {
    title.remove_suffix(size);
  }
  return title;
}

}  // namespace

std::size_t leading_shortcode_size(std::string_view text) {
  const std::size_t code = shortcode_at_start(text);
  if (code == 0) return 0;
  std::size_t end = code;
  while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
  return end == code && end < text.size() ? 0 : end;
}

std::size_t trailing_shortcode_size(std::string_view text) {
  if (text.size() < 3 || text.back() != ':') return 0;
  std::size_t begin = text.size() - 1;
  while (begin > 0 && is_shortcode_char(text[begin - 1])) --begin;
  if (begin == 0 || begin == text.size() - 1 || text[begin - 1] != ':') return 0;
  std::size_t start = begin - 1;
  if (start > 0 && text[start - 1] != ' ' && text[start - 1] != '\t') return 0;
  while (start > 0 && (text[start - 1] == ' ' || text[start - 1] == '\t')) --start;
  return text.size() - start;
}

std::size_t display_title_prefix(std::string_view text) {
  if (!is_folded_ascii_title(text) || text.starts_with(':')) return std::string_view::npos;
  std::string_view title = without_trailing_colons_and_spaces(without_edge_shortcodes(text));
  while (const auto hint = optional_hint_start(title)) {
    title = without_trailing_colons_and_spaces(title.substr(0, *hint));
  }
  return title.size();
}

// Hints are looked for after the folding, and all of them, so that display_title is the same
// when applied twice: rules name sections by display title, and find them by the key of that
// ("Details (* if any *)" -> "Details", "Notes (optional) (if applicable)" -> "Notes").
std::string display_title(std::string_view text) {
  if (const std::size_t length = display_title_prefix(text); length != std::string_view::npos) {
    return std::string(text.substr(0, length));
  }
  // Before the fold, which takes a trailing shortcode's last ':' for a heading's colon; after
  // it too, for one that stood behind an emoji.
  std::string title = folded_title(without_edge_shortcodes(text));
  if (const std::string_view kept = without_edge_shortcodes(title); kept.size() < title.size()) {
    title = std::string(kept);
  }
  while (const auto hint = optional_hint_start(title)) {
    title.resize(*hint);
    drop_trailing_colons_and_spaces(title);
  }
  return title;
}

bool has_optional_hint(std::string_view text) {
  if (optional_hint_start(folded_title(text))) return true;
  return lowercase_ascii(text).find("(optional)") != std::string::npos;
}

bool has_deletion_hint(std::string_view text) {
  const std::string lower = lowercase_ascii(text);
  for (const std::string_view verb : {"may delete", "may remove", "can delete", "can remove",
                                      "free to delete", "free to remove"}) {
    for (std::size_t at = lower.find(verb); at != std::string::npos;
         at = lower.find(verb, at + 1)) {
      // What may go is this section or notice, not a line of it ("you can remove the
      // example"): the rest of the sentence names it.
      const std::size_t rest = at + verb.size();
      const std::string_view sentence =
          std::string_view(lower).substr(rest, lower.find_first_of(".!)\n", rest) - rest);
      for (const std::string_view what : {"section", "notice", "heading"}) {
        if (sentence.find(what) != std::string_view::npos) return true;
      }
    }
  }
  return false;
}

bool has_delete_the_rest_hint(std::string_view text) {
  // Every template section of two or more list items asks this once: no lowercased copy.
  for (const std::string_view verb : {"delete", "remove"}) {
    for (std::size_t at = find_ignoring_case(text, verb); at != std::string_view::npos;
         at = find_ignoring_case(text, verb, at + 1)) {
      const std::size_t rest = at + verb.size();
      const std::string_view sentence = text.substr(rest, text.find_first_of(".!\n", rest) - rest);
      for (const std::string_view which :
           {"rest", "other", "not apply", "n't apply", "not relevant", "irrelevant",
            "as appropriate", "not applicable"}) {
        if (find_ignoring_case(sentence, which) != std::string_view::npos) return true;
      }
    }
  }
  return false;
}

namespace {

// At most one letter added, dropped, changed, or swapped with its neighbour between two words.
bool within_one_edit(std::string_view a, std::string_view b) {
  // "10000" and "10001" are two numbers, not one spelt two ways.
  const auto has_digit = [](std::string_view word) {
    return std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (has_digit(a) || has_digit(b)) return false;
  if (a.size() < b.size()) std::swap(a, b);
  if (a.size() - b.size() > 1) return false;
  std::size_t at = 0;
  while (at < b.size() && a[at] == b[at]) ++at;
  if (at == b.size()) return true;  // equal, or one letter added at the end
  if (a.size() != b.size()) return a.substr(at + 1) == b.substr(at);
  if (a.substr(at + 1) == b.substr(at + 1)) return true;
  return at + 1 < a.size() && a[at] == b[at + 1] && a[at + 1] == b[at] &&
         a.substr(at + 2) == b.substr(at + 2);
}

}  // namespace

bool is_spelling_variant(std::string_view key, std::string_view other) {
  // A short word spelt otherwise is another word ("os" / "is"); a long one is a variant.
  constexpr std::size_t kShortestVariant = 5;
  if (key.empty() || other.empty()) return false;
  while (!key.empty() && !other.empty()) {
    const std::string_view word = key.substr(0, key.find(' '));
    const std::string_view other_word = other.substr(0, other.find(' '));
    const bool same = word == other_word;
    if (!same && (std::min(word.size(), other_word.size()) < kShortestVariant ||
                  !within_one_edit(word, other_word))) {
      return false;
    }
    key.remove_prefix(std::min(key.size(), word.size() + 1));
    other.remove_prefix(std::min(other.size(), other_word.size() + 1));
  }
  return key.empty() && other.empty();
}

std::string_view without_enumeration(std::string_view title) {
  std::size_t at = 0;
  while (at < title.size() && title[at] == ' ') ++at;
  const std::size_t digits = at;
  // "1.", "2)", "1.2.", "3 -", "4:": numbers joined by dots, then the mark that ends them.
  while (at < title.size() && (std::isdigit(static_cast<unsigned char>(title[at])) != 0 ||
                               (at > digits && title[at] == '.'))) {
    ++at;
  }
  if (at == digits) return title;
  const bool dotted = title[at - 1] == '.';
  while (at < title.size() && title[at] == ' ') ++at;
  if (!dotted) {
    if (at >= title.size() || (title[at] != ')' && title[at] != ':' && title[at] != '-')) {
      return title;
    }
    ++at;
  }
  const std::size_t words = at;
  while (at < title.size() && title[at] == ' ') ++at;
  if (at == words && !dotted) return title;  // "2-step", "3:30"
  const std::string_view rest = title.substr(at);
  return has_key_text(rest) ? rest : title;
}

std::string section_key(std::string_view title) {
  return normalize_key(without_enumeration(display_title(title)));
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  return std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
}

std::size_t find_ignoring_case(std::string_view text, std::string_view needle, std::size_t from) {
  for (std::size_t at = from; at + needle.size() <= text.size(); ++at) {
    if (starts_with_ignoring_case(text.substr(at), needle)) return at;
  }
  return std::string_view::npos;
}

}  // namespace issuelint
