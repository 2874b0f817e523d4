#include "parser/html_headings.h"

#include "parser/fence_tracker.h"
#include "parser/normalize.h"

namespace issuelint {

namespace {

struct HtmlHeading {
  int level = 0;
  std::size_t indent = 0;
  std::string_view title;  // trimmed, its inline HTML kept ("<a name=x></a>Setup")
};

std::string_view trimmed(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::optional<HtmlHeading> read_html_heading(std::string_view line) {
  HtmlHeading heading;
  while (heading.indent < line.size() && line[heading.indent] == ' ') ++heading.indent;
  if (heading.indent > 3) return std::nullopt;  // indented code
  const std::string_view element = trimmed(line.substr(heading.indent));
  // "<h2>" … "</h2>": nine bytes at least, the tag's name followed by '>' or a blank.
  if (element.size() < 10 || element[0] != '<' || (element[1] != 'h' && element[1] != 'H') ||
      element[2] < '1' || element[2] > '6' ||
      (element[3] != '>' && element[3] != ' ' && element[3] != '\t')) {
    return std::nullopt;
  }
  const std::size_t open_end = element.find('>', 3);
  const std::size_t close = element.size() - 5;
  if (open_end == std::string_view::npos || open_end >= close ||
      !starts_with_ignoring_case(element.substr(close), "</h") ||
      element[close + 3] != element[2] || element.back() != '>') {
    return std::nullopt;
  }
  heading.title = trimmed(element.substr(open_end + 1, close - open_end - 1));
  // Two headings on one line ("<h2>A</h2><h2>B</h2>") are no one heading's title.
  if (heading.title.empty() || find_ignoring_case(heading.title, "</h") != std::string_view::npos) {
    return std::nullopt;
  }
  heading.level = element[2] - '0';
  return heading;
}

// `line`'s text, without its line end.
std::string_view line_content(std::string_view text, const LineIndex& lines, int line) {
  const std::size_t begin = lines.line_start(line);
  std::size_t end = lines.line_start(line + 1);
  while (end > begin && (text[end - 1] == '\n' || text[end - 1] == '\r')) --end;
  return text.substr(begin, end - begin);
}

// Whether an HTML heading may be in the text at all: most bodies hold no "<h" and a digit.
bool may_hold_html_heading(std::string_view text) {
  for (std::size_t at = text.find('<'); at != std::string_view::npos; at = text.find('<', at + 1)) {
    if (at + 2 < text.size() && (text[at + 1] == 'h' || text[at + 1] == 'H') &&
        text[at + 2] >= '1' && text[at + 2] <= '6') {
      return true;
    }
  }
  return false;
}

// Where the lines stand as to HTML: inside a comment that goes on past a line, or inside a
// block of raw HTML (a line opening with a tag, up to the next blank line), where md4c reads a
// line as it is and a heading written over it would show its '#'s.
class HtmlState {
 public:
  bool in_comment() const { return in_comment_; }
  bool in_block() const { return in_block_; }

  void read(std::string_view line) {
    const std::string_view content = trimmed(line);
    if (content.empty()) {
      in_block_ = false;
      return;
    }
    if (!in_comment_ && opens_block(content)) in_block_ = true;
    follow_comments(line);
  }

 private:
  // A tag or "</…" opening the line starts a block; a comment is followed by follow_comments.
  static bool opens_block(std::string_view content) {
    if (content.size() < 2 || content[0] != '<' || content.starts_with("<!--")) return false;
    const char next = content[1];
    return next == '/' || next == '!' || next == '?' || (next >= 'a' && next <= 'z') ||
           (next >= 'A' && next <= 'Z');
  }

  void follow_comments(std::string_view line) {
    std::size_t at = 0;
    while (true) {
      const std::size_t found = line.find(in_comment_ ? "-->" : "<!--", at);
      if (found == std::string_view::npos) return;
      at = found + (in_comment_ ? 3 : 4);
      in_comment_ = !in_comment_;
    }
  }

  bool in_comment_ = false;
  bool in_block_ = false;
};

// `heading`'s line, `size` bytes, as the ATX heading of its level.
std::string atx_line(const HtmlHeading& heading, std::size_t size) {
  std::string line(heading.indent, ' ');
  line.append(static_cast<std::size_t>(heading.level), '#');
  line += ' ';
  line += heading.title;
  line.resize(size, ' ');
  return line;
}

}  // namespace

int html_heading_level(std::string_view line) {
  const std::optional<HtmlHeading> heading = read_html_heading(line);
  return heading ? heading->level : 0;
}

std::optional<std::string> html_headings_as_atx(std::string_view text, const LineIndex& lines) {
  if (!may_hold_html_heading(text)) return std::nullopt;
  std::optional<std::string> rewritten;
  FenceTracker fences;
  HtmlState html;
  for (int line = 1; line <= lines.line_count(); ++line) {
    const std::string_view content = line_content(text, lines, line);
    if (!html.in_comment() && fences.is_code(content)) continue;
    const std::optional<HtmlHeading> heading =
        html.in_comment() || html.in_block() ? std::nullopt : read_html_heading(content);
    if (!heading) {
      html.read(content);
      continue;
    }
    // The heading's own block: a heading on the next line is one of GitHub's too.
    if (!rewritten) rewritten.emplace(text);
    rewritten->replace(lines.line_start(line), content.size(), atx_line(*heading, content.size()));
  }
  return rewritten;
}

}  // namespace issuelint
