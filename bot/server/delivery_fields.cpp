#include "bot/server/delivery_fields.h"

#include <array>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <vector>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace issuelint {

namespace {

using nlohmann::json;

// The payload keys routing reads, as a tree: each names its parent. Everything else is
// validated and skipped without being copied.
enum FieldId : std::uint8_t {
  kRoot,
  kAction,
  kIssue,
  kIssueNumber,
  kIssuePullRequest,
  kRepository,
  kRepositoryName,
  kRepositoryOwner,
  kRepositoryOwnerLogin,
  kInstallation,
  kInstallationId,
  kSender,
  kSenderType,
  kSenderLogin,
  kChanges,
  kChangesTitle,
  kChangesBody,
  kComment,
  kCommentAuthorAssociation,
  kCommentBody,
  kCommentUser,
  kCommentUserLogin,
  kFieldCount,
  kUntracked = kFieldCount,
};

// What a field's value must be to count; `presence` fields count with any value.
enum class Wanted : std::uint8_t { object, string, integer, presence };

struct FieldSpec {
  std::string_view key;
  FieldId parent;
  Wanted wanted;
};

constexpr std::array<FieldSpec, kFieldCount> kFields = {{
    {"", kRoot, Wanted::object},
    {"action", kRoot, Wanted::string},
    {"issue", kRoot, Wanted::object},
    {"number", kIssue, Wanted::integer},
    {"pull_request", kIssue, Wanted::presence},
    {"repository", kRoot, Wanted::object},
    {"name", kRepository, Wanted::string},
    {"owner", kRepository, Wanted::object},
    {"login", kRepositoryOwner, Wanted::string},
    {"installation", kRoot, Wanted::object},
    {"id", kInstallation, Wanted::integer},
    {"sender", kRoot, Wanted::object},
    {"type", kSender, Wanted::string},
    {"login", kSender, Wanted::string},
    {"changes", kRoot, Wanted::object},
    {"title", kChanges, Wanted::presence},
    {"body", kChanges, Wanted::presence},
    {"comment", kRoot, Wanted::object},
    {"author_association", kComment, Wanted::string},
    {"body", kComment, Wanted::string},
    {"user", kComment, Wanted::object},
    {"login", kCommentUser, Wanted::string},
}};

// The tracked children of each tracked object, so that a key is compared with a few names only.
struct Children {
  std::array<FieldId, 8> ids{};
  std::size_t count = 0;
};

constexpr std::array<Children, kFieldCount> children_of_fields() {
  std::array<Children, kFieldCount> children{};
  for (std::size_t i = 1; i < kFields.size(); ++i) {
    Children& list = children[kFields[i].parent];
    list.ids[list.count++] = static_cast<FieldId>(i);
  }
  return children;
}

constexpr std::array<Children, kFieldCount> kChildren = children_of_fields();

FieldId child_field(FieldId parent, std::string_view key) {
  const Children& children = kChildren[parent];
  for (std::size_t i = 0; i < children.count; ++i) {
    if (kFields[children.ids[i]].key == key) return children.ids[i];
  }
  return kUntracked;
}

bool is_within(FieldId field, FieldId ancestor) {
  while (field != kRoot) {
    if (field == ancestor) return true;
    field = kFields[field].parent;
  }
  return ancestor == kRoot;
}

// What has been read for each field so far.
struct FieldValues {
  std::array<bool, kFieldCount> present{};    // the key was seen
  std::array<bool, kFieldCount> has_value{};  // its value was of the wanted type
  std::array<std::string, kFieldCount> text{};
  std::array<std::int64_t, kFieldCount> integer{};
  bool changes_other = false;  // `changes` had a key that is neither title nor body

