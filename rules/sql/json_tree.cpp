#include "rules/sql/json_tree.h"

#include <array>
#include <bit>
#include <charconv>
#include <cstring>
#include <limits>
#include <optional>

#include "parser/utf8.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace issuelint::sql {
namespace {

// libpg_query writes no white space at all: one compare rejects every other byte.
bool is_space(char c) {
  return static_cast<unsigned char>(c) <= ' ' && (c == ' ' || c == '\t' || c == '\n' || c == '\r');
}

static_assert(std::endian::native == std::endian::little, "the byte scan below reads words");

// A mask with the high bit set in the lowest byte of `word` that equals `byte` (higher bits may
// be set spuriously above it, never below): eight bytes per step instead of one.
std::uint64_t lowest_byte_equal(std::uint64_t word, unsigned char byte) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  const std::uint64_t x = word ^ (kOnes * byte);
  return (x - kOnes) & ~x & kHighs;
}

// The first '"' or '\\' at or after `at`, or text.size(). Sixteen bytes a step where SSE2 is
// there (keys and values are mostly shorter: one step), else eight by word arithmetic.
std::size_t quote_or_backslash(std::string_view text, std::size_t at) {
#ifdef __SSE2__
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  while (at + 16 <= text.size()) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
    const auto found = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(block, quote), _mm_cmpeq_epi8(block, backslash))));
    if (found != 0) return at + static_cast<std::size_t>(std::countr_zero(found));
    at += 16;
  }
#endif
  while (at + 8 <= text.size()) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + at, 8);
    const std::uint64_t found = lowest_byte_equal(word, '"') | lowest_byte_equal(word, '\\');
    if (found != 0) return at + static_cast<std::size_t>(std::countr_zero(found)) / 8;
    at += 8;
  }
  while (at < text.size() && text[at] != '"' && text[at] != '\\') ++at;
  return at;
}

// The end of a string whose opening quote is at `at` - 1: the index of its closing quote, or
// npos. Sets `escaped` when it holds a backslash.
std::size_t string_end(std::string_view text, std::size_t at, bool& escaped) {
  while (true) {
    at = quote_or_backslash(text, at);
    if (at >= text.size()) return std::string_view::npos;
    if (text[at] == '"') return at;
    escaped = true;
    at += 2;  // the backslash and the character it escapes
  }
}

// The bytes that end a scalar (true, false, null, a number): the punctuation after it, white
// space, and the NUL after the text. One table look-up per byte instead of five compares.
constexpr std::array<bool, 256> kEndsScalar = [] {
  std::array<bool, 256> table{};
  for (const unsigned char c : {',', '}', ']', ' ', '\t', '\n', '\r', '\0'}) table[c] = true;
  return table;
}();

// `at` is the scalar's first byte; the text is followed by a NUL, which ends every scalar.
std::size_t scalar_end(const char* bytes, std::size_t at) {
  while (!kEndsScalar[static_cast<unsigned char>(bytes[at])]) ++at;
  return at;
}

bool hex4(std::string_view text, std::size_t at, std::uint32_t& value) {
  if (at + 4 > text.size()) return false;
  const auto result = std::from_chars(text.data() + at, text.data() + at + 4, value, 16);
  return result.ec == std::errc() && result.ptr == text.data() + at + 4;
}

std::string unescape(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t at = 0; at < raw.size(); ++at) {
    if (raw[at] != '\\' || at + 1 >= raw.size()) {
      out += raw[at];
      continue;
    }
    const char code = raw[++at];
    switch (code) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        std::uint32_t point = 0;
        if (!hex4(raw, at + 1, point)) break;
        at += 4;
        std::uint32_t low = 0;
        if (point >= 0xD800 && point < 0xDC00 && at + 2 < raw.size() && raw[at + 1] == '\\' &&
            raw[at + 2] == 'u' && hex4(raw, at + 3, low) && low >= 0xDC00 && low < 0xE000) {
          point = 0x10000 + ((point - 0xD800) << 10) + (low - 0xDC00);
          at += 6;
        }
        utf8::append(out, static_cast<char32_t>(point));
        break;
      }
      default:
        out += code;
        break;  // \" \\ \/
    }
  }
  return out;
}

