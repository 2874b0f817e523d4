#include "parser/checkbox_text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <utility>

#include "parser/byte_blocks.h"
#include "parser/normalize.h"

namespace issuelint {
namespace {

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || static_cast<unsigned char>(c) >= 0x80;
}

bool may_precede_box(char c) {
  return c == ' ' || c == '\t' || c == '/' || c == ',' || c == '|' || c == '(' || c == ':' ||
         c == ';';
}

// The size of a ticked box written otherwise than "[x]" at the start of `text` ("[ x]", "[x ]",
// "[ x ]", "[✓]", "[ ✔️ ]"...): a tick with at most two spaces around it, and a space at
// least around an 'x'. 0 for anything else.
std::uint8_t tick_written_otherwise(std::string_view text) {
  constexpr std::size_t kMostSpaces = 2;
  constexpr std::string_view kTicks[] = {
      "x", "X", "\u2713", "\u2714\uFE0F", "\u2714", "\u2611\uFE0F", "\u2611", "\u2705"};
  std::size_t at = 1;
  while (at < text.size() && text[at] == ' ' && at <= kMostSpaces) ++at;
  const std::size_t before = at - 1;
  for (const std::string_view tick : kTicks) {
    if (text.substr(at, tick.size()) != tick) continue;
    std::size_t end = at + tick.size();
    while (end < text.size() && text[end] == ' ' && end - at - tick.size() < kMostSpaces) ++end;
    const std::size_t spaces = before + (end - at - tick.size());
    if (end >= text.size() || text[end] != ']' || spaces > kMostSpaces) return 0;
    if (tick.size() == 1 && spaces == 0) return 0;  // "[x]": not written otherwise
    return static_cast<std::uint8_t>(end + 1);
  }
  return 0;
}

// find_inline_boxes for a '[' at `at` that opens no "[ ]", "[x]" or "[X]": a ticked box when it
// is a tick written otherwise standing as a word, not first on its line (there, "- [✔] Medium"
// was meant as a task box, which GitHub shows as text, and the checklist rules say so). Where
// the search goes on: the box's last byte, else `at`.
[[gnu::noinline]] std::size_t add_tick_written_otherwise(const InlineText& text,
                                                         InlineText::Range line, std::size_t at,
                                                         std::vector<InlineBox>& boxes) {
  if (at == line.first || !may_precede_box(text.plain[at - 1])) return at;
  const std::string_view rest = std::string_view(text.plain).substr(at, line.second - at);
  const std::size_t size = tick_written_otherwise(rest);
  if (size == 0 || (size < rest.size() && rest[size] != ' ' && rest[size] != '\t') ||
      text.in_code_span(at)) {
    return at;
  }
  boxes.push_back({at, true, static_cast<std::uint8_t>(size)});
  return at + size - 1;
}

bool starts_with_other(std::string_view label) {
  if (label.size() < 5) return false;
  constexpr std::string_view kOther = "other";
  for (std::size_t i = 0; i < kOther.size(); ++i) {
    if ((label[i] | 0x20) != kOther[i]) return false;  // ASCII letters only: '|0x20' lowers
  }
  return label.size() == 5 || label[5] == ':' || label[5] == ' ';
}

// Where the first separator mark at or after `from` is, or text.size(): a byte that can carry
// a separator's mark (':' of ": ", '-' of " - ", 0xE2, the first byte of '–' and '—'). Sixteen
// bytes at a time: labels hold many spaces and few marks, and a test per byte cost more than the
// rest of the name (eight at a time by word arithmetic, 127 instructions a call; this 51).
std::size_t next_separator_mark(std::string_view text, std::size_t from) {
  const std::size_t at = byte_blocks::find_any(text.substr(from), ':', '-', '\xE2');
  return at == std::string_view::npos ? text.size() : from + at;
}

// Whether a separator at label[at] lies inside parentheses that close after it: "users (adds:
// timezone)" is a name and the author's note on it, not the name "users (adds". Asked with
// growing offsets, each counting only the bytes since the last: a label of many separators
// inside parentheses stays linear.
class ParenthesesAround {
 public:
  explicit ParenthesesAround(std::string_view label) : label_(label) {}