  // A repeated key replaces the earlier value and everything read below it (the last one wins,
  // as in the parsed document).
  void forget(FieldId from) {
    for (std::size_t i = 0; i < kFields.size(); ++i) {
      const auto field = static_cast<FieldId>(i);
      if (!is_within(field, from)) continue;
      present[field] = false;
      has_value[field] = false;
      text[field].clear();
      integer[field] = 0;
    }
    if (is_within(kChanges, from)) changes_other = false;
  }
};

// Marks (high bit) the bytes of 8 that end a plain run in a string: '"', '\\', a control
// character, or not ASCII. The lowest mark is always a real one, so on a little-endian machine
// its position is exact (the "haszero" trick: borrows only falsely mark bytes above a real one).
std::uint64_t special_bytes(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHighBits = 0x8080808080808080ull;
  const std::uint64_t quote = word ^ (kOnes * '"');
  const std::uint64_t backslash = word ^ (kOnes * '\\');
  return (((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) |
          ((word - kOnes * 0x20) & ~word) | word) &
         kHighBits;
}

bool is_plain_string_byte(unsigned char c) {
  return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

const char* skip_plain_string_bytes(const char* p, const char* end) {
#ifdef __SSE2__
  // 16 bytes at a time; signed, bytes >= 0x80 are negative, so one compare finds them and the
  // control characters.
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  while (end - p >= 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i special =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)),
                     _mm_cmplt_epi8(bytes, space));
    const int mask = _mm_movemask_epi8(special);
    if (mask != 0) return p + std::countr_zero(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  while (end - p >= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);
    const std::uint64_t special = special_bytes(word);
    if (special == 0) {
      p += 8;
      continue;
    }
    if constexpr (std::endian::native == std::endian::little) {
      return p + std::countr_zero(special) / 8;
    }
    break;
  }
  while (p != end && is_plain_string_byte(static_cast<unsigned char>(*p))) ++p;
  return p;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

struct Frame {
  bool is_object;
  FieldId field;  // the tracked object this frame is, or kUntracked
};

// One pass over the body, without recursion (nesting depth is only bounded by the body size).
class PayloadScanner {
 public:
  explicit PayloadScanner(std::string_view body)
      : begin_(body.data()), p_(body.data()), end_(body.data() + body.size()) {}

  Result<DeliveryFields> scan() {
    if (!scan_document()) {
      return make_error(error_, "byte " + std::to_string(error_at_ - begin_));
    }
    return fields();
  }

 private:
  bool fail(const char* what) {
    error_ = what;
    error_at_ = p_;
    return false;
  }

  void skip_whitespace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool scan_document() {
    static constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
    if (std::string_view(p_, end_ - p_).substr(0, 3) == kByteOrderMark) p_ += 3;
    FieldId target = kRoot;
    for (;;) {
      switch (scan_value(target)) {
        case Next::failed:
          return false;
        case Next::value:
          continue;
        case Next::after_value:
          break;
      }
      if (!scan_after_value(target)) return false;
      if (stack_.empty()) return true;
    }
  }

  // What scan_value leaves to read next: another value (the first element of a container it
  // opened), or what follows a complete value.
  enum class Next { failed, value, after_value };

  static Next next_after(bool ok) { return ok ? Next::after_value : Next::failed; }

  Next scan_value(FieldId& target) {
    skip_whitespace();
    if (p_ == end_) return next_after(fail("unexpected end of input; expected a value"));
    switch (*p_) {
      case '{':
        return open_object(target);
      case '[':
        return open_array(target);
      case '"':
        return next_after(scan_string_value(target));
      case 't':
        return next_after(scan_literal("true"));
      case 'f':
        return next_after(scan_literal("false"));
      case 'n':
        return next_after(scan_literal("null"));
      default:
        if (*p_ == '-' || is_digit(*p_)) return next_after(scan_number(target));
        return next_after(fail("invalid literal; expected a value"));
    }
  }

  Next open_array(FieldId& target) {
    ++p_;
    target = kUntracked;
    skip_whitespace();
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      return Next::after_value;
    }
    stack_.push_back({false, kUntracked});
    return Next::value;
  }

  // Opens an object and reads its first key, if any.
  Next open_object(FieldId& target) {
    ++p_;
    const bool tracked = target != kUntracked && kFields[target].wanted == Wanted::object;
    if (tracked) values_.has_value[target] = true;
    skip_whitespace();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      return Next::after_value;
    }
    stack_.push_back({true, tracked ? target : kUntracked});
    return scan_key(target) ? Next::value : Next::failed;
  }

