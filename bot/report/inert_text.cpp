#include "bot/report/inert_text.h"

#include <algorithm>
#include <cstdint>

namespace issuelint {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";     // U+2026
constexpr std::string_view kZeroWidthJoiner = "\xE2\x80\x8D";

// Length of the valid UTF-8 sequence at text[pos], or 0 when it is invalid (overlong forms,
// surrogates and code points past U+10FFFF included).
std::size_t valid_sequence_length(std::string_view text, std::size_t pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[pos + i]); };
  const unsigned char lead = byte(0);
  std::size_t length = 0;
  std::uint32_t code_point = 0;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code_point = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code_point = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code_point = lead & 0x07;
  } else {
    return 0;
  }
  if (pos + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(i) & 0x3F);
  }
  const bool overlong =
      (length == 3 && code_point < 0x800) || (length == 4 && code_point < 0x10000);
  const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
  if (overlong || surrogate || code_point > 0x10FFFF) return 0;
  return length;
}

// Length of the sequence at pos in text already known to be valid UTF-8.
std::size_t sequence_length(std::string_view utf8, std::size_t pos) {
  const auto lead = static_cast<unsigned char>(utf8[pos]);
  if (lead < 0x80) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return 4;
}

bool is_bidi_control(std::string_view sequence) {
  // U+202A..U+202E and U+2066..U+2069 reorder what follows: they can make text read differently
  // from what it is.
  if (sequence.size() != 3 || sequence[0] != '\xE2') return false;
  const auto second = static_cast<unsigned char>(sequence[1]);
  const auto third = static_cast<unsigned char>(sequence[2]);
  return (second == 0x80 && third >= 0xAA && third <= 0xAE) ||
         (second == 0x81 && third >= 0xA6 && third <= 0xA9);
}

bool is_c1_control(std::string_view sequence) {
  return sequence.size() == 2 && sequence[0] == '\xC2' &&
         static_cast<unsigned char>(sequence[1]) < 0xA0;
}

std::size_t longest_backtick_run(std::string_view text) {
  std::size_t longest = 0;
  std::size_t run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

std::size_t backtick_run_length(std::string_view text, std::size_t pos) {
  std::size_t end = pos;
  while (end < text.size() && text[end] == '`') ++end;
  return end - pos;
}

// Where a backtick run of exactly `length` starts at or after pos, or npos: CommonMark closes a
// code span only with a run of the same length.
std::size_t find_closing_run(std::string_view text, std::size_t pos, std::size_t length) {
  while (pos < text.size()) {
    if (text[pos] != '`') {
      ++pos;
      continue;
    }
    const std::size_t run = backtick_run_length(text, pos);
    if (run == length) return pos;
    pos += run;
  }
  return std::string_view::npos;
}

bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

bool equals_ignoring_case(std::string_view text, std::string_view lowercase) {
  return text.size() == lowercase.size() &&
         std::equal(text.begin(), text.end(), lowercase.begin(), [](char a, char b) {
           return (a >= 'A' && a <= 'Z' ? static_cast<char>(a + 0x20) : a) == b;
         });
}

// The ':' of "scheme://": GitHub autolinks a bare URL (and turns one to an issue or pull
// request into a cross-reference); a joiner between the scheme and ':' voids both.
bool starts_url_separator(std::string_view text, std::size_t pos) {
  return pos > 0 && is_ascii_letter(text[pos - 1]) && text.substr(pos + 1, 2) == "//";
}

// The '.' of a "www." that GitHub would autolink as a URL.
bool ends_www(std::string_view text, std::size_t pos) {
  return pos >= 3 && equals_ignoring_case(text.substr(pos - 3, 3), "www");
}

// The '-' of "GH-123", which GitHub links to issue 123 like "#123".
bool is_gh_reference_dash(std::string_view text, std::size_t pos) {
  const bool digit_follows = pos + 1 < text.size() && is_ascii_digit(text[pos + 1]);
  const bool gh_before = pos >= 2 && equals_ignoring_case(text.substr(pos - 2, 2), "gh");
  const bool word_start = pos < 3 || !is_ascii_alnum(text[pos - 3]);
  return digit_follows && gh_before && word_start;
}

void append_escaped_char(std::string& out, std::string_view text, std::size_t pos) {
  const char c = text[pos];
  const char next = pos + 1 < text.size() ? text[pos + 1] : '\0';
  switch (c) {
    case ':':
      if (starts_url_separator(text, pos)) out += kZeroWidthJoiner;
      out += c;
      return;
    case '.':
      if (ends_www(text, pos)) out += kZeroWidthJoiner;
      out += c;
      return;
    case '-':
      out += c;
      if (is_gh_reference_dash(text, pos)) out += kZeroWidthJoiner;
      return;
    case '<':
      out += "&lt;";
      return;
    case '>':
      out += "&gt;";
      return;
    case '&':
      out += "&amp;";
      return;
    case '@':
      // GitHub links @user and @org/team in text nodes (backslashes and entities are decoded
      // first), so only a character between '@' and the name stops the ping.
      out += '@';
      if (is_ascii_alnum(next)) out += kZeroWidthJoiner;
      return;
    case '#':
      // "#123" would put a back-reference into issue 123's timeline.
      if (next >= '0' && next <= '9') {
        out += '#';
        out += kZeroWidthJoiner;
      } else {
        out += "\\#";
      }
      return;
    case '\\':
    case '`':
    case '*':
    case '_':
    case '[':
    case ']':
    case '!':
    case '~':
    case '|':
    case '$':  // GitHub renders $…$ as math
      out += '\\';
      out += c;
      return;
    default:
      out += c;
  }
}

// What a code span written in the text displays: CommonMark drops one space from each side
// when both are there (and the content is not all spaces).
std::string_view code_span_content(std::string_view raw) {
  const bool all_spaces = raw.find_first_not_of(' ') == std::string_view::npos;
  if (raw.size() >= 2 && raw.front() == ' ' && raw.back() == ' ' && !all_spaces) {
    return raw.substr(1, raw.size() - 2);
  }
  return raw;
}

}  // namespace

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t length = valid_sequence_length(text, pos);
    if (length == 0) {
      out += kReplacement;
      ++pos;
      continue;
    }
    out.append(text.substr(pos, length));
    pos += length;
  }
  return out;
}

