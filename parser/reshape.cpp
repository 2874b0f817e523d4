#include "parser/reshape.h"

#include <algorithm>

#include "parser/fence_tracker.h"
#include "parser/html_headings.h"
#include "parser/line_index.h"
#include "parser/normalize.h"

namespace issuelint {

namespace {

// One line of `text`, without its line end ("\n", "\r\n" or a lone "\r").
std::string_view line_content(std::string_view text, const LineIndex& lines, int line) {
  const std::size_t begin = lines.line_start(line);
  std::size_t end = lines.line_start(line + 1);
  while (end > begin && (text[end - 1] == '\n' || text[end - 1] == '\r')) --end;
  return text.substr(begin, end - begin);
}

std::size_t leading_spaces(std::string_view line) {
  std::size_t count = 0;
  while (count < line.size() && line[count] == ' ') ++count;
  return count;
}

std::string_view trim_end(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// A line that opens with one bold span: "**Describe the bug**", "**Desktop (…):**",
// "__Steps__:", or "**What happened**: the answer" (`rest` then holds the answer).
struct BoldLine {
  std::size_t indent = 0;
  std::string_view title;  // the bold text
  std::string_view colon;  // ":" when one follows the title (inside or after the span)
  std::string_view rest;   // what follows on the line, trimmed
};

std::optional<BoldLine> read_bold_line(std::string_view line) {
  BoldLine bold;
  bold.indent = leading_spaces(line);
  if (bold.indent > 3) return std::nullopt;
  const std::string_view text = trim_end(line.substr(bold.indent));
  if (text.size() < 5) return std::nullopt;
  const std::string_view delimiter = text.substr(0, 2);
  if (delimiter != "**" && delimiter != "__") return std::nullopt;
  const std::size_t close = text.find(delimiter, 2);
  if (close == std::string_view::npos || close == 2) return std::nullopt;
  bold.title = text.substr(2, close - 2);
  if (bold.title.front() == ' ' || bold.title.back() == ' ') return std::nullopt;
  std::string_view after = text.substr(close + 2);
  if (bold.title.back() == ':') {
    bold.title.remove_suffix(1);
    bold.colon = ":";
  } else if (after.starts_with(':')) {
    bold.colon = ":";
    after.remove_prefix(1);
  }
  if (bold.title.empty()) return std::nullopt;
  const std::size_t answer = after.find_first_not_of(" \t");
  if (answer != std::string_view::npos) {
    // "**a** and **b**" is emphasis in a sentence; an answer follows a label after a blank.
    if (after.front() != ' ' && after.front() != '\t') return std::nullopt;
    bold.rest = after.substr(answer);
  }
  return bold;
}

// "## Title:" indented as the line was: "**" and "**" became "## ", never longer.
std::string heading_of(const BoldLine& bold) {
  std::string heading(bold.indent, ' ');
  heading += "## ";
  heading += bold.title;
  heading += bold.colon;
  return heading;
}

// "Is your feature request related to a problem? Please describe.": a question, then a request
// to answer it (GitHub's own default feature request opens so). "Read the FAQ? Please do." is
// no request for an answer.
bool asks_for_answer(std::string_view title) {
  const std::size_t question = title.rfind('?');
  if (question == std::string_view::npos) return false;
  std::string_view rest = title.substr(question + 1);
  rest.remove_prefix(std::min(rest.find_first_not_of(' '), rest.size()));
  for (const std::string_view lead : {"please ", "if so, please ", "if yes, please "}) {
    if (!starts_with_ignoring_case(rest, lead)) continue;
    rest.remove_prefix(lead.size());
    for (const std::string_view verb :
         {"describe", "explain", "elaborate", "specify", "provide", "share", "tell", "list"}) {
      if (starts_with_ignoring_case(rest, verb)) return true;
    }
  }
  return false;
}

// A template's part names itself; a sentence ("Please search the issues first.") does not.
bool names_a_part(std::string_view title) {
  return (title.back() != '.' && title.back() != '!') || asks_for_answer(title);
}

bool is_setext_underline(std::string_view line) {
  const std::string_view marks = trim_end(line.substr(leading_spaces(line)));
  if (marks.empty() || leading_spaces(line) > 3) return false;
  return marks.find_first_not_of(marks.front()) == std::string_view::npos &&
         (marks.front() == '=' || marks.front() == '-');
}

// "## Title", "#", "###\tTitle": one to six '#' then a blank or the line's end. "#include" or
// "#1234 fixed" is text (a setext heading's, when a dashed line follows).
bool is_atx_heading(std::string_view line) {
  std::size_t marks = 0;
  while (marks < line.size() && line[marks] == '#') ++marks;
  if (marks == 0 || marks > 6) return false;
  return marks == line.size() || line[marks] == ' ' || line[marks] == '\t';
}

// Escapes the marker of the heading that starts at `line`: the first '#' of an ATX heading, or
// the first character of a setext heading's underline, becomes '\'; an HTML heading's tag
// becomes a paragraph's. False when the line holds none of them (a heading inside a list item or
// a quote is left as it is).
bool escape_heading(std::string& text, const LineIndex& lines, int line) {
  const std::string_view first = line_content(text, lines, line);
  const std::size_t indent = leading_spaces(first);
  if (is_atx_heading(first.substr(indent))) {
    text[lines.line_start(line) + indent] = '\\';
    return true;
  }
  // "<h2>" made "<p >": a block of HTML that shows its text, and no heading.
  if (html_heading_level(first) > 0) {
    text[lines.line_start(line) + indent + 1] = 'p';
    text[lines.line_start(line) + indent + 2] = ' ';
    return true;
  }
  for (int next = line + 1; next <= lines.line_count(); ++next) {
    const std::string_view content = line_content(text, lines, next);
    if (trim_end(content).empty()) return false;  // a setext heading's text has no blank line
    if (is_setext_underline(content)) {
      text[lines.line_start(next) + leading_spaces(content)] = '\\';
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<std::string> bold_lines_as_headings(
    std::string_view text, const std::function<bool(std::string_view)>& is_part) {
  const LineIndex lines(text);
  std::string rewritten(text);
  int headings = 0;
  FenceTracker fences;
  for (int line = 1; line <= lines.line_count(); ++line) {
    const std::string_view content = line_content(text, lines, line);
    if (fences.is_code(content)) continue;
    const std::optional<BoldLine> bold = read_bold_line(content);
    if (!bold) continue;
    if (is_part ? !is_part(bold->title) : (!bold->rest.empty() || !names_a_part(bold->title))) {
      continue;
    }
    const std::size_t start = lines.line_start(line);
    const std::string heading = heading_of(*bold);
    if (bold->rest.empty()) {
      rewritten.replace(start, content.size(),
                        heading + std::string(content.size() - heading.size(), ' '));
      ++headings;
      continue;
    }
    // "**What happened**: the answer", then a blank line: the heading on this line and the
    // answer on the blank one, so that every later line keeps its number.
    if (line == lines.line_count()) continue;
    const std::string_view blank = line_content(text, lines, line + 1);
    if (!trim_end(blank).empty()) continue;
    const std::size_t end_of_line = lines.line_start(line + 1);
    const std::string_view line_end =
        text.substr(start + content.size(), end_of_line - start - content.size());
    std::string two_lines = heading + std::string(line_end) + std::string(bold->rest);
    two_lines.resize(content.size() + line_end.size() + blank.size(), ' ');
    rewritten.replace(start, two_lines.size(), two_lines);
    ++headings;
    ++line;
  }
  // One bold notice is no set of parts: a template needs two at least.
  if (headings == 0 || (!is_part && headings < 2)) return std::nullopt;
  return rewritten;
}

std::optional<std::string> headings_as_text(const IssueDocument& document,
                                            const std::function<bool(const Section&)>& keep) {
  std::optional<std::string> rewritten;
  for (std::size_t index = 1; index < document.sections.size(); ++index) {
    const Section& section = document.sections[index];
    if (keep(section) || section.position.line < 1) continue;
    if (!rewritten) rewritten.emplace(document.text);
    escape_heading(*rewritten, document.lines, section.position.line);
  }
  return rewritten;
}

}  // namespace issuelint