  // Closes what ends after a value, up to the next value to read (set as `target`) or the end.
  bool scan_after_value(FieldId& target) {
    for (;;) {
      skip_whitespace();
      if (stack_.empty()) return p_ == end_ || fail("unexpected content after the JSON value");
      if (p_ == end_) return fail("unexpected end of input inside an object or array");
      const Frame& frame = stack_.back();
      if (*p_ == ',') {
        ++p_;
        target = kUntracked;
        return !frame.is_object || scan_key(target);
      }
      if (*p_ == (frame.is_object ? '}' : ']')) {
        ++p_;
        stack_.pop_back();
        continue;
      }
      return fail(frame.is_object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
  }

  // Reads `"key":` in the innermost object; `target` becomes the field it names, if tracked.
  bool scan_key(FieldId& target) {
    skip_whitespace();
    if (p_ == end_ || *p_ != '"') return fail("expected a string as an object key");
    const FieldId object = stack_.back().field;
    target = kUntracked;
    if (object == kUntracked) {
      if (!scan_string(nullptr)) return false;
    } else {
      const char* start = p_ + 1;
      if (!scan_string(nullptr)) return false;
      std::string_view key(start, p_ - 1 - start);
      std::string decoded;
      if (key.find('\\') != std::string_view::npos) {
        p_ = start - 1;
        if (!scan_string(&decoded)) return false;
        key = decoded;
      }
      target = child_field(object, key);
      if (object == kChanges && target == kUntracked) values_.changes_other = true;
    }
    skip_whitespace();
    if (p_ == end_ || *p_ != ':') return fail("expected ':' after an object key");
    ++p_;
    if (target != kUntracked) {
      values_.forget(target);
      values_.present[target] = true;
    }
    return true;
  }

  bool scan_string_value(FieldId target) {
    if (target == kUntracked || kFields[target].wanted != Wanted::string) {
      return scan_string(nullptr);
    }
    if (!scan_string(&values_.text[target])) return false;
    values_.has_value[target] = true;
    return true;
  }

  // At the opening quote; appends the decoded text to `out` when given.
  bool scan_string(std::string* out) {
    ++p_;
    for (;;) {
      const char* run = p_;
      p_ = skip_plain_string_bytes(p_, end_);
      if (out != nullptr) out->append(run, p_);
      if (p_ == end_) return fail("unterminated string");
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c == '\\') {
        if (!scan_escape(out)) return false;
        continue;
      }
      if (c < 0x20) return fail("control character in a string (it must be escaped)");
      const char* sequence = p_;
      if (!skip_utf8_sequence()) return false;
      if (out != nullptr) out->append(sequence, p_);
    }
  }

  // At a byte >= 0x80: one well-formed UTF-8 sequence (no overlong forms, no surrogates).
  bool skip_utf8_sequence() {
    const auto lead = static_cast<unsigned char>(*p_);
    std::ptrdiff_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return fail("ill-formed UTF-8 in a string");
    }
    if (end_ - p_ < length) return fail("ill-formed UTF-8 in a string");
    for (std::ptrdiff_t i = 1; i < length; ++i) {
      const auto next = static_cast<unsigned char>(p_[i]);
      if (next < (i == 1 ? low : 0x80) || next > (i == 1 ? high : 0xBF)) {
        p_ += i;
        return fail("ill-formed UTF-8 in a string");
      }
    }
    p_ += length;
    return true;
  }