  bool operator()(std::size_t at) {
    for (; counted_ < at; ++counted_) {
      if (label_[counted_] == '(') ++depth_;
      if (label_[counted_] == ')' && depth_ > 0) --depth_;
    }
    if (depth_ == 0) return false;
    if (last_close_ == std::string_view::npos - 1) last_close_ = label_.rfind(')');
    return last_close_ != std::string_view::npos && last_close_ > at;
  }

 private:
  std::string_view label_;
  std::size_t counted_ = 0;
  int depth_ = 0;
  std::size_t last_close_ = std::string_view::npos - 1;  // not looked for yet
};

// Where a name ends in a label: the first " - ", " – ", " — " or ": " outside a parenthesised
// note. Visits only the marks (':', '-', the first byte of a dash): a separator found at a later
// mark never starts before one found at an earlier mark, since a mark is not the space before
// another mark.
std::size_t name_separator(std::string_view label) {
  ParenthesesAround inside_parentheses(label);
  for (std::size_t at = next_separator_mark(label, 0); at + 1 < label.size();
       at = next_separator_mark(label, at + 1)) {
    if (label[at] == ':') {
      if (label[at + 1] == ' ' && !inside_parentheses(at)) return at;
      continue;
    }
    if (at == 0 || label[at - 1] != ' ') continue;
    const std::string_view rest = label.substr(at);
    if ((rest.starts_with("- ") || rest.starts_with("\u2013 ") || rest.starts_with("\u2014 ")) &&
        !inside_parentheses(at)) {
      return at - 1;
    }
  }
  return std::string_view::npos;
}

// Removes stand-alone underscore runs ("__", "___") that mark an unfilled blank.
std::string without_blank_runs(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '_') {
      out += text[i++];
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && text[end] == '_') ++end;
    const bool glued_before = i > 0 && is_word_char(text[i - 1]);
    const bool glued_after = end < text.size() && is_word_char(text[end]);
    if (end - i < 2 || glued_before || glued_after) out.append(text.substr(i, end - i));
    i = end;
  }
  return out;
}

// A plain loop: `characters` holds a handful of bytes, and find_first_not_of would call
// memchr once per byte of the text.
bool is_one_of(char c, std::string_view characters) {
  for (char candidate : characters) {
    if (c == candidate) return true;
  }
  return false;
}

std::string_view stripped_edges(std::string_view text, std::string_view characters) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_one_of(text[begin], characters)) ++begin;
  while (end > begin && is_one_of(text[end - 1], characters)) --end;
  return text.substr(begin, end - begin);
}

std::string strip_edges(std::string_view text, std::string_view characters) {
  return std::string(stripped_edges(text, characters));
}

std::string_view name_from_text(std::string_view label, std::string& storage) {
  if (starts_with_other(label)) return label.substr(0, 5);
  const std::string_view head = label.substr(0, name_separator(label));
  std::string_view name = head;
  if (head.find('_') != std::string_view::npos) {
    storage = without_blank_runs(head);
    name = storage;
  }
  name = stripped_edges(name, " \t*:");
  return name.empty() ? label : name;
}

// Counts the underscores of an (escaped) underscore run starting at `i`; sets `end` after it.
int underscore_run(std::string_view source, std::size_t i, std::size_t to, std::size_t& end) {
  int underscores = 0;
  end = i;
  while (end < to) {
    if (source[end] == '_') {
      ++end;
    } else if (source[end] == '\\' && end + 1 < to && source[end + 1] == '_') {
      end += 2;
    } else {
      break;
    }
    ++underscores;
  }
  return underscores;
}

// "- [x] users :white_check_mark:": the bytes the label's trailing shortcodes take, with the
// spaces before them; 0 when it ends with none, or holds nothing else.
std::size_t trailing_shortcodes_size(std::string_view label) {
  std::size_t end = label.size();
  while (end > 0 && (label[end - 1] == ' ' || label[end - 1] == '\t')) --end;
  if (end == 0 || label[end - 1] != ':') return 0;  // the usual label: one test
  std::size_t skipped = 0;
  for (std::size_t size = trailing_shortcode_size(label.substr(0, end)); size > 0 && size < end;
       size = trailing_shortcode_size(label.substr(0, end))) {
    end -= size;
    skipped = label.size() - end;
  }
  return skipped;
}