std::size_t count_code_points(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string one_line(std::string_view text) {
  const std::string valid = valid_utf8(text);
  std::string out;
  out.reserve(valid.size());
  bool in_break = false;
  for (std::size_t pos = 0; pos < valid.size();) {
    const std::size_t length = sequence_length(valid, pos);
    const std::string_view sequence = std::string_view(valid).substr(pos, length);
    pos += length;
    const char c = sequence[0];
    if (c == '\r' || c == '\n' || c == '\t') {
      if (!in_break) out += ' ';
      in_break = true;
      continue;
    }
    in_break = false;
    const bool c0_control = length == 1 && (static_cast<unsigned char>(c) < 0x20 || c == 0x7F);
    if (c0_control || is_c1_control(sequence) || is_bidi_control(sequence)) continue;
    out.append(sequence);
  }
  return out;
}

std::string truncate_code_points(std::string_view utf8, std::size_t max_code_points) {
  if (count_code_points(utf8) <= max_code_points) return std::string(utf8);
  if (max_code_points == 0) return {};
  std::size_t pos = 0;
  for (std::size_t kept = 0; kept + 1 < max_code_points && pos < utf8.size(); ++kept) {
    pos += sequence_length(utf8, pos);
  }
  std::string out(utf8.substr(0, pos));
  out += kEllipsis;
  return out;
}

std::string markdown_code_span(std::string_view text) {
  const std::string content = one_line(text);
  if (content.empty()) return "` `";
  const std::string fence(longest_backtick_run(content) + 1, '`');
  const bool all_spaces = content.find_first_not_of(' ') == std::string::npos;
  // CommonMark strips one space from each side when both are present, and a backtick at either
  // end would merge with the fence: pad so the content survives as written.
  const bool pad = content.front() == '`' || content.back() == '`' ||
                   (content.front() == ' ' && content.back() == ' ' && !all_spaces);
  const std::string padding = pad ? " " : "";
  return fence + padding + content + padding + fence;
}

std::string markdown_code_block(std::string_view text, std::string_view info_string) {
  std::string content = valid_utf8(text);
  std::erase(content, '\r');
  if (!content.empty() && content.back() != '\n') content += '\n';
  const std::string fence(std::max<std::size_t>(3, longest_backtick_run(content) + 1), '`');
  std::string info = one_line(info_string);
  std::erase(info, '`');  // a backtick in the info string of a backtick fence voids the fence
  return fence + info + "\n" + content + fence + "\n";
}

namespace {

enum class CodeSpans { kept, literal };
enum class Links { inert, kept };

bool starts_with_ignoring_case(std::string_view text, std::string_view lowercase) {
  return text.size() >= lowercase.size() &&
         equals_ignoring_case(text.substr(0, lowercase.size()), lowercase);
}

bool is_web_url(std::string_view text) {
  return starts_with_ignoring_case(text, "https://") || starts_with_ignoring_case(text, "http://");
}

// A character GFM's autolinks run on through (they end at whitespace and '<'); a backtick ends
// one here too, so that a code span after a URL is still one.
bool continues_url(char c) { return c != ' ' && c != '<' && c != '>' && c != '`'; }

// The length of the bare URL GitHub would link at pos ("https://…", "http://…" or "www.…" at
// the start of a word), 0 when there is none.
std::size_t bare_url_length(std::string_view text, std::size_t pos) {
  if (pos > 0 && is_ascii_alnum(text[pos - 1])) return 0;
  const std::string_view rest = text.substr(pos);
  std::size_t end = 0;
  if (starts_with_ignoring_case(rest, "https://")) {
    end = 8;
  } else if (starts_with_ignoring_case(rest, "http://")) {
    end = 7;
  } else if (starts_with_ignoring_case(rest, "www.")) {
    end = 4;
  } else {
    return 0;
  }
  const std::size_t start = end;
  while (end < rest.size() && continues_url(rest[end])) ++end;
  return end > start ? end : 0;
}

// The length of the inline link "[label](https://…)" at pos, 0 when there is none: a label with
// no brackets, a web URL with no space or parenthesis (a javascript: link is no link).
std::size_t inline_link_length(std::string_view text, std::size_t pos, std::size_t& label_end) {
  if (text[pos] != '[') return 0;
  label_end = text.find_first_of("[]", pos + 1);
  if (label_end == std::string_view::npos || text[label_end] != ']' || label_end == pos + 1) {
    return 0;
  }
  if (text.substr(label_end + 1, 1) != "(") return 0;
  const std::size_t url = label_end + 2;
  const std::size_t close = text.find_first_of(" ()<>`", url);
  if (close == std::string_view::npos || text[close] != ')') return 0;
  if (!is_web_url(text.substr(url, close - url))) return 0;
  return close + 1 - pos;
}

std::string inert_markdown(std::string_view text, std::size_t max_code_points, CodeSpans code_spans,
                           Links links = Links::inert);

// At pos in the maintainer's own words: a link or a bare URL, copied as written so that GitHub
// links it; false when there is none.
bool append_link(std::string& out, std::string_view text, std::size_t& pos) {
  std::size_t label_end = 0;
  if (const std::size_t length = inline_link_length(text, pos, label_end)) {
    // The label is text like any other: no mention, no issue reference in it.
    out += '[' +
           inert_markdown(text.substr(pos + 1, label_end - pos - 1), text.size(), CodeSpans::kept);
    out += text.substr(label_end, pos + length - label_end);
    pos += length;
    return true;
  }
  if (const std::size_t length = bare_url_length(text, pos)) {
    out += text.substr(pos, length);
    pos += length;
    return true;
  }
  return false;
}

std::string inert_markdown(std::string_view text, std::size_t max_code_points, CodeSpans code_spans,
                           Links links) {
  const std::string source = truncate_code_points(one_line(text), max_code_points);
  const std::string_view view = source;
  std::string out;
  out.reserve(source.size() + source.size() / 4);
  std::size_t pos = 0;
  while (pos < view.size()) {
    if (links == Links::kept && append_link(out, view, pos)) continue;
    if (view[pos] != '`' || code_spans == CodeSpans::literal) {
      append_escaped_char(out, view, pos);
      ++pos;
      continue;
    }
    const std::size_t run = backtick_run_length(view, pos);
    const std::size_t closing = find_closing_run(view, pos + run, run);
    if (closing == std::string_view::npos) {
      for (std::size_t i = 0; i < run; ++i) out += "\\`";
      pos += run;
      continue;
    }
    out += markdown_code_span(code_span_content(view.substr(pos + run, closing - pos - run)));
    pos = closing + run;
  }
  return out;
}

}  // namespace

std::string markdown_inline(std::string_view text, std::size_t max_code_points) {
  return inert_markdown(text, max_code_points, CodeSpans::kept);
}

std::string markdown_literal(std::string_view text, std::size_t max_code_points) {
  return inert_markdown(text, max_code_points, CodeSpans::literal);
}

std::string markdown_with_links(std::string_view text, std::size_t max_code_points) {
  return inert_markdown(text, max_code_points, CodeSpans::kept, Links::kept);
}

std::string html_comment_text(std::string_view text) {
  const std::string line = one_line(text);
  std::string out;
  out.reserve(line.size());
  for (std::size_t pos = 0; pos < line.size(); ++pos) {
    const bool doubled = line[pos] == '-' && pos > 0 && line[pos - 1] == '-';
    if (doubled) {
      out += "&#45;";
    } else {
      out += line[pos];
    }
  }
  return out;
}

std::string shell_quote(std::string_view word) {
  const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return is_ascii_alnum(c) || std::string_view("_./=:@%+,-").find(c) != std::string_view::npos;
  });
  if (plain) return std::string(word);
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

}  // namespace issuelint