  bool scan_escape(std::string* out) {
    ++p_;
    if (p_ == end_) return fail("unterminated string");
    const char c = *p_++;
    char simple = 0;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        simple = c;
        break;
      case 'b':
        simple = '\b';
        break;
      case 'f':
        simple = '\f';
        break;
      case 'n':
        simple = '\n';
        break;
      case 'r':
        simple = '\r';
        break;
      case 't':
        simple = '\t';
        break;
      case 'u':
        return scan_unicode_escape(out);
      default:
        --p_;
        return fail("invalid escape in a string");
    }
    if (out != nullptr) out->push_back(simple);
    return true;
  }

  // After "\u": 4 hex digits; a high surrogate must be followed by "\u" and a low one.
  bool scan_unicode_escape(std::string* out) {
    std::uint32_t code_point = 0;
    if (!scan_hex4(code_point)) return false;
    if (code_point >= 0xDC00 && code_point <= 0xDFFF) {
      return fail("a low surrogate \\uDC00..\\uDFFF without a high one before it");
    }
    if (code_point >= 0xD800 && code_point <= 0xDBFF) {
      std::uint32_t low = 0;
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') {
        return fail("a high surrogate \\uD800..\\uDBFF must be followed by a low one");
      }
      p_ += 2;
      if (!scan_hex4(low)) return false;
      if (low < 0xDC00 || low > 0xDFFF) {
        return fail("a high surrogate \\uD800..\\uDBFF must be followed by a low one");
      }
      code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
    }
    if (out != nullptr) append_utf8(*out, code_point);
    return true;
  }

  bool scan_hex4(std::uint32_t& value) {
    for (int i = 0; i < 4; ++i, ++p_) {
      const int digit = p_ == end_ ? -1 : hex_value(*p_);
      if (digit < 0) return fail("\\u must be followed by 4 hex digits");
      value = value * 16 + static_cast<std::uint32_t>(digit);
    }
    return true;
  }

  bool scan_literal(std::string_view word) {
    if (std::string_view(p_, end_ - p_).substr(0, word.size()) != word) {
      return fail("invalid literal; expected a value");
    }
    p_ += word.size();
    return true;
  }

  bool scan_digits() {
    if (p_ == end_ || !is_digit(*p_)) return fail("invalid number; expected a digit");
    while (p_ != end_ && is_digit(*p_)) ++p_;
    return true;
  }

  // RFC 8259 number. Integers are read as nlohmann reads them: int64 or uint64 when they fit,
  // otherwise a double; a number a double cannot hold is an error there, so here too.
  bool scan_number(FieldId target) {
    const char* start = p_;
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    if (p_ != end_ && *p_ == '0') {
      ++p_;
    } else if (!scan_digits()) {
      return false;
    }
    const char* integer_end = p_;
    bool is_float = false;
    if (p_ != end_ && *p_ == '.') {
      ++p_;
      is_float = true;
      if (!scan_digits()) return false;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      is_float = true;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (!scan_digits()) return false;
    }
    if (!is_float) {
      if (std::optional<std::int64_t> value =
              integer_value(start + negative, integer_end, negative)) {
        if (target != kUntracked && kFields[target].wanted == Wanted::integer) {
          values_.integer[target] = *value;
          values_.has_value[target] = true;
        }
        return true;
      }
    }
    const std::string token(start, p_);
    if (!std::isfinite(std::strtod(token.c_str(), nullptr))) {
      p_ = start;
      return fail("number overflow");
    }
    return true;
  }

  // The integer as json::get<std::int64_t> gives it (a uint64 above INT64_MAX wraps), or nullopt
  // when it fits neither int64 (negative) nor uint64.
  static std::optional<std::int64_t> integer_value(const char* digits, const char* end,
                                                   bool negative) {
    constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t magnitude = 0;
    for (const char* d = digits; d != end; ++d) {
      const auto digit = static_cast<std::uint64_t>(*d - '0');
      if (magnitude > (kMax - digit) / 10) return std::nullopt;
      magnitude = magnitude * 10 + digit;
    }
    if (!negative) return static_cast<std::int64_t>(magnitude);
    if (magnitude > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1) {
      return std::nullopt;
    }
    return static_cast<std::int64_t>(0 - magnitude);
  }

  DeliveryFields fields() {
    DeliveryFields out;
    auto text = [&](FieldId field) { return std::move(values_.text[field]); };
    auto integer = [&](FieldId field) -> std::optional<std::int64_t> {
      if (!values_.has_value[field]) return std::nullopt;
      return values_.integer[field];
    };
    out.is_object = values_.has_value[kRoot];
    if (values_.has_value[kAction]) out.action = text(kAction);
    out.issue_number = integer(kIssueNumber);
    out.issue_has_pull_request = values_.present[kIssuePullRequest];
    out.repository_name = text(kRepositoryName);
    out.repository_owner_login = text(kRepositoryOwnerLogin);
    out.installation_id = integer(kInstallationId);
    out.sender_type = text(kSenderType);
    out.sender_login = text(kSenderLogin);
    out.changes_title = values_.present[kChangesTitle];
    out.changes_body = values_.present[kChangesBody];
    out.changes_other = values_.changes_other;
    out.comment_author_association = text(kCommentAuthorAssociation);
    out.comment_body = text(kCommentBody);
    out.comment_user_login = text(kCommentUserLogin);
    return out;
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  std::vector<Frame> stack_;
  FieldValues values_;
  const char* error_ = "";
  const char* error_at_ = nullptr;
};