// ":memo: **Schema Update**" is how GitHub users write "📝 **Schema Update**": the bytes the
// label's leading shortcodes take, with the spaces around them; 0 when it starts with none, or
// holds nothing else.
std::size_t leading_shortcodes_size(std::string_view label) {
  std::size_t at = 0;
  while (at < label.size() && (label[at] == ' ' || label[at] == '\t')) ++at;
  if (at == label.size() || label[at] != ':') return 0;  // the usual label: one test
  std::size_t skipped = 0;
  for (std::size_t size = leading_shortcode_size(label.substr(at));
       size > 0 && at + size < label.size(); size = leading_shortcode_size(label.substr(at))) {
    at += size;
    skipped = at;
  }
  return skipped;
}

}  // namespace

std::string_view trimmed_view_of_spaced(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_one_of(text[begin], kSpace)) ++begin;
  while (end > begin && is_one_of(text[end - 1], kSpace)) --end;
  return text.substr(begin, end - begin);
}

std::string trim(std::string_view text) { return std::string(trimmed_view(text)); }

std::string folded_and_trimmed(std::string_view text) {
  std::string folded = soft_breaks_to_spaces(trimmed_view(text));
  // Folding leaves no space at the start; a '\r' it keeps may stand at either edge.
  const std::string_view kept = trimmed_view(folded);
  if (kept.size() == folded.size()) return folded;
  return std::string(kept);
}

namespace {

// A single space between words already, no tab or line break: nothing to fold. Sixteen bytes at
// a time: a paragraph's text is tested whole (byte by byte, about 7 instructions a byte; eight at
// a time by word arithmetic, 247 instructions a flagship paragraph against 94).
bool folds_to_itself(std::string_view text) {
  return !text.starts_with(' ') &&
         !byte_blocks::holds_any_or_doubled_space<false>(text, '\n', '\t');
}

}  // namespace

std::string soft_breaks_to_spaces(std::string_view text) {
  if (folds_to_itself(text)) return std::string(text);  // the usual one-line text
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const bool space = c == '\n' || c == ' ' || c == '\t';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return out;
}

std::string soft_breaks_to_spaces(std::string&& text) {
  if (folds_to_itself(text)) return std::move(text);
  return soft_breaks_to_spaces(std::string_view(text));
}

std::string_view soft_breaks_to_spaces(std::string_view text, std::string& storage) {
  if (folds_to_itself(text)) return text;
  storage = soft_breaks_to_spaces(text);
  return storage;
}

void find_inline_boxes(const InlineText& text, InlineText::Range line,
                       std::vector<InlineBox>& boxes) {
  constexpr std::size_t kUsualBoxesOnALine = 8;
  boxes.clear();
  // Searched within the line: the rest of a paragraph of a million lines made it quadratic.
  const std::string_view plain(text.plain.data(), std::min(line.second, text.plain.size()));
  for (std::size_t i = line.first; i + 3 <= line.second; ++i) {
    i = plain.find('[', i);  // memchr: most lines hold no box
    if (i == std::string_view::npos || i + 3 > line.second) break;
    const char mark = plain[i + 1];
    if (plain[i + 2] != ']' || (mark != ' ' && mark != 'x' && mark != 'X')) {
      i = add_tick_written_otherwise(text, line, i, boxes);
      continue;
    }
    const bool start_ok = i == line.first || may_precede_box(plain[i - 1]);
    const bool end_ok = i + 3 == line.second || plain[i + 3] == ' ' || plain[i + 3] == '\t';
    if (!start_ok || !end_ok || text.in_code_span(i)) continue;
    // Room for a usual line's boxes at once: grown from empty, five options went through four.
    if (boxes.capacity() < kUsualBoxesOnALine) boxes.reserve(kUsualBoxesOnALine);
    boxes.push_back({i, mark != ' '});
    i += 2;
  }
}

namespace {

// Where the parenthesised group that closes at name[close] opens (nested groups counted), or
// npos when it never opens.
std::size_t opening_parenthesis(std::string_view name, std::size_t close) {
  int depth = 0;
  for (std::size_t at = close + 1; at-- > 0;) {
    if (name[at] == ')') ++depth;
    if (name[at] == '(' && --depth == 0) return at;
  }
  return std::string_view::npos;
}

}  // namespace