// The value of 1 to 18 decimal digits, where no sign, fraction, exponent or overflow can be:
// what from_chars gives, without its call (a location, 1-4 digits, is read ~12 times a
// flagship check). Nothing for any other text.
std::optional<long long> short_digits_value(std::string_view raw) {
  if (raw.empty() || raw.size() > 18) return std::nullopt;
  long long value = 0;
  for (const char c : raw) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

std::shared_ptr<const JsonTree> JsonTree::parse(std::string text) {
  auto tree = std::make_shared<JsonTree>();
  tree->owned_text_ = std::move(text);
  tree->text_ = tree->owned_text_;
  tree->read();
  return tree;
}

JsonTree::JsonTree(std::string_view json_before_nul) : text_(json_before_nul) { read(); }

void JsonTree::read() {
  if (text_.size() >= std::numeric_limits<std::uint32_t>::max() || !build()) nodes_.clear();
}

// One pass with an explicit stack of open containers, so deep trees cannot overflow the stack.
// Reads text_[size] (the NUL after it) instead of testing the bound before each byte: NUL is
// no JSON punctuation, so the end fails every expectation as the bound test did.
// libpg_query writes no white space, so each expected byte is compared first and white space
// skipped only where the comparison fails; node indices are counted, not taken from
// nodes_.size() (a division by the node's size); the innermost container's kind is kept on the
// stack (the flagship draft's two trees, 128 nodes: 10,525 -> 9,044 instructions a tree).
bool JsonTree::build() {
  const std::string_view text = text_;
  const char* const bytes = text_.data();
  nodes_.reserve(text.size() / 8 + 8);  // libpg_query writes ~9-10 bytes per node
  struct OpenContainer {
    std::int32_t index;
    bool object;  // members have keys
  };
  std::vector<OpenContainer> open;
  open.reserve(64);
  bool in_object = false;  // the innermost open container is an object
  std::int32_t next_index = 0;
  std::size_t at = 0;
  // The byte at `at` after any white space.
  auto significant = [&] {
    while (is_space(bytes[at])) ++at;
    return bytes[at];
  };
  while (true) {
    const std::int32_t index = next_index++;
    Node& node = nodes_.emplace_back();
    if (in_object) {
      if (bytes[at] != '"' && significant() != '"') return false;
      bool escaped = false;
      const std::size_t close = string_end(text, at + 1, escaped);
      if (close == std::string_view::npos) return false;
      node.key_begin = static_cast<std::uint32_t>(at + 1);
      node.key_length = static_cast<std::uint32_t>(close - at - 1);
      at = close + 1;
      if (bytes[at] != ':' && significant() != ':') return false;
      ++at;
    }
    char c = bytes[at];
    // White space tested only after the three bytes most values start with (and after the
    // comma and closer below): ~690 instructions a flagship check.
    if (c != '{' && c != '"' && c != '[' && is_space(c)) c = significant();
    if (c == '{' || c == '[') {
      const bool object = c == '{';
      const char closer = object ? '}' : ']';
      node.type = object ? Type::object : Type::array;
      ++at;
      if (bytes[at] != closer && significant() != closer) {
        open.push_back(OpenContainer{index, object});
        in_object = object;
        continue;  // the first member or element
      }
      ++at;
      node.end = index + 1;
    } else if (c == '"') {
      node.type = Type::string;
      const std::size_t close = string_end(text, at + 1, node.escaped);
      if (close == std::string_view::npos) return false;
      node.value_begin = static_cast<std::uint32_t>(at + 1);
      node.value_length = static_cast<std::uint32_t>(close - at - 1);
      node.end = index + 1;
      at = close + 1;
    } else {
      const std::size_t end = scalar_end(bytes, at);
      const std::string_view word = text.substr(at, end - at);
      if (c == 't' || c == 'f') {
        if (word != "true" && word != "false") return false;
        node.type = Type::boolean;
      } else if (c == 'n') {
        if (word != "null") return false;
        node.type = Type::null;
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        node.type = Type::number;
      } else {
        return false;
      }
      node.value_begin = static_cast<std::uint32_t>(at);
      node.value_length = static_cast<std::uint32_t>(end - at);
      node.end = index + 1;
      at = end;
    }
    // After a value: a comma, or the close of one or more containers.
    while (true) {
      if (open.empty()) {
        significant();
        return at == text.size();
      }
      char after = bytes[at];
      if (after == ',') {
        ++at;
        break;
      }
      const char closer = in_object ? '}' : ']';
      if (after != closer) {
        if (!is_space(after)) return false;
        after = significant();
        if (after == ',') {
          ++at;
          break;
        }
        if (after != closer) return false;
      }
      ++at;
      nodes_[static_cast<std::size_t>(open.back().index)].end = next_index;
      open.pop_back();
      in_object = !open.empty() && open.back().object;
    }
  }
}

bool JsonNode::is_integer() const {
  if (!has_type(Type::number)) return false;
  for (const char c : raw_value()) {
    if (c == '.' || c == 'e' || c == 'E') return false;
  }
  return true;
}

bool JsonNode::boolean() const { return is_boolean() && raw_value() == "true"; }

std::optional<long long> JsonNode::number_if_integer() const {
  if (!has_type(Type::number)) return std::nullopt;
  // Digits only: an integer whatever is_integer() would say, and the value is their sum.
  if (const std::optional<long long> value = short_digits_value(raw_value()); value) return value;
  if (!is_integer()) return std::nullopt;
  const std::string_view raw = raw_value();
  long long value = 0;
  std::from_chars(raw.data(), raw.data() + raw.size(), value);
  return value;
}

std::string JsonNode::string() const {
  if (!is_string()) return {};
  const std::string_view raw = raw_value();
  return tree_->nodes_[index_].escaped ? unescape(raw) : std::string(raw);
}

std::string_view JsonNode::unescaped_into(std::string& unescaped) const {
  unescaped = unescape(raw_value());
  return unescaped;
}

bool JsonNode::string_is(std::string_view text) const {
  if (!is_string()) return false;
  return tree_->nodes_[index_].escaped ? unescape(raw_value()) == text : raw_value() == text;
}

std::size_t JsonNode::size() const {
  std::size_t count = 0;
  for (auto it = begin(); it != end(); ++it) ++count;
  return count;
}

JsonNode JsonNode::operator[](std::size_t index) const {
  if (!is_array()) return {};
  std::size_t at = 0;
  for (JsonNode element : *this) {
    if (at++ == index) return element;
  }
  return {};
}

JsonNode JsonNode::first() const { return begin() == end() ? JsonNode() : *begin(); }

JsonNode JsonNode::back() const {
  JsonNode last;
  for (JsonNode child : *this) last = child;
  return last;
}

std::vector<JsonNode> JsonNode::members_named(std::string_view name) const {
  std::vector<JsonNode> found;
  if (!is_object() && !is_array()) return found;
  const std::string_view text = tree_->text_;
  const std::int32_t end = tree_->nodes_[static_cast<std::size_t>(index_)].end;
  for (std::int32_t at = index_ + 1; at < end; ++at) {
    const JsonTree::Node& node = tree_->nodes_[static_cast<std::size_t>(at)];
    if (node.key_length != name.size()) continue;
    // The first byte before memcmp: "location", as long as "ParamRef", is in every other node.
    if (name.empty() ||
        (text[node.key_begin] == name[0] && text.substr(node.key_begin, node.key_length) == name)) {
      found.push_back(JsonNode(tree_, at));
    }
  }
  return found;
}

}  // namespace issuelint::sql