const json* find_path(const json& root, std::initializer_list<const char*> keys) {
  const json* node = &root;
  for (const char* key : keys) {
    if (!node->is_object()) return nullptr;
    const auto it = node->find(key);
    if (it == node->end()) return nullptr;
    node = &*it;
  }
  return node;
}

std::string string_at(const json& root, std::initializer_list<const char*> keys) {
  const json* node = find_path(root, keys);
  return node != nullptr && node->is_string() ? node->get<std::string>() : std::string();
}

std::optional<std::int64_t> integer_at(const json& root, std::initializer_list<const char*> keys) {
  const json* node = find_path(root, keys);
  if (node == nullptr || !node->is_number_integer()) return std::nullopt;
  return node->get<std::int64_t>();
}

}  // namespace

Result<DeliveryFields> scan_delivery_fields(std::string_view body) {
  return PayloadScanner(body).scan();
}

DeliveryFields delivery_fields_from_json(const json& payload) {
  DeliveryFields out;
  out.is_object = payload.is_object();
  if (const json* action = find_path(payload, {"action"}); action && action->is_string()) {
    out.action = action->get<std::string>();
  }
  out.issue_number = integer_at(payload, {"issue", "number"});
  out.issue_has_pull_request = find_path(payload, {"issue", "pull_request"}) != nullptr;
  out.repository_name = string_at(payload, {"repository", "name"});
  out.repository_owner_login = string_at(payload, {"repository", "owner", "login"});
  out.installation_id = integer_at(payload, {"installation", "id"});
  out.sender_type = string_at(payload, {"sender", "type"});
  out.sender_login = string_at(payload, {"sender", "login"});
  out.changes_title = find_path(payload, {"changes", "title"}) != nullptr;
  out.changes_body = find_path(payload, {"changes", "body"}) != nullptr;
  if (const json* changes = find_path(payload, {"changes"}); changes && changes->is_object()) {
    for (const auto& item : changes->items()) {
      if (item.key() != "title" && item.key() != "body") out.changes_other = true;
    }
  }
  out.comment_author_association = string_at(payload, {"comment", "author_association"});
  out.comment_body = string_at(payload, {"comment", "body"});
  out.comment_user_login = string_at(payload, {"comment", "user", "login"});
  return out;
}

}  // namespace issuelint