std::optional<MisreadBox> misread_box(std::string_view item_text) {
  constexpr std::size_t kLongestMark = 7;  // "✔️": three bytes and a variation selector's three
  if (!item_text.starts_with('[')) return std::nullopt;
  const std::size_t close = item_text.find(']');
  if (close == std::string_view::npos || close > kLongestMark + 1) return std::nullopt;
  MisreadBox box;
  box.mark = item_text.substr(1, close - 1);
  const std::string_view after = item_text.substr(close + 1);
  if (box.mark == " " || box.mark == "x" || box.mark == "X") {
    // GitHub reads the mark: only a missing blank after it leaves the item text.
    if (after.empty() || after.front() == ' ' || after.front() == '\t') return std::nullopt;
    box.glued = true;
  }
  box.label = trimmed_view(after);
  if (box.label.empty()) return std::nullopt;
  return box;
}

std::size_t length_before_note(std::string_view name) {
  // A note stands apart from the name: "(" after white space, ")" at the end ("f(x)" is a name).
  if (name.empty() || name.back() != ')') return name.size();
  const std::size_t open = opening_parenthesis(name, name.size() - 1);
  if (open == std::string_view::npos || open == 0) return name.size();
  if (name[open - 1] != ' ' && name[open - 1] != '\t') return name.size();
  std::size_t before = open;
  while (before > 0 && (name[before - 1] == ' ' || name[before - 1] == '\t')) --before;
  return before == 0 ? name.size() : before;
}

std::size_t length_before_notes(std::string_view name) {
  std::size_t length = name.size();
  for (std::size_t shorter = length_before_note(name); shorter < length;
       shorter = length_before_note(name.substr(0, length))) {
    length = shorter;
  }
  return length;
}

std::string_view checkbox_name(const InlineText& text, InlineText::Range label,
                               std::string& storage) {
  const std::string_view plain(text.plain);
  label.first += leading_shortcodes_size(plain.substr(label.first, label.second - label.first));
  label.second -= trailing_shortcodes_size(plain.substr(label.first, label.second - label.first));
  for (const InlineText::Range& bold : text.strong) {
    if (bold.first < label.first || bold.first >= label.second) continue;
    if (has_key_text(plain.substr(label.first, bold.first - label.first))) break;
    const std::size_t end = std::min(bold.second, label.second);
    const std::string_view name =
        stripped_edges(plain.substr(bold.first, end - bold.first), " \t:");
    if (!name.empty()) return name;
  }
  return name_from_text(trimmed_view(plain.substr(label.first, label.second - label.first)),
                        storage);
}

bool UnderscoreBeforeLineEnd::scan(std::size_t from) const {
  const std::string_view rest = source_.substr(std::min(from, source_.size()));
  const std::size_t stop = byte_blocks::find_any(rest, '\n', '_');
  return stop != std::string_view::npos && rest[stop] == '_';
}

std::optional<BlankMarker> find_blank_marker(std::string_view source, std::size_t from,
                                             std::size_t to) {
  to = std::min(to, source.size());
  const std::string_view searched = source.substr(0, to);
  for (std::size_t i = from; i < to; ++i) {
    // Only an underscore, or a backslash right before one, starts a run: memchr hops to the
    // next, not every byte tested (163 -> 85 instructions a call on the flagship draft).
    const std::size_t underscore = searched.find('_', i);
    if (underscore == std::string_view::npos) break;
    i = underscore > i && source[underscore - 1] == '\\' ? underscore - 1 : underscore;
    std::size_t end = i;
    if (underscore_run(source, i, to, end) < 2) {
      i = end;
      continue;
    }
    std::size_t begin = i;
    while (begin > from && source[begin - 1] == '*') --begin;
    while (end < to && source[end] == '*') ++end;
    const bool glued_before = begin > 0 && is_word_char(source[begin - 1]);
    const bool glued_after = end < source.size() && is_word_char(source[end]);
    if (!glued_before && !glued_after) return BlankMarker{begin, end};
    i = end;
  }
  return std::nullopt;
}

BlankFill split_blank_fill(std::string_view label, std::string_view name) {
  const std::string text = trim(label);
  std::size_t lead_end = text.find(':');
  if (lead_end != std::string::npos) {
    ++lead_end;
  } else if (text.starts_with(name)) {
    lead_end = name.size();
  } else {
    lead_end = 0;
  }
  BlankFill fill;
  fill.lead = strip_edges(std::string_view(text).substr(0, lead_end), " \t*");
  fill.value = strip_edges(without_blank_runs(std::string_view(text).substr(lead_end)), " \t*_:");
  return fill;
}

}  // namespace issuelint
